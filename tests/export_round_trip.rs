//! Exports for people come back in: deals, partners and contacts exported from a workspace,
//! imported into a new one and exported again give the same files, byte for byte.
//!
//! What the new workspace is given by hand before the files go in, because no file carries it:
//! the partner types and team members (by the same names, in the same order) and each
//! partner's factor scores (by partner name), which the partners file shows only as score,
//! rank and tier.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::{Duration, NaiveDate};
use partnerboard_core::domain::capacity::Member;
use partnerboard_core::domain::deals::{AmountSource, DealImport, Outcome, Source};
use partnerboard_core::domain::demo::generate;
use partnerboard_core::domain::program::{IncentiveKind, PartnerTypeDraft};
use partnerboard_core::domain::records::{ContactImport, NewNames, PartnerImport};
use partnerboard_core::export::records::{self, Records};
use partnerboard_core::import::{self, ImportOptions, Kind};
use partnerboard_core::store::{create_demo, create_new, Control, Workspace};
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The deals snapshot's day, in both workspaces.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

const PARTNER_NAMES: &[&str] = &[
    "Acme, Inc.",
    "=HYPERLINK(\"http://x.example\",\"Partner\")",
    "@SUM(A1:A9)",
    "O\"Brien \"Partners\"",
    "Zürich Systèmes",
    "Ünïcode GmbH",
    "Smith & Sons; Ltd",
    "Café \"Le Nord\", SARL",
    "Northwind",
    "Łódź Data",
    "=Formula Co",
];
const TYPE_NAMES: &[&str] = &[
    "Reseller",
    "Systems integrator, EU",
    "Agence \"Éclair\"",
    "Technologie & Co",
];
const MEMBER_NAMES: &[&str] = &[
    "Ana Núñez",
    "Bob O'Neil",
    "Chloé \"CJ\" Martin",
    "Dev, Patel",
];
const REGIONS: &[&str] = &[
    "",
    "EMEA",
    " Amérique du Nord",
    "APAC, South",
    "Nordics ",
    "-2+3",
];
const STATUSES: &[&str] = &["prospect", "active", "nurture", "offboarded"];
const CONTACT_NAMES: &[&str] = &[
    "Jean-Luc Picard",
    "Zoë \"Z\" Adams",
    "  Ingrid, Berg",
    "Ömer",
];
const ROLES: &[&str] = &[
    "",
    "VP Alliances",
    "Head of \"Partnerships\"",
    "CTO, EMEA",
    "\t=1+1",
];
const DEAL_NAMES: &[&str] = &[
    "",
    "Renewal 2026",
    "=cmd|' /C calc'!A0",
    "Expansion, phase 2",
    "\"Big\" deal",
    " Déploiement Europe",
    "Two\nlines",
];
const ACCOUNTS: &[&str] = &[
    "Globex",
    "+1+cmd",
    "Initech, Inc.",
    "Umbrella \"Corp\"",
    "Société Générale",
    " Stark",
];
const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "JPY", "CHF"];
const PRODUCTS: &[&str] = &["", "Platform", "Add-on, analytics", "Überwachung"];
const OWNERS: &[&str] = &["", "Maria", "Ravi, K.", "Élodie"];

#[derive(Debug, Clone)]
struct PartnerSpec {
    lead: &'static str,
    name: &'static str,
    /// The partner's type among the program's, or `None` for a partner with no type yet.
    type_ix: Option<usize>,
    status: &'static str,
    owner: Option<usize>,
    region: &'static str,
    external: bool,
    /// Days before the snapshot the partner signed, if it did.
    signed: Option<i64>,
    /// One score a factor (the first ones are used); `None` leaves the partner unscored.
    scores: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
struct ContactSpec {
    partner: usize,
    name: &'static str,
    role: &'static str,
    email: bool,
    external: bool,
}

#[derive(Debug, Clone)]
struct DealSpec {
    name: &'static str,
    account: &'static str,
    partner: Option<usize>,
    /// 0 direct, 1 partner-sourced, 2 partner-influenced (direct when there is no partner).
    source: u8,
    cents: u64,
    currency: &'static str,
    product: &'static str,
    /// 0 open, 1 won, 2 lost.
    outcome: u8,
    /// A stage index, or `None` for no stage (open deals always have one).
    stage: Option<usize>,
    created: i64,
    expected: Option<i64>,
    closed_after: i64,
    external: bool,
    owner: &'static str,
}

#[derive(Debug, Clone)]
struct Spec {
    types: usize,
    members: usize,
    partners: Vec<PartnerSpec>,
    contacts: Vec<ContactSpec>,
    deals: Vec<DealSpec>,
}

fn partner_spec() -> impl Strategy<Value = PartnerSpec> {
    (
        (
            prop::sample::select(&["", " ", "  "][..]),
            prop::sample::select(PARTNER_NAMES),
            prop::option::weighted(0.8, 0..TYPE_NAMES.len()),
            prop::sample::select(STATUSES),
        ),
        (
            prop::option::of(0..MEMBER_NAMES.len()),
            prop::sample::select(REGIONS),
            any::<bool>(),
            prop::option::of(0i64..2000),
            prop::option::of(prop::collection::vec(1u8..=5, 8)),
        ),
    )
        .prop_map(
            |((lead, name, type_ix, status), (owner, region, external, signed, scores))| {
                PartnerSpec {
                    lead,
                    name,
                    type_ix,
                    status,
                    owner,
                    region,
                    external,
                    signed,
                    scores,
                }
            },
        )
}

fn contact_spec() -> impl Strategy<Value = ContactSpec> {
    (
        0usize..64,
        prop::sample::select(CONTACT_NAMES),
        prop::sample::select(ROLES),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(partner, name, role, email, external)| ContactSpec {
            partner,
            name,
            role,
            email,
            external,
        })
}

fn deal_spec() -> impl Strategy<Value = DealSpec> {
    (
        (
            prop::sample::select(DEAL_NAMES),
            prop::sample::select(ACCOUNTS),
            prop::option::of(0usize..64),
            0u8..3,
            // Up to 5,000,000.00, cents included.
            0u64..=500_000_000,
            prop::sample::select(CURRENCIES),
            prop::sample::select(PRODUCTS),
        ),
        (
            0u8..3,
            prop::option::of(0usize..16),
            0i64..1000,
            prop::option::of(0i64..400),
            0i64..60,
            any::<bool>(),
            prop::sample::select(OWNERS),
        ),
    )
        .prop_map(
            |(
                (name, account, partner, source, cents, currency, product),
                (outcome, stage, created, expected, closed_after, external, owner),
            )| DealSpec {
                name,
                account,
                partner,
                source,
                cents,
                currency,
                product,
                outcome,
                stage,
                created,
                expected,
                closed_after,
                external,
                owner,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        1..=TYPE_NAMES.len(),
        0..=MEMBER_NAMES.len(),
        prop::collection::vec(partner_spec(), 1..7),
        prop::collection::vec(contact_spec(), 0..7),
        prop::collection::vec(deal_spec(), 0..10),
    )
        .prop_map(|(types, members, partners, contacts, deals)| Spec {
            types,
            members,
            partners,
            contacts,
            deals,
        })
}

fn control_run<T>(f: impl FnOnce(&Control<'_>) -> T) -> T {
    let cancel = AtomicBool::new(false);
    f(&Control {
        cancel: &cancel,
        progress: &|_, _| {},
    })
}

/// The partner's name as stored in the first workspace: unique (a number keeps names apart),
/// with the leading spaces it was given.
fn partner_name(p: &PartnerSpec, i: usize) -> String {
    format!("{}{} {i}", p.lead, p.name)
}

/// What no file carries: the types and the team, the same in both workspaces.
fn program(ws: &mut Workspace, spec: &Spec) {
    for name in &TYPE_NAMES[..spec.types] {
        ws.partner_type_create(&PartnerTypeDraft {
            name: (*name).into(),
            motion: String::new(),
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 10.0,
            enablement: Vec::new(),
        })
        .unwrap();
    }
    if spec.members > 0 {
        let members: Vec<Member> = MEMBER_NAMES[..spec.members]
            .iter()
            .map(|n| Member {
                id: None,
                name: (*n).into(),
                role: String::new(),
                hours_per_month: 40.0,
                carries_partners: true,
            })
            .collect();
        ws.save_plan(None, Some(&members)).unwrap();
    }
}

/// Gives each partner its factor scores; `id_of` finds the partner in this workspace.
fn score(ws: &mut Workspace, spec: &Spec, id_of: impl Fn(usize) -> i64) {
    let factors: Vec<i64> = ws
        .factors()
        .unwrap()
        .iter()
        .map(|f| f.id.unwrap())
        .collect();
    for (i, p) in spec.partners.iter().enumerate() {
        if let Some(scores) = &p.scores {
            for (factor, s) in factors.iter().zip(scores) {
                ws.set_factor_score(id_of(i), *factor, Some(*s)).unwrap();
            }
        }
    }
}

/// The first workspace, built through the store: partners, scores, contacts and deals.
fn original(dir: &Path, spec: &Spec) -> Workspace {
    let mut ws = create_new(&dir.join("a.partnerboard"), "Round Trip Inc").unwrap();
    program(&mut ws, spec);
    let types = ws.names("partner_types").unwrap();
    let members = ws.names("team_members").unwrap();
    let type_count = spec.types;
    let partners: Vec<PartnerImport> = spec
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| PartnerImport {
            line: i + 2,
            external_id: p.external.then(|| format!("P-{i}, \"CRM\"")),
            name: partner_name(p, i),
            type_id: p
                .type_ix
                .map(|t| types[&TYPE_NAMES[t % type_count].to_lowercase()]),
            status: p.status.into(),
            owner_id: p
                .owner
                .filter(|_| spec.members > 0)
                .map(|o| members[&MEMBER_NAMES[o % spec.members].to_lowercase()]),
            region: p.region.into(),
            signed_on: p.signed.map(|d| as_of() - Duration::days(d)),
        })
        .collect();
    let none = NewNames::default();
    control_run(|c| ws.import_partners(&partners, &none, as_of(), c)).unwrap();
    let ids = ws.partner_ids_by_name().unwrap();
    let id_of = |i: usize| ids[&partner_name(&spec.partners[i], i).to_lowercase()];
    score(&mut ws, spec, id_of);

    let n = spec.partners.len();
    let contacts: Vec<ContactImport> = spec
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| ContactImport {
            line: i + 2,
            external_id: c.external.then(|| format!("C-{i}")),
            partner_id: id_of(c.partner % n),
            name: format!("{} {i}", c.name),
            role: c.role.into(),
            email: if c.email {
                format!("person.{i}@example.com")
            } else {
                String::new()
            },
        })
        .collect();
    control_run(|c| ws.import_contacts(&contacts, &none, as_of(), c)).unwrap();

    let stages = ws.stage_names().unwrap();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let deals: Vec<DealImport> = spec
        .deals
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let partner_id = d.partner.map(|p| id_of(p % n));
            let source = match (d.source, partner_id) {
                (1, Some(_)) => Source::PartnerSourced,
                (2, Some(_)) => Source::PartnerInfluenced,
                _ => Source::Direct,
            };
            let outcome = [Outcome::Open, Outcome::Won, Outcome::Lost][usize::from(d.outcome)];
            let stage_id = match (outcome, d.stage) {
                (Outcome::Open, None) => Some(stages[0].0),
                (_, s) => s.map(|s| stages[s % stages.len()].0),
            };
            let created_on = start + Duration::days(d.created);
            DealImport {
                line: i + 2,
                external_id: d.external.then(|| format!("D-{i}")),
                account: d.account.into(),
                name: Some(d.name.into()),
                partner_id,
                source,
                amount: d.cents as f64 / 100.0,
                amount_source: AmountSource::Given,
                currency: d.currency.into(),
                product: d.product.into(),
                stage_id,
                created_on,
                expected_close: d.expected.map(|e| created_on + Duration::days(e)),
                outcome,
                closed_on: (outcome != Outcome::Open)
                    .then(|| created_on + Duration::days(d.closed_after)),
                owner: d.owner.into(),
            }
        })
        .collect();
    control_run(|c| ws.import_deals(&deals, &none, as_of(), c)).unwrap();
    ws
}

fn export(ws: &Workspace, what: Records) -> Vec<u8> {
    let mut out = Vec::new();
    records::write(ws, what, partnerboard_core::clock::today(), &mut out).unwrap();
    out
}

/// Imports `bytes` as `kind`; every row must land as a new record.
fn import_all(ws: &mut Workspace, kind: Kind, bytes: &[u8]) {
    let opts = ImportOptions {
        as_of: Some(as_of()),
        ..ImportOptions::default()
    };
    let cancel = AtomicBool::new(false);
    let report = import::run_bytes(ws, kind, bytes, None, &opts, as_of(), &cancel).unwrap();
    assert_eq!(
        (report.rejected, report.updated, report.inserted),
        (0, 0, report.rows),
        "{kind:?}: {:?}\n{}",
        report.rejected_rows,
        String::from_utf8_lossy(bytes)
    );
}

/// What no file carries, copied from `from` to `to`: the partner types and the team, by name
/// and in order.
fn same_program(from: &Workspace, to: &mut Workspace) {
    for t in from.program().unwrap().types {
        to.partner_type_create(&PartnerTypeDraft {
            name: t.name,
            motion: t.motion,
            incentive_kind: t.incentive_kind,
            incentive_value: t.incentive_value,
            enablement: t.enablement,
        })
        .unwrap();
    }
    let team: Vec<Member> = from
        .team()
        .unwrap()
        .into_iter()
        .map(|m| Member { id: None, ..m })
        .collect();
    if !team.is_empty() {
        to.save_plan(None, Some(&team)).unwrap();
    }
}

/// Every factor score of `from`, given to the partner of the same name (as an import reads
/// it) in `to`. Both workspaces have the same factors, in the same order.
fn same_scores(from: &Workspace, to: &mut Workspace) {
    let roster = from.roster(&from.factor_model().unwrap()).unwrap();
    let ids: HashMap<String, i64> = to.partner_ids_by_name().unwrap();
    let factors: Vec<i64> = to
        .factors()
        .unwrap()
        .iter()
        .map(|f| f.id.unwrap())
        .collect();
    for p in roster {
        for (factor, s) in factors.iter().zip(&p.scores) {
            if s.is_some() {
                to.set_factor_score(ids[&p.name.trim().to_lowercase()], *factor, *s)
                    .unwrap();
            }
        }
    }
}

/// The three files of `ws`, then the same three from a new workspace they were imported into.
fn round_trip(dir: &Path, ws: &Workspace) -> ([Vec<u8>; 3], [Vec<u8>; 3]) {
    let first = Records::ALL.map(|what| export(ws, what));
    let mut fresh = create_new(&dir.join("b.partnerboard"), "Round Trip Inc").unwrap();
    same_program(ws, &mut fresh);
    import_all(&mut fresh, Kind::Partners, &first[1]);
    same_scores(ws, &mut fresh);
    import_all(&mut fresh, Kind::Contacts, &first[2]);
    import_all(&mut fresh, Kind::Deals, &first[0]);
    let second = Records::ALL.map(|what| export(&fresh, what));
    (first, second)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn exports_import_into_a_new_workspace_and_export_the_same_bytes(spec in spec()) {
        let dir = tempfile::tempdir().unwrap();
        let ws = original(dir.path(), &spec);
        let (first, second) = round_trip(dir.path(), &ws);
        for (what, (a, b)) in Records::ALL.iter().zip(first.iter().zip(&second)) {
            prop_assert_eq!(
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b),
                "{:?}",
                what
            );
            prop_assert_eq!(a, b);
        }
        // Every record made it into the file.
        let rows = |bytes: &[u8]| csv_rows(bytes).1.len();
        let count = |sql: &str| -> usize {
            ws.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
        };
        prop_assert_eq!(rows(&first[0]), count("SELECT COUNT(*) FROM deals"));
        prop_assert_eq!(rows(&first[1]), spec.partners.len());
        prop_assert_eq!(rows(&first[2]), count("SELECT COUNT(*) FROM contacts"));
    }
}

#[test]
fn a_small_workspace_exports_names_iso_dates_and_plain_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let partner = |lead, name, status, owner, region, external, scores| PartnerSpec {
        lead,
        name,
        type_ix: Some(0),
        status,
        owner,
        region,
        external,
        signed: Some(275),
        scores,
    };
    let spec = Spec {
        types: 1,
        members: 1,
        partners: vec![
            partner(
                " ",
                "Acme, Inc.",
                "active",
                Some(0),
                "EMEA",
                true,
                Some(vec![5; 8]),
            ),
            partner("", "Zürich Systèmes", "offboarded", None, "", false, None),
        ],
        contacts: vec![ContactSpec {
            partner: 0,
            name: "Zoë \"Z\" Adams",
            role: "CTO, EMEA",
            email: true,
            external: false,
        }],
        deals: vec![
            DealSpec {
                name: "Expansion, phase 2",
                account: "Initech, Inc.",
                partner: Some(0),
                source: 1,
                cents: 123_450,
                currency: "EUR",
                product: "Platform",
                outcome: 1,
                stage: Some(4),
                created: 10,
                expected: Some(30),
                closed_after: 20,
                external: true,
                owner: "Maria",
            },
            DealSpec {
                name: "",
                account: "Globex",
                partner: None,
                source: 0,
                cents: 500_000_000,
                currency: "USD",
                product: "",
                outcome: 2,
                stage: None,
                created: 0,
                expected: None,
                closed_after: 5,
                external: false,
                owner: "",
            },
        ],
    };
    let ws = original(dir.path(), &spec);
    let text = |what| String::from_utf8(export(&ws, what)).unwrap();
    assert_eq!(
        text(Records::Deals),
        "\u{feff}external id,deal name,account,partner,source,amount,currency,product,stage,created,expected close,outcome,closed,owner\n\
         ,,Globex,,direct,5000000,USD,,,2024-01-01,,lost,2024-01-06,\n\
         D-0,\"Expansion, phase 2\",\"Initech, Inc.\",\"Acme, Inc. 0\",partner-sourced,1234.5,EUR,Platform,Commit,2024-01-11,2024-02-10,won,2024-01-31,Maria\n"
    );
    assert_eq!(
        text(Records::Partners),
        "\u{feff}external id,name,type,status,owner,region,signed,tier,score,rank\n\
         \"P-0, \"\"CRM\"\"\",\"Acme, Inc. 0\",Reseller,active,Ana Núñez,EMEA,2026-03-01,Tier 1,100,1\n\
         ,Zürich Systèmes 1,Reseller,off-boarded,,,2026-03-01,,,\n"
    );
    assert_eq!(
        text(Records::Contacts),
        "\u{feff}external id,partner,name,role,email\n\
         ,\"Acme, Inc. 0\",\"Zoë \"\"Z\"\" Adams 0\",\"CTO, EMEA\",person.0@example.com\n"
    );

    // The import maps every column by itself; only what the ranking works out is passed by.
    let passed_by = ["tier", "score", "rank"];
    for (what, kind) in Records::ALL
        .into_iter()
        .zip([Kind::Deals, Kind::Partners, Kind::Contacts])
    {
        let path = dir.path().join(format!("{}.csv", what.as_str()));
        std::fs::write(&path, export(&ws, what)).unwrap();
        let preview = import::preview(&ws, kind, &path, &ImportOptions::default()).unwrap();
        let mapped: Vec<&str> = preview.mapping.iter().map(|(_, h)| h.as_str()).collect();
        let unmapped: Vec<&str> = what
            .headers()
            .iter()
            .copied()
            .filter(|h| !mapped.contains(h))
            .collect();
        assert!(
            unmapped.iter().all(|h| passed_by.contains(h)),
            "{what:?}: {unmapped:?} are not read back"
        );
    }
}

#[test]
fn the_demo_workspace_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let ws = create_demo(
        &dir.path().join("a.partnerboard"),
        &generate(60, 7, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
    )
    .unwrap();
    let (first, second) = round_trip(dir.path(), &ws);
    let [deals, partners, contacts] = &first;
    assert_eq!(
        String::from_utf8_lossy(deals),
        String::from_utf8_lossy(&second[0])
    );
    assert_eq!(
        String::from_utf8_lossy(partners),
        String::from_utf8_lossy(&second[1])
    );
    assert_eq!(
        String::from_utf8_lossy(contacts),
        String::from_utf8_lossy(&second[2])
    );
    let partners = String::from_utf8_lossy(partners);
    assert_eq!(partners.lines().count(), 61, "{partners}");
    assert!(
        partners.lines().any(|l| l.ends_with(",Tier 1,100,1")),
        "the first-ranked partner shows its tier, score and rank"
    );
    let deals = String::from_utf8_lossy(deals);
    assert!(deals.lines().count() > 100, "{deals}");
    assert!(!deals.contains("_id") && !partners.contains("_id"));
}

#[test]
fn deal_names_are_kept_by_imports_listed_and_kept_when_a_file_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("n.partnerboard"), "Names Inc").unwrap();
    let names = |ws: &Workspace| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = ws
            .deals(as_of())
            .unwrap()
            .into_iter()
            .map(|d| (d.account, d.name))
            .collect();
        v.sort();
        v
    };
    let run = |ws: &mut Workspace, text: &str, preset: Option<&str>| {
        let opts = ImportOptions {
            preset: preset.map(String::from),
            as_of: Some(as_of()),
            ..ImportOptions::default()
        };
        let cancel = AtomicBool::new(false);
        let r = import::run_bytes(
            ws,
            Kind::Deals,
            text.as_bytes(),
            None,
            &opts,
            as_of(),
            &cancel,
        )
        .unwrap();
        (r.inserted, r.updated, r.rejected)
    };
    let salesforce =
        "Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Created Date,Close Date\n\
                      006A,\"Globex, renewal\",Globex,100,Qualified,2026-03-01,2026-06-30\n\
                      006B,  Initech pilot ,Initech,200,Qualified,2026-03-02,2026-06-30\n";
    assert_eq!(run(&mut ws, salesforce, Some("salesforce")), (2, 0, 0));
    assert_eq!(
        names(&ws),
        [
            ("Globex".to_string(), "Globex, renewal".to_string()),
            ("Initech".into(), "Initech pilot".into())
        ]
    );
    // A HubSpot export renames one deal; a file without names leaves them as they are.
    let hubspot = "Record ID,Deal Name,Associated Company,Amount,Deal Stage,Create Date\n\
                   006A,Globex renewal 2027,Globex,100,Qualified,2026-03-01\n";
    assert_eq!(run(&mut ws, hubspot, Some("hubspot")), (0, 1, 0));
    let plain = "id,account,amount,created\n006B,Initech,250,2026-03-02\n";
    assert_eq!(run(&mut ws, plain, None), (0, 1, 0));
    assert_eq!(
        names(&ws),
        [
            ("Globex".to_string(), "Globex renewal 2027".to_string()),
            ("Initech".into(), "Initech pilot".into())
        ]
    );
    let deals = String::from_utf8(export(&ws, Records::Deals)).unwrap();
    assert!(
        deals.contains(
            "\n006B,Initech pilot,Initech,,direct,250,USD,,Registered,2026-03-02,,open,,\n"
        ),
        "{deals}"
    );
}

/// An exported file's header and rows, read as plain CSV (the BOM dropped).
fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader.records().map(|r| r.unwrap()).collect();
    (headers, rows)
}
