//! The deal history the forecast reads: every deal with its partner, tier, type and stage
//! moves, in the domain's plain form.

use super::{Result, Workspace};
use crate::domain::deals::AmountSource;
use crate::domain::deals::{Outcome, Source};
use crate::domain::forecast::history::{Deal, History, Partner, Stage};
use chrono::NaiveDate;
use std::collections::HashMap;

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl Workspace {
    /// Every deal with its partner, today's tier, type and stage moves, lost deals recorded at
    /// zero valued as the pipeline saw them: what the forecast and its backtest read.
    pub fn forecast_history(&self) -> Result<History> {
        let conn = self.conn();
        let mut history = History::default();
        let mut stage_index = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, name, probability, expected_days FROM stages ORDER BY position, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            stage_index.insert(r.get::<_, i64>(0)?, history.stages.len());
            history.stages.push(Stage {
                name: r.get(1)?,
                probability: r.get(2)?,
                expected_days: r.get(3)?,
            });
        }
        // Tiers as the ranking assigns them today.
        let tiers: HashMap<i64, String> = self
            .scored_roster()?
            .entries
            .into_iter()
            .filter_map(|e| e.tier.map(|t| (e.partner_id, t)))
            .collect();
        let mut partner_index = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT p.id, p.name, pt.name FROM partners p
             JOIN partner_types pt ON pt.id = p.type_id ORDER BY p.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            partner_index.insert(id, history.partners.len());
            history.partners.push(Partner {
                name: r.get(1)?,
                tier: tiers.get(&id).cloned(),
                kind: r.get(2)?,
            });
        }
        let mut moves: HashMap<i64, Vec<(usize, NaiveDate)>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT deal_id, stage_id, entered_on FROM deal_stage_history ORDER BY entered_on, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(stage), Some(on)) = (stage_index.get(&r.get::<_, i64>(1)?), day(r.get(2)?))
            else {
                continue;
            };
            moves.entry(r.get(0)?).or_default().push((*stage, on));
        }
        let mut stmt = conn.prepare(
            "SELECT id, amount, source, partner_id, created_on, outcome, closed_on, expected_close,
                    stage_id, amount_source, product
             FROM deals ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut products = Vec::new();
        while let Some(r) = rows.next()? {
            let Some(created) = day(r.get(4)?) else {
                continue;
            };
            let outcome = match r.get::<_, String>(5)?.as_str() {
                "won" => Outcome::Won,
                "lost" => Outcome::Lost,
                _ => Outcome::Open,
            };
            let id: i64 = r.get(0)?;
            history.deals.push(Deal {
                amount: r.get(1)?,
                amount_source: match r.get::<_, String>(9)?.as_str() {
                    "estimated" => AmountSource::Estimated,
                    "missing" => AmountSource::Missing,
                    _ => AmountSource::Given,
                },
                source: Source::parse(&r.get::<_, String>(2)?).unwrap_or(Source::Direct),
                partner: r
                    .get::<_, Option<i64>>(3)?
                    .and_then(|p| partner_index.get(&p).copied()),
                created,
                outcome,
                closed: day(r.get(6)?),
                expected_close: day(r.get(7)?),
                stage: r
                    .get::<_, Option<i64>>(8)?
                    .and_then(|s| stage_index.get(&s).copied()),
                moves: moves.remove(&id).unwrap_or_default(),
            });
            products.push(r.get::<_, String>(10)?);
        }
        history.value_lost_deals(&products);
        Ok(history)
    }
}
