//! Scoring cycles: dated snapshots of every partner's scores, rank and tier, closed at the
//! re-score cadence and compared with each other.

use super::{Result, StoreError, Workspace};
use crate::domain::cycles::CycleEntry;
use crate::domain::roster::{RosterPartner, ScoredRoster};
use crate::domain::validate;
use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::HashMap;

/// A scoring cycle as listed, with how far its ranking got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleSummary {
    /// Key used to open the cycle.
    pub id: i64,
    /// Name the user gave the cycle, e.g. a quarter.
    pub name: String,
    /// Day the cycle was closed (YYYY-MM-DD), the date its ranking stands for.
    pub closed_on: String,
    /// How many partners got a score and a rank.
    pub ranked: i64,
    /// How many partners were left unscored, i.e. gaps to chase.
    pub unscored: i64,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// Closes a scoring cycle: a dated snapshot of every partner's scores, weighted score, rank
    /// and tier under the current model. Returns the cycle's id.
    pub fn close_cycle(&mut self, name: &str, closed_on: &str) -> Result<i64> {
        let name = validate::text("name", "The cycle's name", name, 1, 80)?;
        let date = validate::date("closed_on", "The cycle's date", closed_on)?;
        let ScoredRoster {
            model,
            tiers,
            roster,
            live: snapshot,
            ..
        } = self.scored_roster()?;
        let ranked: Vec<&RosterPartner> = roster.iter().filter(|p| p.is_ranked()).collect();
        let model_json =
            serde_json::json!({ "factors": model.factors, "tiers": tiers }).to_string();
        let by_id: HashMap<i64, &RosterPartner> = ranked.iter().map(|p| (p.id, *p)).collect();
        let scores_json = |p: &RosterPartner| -> String {
            let map: serde_json::Map<String, serde_json::Value> = model
                .factors
                .iter()
                .zip(&p.scores)
                .map(|(f, s)| (f.name.clone(), serde_json::json!(s)))
                .collect();
            serde_json::Value::Object(map).to_string()
        };
        self.edit(&format!("Close scoring cycle “{name}”"), |rec| {
            let cycle = rec.insert(
                "scoring_cycles",
                &[
                    ("name", text(&name)),
                    ("closed_on", text(&date.to_string())),
                    ("model", text(&model_json)),
                ],
            )?;
            for e in &snapshot {
                let Some(p) = by_id.get(&e.partner_id) else {
                    continue;
                };
                rec.insert(
                    "cycle_entries",
                    &[
                        ("cycle_id", Value::Integer(cycle)),
                        ("partner_id", Value::Integer(e.partner_id)),
                        ("partner_name", text(&e.name)),
                        ("scores", text(&scores_json(p))),
                        ("weighted_score", e.score.map_or(Value::Null, Value::Real)),
                        (
                            "rank",
                            e.rank.map_or(Value::Null, |r| Value::Integer(r as i64)),
                        ),
                        ("tier_name", e.tier.as_deref().map_or(Value::Null, text)),
                    ],
                )?;
            }
            Ok(cycle)
        })
    }

    /// Every closed cycle, newest first.
    pub fn cycles(&self) -> Result<Vec<CycleSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name, c.closed_on,
                    (SELECT COUNT(*) FROM cycle_entries e WHERE e.cycle_id = c.id AND e.rank IS NOT NULL),
                    (SELECT COUNT(*) FROM cycle_entries e WHERE e.cycle_id = c.id AND e.rank IS NULL)
             FROM scoring_cycles c ORDER BY c.closed_on DESC, c.id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CycleSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    closed_on: r.get(2)?,
                    ranked: r.get(3)?,
                    unscored: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// A cycle's snapshot, in rank order with unscored partners last.
    pub fn cycle_entries(&self, cycle_id: i64) -> Result<Vec<CycleEntry>> {
        let exists: bool = self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM scoring_cycles WHERE id = ?1)",
            [cycle_id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::NotFound(
                "That scoring cycle does not exist.".into(),
            ));
        }
        let mut stmt = self.conn().prepare(
            "SELECT partner_id, partner_name, weighted_score, rank, tier_name FROM cycle_entries
             WHERE cycle_id = ?1 ORDER BY rank IS NULL, rank, partner_name",
        )?;
        let rows = stmt
            .query_map(params![cycle_id], |r| {
                Ok(CycleEntry {
                    partner_id: r.get(0)?,
                    name: r.get(1)?,
                    score: r.get(2)?,
                    rank: r.get::<_, Option<i64>>(3)?.map(|x| x as usize),
                    tier: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
