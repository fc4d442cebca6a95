//! Deals, partners and contacts as CSV for people: names instead of ids, ISO dates, plain
//! amounts beside their currency, and header names the import reads back with no mapping. A
//! file exported, imported into a new workspace and exported again comes out byte for byte
//! the same.

use super::cells::spreadsheet_cell;
use crate::store::{StoreError, Workspace};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Write;

/// What a person can export: the three kinds of record the import also reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    /// Every deal, with its partner and stage by name.
    Deals,
    /// The partner roster, with type, owner, current tier, score and rank.
    Partners,
    /// The people at partners.
    Contacts,
}

impl Records {
    /// Every kind, in the order they are offered.
    pub const ALL: [Self; 3] = [Self::Deals, Self::Partners, Self::Contacts];

    /// Reads the kind a person names (`deals`, `partners`, `contacts`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// The word a person names the kind by, and the file's default name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deals => "deals",
            Self::Partners => "partners",
            Self::Contacts => "contacts",
        }
    }

    /// The header line: each name one the import maps to its field by itself. Partners'
    /// `tier`, `score` and `rank` are worked out from the ranking; an import passes them by.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Deals => &[
                "external id",
                "deal name",
                "account",
                "partner",
                "source",
                "amount",
                "currency",
                "product",
                "stage",
                "created",
                "expected close",
                "outcome",
                "closed",
                "owner",
            ],
            Self::Partners => &[
                "external id",
                "name",
                "type",
                "status",
                "owner",
                "region",
                "signed",
                "tier",
                "score",
                "rank",
            ],
            Self::Contacts => &["external id", "partner", "name", "role", "email"],
        }
    }
}

/// Why `name` cannot be exported, naming what can.
pub fn unknown(name: &str) -> String {
    format!("There is no export “{name}”: export deals, partners or contacts.")
}

/// A number as plain text: no grouping, `.` as the decimal point, at most `decimals` places
/// and no trailing zeros (`1200`, `1234.5`, `0.125`).
pub fn plain_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    if text == "-0" {
        text = "0".into();
    }
    text
}

/// Places an amount keeps: enough for every currency's smallest unit, few enough to drop the
/// noise of sums and medians.
const AMOUNT_DECIMALS: usize = 4;

/// Places a 0–100 score keeps, as the ranking shows it.
const SCORE_DECIMALS: usize = 1;

/// How a stored source reads in a file.
fn source_word(stored: &str) -> String {
    stored.replace('_', "-")
}

/// How a stored partner status reads in a file.
fn status_word(stored: &str) -> &str {
    match stored {
        "offboarded" => "off-boarded",
        other => other,
    }
}

/// Writes `what` as CSV to `out` (UTF-8 with a byte-order mark, so spreadsheets read the
/// accents right). Returns the number of rows written.
/// `today` is the day the deals' days in stage are counted to.
pub fn write<W: Write>(
    ws: &Workspace,
    what: Records,
    today: NaiveDate,
    mut out: W,
) -> Result<usize, StoreError> {
    let rows = rows(ws, what, today)?;
    let io = |e: std::io::Error| StoreError::Io(format!("The CSV could not be written: {e}"));
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    let mut writer = csv::Writer::from_writer(out);
    let csv_io = |e: csv::Error| StoreError::Io(format!("The CSV could not be written: {e}"));
    writer.write_record(what.headers()).map_err(csv_io)?;
    for row in &rows {
        // An import trims every cell, so a cell is written as it will be read back; text a
        // spreadsheet would run is written as text.
        writer
            .write_record(row.iter().map(|cell| spreadsheet_cell(cell.trim())))
            .map_err(csv_io)?;
    }
    writer.flush().map_err(io)?;
    Ok(rows.len())
}

/// The cells of every row, in header order.
fn rows(ws: &Workspace, what: Records, today: NaiveDate) -> Result<Vec<Vec<String>>, StoreError> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Ok(match what {
        Records::Deals => {
            let mut deals = ws.deals(today)?;
            // Oldest first; an import hands out ids in file order, so the order comes back.
            deals.sort_by(|a, b| (&a.created_on, a.id).cmp(&(&b.created_on, b.id)));
            deals
                .into_iter()
                .map(|d| {
                    vec![
                        text(&d.external_id),
                        d.name,
                        d.account,
                        text(&d.partner),
                        source_word(&d.source),
                        plain_number(d.amount, AMOUNT_DECIMALS),
                        d.currency,
                        d.product,
                        text(&d.stage),
                        d.created_on,
                        text(&d.expected_close),
                        d.outcome,
                        text(&d.closed_on),
                        d.owner,
                    ]
                })
                .collect()
        }
        Records::Partners => {
            let scored = ws.scored_roster()?;
            let ranking: HashMap<i64, _> = scored
                .entries
                .into_iter()
                .map(|e| (e.partner_id, e))
                .collect();
            ws.partner_records()?
                .into_iter()
                .map(|p| {
                    let entry = ranking.get(&p.id);
                    vec![
                        text(&p.external_id),
                        p.name,
                        text(&p.type_name),
                        status_word(&p.status).to_string(),
                        text(&p.owner),
                        p.region,
                        text(&p.signed_on),
                        entry.and_then(|e| e.tier.clone()).unwrap_or_default(),
                        entry
                            .and_then(|e| e.score)
                            .map(|s| plain_number(s, SCORE_DECIMALS))
                            .unwrap_or_default(),
                        entry
                            .and_then(|e| e.rank)
                            .map(|r| r.to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect()
        }
        Records::Contacts => ws
            .contact_records()?
            .into_iter()
            .map(|c| vec![text(&c.external_id), c.partner, c.name, c.role, c.email])
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_and_canonical() {
        for (value, decimals, text) in [
            (1200.0, 4, "1200"),
            (1234.5, 4, "1234.5"),
            (1234.56, 4, "1234.56"),
            (0.1 + 0.2, 4, "0.3"),
            ((1234.56 + 1234.57) / 2.0, 4, "1234.565"),
            (0.00001, 4, "0"),
            (-0.00001, 4, "0"),
            (12_345_678.9, 4, "12345678.9"),
            (62.5, 1, "62.5"),
            (70.04, 1, "70"),
            (100.0, 1, "100"),
            (0.0, 1, "0"),
            (f64::NAN, 1, ""),
        ] {
            assert_eq!(plain_number(value, decimals), text, "{value}");
        }
    }

    #[test]
    fn kinds_are_named_and_unknown_ones_say_what_can_be_exported() {
        for r in Records::ALL {
            assert_eq!(Records::parse(r.as_str()), Some(r));
        }
        assert_eq!(Records::parse("stages"), None);
        assert_eq!(
            unknown("secrets"),
            "There is no export “secrets”: export deals, partners or contacts."
        );
    }
}
