//! A new user's files into a brand-new workspace: a CRM report whose partners the roster lacks,
//! a plain roster whose types and owners the program lacks, contacts at partners not yet known.
//! The import creates what is missing (partners as untyped prospects) and says so; strict
//! matching refuses instead; and what it built exports, imports into another new workspace and
//! exports again byte for byte.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::NaiveDate;
use partnerboard_core::export::records::{self, Records};
use partnerboard_core::import::{self, ImportOptions, ImportReport, Kind};
use partnerboard_core::store::{create_new, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// The stage map the README gives for a Salesforce report's stages.
const SALESFORCE_STAGES: &str = "Prospecting=Registered,Qualification=Qualified,Needs Analysis=Joint working,Proposal/Price Quote=Proposal,Negotiation/Review=Commit";

fn fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name),
        &to,
    )
    .unwrap();
    to
}

fn options(preset: Option<&str>, stage_map: &str, strict: bool) -> ImportOptions {
    ImportOptions {
        preset: preset.map(String::from),
        stage_map: import::parse_pairs(stage_map).unwrap(),
        as_of: Some(as_of()),
        strict,
        ..ImportOptions::default()
    }
}

fn run(ws: &mut Workspace, kind: Kind, path: &Path, opts: &ImportOptions) -> ImportReport {
    import::run(ws, kind, path, opts, as_of(), &AtomicBool::new(false)).unwrap()
}

fn salesforce(ws: &mut Workspace, dir: &Path, strict: bool) -> ImportReport {
    let path = fixture(dir, "salesforce_new_workspace.csv");
    run(
        ws,
        Kind::Deals,
        &path,
        &options(Some("salesforce"), SALESFORCE_STAGES, strict),
    )
}

/// (name, status, type name or "", owner or "", signed or "") of every partner, by name.
fn partners(ws: &Workspace) -> Vec<(String, String, String, String, String)> {
    let mut stmt = ws
        .conn()
        .prepare(
            "SELECT p.name, p.status, COALESCE(t.name, ''), COALESCE(m.name, ''), COALESCE(p.signed_on, '')
             FROM partners p LEFT JOIN partner_types t ON t.id = p.type_id
                  LEFT JOIN team_members m ON m.id = p.owner_id ORDER BY p.name",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    rows
}

fn row(
    name: &str,
    status: &str,
    kind: &str,
    owner: &str,
    signed: &str,
) -> (String, String, String, String, String) {
    (
        name.into(),
        status.into(),
        kind.into(),
        owner.into(),
        signed.into(),
    )
}

#[test]
fn a_salesforce_report_lands_whole_in_a_new_workspace_and_its_partners_wait_for_a_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();

    let preview = import::preview(
        &ws,
        Kind::Deals,
        &fixture(dir.path(), "salesforce_new_workspace.csv"),
        &options(Some("salesforce"), SALESFORCE_STAGES, false),
    )
    .unwrap();
    assert_eq!(preview.created.partners.count, 4);
    assert!(
        preview.created.partners.ids.is_empty(),
        "nothing is written by a preview"
    );
    let first_partner = preview.rows[0]
        .iter()
        .find(|(k, _)| k == "partner")
        .unwrap();
    assert_eq!(first_partner.1, "Reseller X (new)");
    assert_eq!(partners(&ws), vec![], "the preview created nothing");

    let r = salesforce(&mut ws, dir.path(), false);
    assert_eq!(
        (r.rows, r.inserted, r.updated, r.rejected),
        (13, 13, 0, 0),
        "{:?}",
        r.rejected_rows
    );
    assert_eq!(r.report_path, None);
    // Named in any case and with stray spaces, each partner is created once, in file order.
    assert_eq!(
        r.created.partners.names,
        [
            "Reseller X",
            "Northwind Consulting",
            "Contoso Systems Integrator",
            "Zenith Cloud Partners"
        ]
    );
    assert_eq!(r.created.partners.count, 4);
    assert_eq!(r.created.partners.ids.len(), 4);
    assert_eq!(r.created.types.count, 0);
    let note = r.created_note.clone().unwrap();
    assert!(
        note.starts_with("4 partners not on the roster were added as prospects with no type yet (“Reseller X”, “Northwind Consulting”"),
        "{note}"
    );
    assert_eq!(
        partners(&ws),
        vec![
            row("Contoso Systems Integrator", "prospect", "", "", ""),
            row("Northwind Consulting", "prospect", "", "", ""),
            row("Reseller X", "prospect", "", "", ""),
            row("Zenith Cloud Partners", "prospect", "", "", ""),
        ]
    );
    let on_reseller_x: i64 = ws
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM deals d JOIN partners p ON p.id = d.partner_id WHERE p.name = 'Reseller X'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_reseller_x, 4, "“reseller x” is the same partner");
    // The roster lists them, untyped, among the unranked.
    let roster = ws.scored_roster().unwrap().roster;
    assert_eq!(roster.len(), 4);
    assert!(roster
        .iter()
        .all(|p| p.type_id.is_none() && p.type_name.is_empty()));

    // Importing the same report again creates nothing more.
    let again = salesforce(&mut ws, dir.path(), false);
    assert_eq!((again.inserted, again.updated), (0, 13));
    assert_eq!(again.created.partners.count, 0);
    assert_eq!(again.created_note, None);
    assert_eq!(partners(&ws).len(), 4);
}

#[test]
fn strict_matching_refuses_partners_the_roster_lacks_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();
    let r = salesforce(&mut ws, dir.path(), true);
    assert_eq!(
        (r.inserted, r.rejected),
        (2, 11),
        "only the two direct deals land"
    );
    assert_eq!(r.created.partners.count, 0);
    assert!(partners(&ws).is_empty());
    let reason = &r.rejected_rows[0].reason;
    assert!(
        reason.contains("unknown partner “Reseller X”: add it to the roster first (import partners), or import without strict matching"),
        "{reason}"
    );
}

#[test]
fn a_plain_roster_creates_its_types_and_owners_and_types_the_partners_deals_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();
    salesforce(&mut ws, dir.path(), false);

    // A German-Excel roster: Windows-1252, semicolons, CRLF, day-first dates.
    let path = fixture(dir.path(), "partner_roster_semicolon.csv");
    let preview = import::preview(&ws, Kind::Partners, &path, &options(None, "", false)).unwrap();
    assert_eq!(
        preview.created.types.names,
        ["Reseller", "SI", "Technology"]
    );
    let r = run(&mut ws, Kind::Partners, &path, &options(None, "", false));
    assert_eq!(
        (r.inserted, r.updated, r.rejected),
        (1, 3, 1),
        "{:?}",
        r.rejected_rows
    );
    assert!(
        r.rejected_rows[0].reason.contains("31.02.2026"),
        "{:?}",
        r.rejected_rows
    );
    assert_eq!(r.rejected_rows[0].line, 6);
    // “reseller” is the type “Reseller”; the rejected row's type is not created for it alone.
    assert_eq!(r.created.types.names, ["Reseller", "SI", "Technology"]);
    assert_eq!(r.created.members.names, ["Maria Lopez", "Ravi Kumar"]);
    assert_eq!(r.created.partners.count, 0);
    let note = r.created_note.unwrap();
    assert!(
        note.contains("3 new partner types (“Reseller”, “SI”, “Technology”) were added"),
        "{note}"
    );
    assert!(note.contains("2 new team members"), "{note}");
    assert_eq!(
        preview.created_note.unwrap(),
        "3 new partner types (“Reseller”, “SI”, “Technology”) will be added: set their motion and incentive under Program design. 2 new team members (“Maria Lopez”, “Ravi Kumar”) will be added with no hours yet: set their monthly hours under Program design."
    );
    assert_eq!(
        partners(&ws),
        vec![
            row("Brand New Co", "prospect", "Reseller", "", ""),
            row("Contoso Systems Integrator", "prospect", "", "", ""),
            row("Northwind Consulting", "active", "SI", "Maria Lopez", ""),
            row(
                "Reseller X",
                "active",
                "Reseller",
                "Maria Lopez",
                "2026-02-03"
            ),
            row(
                "Zenith Cloud Partners",
                "nurture",
                "Technology",
                "Ravi Kumar",
                "2025-09-15"
            ),
        ]
    );

    // Again: nothing new is created, nothing changes.
    let again = run(&mut ws, Kind::Partners, &path, &options(None, "", false));
    assert_eq!((again.inserted, again.updated), (0, 4));
    assert!(again.created_note.is_none());
    let types: i64 = ws
        .conn()
        .query_row("SELECT COUNT(*) FROM partner_types", [], |r| r.get(0))
        .unwrap();
    assert_eq!(types, 3);

    // Strict: the same roster into a new workspace refuses unknown types and owners.
    let mut strict = create_new(&dir.path().join("s.partnerboard"), "Acme").unwrap();
    let r = run(&mut strict, Kind::Partners, &path, &options(None, "", true));
    assert_eq!((r.inserted, r.rejected), (0, 5), "{:?}", r.rejected_rows);
    assert!(r.rejected_rows[0]
        .reason
        .contains("unknown partner type “Reseller”: add it under Program first"));
}

#[test]
fn contacts_at_partners_not_yet_known_create_them_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();
    let path = dir.path().join("contacts.csv");
    std::fs::write(
        &path,
        "\u{feff}Company Name,Full Name,Job Title,Email Address\r\nFabrikam Partners,Ana Ortiz,CTO,ana@fabrikam.example\r\nfabrikam partners,Bo Chen,Alliances,\r\nLitware,Cy Dube,,cy@litware.example\r\n",
    )
    .unwrap();
    let strict = run(&mut ws, Kind::Contacts, &path, &options(None, "", true));
    assert_eq!((strict.inserted, strict.rejected), (0, 3));
    let r = run(&mut ws, Kind::Contacts, &path, &options(None, "", false));
    assert_eq!((r.inserted, r.rejected), (3, 0), "{:?}", r.rejected_rows);
    assert_eq!(r.created.partners.names, ["Fabrikam Partners", "Litware"]);
    assert_eq!(
        partners(&ws),
        vec![
            row("Fabrikam Partners", "prospect", "", "", ""),
            row("Litware", "prospect", "", "", ""),
        ]
    );
}

fn export(ws: &Workspace, what: Records) -> Vec<u8> {
    let mut out = Vec::new();
    records::write(ws, what, partnerboard_core::clock::today(), &mut out).unwrap();
    out
}

#[test]
fn what_a_new_user_built_exports_into_another_new_workspace_and_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = create_new(&dir.path().join("a.partnerboard"), "Acme").unwrap();
    salesforce(&mut first, dir.path(), false);
    let roster = fixture(dir.path(), "partner_roster_semicolon.csv");
    run(
        &mut first,
        Kind::Partners,
        &roster,
        &options(None, "", false),
    );

    // Nothing copied by hand: the types, owners and untyped partners come in with the files.
    let mut second = create_new(&dir.path().join("b.partnerboard"), "Acme").unwrap();
    for (what, kind) in [
        (Records::Partners, Kind::Partners),
        (Records::Contacts, Kind::Contacts),
        (Records::Deals, Kind::Deals),
    ] {
        let path = dir.path().join(format!("{}.csv", what.as_str()));
        std::fs::write(&path, export(&first, what)).unwrap();
        let r = run(&mut second, kind, &path, &options(None, "", false));
        assert_eq!(r.rejected, 0, "{what:?}: {:?}", r.rejected_rows);
    }
    for what in [Records::Partners, Records::Contacts, Records::Deals] {
        assert_eq!(
            String::from_utf8(export(&first, what)).unwrap(),
            String::from_utf8(export(&second, what)).unwrap(),
            "{what:?}"
        );
    }
}

#[test]
fn cells_a_spreadsheet_would_run_are_written_as_text_and_read_back_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();
    let path = dir.path().join("deals.csv");
    std::fs::write(
        &path,
        "id,account,partner,amount,created\n\
         D1,=HYPERLINK(\"http://x.example\"),@SUM(A1),100,2026-11-01\n\
         D2,\t=1+1,,-5,2026-11-02\n",
    )
    .unwrap();
    let r = run(&mut ws, Kind::Deals, &path, &options(None, "", false));
    assert_eq!((r.inserted, r.rejected), (1, 1), "{:?}", r.rejected_rows);
    // The report: the formula-like cell as text, the plain number as a number.
    let report = std::fs::read_to_string(r.report_path.unwrap()).unwrap();
    let line = report.lines().nth(1).unwrap();
    assert!(line.ends_with(",D2,'=1+1,,-5,2026-11-02"), "{line}");
    // The export: text, not formulas; the import reads the text back as it was.
    let exported = String::from_utf8(export(&ws, Records::Deals)).unwrap();
    assert!(
        exported.contains(",\"'=HYPERLINK(\"\"http://x.example\"\")\",'@SUM(A1),"),
        "{exported}"
    );
    assert!(
        !exported.contains(",=") && !exported.contains(",@"),
        "{exported}"
    );
    let mut second = create_new(&dir.path().join("b.partnerboard"), "Acme").unwrap();
    let back = dir.path().join("back.csv");
    std::fs::write(&back, &exported).unwrap();
    run(&mut second, Kind::Deals, &back, &options(None, "", false));
    let (account, partner): (String, String) = second
        .conn()
        .query_row(
            "SELECT d.account, p.name FROM deals d JOIN partners p ON p.id = d.partner_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (account.as_str(), partner.as_str()),
        ("=HYPERLINK(\"http://x.example\")", "@SUM(A1)")
    );
}

/// An import cannot make a partner ready that its readiness review says is not, nor the
/// reverse: the review's status is written, the result says who changed and why, and a
/// partner signed with no review comes in as an override that is kept.
#[test]
fn a_roster_import_writes_the_status_the_readiness_review_implies_and_says_who_changed() {
    use partnerboard_core::domain::readiness::Scores;
    use partnerboard_core::domain::status::PartnerStatus;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("g.partnerboard"), "Gate Inc").unwrap();
    let roster = "name,type,status\r\nApex Systems,Reseller,active\r\nBirch Partners,Reseller,nurture\r\nCedar Labs,Reseller,active\r\n";
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let first = run(
        &mut ws,
        Kind::Partners,
        &dir.path().join("roster.csv"),
        &ImportOptions::default(),
    );
    assert_eq!(first.inserted, 3);
    assert!(first.status_changes.is_empty());
    assert_eq!(first.signed_unreviewed, 3);
    assert!(
        first
            .status_note
            .as_deref()
            .unwrap()
            .contains("3 partners came in signed with no readiness review"),
        "{:?}",
        first.status_note
    );
    let reason: String = ws
        .conn()
        .query_row(
            "SELECT signing_override_reason FROM partners WHERE name = 'Apex Systems'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        reason.starts_with("Signed before it came to Partnerboard"),
        "{reason}"
    );

    // Apex is reviewed at 3/9 (nurture), Birch at 8/9 (active).
    let id = |ws: &Workspace, name: &str| -> i64 {
        ws.conn()
            .query_row("SELECT id FROM partners WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let scores = |total: i64| Scores {
        capability: total.min(3),
        capacity: (total - 3).clamp(0, 3),
        motion_commitment: (total - 6).clamp(0, 3),
    };
    for (name, total) in [("Apex Systems", 3), ("Birch Partners", 8)] {
        let partner = id(&ws, name);
        ws.add_review(partner, "2026-11-20", scores(total), "Maya", "", as_of())
            .unwrap();
    }
    // The CRM still says Apex is active and Birch in nurture: the reviews win.
    let second = run(
        &mut ws,
        Kind::Partners,
        &dir.path().join("roster.csv"),
        &ImportOptions::default(),
    );
    assert_eq!(second.updated, 3);
    let changes: Vec<(&str, PartnerStatus, PartnerStatus)> = second
        .status_changes
        .iter()
        .map(|c| (c.partner.as_str(), c.asked, c.set))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "Apex Systems",
                PartnerStatus::Active,
                PartnerStatus::Nurture
            ),
            (
                "Birch Partners",
                PartnerStatus::Nurture,
                PartnerStatus::Active
            ),
        ]
    );
    assert_eq!(second.signed_unreviewed, 1, "Cedar has no review yet");
    let note = second.status_note.unwrap();
    assert!(
        note.contains("2 partners took the status their readiness review implies")
            && note.contains("Apex Systems is nurture, not active: its latest readiness review, 3/9, is below the threshold of 6/9"),
        "{note}"
    );
    let status: Vec<(String, String)> =
        partners(&ws).into_iter().map(|(n, s, ..)| (n, s)).collect();
    assert_eq!(
        status,
        [
            ("Apex Systems".to_string(), "nurture".to_string()),
            ("Birch Partners".to_string(), "active".to_string()),
            ("Cedar Labs".to_string(), "active".to_string()),
        ]
    );
}
