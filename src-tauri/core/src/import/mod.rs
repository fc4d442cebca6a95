//! CSV import: read a CRM export whatever its encoding and delimiter, map its columns, check
//! every row, commit the good ones in one transaction and write the bad ones, with every
//! reason, to `<name>.rejected.csv` beside the source.

mod created;
mod deals;
mod deals_preview;
mod decode;
mod error;
mod mapping;
mod report;
mod roster;
mod run;
mod values;

pub use created::{Created, CreatedNames};
pub use deals::{KeptWithMarks, NO_ACCOUNT};
pub use decode::{decode, DecodeError, Decoded};
pub use error::ImportError;
pub use mapping::{parse_pairs, Kind, MappingError};
pub use report::report_path;
pub use run::{run, run_bytes, run_watched};

use crate::domain::deals::AmountEstimates;
use crate::domain::gate::StatusChange;
use crate::domain::records::NewNames;
use crate::store::{CreatedIds, StoreError, Workspace};
use chrono::NaiveDate;
use created::NameList;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// How many checked deals a preview shows.
const PREVIEW_ROWS: usize = 10;

/// Files larger than this are refused before reading.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// How the person told the importer to read the file's columns and stage names.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// A CRM export layout (`salesforce`, `hubspot`) whose column names are known; deals only.
    pub preset: Option<String>,
    /// (CSV column, field)
    pub map: Vec<(String, String)>,
    /// (CSV stage value, workspace stage name)
    pub stage_map: Vec<(String, String)>,
    /// The day the export was taken: a deals file is a snapshot, each row that day's fact
    /// about its deal. `None` means today.
    pub as_of: Option<NaiveDate>,
    /// Strict matching: a row naming a partner, partner type or owner the workspace lacks is
    /// refused, instead of the import creating it.
    pub strict: bool,
}

/// One rejected row: where, why, and what it held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    /// The file line the row started on, as a spreadsheet numbers it: the header is line 1,
    /// and CRLF, LF and line breaks inside quoted cells each count one.
    pub line: usize,
    /// The columns at fault (their headers, joined by “, ”), empty when the whole line is.
    pub column: String,
    /// Every reason the row was refused, joined by “; ”, in words a person can fix it with.
    pub reason: String,
    /// The row's values as read, so the report can be corrected and re-imported.
    pub fields: Vec<String>,
}

/// What every kind of row check starts with: whether every required field has a column.
/// `Err` carries the reason when one has none.
pub(crate) fn start(
    decoded: &Decoded<'_>,
    map: &HashMap<&'static str, usize>,
    required: &[&str],
) -> Result<Vec<Rejected>, Vec<Rejected>> {
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|f| !map.contains_key(f))
        .collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    Err(vec![Rejected {
        line: 1,
        column: missing.join(", "),
        reason: format!("no column is mapped to {}", missing.join(", ")),
        fields: decoded.headers.clone(),
    }])
}

/// Rows in the file, readable or not.
pub(crate) fn count_rows(decoded: &Decoded<'_>) -> usize {
    let mut rows = decoded.rows();
    let mut n = 0;
    while rows.next().is_some() {
        n += 1;
    }
    n
}

/// What an import did, shown after it and printed by the command line.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The encoding the file was read in.
    pub encoding: String,
    /// The delimiter the file was read with (`tab` spelled out).
    pub delimiter: String,
    /// Rows in the file, readable or not.
    pub rows: usize,
    /// Rows that became new records.
    pub inserted: usize,
    /// Rows that matched an existing record by id and updated it.
    pub updated: usize,
    /// Rows refused; their reasons are in the report file.
    pub rejected: usize,
    /// The first rejected rows, for the screen; all of them are in the report file.
    pub rejected_rows: Vec<Rejected>,
    /// Where the rejected-rows report was written, when any row was refused.
    pub report_path: Option<String>,
    /// Deals that came without an amount, and what they got instead.
    pub amounts: AmountEstimates,
    /// The same in one sentence, when any deal came without an amount.
    pub amount_note: Option<String>,
    /// For deals: the day the snapshot stands on, every row that day's fact.
    pub as_of: Option<NaiveDate>,
    /// When a deals file has no currency column: which currency its amounts are taken in.
    pub currency_note: Option<String>,
    /// Deals kept although their account or created date was empty, each marked.
    pub kept: KeptWithMarks,
    /// The same in one sentence, when any deal was kept with a mark.
    pub kept_note: Option<String>,
    /// Partners, partner types and team members the file named that the workspace lacked,
    /// created by the import.
    pub created: CreatedNames,
    /// What was created and what to do about it, in a sentence or three.
    pub created_note: Option<String>,
    /// Partners whose status the file gave was replaced by the one their latest readiness
    /// review implies.
    pub status_changes: Vec<StatusChange>,
    /// Partners the file signed that have no readiness review yet.
    pub signed_unreviewed: usize,
    /// Both in words, when there is either.
    pub status_note: Option<String>,
}

/// The statuses the readiness rules changed and the partners signed with no review, in words.
fn status_note(changes: &[StatusChange], unreviewed: usize) -> Option<String> {
    let mut parts = Vec::new();
    if !changes.is_empty() {
        let shown: Vec<String> = changes
            .iter()
            .take(5)
            .map(|c| format!("{} is {}, not {}: {}", c.partner, c.set, c.asked, c.why))
            .collect();
        let more = changes.len().saturating_sub(shown.len());
        parts.push(format!(
            "{} took the status their readiness review implies, not the file's ({}{}).",
            plural(changes.len(), "partner", "partners"),
            shown.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if unreviewed > 0 {
        parts.push(format!(
            "{} came in signed with no readiness review: kept as the file says, recorded as \
             signed by override, and due a first review.",
            plural(unreviewed, "partner", "partners")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The file as it would land, shown before the person commits to importing it.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The encoding the file will be read in.
    pub encoding: String,
    /// The delimiter the file will be read with (`tab` spelled out).
    pub delimiter: String,
    /// The file's column names, offered for manual mapping.
    pub headers: Vec<String>,
    /// Field → the CSV column it reads.
    pub mapping: Vec<(String, String)>,
    /// Every field this kind of row has, mapped or not.
    pub fields: Vec<String>,
    /// The first rows as they will land: field → value.
    pub rows: Vec<Vec<(String, String)>>,
    /// The first rows that would be refused, with why.
    pub rejected_rows: Vec<Rejected>,
    /// Rows in the file, readable or not.
    pub total_rows: usize,
    /// The day the file was last saved: the as-of date a deals import offers by default,
    /// since an export is usually saved the day it is taken.
    pub file_date: Option<NaiveDate>,
    /// What deals without an amount will get, when any came without one.
    pub amount_note: Option<String>,
    /// When a deals file has no currency column: which currency its amounts are taken in.
    pub currency_note: Option<String>,
    /// Deals that will be kept although their account or created date is empty, each marked.
    pub kept: KeptWithMarks,
    /// The same in one sentence, when any deal will be kept with a mark.
    pub kept_note: Option<String>,
    /// What the import will create because the workspace lacks it (ids empty).
    pub created: CreatedNames,
    /// The same in words.
    pub created_note: Option<String>,
}

fn read(path: &Path) -> Result<Vec<u8>, ImportError> {
    let unreadable = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    std::fs::read(path).map_err(unreadable)
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => (other as char).to_string(),
    }
}

fn lookups(ws: &Workspace, opts: &ImportOptions) -> Result<deals::Lookups, ImportError> {
    let stages = ws.stage_names()?;
    let mut stage_map = HashMap::new();
    for (value, name) in &opts.stage_map {
        if !stages.iter().any(|(_, s)| s.eq_ignore_ascii_case(name)) {
            return Err(ImportError::UnknownStage(name.clone()));
        }
        stage_map.insert(value.to_lowercase(), name.clone());
    }
    Ok(deals::Lookups {
        partners: ws.partner_ids_by_name()?,
        stages,
        stage_map,
        currency: ws.currency()?,
        strict: opts.strict,
    })
}

/// The sentence that says a deals file without a currency column is read in the home currency.
fn currency_note(
    ws: &Workspace,
    kind: Kind,
    map: &HashMap<&'static str, usize>,
) -> Result<Option<String>, StoreError> {
    if kind != Kind::Deals || map.contains_key("currency") {
        return Ok(None);
    }
    let home = ws.currency()?;
    Ok(Some(format!(
        "No currency column: every amount is taken as {home}, the workspace's home currency."
    )))
}

/// Checked rows of one kind.
enum Rows {
    /// Deals as a preview shows them.
    Deals(deals_preview::DealsPreview),
    Roster(Roster),
}

/// Checked partner or contact rows: what an import writes in one go.
enum Roster {
    Partners(Vec<crate::domain::records::PartnerImport>),
    Contacts(Vec<crate::domain::records::ContactImport>),
}

/// A file decoded and its columns mapped, with the report its refused rows go to (beside
/// `source` when given; the first `shown` kept for the screen).
fn read_mapped<'a>(
    kind: Kind,
    bytes: &'a [u8],
    opts: &ImportOptions,
    source: Option<&Path>,
    shown: usize,
) -> Result<(Decoded<'a>, HashMap<&'static str, usize>, report::Rejects), ImportError> {
    let decoded = decode(bytes)?;
    // Presets are CRM report layouts of deals.
    let preset = opts.preset.as_deref().filter(|_| kind == Kind::Deals);
    let map = mapping::resolve(kind, &decoded.headers, preset, &opts.map)?;
    let rejects = report::Rejects::new(shown, source, &decoded.headers);
    Ok((decoded, map, rejects))
}

/// Checks partner or contact rows against the workspace's names; what they name and it lacks
/// is queued to be created (unless strict). Refused rows go to `rejects`.
fn roster_rows(
    ws: &Workspace,
    kind: Kind,
    decoded: &Decoded<'_>,
    map: &HashMap<&'static str, usize>,
    strict: bool,
    rejects: &mut report::Rejects,
) -> Result<(Roster, NewNames), StoreError> {
    let mut names = roster::Names {
        types: NameList::new(ws.names("partner_types")?),
        members: NameList::new(ws.names("team_members")?),
        partners: NameList::new(ws.names("partners")?),
        strict,
    };
    let (rows, bad) = if kind == Kind::Partners {
        let (good, bad) = roster::partners(decoded, map, &mut names);
        (Roster::Partners(good), bad)
    } else {
        let (good, bad) = roster::contacts(decoded, map, &mut names);
        (Roster::Contacts(good), bad)
    };
    bad.into_iter().for_each(|r| rejects.push(r));
    Ok((rows, names.into_new()))
}

/// A file read, mapped and checked: the rows to write, how many rows the file has, and the
/// rows refused (kept for the screen and streamed to the report).
struct Checked<'a> {
    decoded: Decoded<'a>,
    map: HashMap<&'static str, usize>,
    rows: Rows,
    /// What the rows refer to that the workspace lacks, to be created with them.
    new: NewNames,
    total: usize,
    rejects: report::Rejects,
}

/// Reads, maps and checks the file; refused rows go to a report beside `source` when given,
/// and the first `shown` of them are kept for the screen.
fn checked<'a>(
    ws: &Workspace,
    kind: Kind,
    bytes: &'a [u8],
    opts: &ImportOptions,
    source: Option<&Path>,
    shown: usize,
) -> Result<Checked<'a>, ImportError> {
    let as_of = opts.as_of.unwrap_or_else(crate::clock::today);
    let (decoded, map, mut rejects) = read_mapped(kind, bytes, opts, source, shown)?;
    let (rows, total, new) = match kind {
        Kind::Deals => {
            let mut preview = deals_preview::check(
                ws,
                &decoded,
                &map,
                &lookups(ws, opts)?,
                as_of,
                &mut rejects,
                PREVIEW_ROWS,
            )?;
            let total = preview.good.rows;
            let new = NewNames {
                partners: std::mem::take(&mut preview.good.new_partners).into_new(),
                ..NewNames::default()
            };
            (Rows::Deals(preview), total, new)
        }
        Kind::Partners | Kind::Contacts => {
            let (rows, new) = roster_rows(ws, kind, &decoded, &map, opts.strict, &mut rejects)?;
            (Rows::Roster(rows), count_rows(&decoded), new)
        }
    };
    Ok(Checked {
        decoded,
        map,
        rows,
        new,
        total,
        rejects,
    })
}

/// The day `path` was last saved, never after `today`.
fn file_date(path: &Path, today: NaiveDate) -> Option<NaiveDate> {
    let saved = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    let day = chrono::DateTime::<chrono::Local>::from(saved).date_naive();
    Some(day.min(today))
}

/// The file as it will land, without writing anything.
pub fn preview(
    ws: &Workspace,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
) -> Result<Preview, ImportError> {
    let bytes = read(path)?;
    let Checked {
        decoded,
        map,
        rows: checked_rows,
        new,
        total,
        rejects,
    } = checked(ws, kind, &bytes, opts, None, 20)?;
    let created = CreatedNames::from(&new, &CreatedIds::default());
    let new_partner = |id: i64| {
        NewNames::position(id)
            .and_then(|n| new.partners.get(n))
            .map(|name| format!("{name} (new)"))
    };
    let stages: HashMap<i64, String> = ws.stage_names()?.into_iter().collect();
    let partners: HashMap<i64, String> = ws.partner_names()?;
    let by_id = |names: HashMap<String, i64>| -> HashMap<i64, String> {
        names.into_iter().map(|(name, id)| (id, name)).collect()
    };
    let types = by_id(ws.names("partner_types")?);
    let members = by_id(ws.names("team_members")?);
    let pair = |k: &str, v: String| (k.to_string(), v);
    let rows: Vec<Vec<(String, String)>> = match &checked_rows {
        Rows::Deals(p) => p
            .shown
            .iter()
            .map(|d| {
                let marked = p.good.created_as_of_lines.contains(&d.line);
                vec![
                    pair("line", d.line.to_string()),
                    pair("id", d.external_id.clone().unwrap_or_default()),
                    pair("account", d.account.clone()),
                    pair("name", d.name.clone().unwrap_or_default()),
                    pair(
                        "partner",
                        d.partner_id
                            .and_then(|p| partners.get(&p).cloned().or_else(|| new_partner(p)))
                            .unwrap_or_default(),
                    ),
                    pair("source", d.source.as_str().replace('_', "-")),
                    pair("product", d.product.clone()),
                    pair(
                        "amount",
                        match d.amount_source {
                            crate::domain::deals::AmountSource::Given => {
                                format!("{:.2} {}", d.amount, d.currency)
                            }
                            other => {
                                format!("{:.2} {} ({})", d.amount, d.currency, other.as_str())
                            }
                        },
                    ),
                    pair(
                        "stage",
                        d.stage_id
                            .and_then(|s| stages.get(&s).cloned())
                            .unwrap_or_default(),
                    ),
                    pair(
                        "created",
                        if marked {
                            format!("{} (as of the export: no created date)", d.created_on)
                        } else {
                            d.created_on.to_string()
                        },
                    ),
                    pair("outcome", d.outcome.as_str().into()),
                    pair(
                        "closed",
                        d.closed_on.map(|c| c.to_string()).unwrap_or_default(),
                    ),
                ]
            })
            .collect(),
        Rows::Roster(Roster::Partners(good)) => good
            .iter()
            .take(10)
            .map(|p| {
                vec![
                    pair("line", p.line.to_string()),
                    pair("id", p.external_id.clone().unwrap_or_default()),
                    pair("name", p.name.clone()),
                    pair("type", name_of(p.type_id, &types, &new.types)),
                    pair("status", p.status.clone()),
                    pair("owner", name_of(p.owner_id, &members, &new.members)),
                    pair("region", p.region.clone()),
                    pair(
                        "signed",
                        p.signed_on.map(|d| d.to_string()).unwrap_or_default(),
                    ),
                ]
            })
            .collect(),
        Rows::Roster(Roster::Contacts(good)) => good
            .iter()
            .take(10)
            .map(|c| {
                vec![
                    pair("line", c.line.to_string()),
                    pair("id", c.external_id.clone().unwrap_or_default()),
                    pair(
                        "partner",
                        partners
                            .get(&c.partner_id)
                            .cloned()
                            .or_else(|| new_partner(c.partner_id))
                            .unwrap_or_default(),
                    ),
                    pair("name", c.name.clone()),
                    pair("role", c.role.clone()),
                    pair("email", c.email.clone()),
                ]
            })
            .collect(),
    };
    let mut mapping: Vec<(String, String)> = map
        .iter()
        .map(|(f, i)| ((*f).to_string(), decoded.headers[*i].clone()))
        .collect();
    mapping.sort();
    let kept = match &checked_rows {
        Rows::Deals(p) => p.good.marks,
        _ => KeptWithMarks::default(),
    };
    Ok(Preview {
        encoding: decoded.encoding.into(),
        delimiter: delimiter_name(decoded.delimiter),
        headers: decoded.headers.clone(),
        mapping,
        fields: kind.fields().iter().map(|f| f.to_string()).collect(),
        rows,
        rejected_rows: rejects.shown,
        total_rows: total,
        file_date: file_date(path, crate::clock::today()),
        amount_note: match &checked_rows {
            Rows::Deals(p) => p.estimates.note(),
            _ => None,
        },
        currency_note: currency_note(ws, kind, &map)?,
        kept,
        kept_note: kept.note(),
        created_note: created.note(false),
        created,
    })
}

/// The name an id of a preview row stands for: the workspace's, or a new one marked as such.
fn name_of(id: Option<i64>, known: &HashMap<i64, String>, new: &[String]) -> String {
    match id.map(|id| (id, NewNames::position(id))) {
        None => String::new(),
        Some((_, Some(n))) => new.get(n).map(|s| format!("{s} (new)")).unwrap_or_default(),
        Some((id, None)) => known.get(&id).cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
