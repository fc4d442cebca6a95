//! The deal timeline the forecast reads: every deal with its partner, tier and type, and every
//! dated fact the workspace was told about it, in the domain's plain form.

use super::{Result, Workspace};
use crate::domain::currency::LeftOut;
use crate::domain::deals::AmountSource;
use crate::domain::deals::{Outcome, Source};
use crate::domain::forecast::history::Partner;
use crate::domain::forecast::timeline::{DealRecord, Fact, Timeline};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl Workspace {
    /// Every deal with its partner, today's tier and type, and its dated facts: what the
    /// forecast and its backtest read, each through the timeline's as-of view.
    pub fn forecast_history(&self) -> Result<Timeline> {
        let conn = self.conn();
        let mut timeline = Timeline::default();
        let mut stage_index = HashMap::new();
        for stage in self.stages()? {
            if let Some(id) = stage.id {
                stage_index.insert(id, timeline.stages.len());
            }
            timeline.stages.push(stage);
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
            "SELECT p.id, p.name, COALESCE(pt.name, 'No type yet') FROM partners p
             LEFT JOIN partner_types pt ON pt.id = p.type_id ORDER BY p.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            partner_index.insert(id, timeline.partners.len());
            timeline.partners.push(Partner {
                name: r.get(1)?,
                tier: tiers.get(&id).cloned(),
                kind: r.get(2)?,
            });
        }
        let mut stmt = conn
            .prepare("SELECT id, source, partner_id, created_on, product FROM deals ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut record_index = HashMap::new();
        while let Some(r) = rows.next()? {
            let Some(created) = day(r.get(3)?) else {
                continue;
            };
            record_index.insert(r.get::<_, i64>(0)?, timeline.records.len());
            timeline.records.push(DealRecord {
                source: Source::parse(&r.get::<_, String>(1)?).unwrap_or(Source::Direct),
                partner: r
                    .get::<_, Option<i64>>(2)?
                    .and_then(|p| partner_index.get(&p).copied()),
                created,
                product: r.get(4)?,
                facts: Vec::new(),
            });
        }
        let mut stmt = conn.prepare(
            "SELECT deal_id, known_on, stage_id, amount, amount_source, expected_close, outcome, closed_on, currency
             FROM deal_facts ORDER BY deal_id, known_on",
        )?;
        let mut rows = stmt.query([])?;
        // Amounts in the home currency: a fact in a currency without a rate is left out, and
        // its deal counted once, never summed raw.
        let currencies = self.currencies()?;
        let mut unconverted: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let deal_id: i64 = r.get(0)?;
            let currency: String = r.get(8)?;
            let on = day(r.get(1)?);
            let raw: f64 = r.get(3)?;
            let amount = match on.and_then(|on| currencies.to_home(raw, &currency, on)) {
                Some(a) => a,
                None => {
                    unconverted.entry(currency).or_default().insert(deal_id);
                    continue;
                }
            };
            let (Some(&at), Some(known_on)) =
                (record_index.get(&r.get::<_, i64>(0)?), day(r.get(1)?))
            else {
                continue;
            };
            timeline.records[at].facts.push(Fact {
                known_on,
                stage: r
                    .get::<_, Option<i64>>(2)?
                    .and_then(|s| stage_index.get(&s).copied()),
                amount,
                amount_source: match r.get::<_, String>(4)?.as_str() {
                    "estimated" => AmountSource::Estimated,
                    "missing" => AmountSource::Missing,
                    _ => AmountSource::Given,
                },
                expected_close: day(r.get(5)?),
                outcome: match r.get::<_, String>(6)?.as_str() {
                    "won" => Outcome::Won,
                    "lost" => Outcome::Lost,
                    _ => Outcome::Open,
                },
                closed: day(r.get(7)?),
            });
        }
        timeline.records.retain(|r| !r.facts.is_empty());
        timeline.left_out = LeftOut::new(
            unconverted
                .into_iter()
                .map(|(c, deals)| (c, deals.len()))
                .collect(),
        )
        .note;
        Ok(timeline)
    }
}
