//! Deal rows: from mapped CSV fields to checked deals, or a reason per rejected row.

use super::decode::{owned, Trimmed};
use super::values::{day_order, parse_amount, parse_date, uses_decimal_comma, DayOrder};
use super::{Decoded, Rejected};
use crate::domain::currency::code;
use crate::domain::deals::{AmountSource, DealImport, Outcome, Source};
use chrono::NaiveDate;
use csv::StringRecord;
use std::collections::HashMap;

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
    stages: HashMap<&'a str, Result<StageValue, String>, foldhash::fast::RandomState>,
    partners: HashMap<&'a str, Option<i64>, foldhash::fast::RandomState>,
}

impl<'a> Resolved<'a> {
    fn new(lookups: &'a Lookups) -> Self {
        Self {
            lookups,
            stages: HashMap::default(),
            partners: HashMap::default(),
        }
    }

    fn stage(&mut self, raw: &'a str) -> Result<StageValue, String> {
        let l = self.lookups;
        self.stages
            .entry(raw)
            .or_insert_with(|| resolve_stage(raw, l))
            .clone()
    }

    /// The partner's id, or `None` when no partner has that name.
    fn partner(&mut self, name: &'a str) -> Option<i64> {
        let l = self.lookups;
        *self
            .partners
            .entry(name)
            .or_insert_with(|| l.partners.get(&name.to_lowercase()).copied())
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

/// Checks every row. Good rows come back as deals in file order; each bad row as one reason.
pub(crate) fn rows(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    l: &Lookups,
) -> (Vec<DealImport>, Vec<Rejected>) {
    let mut rejected = match super::start(decoded, map, &["account", "amount", "created"]) {
        Ok(r) => r,
        Err(r) => return (Vec::new(), r),
    };
    let cols = Columns::new(map);
    let header = |field: &str| -> String {
        map.get(field)
            .and_then(|&i| decoded.headers.get(i))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    let values = |column: Option<usize>| -> Vec<&str> {
        decoded.rows.iter().map(|(_, r)| cell(r, column)).collect()
    };
    let decimal_comma = uses_decimal_comma(decoded.delimiter, &values(cols.amount));
    let created_order = day_order(&values(cols.created));
    let expected_order = day_order(&values(cols.expected_close));
    let closed_order = day_order(&values(cols.closed));
    let date = |row: &StringRecord,
                column: Option<usize>,
                order: DayOrder,
                field: &str|
     -> Result<Option<NaiveDate>, (String, String)> {
        let raw = cell(row, column);
        if raw.trim().is_empty() {
            return Ok(None);
        }
        parse_date(raw, order)
            .map(Some)
            .map_err(|e| (header(field), e))
    };
    let mut resolved = Resolved::new(l);
    let mut seen: HashMap<&str, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(decoded.rows.len(), Default::default());
    let mut accepted = Vec::with_capacity(decoded.rows.len());
    for (line, row) in &decoded.rows {
        let result = (|| -> Result<DealImport, (String, String)> {
            if row.len() < decoded.headers.len() && map.values().any(|&i| i >= row.len()) {
                return Err((
                    String::new(),
                    format!(
                        "the row has {} fields; the header has {}",
                        row.len(),
                        decoded.headers.len()
                    ),
                ));
            }
            let external_id = Some(cell(row, cols.id)).filter(|s| !s.trimmed().is_empty());
            if let Some(id) = external_id {
                if let Some(first) = seen.get(id) {
                    return Err((
                        header("id"),
                        format!("duplicate id “{id}” (first on line {first})"),
                    ));
                }
            }
            let account = cell(row, cols.account).trimmed();
            if account.is_empty() {
                return Err((header("account"), "the account is empty".into()));
            }
            if account.chars().count() > 200 {
                return Err((
                    header("account"),
                    "the account name is longer than 200 characters".into(),
                ));
            }
            // An empty amount is estimated once every row is read (see `estimate_missing_amounts`).
            let amount_raw = cell(row, cols.amount);
            let (amount, amount_source) = if amount_raw.trimmed().is_empty() {
                (0.0, AmountSource::Missing)
            } else {
                let amount =
                    parse_amount(amount_raw, decimal_comma).map_err(|e| (header("amount"), e))?;
                (amount, AmountSource::Given)
            };
            if amount < 0.0 {
                return Err((
                    header("amount"),
                    format!("the amount is negative ({amount})"),
                ));
            }
            let partner_name = cell(row, cols.partner).trimmed();
            let partner_id = if partner_name.is_empty() {
                None
            } else {
                Some(resolved.partner(partner_name).ok_or_else(|| {
                    (
                        header("partner"),
                        format!("unknown partner “{partner_name}”"),
                    )
                })?)
            };
            let source_raw = cell(row, cols.source);
            let source = if source_raw.trimmed().is_empty() {
                if partner_id.is_some() {
                    Source::PartnerSourced
                } else {
                    Source::Direct
                }
            } else {
                Source::parse(source_raw).ok_or_else(|| (header("source"), format!("unknown source “{}”: use partner-sourced, partner-influenced or direct", source_raw.trim())))?
            };
            if source != Source::Direct && partner_id.is_none() {
                return Err((
                    header("partner"),
                    "a partner deal needs its partner of record".into(),
                ));
            }
            let created_on = date(row, cols.created, created_order, "created")?
                .ok_or_else(|| {
                    let column = header("created");
                    let reason = format!("the created date ({column}) is empty; a deal needs the date it was created");
                    (column, reason)
                })?;
            let expected_close = date(row, cols.expected_close, expected_order, "expected_close")?;
            let mut closed_on = date(row, cols.closed, closed_order, "closed")?;
            let (mut stage_id, mut outcome) = match cell(row, cols.stage) {
                s if s.trimmed().is_empty() => (l.stages.first().map(|s| s.0), Outcome::Open),
                s => match resolved.stage(s).map_err(|e| (header("stage"), e))? {
                    StageValue::Stage(id) => (Some(id), Outcome::Open),
                    StageValue::Closed(o) => (
                        l.stages.last().map(|s| s.0).filter(|_| o == Outcome::Won),
                        o,
                    ),
                },
            };
            let outcome_raw = cell(row, cols.outcome).trimmed();
            if !outcome_raw.is_empty() {
                match outcome_raw.to_lowercase().as_str() {
                    "open" => outcome = Outcome::Open,
                    "won" | "closed won" => outcome = Outcome::Won,
                    "lost" | "closed lost" => outcome = Outcome::Lost,
                    other => {
                        return Err((
                            header("outcome"),
                            format!("unknown outcome “{other}”: use open, won or lost"),
                        ))
                    }
                }
            }
            // A won or lost deal whose stage is left empty has none (as the app's export writes it).
            if outcome != Outcome::Open && cell(row, cols.stage).trimmed().is_empty() {
                stage_id = None;
            }
            if outcome != Outcome::Open && closed_on.is_none() {
                closed_on = expected_close;
            }
            if outcome == Outcome::Open {
                closed_on = None;
            } else if closed_on.is_none() {
                return Err((
                    header("closed"),
                    "a won or lost deal needs its close date".into(),
                ));
            }
            if let Some(c) = closed_on {
                if c < created_on {
                    return Err((
                        header(if map.contains_key("closed") {
                            "closed"
                        } else {
                            "expected_close"
                        }),
                        format!("the close date {c} is before the created date {created_on}"),
                    ));
                }
            }
            let currency_raw = cell(row, cols.currency).trimmed();
            let currency = if currency_raw.is_empty() {
                l.currency.clone()
            } else {
                code("currency", currency_raw).map_err(|e| (header("currency"), e.message))?
            };
            Ok(DealImport {
                line: *line,
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
            })
        })();
        match result {
            Ok(deal) => {
                if deal.external_id.is_some() {
                    seen.insert(cell(row, cols.id), *line);
                }
                accepted.push(deal);
            }
            Err((column, reason)) => rejected.push(Rejected {
                line: *line,
                column,
                reason,
                fields: owned(row),
            }),
        }
    }
    rejected.sort_by_key(|r| r.line);
    (accepted, rejected)
}
