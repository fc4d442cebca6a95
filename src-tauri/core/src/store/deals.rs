//! The sales process and deals: stages, the deal list with time in stage, stage moves and
//! closes (each an undoable edit with its stage history), and where deals pile up.

use super::{Result, StoreError, Workspace};
use crate::domain::currency::LeftOut;
use crate::domain::deals::{days_over, median_days, validate_stages, Outcome, Stage};
use crate::domain::InvalidInput;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::HashMap;

/// One deal as listed in the pipeline table, with its stage timing worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealRow {
    /// Key used to open, edit or delete the deal.
    pub id: i64,
    /// The CRM's id for the deal, when it came from one; a reimport updates by it.
    pub external_id: Option<String>,
    /// The customer account the deal is with.
    pub account: String,
    /// The deal's own name from the CRM ("" when it has none), shown under the account.
    pub name: String,
    /// The partner credited with the deal, if any; none means a direct deal.
    pub partner_id: Option<i64>,
    /// That partner's name, so the table needs no second lookup.
    pub partner: Option<String>,
    /// Where the deal came from (e.g. sourced or influenced), which drives partner credit.
    pub source: String,
    /// Deal value in the workspace currency.
    pub amount: f64,
    /// Currency the amount is in, shown next to it.
    pub currency: String,
    /// Current pipeline stage, if the deal is still open and staged.
    pub stage_id: Option<i64>,
    /// That stage's name, for display.
    pub stage: Option<String>,
    /// Day the deal was created (YYYY-MM-DD), the start of its cycle time.
    pub created_on: String,
    /// Day the deal is expected to close, used by the forecast.
    pub expected_close: Option<String>,
    /// Whether the deal is open, won or lost.
    pub outcome: String,
    /// Day the deal was won or lost, the end of its cycle time.
    pub closed_on: Option<String>,
    /// Who on the team is responsible for moving the deal on.
    pub owner: String,
    /// What the deal sells ("" when the import did not say).
    pub product: String,
    /// Day the deal reached its current stage.
    pub entered_stage_on: Option<String>,
    /// How long it has sat in its current stage, to spot stuck deals.
    pub days_in_stage: Option<i64>,
    /// Days past the stage's expected days, for an open deal that is stalled.
    pub days_over: Option<i64>,
}

/// One pipeline stage's totals, for the funnel view and stall warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageSummary {
    /// The stage these totals are about.
    pub stage: Stage,
    /// Number of open deals sitting in the stage.
    pub open: usize,
    /// Total value of those open deals, in the home currency.
    pub amount: f64,
    /// Open deals in the stage left out of `amount` for want of a rate.
    pub left_out: LeftOut,
    /// How many of them have been in the stage longer than expected.
    pub stalled: usize,
    /// Median days deals actually spent in this stage, from the stage history.
    pub median_days: Option<f64>,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// The pipeline's stages in order, as the user defined them.
    pub fn stages(&self) -> Result<Vec<Stage>> {
        let mut stmt = self.conn().prepare("SELECT id, name, owner, exit_criterion, probability, expected_days FROM stages ORDER BY position, id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Stage {
                    id: Some(r.get(0)?),
                    name: r.get(1)?,
                    owner: r.get(2)?,
                    exit_criterion: r.get(3)?,
                    probability: r.get(4)?,
                    expected_days: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Replaces the process as one undoable edit. A stage that deals are in, or were in, stays.
    pub fn save_stages(&mut self, stages: &[Stage]) -> Result<()> {
        let stages = validate_stages(stages)?;
        let existing = self.stages()?;
        for old in &existing {
            if stages.iter().any(|s| s.id == old.id) {
                continue;
            }
            let used: i64 = self.conn().query_row(
                "SELECT (SELECT COUNT(*) FROM deals WHERE stage_id = ?1) + (SELECT COUNT(*) FROM deal_stage_history WHERE stage_id = ?1)",
                [old.id],
                |r| r.get(0),
            )?;
            if used > 0 {
                return Err(StoreError::Conflict(format!(
                    "“{}” cannot be removed: deals are or were in it. Rename it instead.",
                    old.name
                )));
            }
        }
        if stages
            .iter()
            .any(|s| s.id.is_some() && !existing.iter().any(|e| e.id == s.id))
        {
            return Err(StoreError::NotFound(
                "A stage in this process no longer exists; reload and try again.".into(),
            ));
        }
        self.edit("Change sales process", |rec| {
            for old in &existing {
                if let Some(id) = old
                    .id
                    .filter(|id| !stages.iter().any(|s| s.id == Some(*id)))
                {
                    rec.delete("stages", id)?;
                }
            }
            for (i, s) in stages.iter().enumerate() {
                let cols = [
                    ("position", Value::Integer(i as i64)),
                    ("name", text(&s.name)),
                    ("owner", text(&s.owner)),
                    ("exit_criterion", text(&s.exit_criterion)),
                    ("probability", Value::Real(s.probability)),
                    ("expected_days", Value::Integer(s.expected_days)),
                ];
                match s.id {
                    Some(id) => rec.update("stages", id, &cols)?,
                    None => {
                        rec.insert("stages", &cols)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Every deal, newest first, with how long it has been in its stage on `today`.
    pub fn deals(&self, today: NaiveDate) -> Result<Vec<DealRow>> {
        let expected: HashMap<i64, i64> = self
            .stages()?
            .into_iter()
            .filter_map(|s| Some((s.id?, s.expected_days)))
            .collect();
        let mut entered: HashMap<i64, String> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT deal_id, MAX(entered_on) FROM deal_stage_history WHERE known = 1 GROUP BY deal_id")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (deal, date) = row?;
            entered.insert(deal, date);
        }
        let mut stmt = self.conn().prepare(
            "SELECT d.id, d.account, d.partner_id, p.name, d.source, d.amount, d.currency, d.stage_id, s.name, d.created_on,
                    d.expected_close, d.outcome, d.closed_on, d.owner, d.name,
                    d.external_id, d.product
             FROM deals d LEFT JOIN partners p ON p.id = d.partner_id LEFT JOIN stages s ON s.id = d.stage_id
             ORDER BY d.created_on DESC, d.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DealRow {
                id: r.get(0)?,
                external_id: r.get(15)?,
                account: r.get(1)?,
                name: r.get(14)?,
                partner_id: r.get(2)?,
                partner: r.get(3)?,
                source: r.get(4)?,
                amount: r.get(5)?,
                currency: r.get(6)?,
                stage_id: r.get(7)?,
                stage: r.get(8)?,
                created_on: r.get(9)?,
                expected_close: r.get(10)?,
                outcome: r.get(11)?,
                closed_on: r.get(12)?,
                owner: r.get(13)?,
                product: r.get(16)?,
                entered_stage_on: None,
                days_in_stage: None,
                days_over: None,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let mut d = row?;
            let since = entered
                .get(&d.id)
                .cloned()
                .unwrap_or_else(|| d.created_on.clone());
            if d.outcome == "open" {
                if let Some(since_day) = day(&since) {
                    d.days_in_stage = Some((today - since_day).num_days());
                    d.days_over = d
                        .stage_id
                        .and_then(|s| expected.get(&s))
                        .and_then(|e| days_over(since_day, *e, today));
                }
            }
            d.entered_stage_on = Some(since);
            out.push(d);
        }
        Ok(out)
    }

    /// Moves an open deal to another stage, recording the move in its stage history.
    pub fn move_deal(&mut self, deal_id: i64, stage_id: i64, today: NaiveDate) -> Result<()> {
        let found: Option<(String, String, Option<i64>, String)> = self
            .conn()
            .query_row(
                "SELECT account, outcome, stage_id, created_on FROM deals WHERE id = ?1",
                [deal_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (account, outcome, current, created) =
            found.ok_or_else(|| StoreError::NotFound("That deal no longer exists.".into()))?;
        if outcome != "open" {
            return Err(StoreError::Conflict(format!(
                "The {account} deal is {outcome}; reopen it before moving its stage."
            )));
        }
        let stage: Option<String> = self
            .conn()
            .query_row("SELECT name FROM stages WHERE id = ?1", [stage_id], |r| {
                r.get(0)
            })
            .optional()?;
        let stage =
            stage.ok_or_else(|| StoreError::NotFound("That stage no longer exists.".into()))?;
        if current == Some(stage_id) {
            return Ok(());
        }
        let when = day(&created).map_or(today, |c| today.max(c));
        self.edit(&format!("Move {account} to {stage}"), |rec| {
            rec.update("deals", deal_id, &[("stage_id", Value::Integer(stage_id))])?;
            rec.insert(
                "deal_stage_history",
                &[
                    ("deal_id", Value::Integer(deal_id)),
                    ("stage_id", Value::Integer(stage_id)),
                    ("entered_on", text(&when.to_string())),
                ],
            )?;
            super::facts::record_fact(rec, deal_id, when)
        })
    }

    /// Wins, loses or reopens a deal; winning or losing records the closed date.
    pub fn close_deal(
        &mut self,
        deal_id: i64,
        outcome: Outcome,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        let found: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT account, created_on FROM deals WHERE id = ?1",
                [deal_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (account, created) =
            found.ok_or_else(|| StoreError::NotFound("That deal no longer exists.".into()))?;
        if date > today {
            return Err(
                InvalidInput::new("closed_on", "A deal cannot be closed in the future.").into(),
            );
        }
        if day(&created).is_some_and(|c| date < c) {
            return Err(InvalidInput::new(
                "closed_on",
                format!("The close date {date} is before the deal was created ({created})."),
            )
            .into());
        }
        let closed = match outcome {
            Outcome::Open => Value::Null,
            _ => text(&date.to_string()),
        };
        let label = match outcome {
            Outcome::Won => format!("Win {account}"),
            Outcome::Lost => format!("Lose {account}"),
            Outcome::Open => format!("Reopen {account}"),
        };
        self.edit(&label, |rec| {
            rec.update(
                "deals",
                deal_id,
                &[("outcome", text(outcome.as_str())), ("closed_on", closed)],
            )?;
            super::facts::record_fact(rec, deal_id, today.max(date))
        })
    }

    /// Per stage: open deals and their amount, how many are stalled, and the median days deals
    /// actually spent in the stage (from the history: until the next stage, or until closing).
    pub fn process_summary(&self, today: NaiveDate) -> Result<Vec<StageSummary>> {
        let stages = self.stages()?;
        let deals = self.deals(today)?;
        let currencies = self.currencies()?;
        let closed: HashMap<i64, String> = deals
            .iter()
            .filter_map(|d| Some((d.id, d.closed_on.clone()?)))
            .collect();
        let mut spent: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut stmt = self.conn().prepare("SELECT deal_id, stage_id, entered_on FROM deal_stage_history WHERE known = 1 ORDER BY deal_id, entered_on, id")?;
        let history: Vec<(i64, i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (i, (deal, stage, entered)) in history.iter().enumerate() {
            let until = match history.get(i + 1) {
                Some((next_deal, _, next)) if next_deal == deal => Some(next.clone()),
                _ => closed.get(deal).cloned(),
            };
            if let (Some(a), Some(b)) = (day(entered), until.as_deref().and_then(day)) {
                spent
                    .entry(*stage)
                    .or_default()
                    .push((b - a).num_days().max(0));
            }
        }
        Ok(stages
            .into_iter()
            .map(|s| {
                let open: Vec<&DealRow> = deals
                    .iter()
                    .filter(|d| d.outcome == "open" && d.stage_id == s.id)
                    .collect();
                let stalled = open.iter().filter(|d| d.days_over.is_some()).count();
                let split = currencies.split(open, today);
                StageSummary {
                    open: split.kept.len() + split.left_out.deals,
                    amount: split.total(),
                    left_out: split.left_out,
                    stalled,
                    median_days: median_days(
                        s.id.and_then(|id| spent.remove(&id)).unwrap_or_default(),
                    ),
                    stage: s,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::generate;
    use crate::store::create_demo;

    #[test]
    fn moving_a_stage_writes_history_and_undo_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let mut ws =
            create_demo(&dir.path().join("d.partnerboard"), &generate(60, 2, as_of)).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let deal = ws
            .deals(today)
            .unwrap()
            .into_iter()
            .find(|d| d.outcome == "open")
            .unwrap();
        let target = ws
            .stages()
            .unwrap()
            .into_iter()
            .find(|s| s.id != deal.stage_id)
            .unwrap()
            .id
            .unwrap();
        let history = |ws: &Workspace| -> i64 {
            ws.conn()
                .query_row(
                    "SELECT COUNT(*) FROM deal_stage_history WHERE deal_id = ?1",
                    [deal.id],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let before = history(&ws);
        ws.move_deal(deal.id, target, today).unwrap();
        assert_eq!(history(&ws), before + 1);
        let moved = ws
            .deals(today)
            .unwrap()
            .into_iter()
            .find(|d| d.id == deal.id)
            .unwrap();
        assert_eq!(
            (moved.stage_id, moved.days_in_stage),
            (Some(target), Some(0))
        );
        ws.undo().unwrap();
        assert_eq!(history(&ws), before);
        ws.close_deal(deal.id, Outcome::Won, today, today).unwrap();
        assert!(ws.move_deal(deal.id, target, today).is_err());
        assert!(ws
            .close_deal(deal.id, Outcome::Won, today.succ_opt().unwrap(), today)
            .is_err());
        let summary = ws.process_summary(today).unwrap();
        assert_eq!(summary.len(), 5);
        assert!(summary.iter().all(|s| s.median_days.is_some()));
        assert!(summary.iter().map(|s| s.stalled).sum::<usize>() > 0);
        let mut three = ws.stages().unwrap();
        three.truncate(3);
        assert!(ws
            .save_stages(&three)
            .unwrap_err()
            .to_string()
            .contains("4 to 6"));
        let mut fewer = ws.stages().unwrap();
        fewer.remove(1);
        assert!(ws
            .save_stages(&fewer)
            .unwrap_err()
            .to_string()
            .contains("cannot be removed"));
    }
}
