//! Deal rows: from mapped CSV fields to checked deals, or a reason per rejected row.

use super::values::{day_order, parse_amount, parse_date, uses_decimal_comma, DayOrder};
use super::{Decoded, Rejected};
use crate::domain::deals::{DealImport, Outcome, Source};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a deal row is resolved against.
pub struct Lookups {
    /// Lower-cased partner name → id.
    pub partners: HashMap<String, i64>,
    /// Stages in order: (id, name).
    pub stages: Vec<(i64, String)>,
    /// Lower-cased CSV stage value → workspace stage name, from the user's stage map.
    pub stage_map: HashMap<String, String>,
    pub currency: String,
}

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

/// Checks every row. Good rows come back as deals in file order; each bad row as one reason.
pub fn rows(
    decoded: &Decoded,
    map: &HashMap<&'static str, usize>,
    l: &Lookups,
) -> (Vec<DealImport>, Vec<Rejected>) {
    let mut rejected = match super::start(decoded, map, &["account", "amount", "created"]) {
        Ok(r) => r,
        Err(r) => return (Vec::new(), r),
    };
    let column = |row: &[String], field: &str| -> String {
        map.get(field)
            .and_then(|&i| row.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let header = |field: &str| -> String {
        map.get(field)
            .and_then(|&i| decoded.headers.get(i))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    let amounts: Vec<String> = decoded
        .rows
        .iter()
        .map(|(_, r)| column(r, "amount"))
        .collect();
    let decimal_comma = uses_decimal_comma(
        decoded.delimiter,
        &amounts.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let order_of = |field: &str| -> DayOrder {
        let values: Vec<String> = decoded.rows.iter().map(|(_, r)| column(r, field)).collect();
        day_order(&values.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let orders: HashMap<&str, DayOrder> = ["created", "expected_close", "closed"]
        .into_iter()
        .map(|f| (f, order_of(f)))
        .collect();
    let date = |row: &[String], field: &str| -> Result<Option<NaiveDate>, (String, String)> {
        let raw = column(row, field);
        if raw.trim().is_empty() {
            return Ok(None);
        }
        parse_date(&raw, orders[field])
            .map(Some)
            .map_err(|e| (header(field), e))
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
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
            let external_id = Some(column(row, "id")).filter(|s| !s.trim().is_empty());
            if let Some(id) = &external_id {
                if let Some(first) = seen.get(id) {
                    return Err((
                        header("id"),
                        format!("duplicate id “{id}” (first on line {first})"),
                    ));
                }
            }
            let account = column(row, "account");
            if account.trim().is_empty() {
                return Err((header("account"), "the account is empty".into()));
            }
            if account.chars().count() > 200 {
                return Err((
                    header("account"),
                    "the account name is longer than 200 characters".into(),
                ));
            }
            let amount = parse_amount(&column(row, "amount"), decimal_comma)
                .map_err(|e| (header("amount"), e))?;
            if amount < 0.0 {
                return Err((
                    header("amount"),
                    format!("the amount is negative ({amount})"),
                ));
            }
            let partner_name = column(row, "partner");
            let partner_id = if partner_name.trim().is_empty() {
                None
            } else {
                Some(
                    *l.partners
                        .get(&partner_name.trim().to_lowercase())
                        .ok_or_else(|| {
                            (
                                header("partner"),
                                format!("unknown partner “{}”", partner_name.trim()),
                            )
                        })?,
                )
            };
            let source_raw = column(row, "source");
            let source = if source_raw.trim().is_empty() {
                if partner_id.is_some() {
                    Source::PartnerSourced
                } else {
                    Source::Direct
                }
            } else {
                Source::parse(&source_raw).ok_or_else(|| (header("source"), format!("unknown source “{}”: use partner-sourced, partner-influenced or direct", source_raw.trim())))?
            };
            if source != Source::Direct && partner_id.is_none() {
                return Err((
                    header("partner"),
                    "a partner deal needs its partner of record".into(),
                ));
            }
            let created_on = date(row, "created")?
                .ok_or_else(|| (header("created"), "the created date is empty".into()))?;
            let expected_close = date(row, "expected_close")?;
            let mut closed_on = date(row, "closed")?;
            let (stage_id, mut outcome) = match column(row, "stage") {
                s if s.trim().is_empty() => (l.stages.first().map(|s| s.0), Outcome::Open),
                s => match resolve_stage(&s, l).map_err(|e| (header("stage"), e))? {
                    StageValue::Stage(id) => (Some(id), Outcome::Open),
                    StageValue::Closed(o) => (
                        l.stages.last().map(|s| s.0).filter(|_| o == Outcome::Won),
                        o,
                    ),
                },
            };
            match column(row, "outcome").trim().to_lowercase().as_str() {
                "" => {}
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
            let currency = Some(column(row, "currency").trim().to_uppercase())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| l.currency.clone());
            if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err((
                    header("currency"),
                    format!("“{currency}” is not a three-letter currency code"),
                ));
            }
            let owner = column(row, "owner");
            Ok(DealImport {
                line: *line,
                external_id,
                account: account.trim().to_string(),
                partner_id,
                source,
                amount,
                currency,
                stage_id,
                created_on,
                expected_close,
                outcome,
                closed_on,
                owner: owner.trim().to_string(),
            })
        })();
        match result {
            Ok(deal) => {
                if let Some(id) = &deal.external_id {
                    seen.insert(id.clone(), *line);
                }
                accepted.push(deal);
            }
            Err((column, reason)) => rejected.push(Rejected {
                line: *line,
                column,
                reason,
                fields: row.clone(),
            }),
        }
    }
    rejected.sort_by_key(|r| r.line);
    (accepted, rejected)
}
