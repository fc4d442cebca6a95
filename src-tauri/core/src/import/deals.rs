//! Deal rows: from mapped CSV fields to checked deals, or a reason per rejected row.

use super::created::NameList;
use super::decode::{owned, Row, Trimmed};
use super::report::Rejects;
use super::values::{parse_amount, parse_date, DayOrder, DaysSeen, DecimalEvidence};
use super::{Decoded, ImportError};
use crate::domain::currency::code;
use crate::domain::deals::{AmountSource, DealImport, Outcome, Source};
use chrono::NaiveDate;
use csv::StringRecord;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// What a deal row is resolved against.
pub(crate) struct Lookups {
    /// Lower-cased partner name → id.
    pub partners: HashMap<String, i64>,
    /// Stages in order: (id, name).
    pub stages: Vec<(i64, String)>,
    /// Lower-cased CSV stage value → workspace stage name, from the user's stage map.
    pub stage_map: HashMap<String, String>,
    /// The home currency, which a row without a currency is taken to be in.
    pub currency: String,
    /// Whether a partner the roster lacks refuses the row (strict matching) rather than being
    /// created as a prospect.
    pub strict: bool,
}

#[derive(Clone, Copy)]
enum StageValue {
    Stage(i64),
    Closed(Outcome),
}

fn resolve_stage(raw: &str, l: &Lookups) -> Result<StageValue, String> {
    let value = raw.trim().to_lowercase();
    let target = l
        .stage_map
        .get(&value)
        .map(|s| s.to_lowercase())
        .unwrap_or_else(|| value.clone());
    if let Some((id, _)) = l
        .stages
        .iter()
        .find(|(_, name)| name.to_lowercase() == target)
    {
        return Ok(StageValue::Stage(*id));
    }
    match target.replace([' ', '_', '-'], "").as_str() {
        "won" | "closedwon" => Ok(StageValue::Closed(Outcome::Won)),
        "lost" | "closedlost" => Ok(StageValue::Closed(Outcome::Lost)),
        _ => Err(format!(
            "unknown stage “{}”; map it to one of: {}",
            raw.trim(),
            l.stages
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Stage and partner names resolved once per distinct value: a file repeats a handful of
/// them across every row.
struct Resolved<'a> {
    lookups: &'a Lookups,
    stages: HashMap<String, Result<StageValue, String>, foldhash::fast::RandomState>,
    partners: HashMap<String, Option<i64>, foldhash::fast::RandomState>,
}

impl<'a> Resolved<'a> {
    fn new(lookups: &'a Lookups) -> Self {
        Self {
            lookups,
            stages: HashMap::default(),
            partners: HashMap::default(),
        }
    }

    fn stage(&mut self, raw: &str) -> Result<StageValue, String> {
        if let Some(known) = self.stages.get(raw) {
            return known.clone();
        }
        let resolved = resolve_stage(raw, self.lookups);
        self.stages.insert(raw.to_string(), resolved.clone());
        resolved
    }

    /// The partner's id, or `None` when no partner has that name.
    fn partner(&mut self, name: &str) -> Option<i64> {
        if let Some(known) = self.partners.get(name) {
            return *known;
        }
        let id = self.lookups.partners.get(&name.to_lowercase()).copied();
        self.partners.insert(name.to_string(), id);
        id
    }
}

/// The column each deal field reads, looked up once for the whole file.
struct Columns {
    id: Option<usize>,
    name: Option<usize>,
    account: Option<usize>,
    partner: Option<usize>,
    source: Option<usize>,
    amount: Option<usize>,
    currency: Option<usize>,
    product: Option<usize>,
    stage: Option<usize>,
    created: Option<usize>,
    expected_close: Option<usize>,
    outcome: Option<usize>,
    closed: Option<usize>,
    owner: Option<usize>,
}

impl Columns {
    fn new(map: &HashMap<&'static str, usize>) -> Self {
        let at = |field: &str| map.get(field).copied();
        Self {
            id: at("id"),
            name: at("name"),
            account: at("account"),
            partner: at("partner"),
            source: at("source"),
            amount: at("amount"),
            currency: at("currency"),
            product: at("product"),
            stage: at("stage"),
            created: at("created"),
            expected_close: at("expected_close"),
            outcome: at("outcome"),
            closed: at("closed"),
            owner: at("owner"),
        }
    }
}

/// A row's value in `column`, or "" when the field has no column or the row stops short.
fn cell(row: &StringRecord, column: Option<usize>) -> &str {
    column.and_then(|i| row.get(i)).unwrap_or("")
}

/// The account a deal is kept under when its row names none.
pub const NO_ACCOUNT: &str = "(none)";

/// Deals kept although a value was missing, each with a mark, counted so the summary says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KeptWithMarks {
    /// Deals whose account was empty: kept under the account “(none)”.
    pub no_account: usize,
    /// Open deals without a created date: kept as created on the snapshot's as-of date.
    pub created_as_of: usize,
}

impl KeptWithMarks {
    /// The same in one sentence, when any deal was kept with a mark.
    pub fn note(&self) -> Option<String> {
        let deals = |n: usize| if n == 1 { "deal" } else { "deals" };
        let mut parts = Vec::new();
        if self.no_account > 0 {
            parts.push(format!(
                "{} {} without an account (under “{NO_ACCOUNT}”)",
                self.no_account,
                deals(self.no_account)
            ));
        }
        if self.created_as_of > 0 {
            parts.push(format!(
                "{} open {} without a created date (created on the export's as-of date)",
                self.created_as_of,
                deals(self.created_as_of)
            ));
        }
        (!parts.is_empty()).then(|| format!("Kept with a mark: {}.", parts.join("; ")))
    }
}

/// A deals file checked: the deals to write, how many rows it has, and what was kept marked.
pub(crate) struct DealRows {
    /// Rows in the file, readable or not.
    pub rows: usize,
    /// Deals kept with a mark.
    pub marks: KeptWithMarks,
    /// The first few lines whose created date is the as-of date, for the preview's marks.
    pub created_as_of_lines: Vec<usize>,
    /// Partners the good rows name that the roster lacks, to be created as prospects.
    pub new_partners: NameList,
}

/// What the whole amount and date columns show of how they are written.
struct Notation {
    decimal_comma: bool,
    created: DayOrder,
    expected_close: DayOrder,
    closed: DayOrder,
}

/// One pass over the rows for the notation of the amount and date columns.
fn notation(decoded: &Decoded<'_>, cols: &Columns) -> Notation {
    let (mut amounts, mut created, mut expected, mut closed) = Default::default();
    let mut rows = decoded.rows();
    while let Some(row) = rows.next() {
        if let Row::Good(_, row) = row {
            DecimalEvidence::see(&mut amounts, cell(row, cols.amount));
            DaysSeen::see(&mut created, cell(row, cols.created));
            DaysSeen::see(&mut expected, cell(row, cols.expected_close));
            DaysSeen::see(&mut closed, cell(row, cols.closed));
        }
    }
    Notation {
        decimal_comma: DecimalEvidence::decimal_comma(amounts, decoded.delimiter),
        created: DaysSeen::order(created),
        expected_close: DaysSeen::order(expected),
        closed: DaysSeen::order(closed),
    }
}

/// An id as 96 bits, from two hashes under seeds drawn for this import: what an import keeps
/// of the ids it has seen instead of a copy of each (12 bytes, whatever the id's length). Two
/// different ids of a file share one with a chance below one in 10^16 even for millions of
/// rows, and no file can aim at it.
struct Fingerprints(
    foldhash::quality::RandomState,
    foldhash::quality::RandomState,
);

impl Fingerprints {
    fn new() -> Self {
        Self(Default::default(), Default::default())
    }

    fn of(&self, id: &str) -> [u32; 3] {
        let (a, b) = (self.0.hash_one(id), self.1.hash_one(id));
        [a as u32, (a >> 32) as u32, b as u32]
    }
}

/// The ids of the deals kept so far, by fingerprint, with the line each was first on: a set
/// that holds no copy of the ids (the deals themselves go on to be written as the file is read).
struct SeenIds {
    fingerprints: Fingerprints,
    /// Fingerprint → line; 16 bytes an entry (a file is far below 2^32 lines).
    at: HashMap<[u32; 3], u32, foldhash::fast::RandomState>,
}

impl SeenIds {
    /// The line of the kept deal with this id, if any.
    fn first(&self, id: &str) -> Option<usize> {
        self.at
            .get(&self.fingerprints.of(id))
            .map(|&line| line as usize)
    }

    fn insert(&mut self, id: &str, line: usize) {
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.at.entry(self.fingerprints.of(id)).or_insert(line);
    }
}

/// Where good deal rows go as they are checked, with the partners to create so far: written
/// in chunks by an import, collected by a preview.
pub(crate) type Sink<'s> = dyn FnMut(DealImport, &NameList) -> Result<(), ImportError> + 's;

/// Checks every row against `l` and the snapshot's day `as_of`. Good rows go to `sink` as
/// deals, in file order; every bad row goes to `rejects` with all its reasons.
pub(crate) fn rows(
    decoded: &Decoded<'_>,
    map: &HashMap<&'static str, usize>,
    l: &Lookups,
    as_of: NaiveDate,
    rejects: &mut Rejects,
    sink: &mut Sink<'_>,
) -> Result<DealRows, ImportError> {
    let mut out = DealRows {
        rows: 0,
        marks: KeptWithMarks::default(),
        created_as_of_lines: Vec::new(),
        new_partners: NameList::default(),
    };
    if let Err(missing) = super::start(decoded, map, &["account", "amount", "created"]) {
        missing.into_iter().for_each(|r| rejects.push(r));
        out.rows = super::count_rows(decoded);
        return Ok(out);
    }
    let cols = Columns::new(map);
    let header = |field: &str| -> String {
        map.get(field)
            .and_then(|&i| decoded.headers.get(i))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    let notation = notation(decoded, &cols);
    let date = |row: &StringRecord,
                column: Option<usize>,
                order: DayOrder,
                field: &str,
                problems: &mut Vec<(String, String)>|
     -> Option<NaiveDate> {
        let raw = cell(row, column);
        if raw.trimmed().is_empty() {
            return None;
        }
        parse_date(raw, order)
            .map_err(|e| problems.push((header(field), e)))
            .ok()
    };
    let mut resolved = Resolved::new(l);
    let mut seen = SeenIds {
        fingerprints: Fingerprints::new(),
        at: HashMap::default(),
    };
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut reader = decoded.rows();
    while let Some(row) = reader.next() {
        out.rows += 1;
        let (line, row) = match row {
            Row::Good(line, row) => (line, row),
            Row::Broken(r) => {
                rejects.push(r);
                continue;
            }
        };
        problems.clear();
        if row.len() < decoded.headers.len() && map.values().any(|&i| i >= row.len()) {
            problems.push((
                String::new(),
                format!(
                    "the row has {} fields; the header has {}",
                    row.len(),
                    decoded.headers.len()
                ),
            ));
            rejects.push_problems(line, owned(row), &mut problems);
            continue;
        }
        let external_id = Some(cell(row, cols.id).trimmed()).filter(|s| !s.is_empty());
        if let Some(first) = external_id.and_then(|id| seen.first(id)) {
            problems.push((
                header("id"),
                format!(
                    "duplicate id “{}” (first on line {first})",
                    external_id.unwrap_or_default()
                ),
            ));
        }
        let mut account = cell(row, cols.account).trimmed();
        let no_account = account.is_empty();
        if no_account {
            account = NO_ACCOUNT;
        } else if account.chars().count() > 200 {
            problems.push((
                header("account"),
                "the account name is longer than 200 characters".into(),
            ));
        }
        // An empty amount is estimated once every row is read (see `estimate_missing_amounts`).
        let amount_raw = cell(row, cols.amount);
        let (amount, amount_source) = if amount_raw.trimmed().is_empty() {
            (0.0, AmountSource::Missing)
        } else {
            match parse_amount(amount_raw, notation.decimal_comma) {
                Ok(a) if a < 0.0 => {
                    problems.push((header("amount"), format!("the amount is negative ({a})")));
                    (0.0, AmountSource::Given)
                }
                Ok(a) => (a, AmountSource::Given),
                Err(e) => {
                    problems.push((header("amount"), e));
                    (0.0, AmountSource::Given)
                }
            }
        };
        let partner_name = cell(row, cols.partner).trimmed();
        // A partner the roster lacks is created once the row is known to be good.
        let mut partner_id = if partner_name.is_empty() {
            None
        } else {
            let id = resolved
                .partner(partner_name)
                .or_else(|| out.new_partners.find(partner_name));
            if id.is_none() && l.strict {
                problems.push((
                    header("partner"),
                    format!("unknown partner “{partner_name}”: add it to the roster first (import partners), or import without strict matching to create it as a prospect"),
                ));
            }
            id
        };
        let source_raw = cell(row, cols.source);
        let source = if source_raw.trimmed().is_empty() {
            if !partner_name.is_empty() {
                Source::PartnerSourced
            } else {
                Source::Direct
            }
        } else {
            Source::parse(source_raw).unwrap_or_else(|| {
                problems.push((
                    header("source"),
                    format!(
                        "unknown source “{}”: use partner-sourced, partner-influenced or direct",
                        source_raw.trimmed()
                    ),
                ));
                Source::Direct
            })
        };
        if source != Source::Direct && partner_name.is_empty() {
            problems.push((
                header("partner"),
                "a partner deal needs its partner of record".into(),
            ));
        }
        let created = date(
            row,
            cols.created,
            notation.created,
            "created",
            &mut problems,
        );
        let created_given = !cell(row, cols.created).trimmed().is_empty();
        let expected_close = date(
            row,
            cols.expected_close,
            notation.expected_close,
            "expected_close",
            &mut problems,
        );
        let mut closed_on = date(row, cols.closed, notation.closed, "closed", &mut problems);
        let (mut stage_id, mut outcome) = match cell(row, cols.stage) {
            s if s.trimmed().is_empty() => (l.stages.first().map(|s| s.0), Outcome::Open),
            s => match resolved.stage(s) {
                Ok(StageValue::Stage(id)) => (Some(id), Outcome::Open),
                Ok(StageValue::Closed(o)) => (
                    l.stages.last().map(|s| s.0).filter(|_| o == Outcome::Won),
                    o,
                ),
                Err(e) => {
                    problems.push((header("stage"), e));
                    (None, Outcome::Open)
                }
            },
        };
        let outcome_raw = cell(row, cols.outcome).trimmed();
        if !outcome_raw.is_empty() {
            match outcome_raw.to_lowercase().as_str() {
                "open" => outcome = Outcome::Open,
                "won" | "closed won" => outcome = Outcome::Won,
                "lost" | "closed lost" => outcome = Outcome::Lost,
                other => problems.push((
                    header("outcome"),
                    format!("unknown outcome “{other}”: use open, won or lost"),
                )),
            }
        }
        // A won or lost deal whose stage is left empty has none (as the app's export writes it).
        if outcome != Outcome::Open && cell(row, cols.stage).trimmed().is_empty() {
            stage_id = None;
        }
        if outcome != Outcome::Open && closed_on.is_none() {
            closed_on = expected_close;
        }
        let close_column = || {
            header(if map.contains_key("closed") {
                "closed"
            } else {
                "expected_close"
            })
        };
        if outcome == Outcome::Open {
            closed_on = None;
        } else if closed_on.is_none() && cell(row, cols.closed).trimmed().is_empty() {
            problems.push((
                close_column(),
                "a won or lost deal needs its close date".into(),
            ));
        }
        // An open deal without a created date is kept as created on the snapshot's day; a
        // closed one cannot be, as its whole life would fall outside the snapshot.
        let created_on = match created {
            Some(c) => c,
            None if created_given => as_of,
            None if outcome == Outcome::Open => as_of,
            None => {
                let column = header("created");
                let reason = format!(
                    "the created date ({column}) is empty; a won or lost deal needs the date it was created"
                );
                problems.push((column, reason));
                as_of
            }
        };
        if let (Some(c), Some(made)) = (closed_on, created) {
            if c < made {
                problems.push((
                    close_column(),
                    format!(
                        "the close date {c} ({}) is before the created date {made} ({})",
                        close_column(),
                        header("created")
                    ),
                ));
            }
        }
        if let Some(made) = created.filter(|c| *c > as_of) {
            problems.push((
                header("created"),
                format!("the created date {made} is after the export's as-of date {as_of}: a snapshot cannot know it yet"),
            ));
        }
        if let Some(c) = closed_on.filter(|c| *c > as_of) {
            problems.push((
                close_column(),
                format!("the closed date {c} is after the export's as-of date {as_of}: a snapshot cannot know it yet"),
            ));
        }
        let currency_raw = cell(row, cols.currency).trimmed();
        let currency = if currency_raw.is_empty() {
            l.currency.clone()
        } else {
            code("currency", currency_raw).unwrap_or_else(|e| {
                problems.push((header("currency"), e.message));
                String::new()
            })
        };
        if !problems.is_empty() {
            rejects.push_problems(line, owned(row), &mut problems);
            continue;
        }
        if partner_id.is_none() && !partner_name.is_empty() {
            partner_id = Some(out.new_partners.create(partner_name));
        }
        if no_account {
            out.marks.no_account += 1;
        }
        if created.is_none() {
            out.marks.created_as_of += 1;
            if out.created_as_of_lines.len() < 10 {
                out.created_as_of_lines.push(line);
            }
        }
        if let Some(id) = external_id {
            seen.insert(id, line);
        }
        sink(
            DealImport {
                line,
                external_id: external_id.map(str::to_string),
                account: account.to_string(),
                name: cols
                    .name
                    .map(|_| cell(row, cols.name).trimmed().to_string()),
                partner_id,
                source,
                amount,
                amount_source,
                currency,
                product: cell(row, cols.product).trimmed().to_string(),
                stage_id,
                created_on,
                expected_close,
                outcome,
                closed_on,
                owner: cell(row, cols.owner).trimmed().to_string(),
            },
            &out.new_partners,
        )?;
    }
    Ok(out)
}
