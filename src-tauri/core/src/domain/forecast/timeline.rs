//! What the workspace was told about its deals, and when. Each import is a snapshot dated by
//! its as-of day, and each edit is dated by the day it was made; a deal's stage, amount,
//! expected close and outcome on any past day are those of its latest fact on or before that
//! day. Every forecast and backtest reads the deals through [`Timeline::as_of`], the one view
//! that cannot return a fact dated after its day.

use super::history::{Deal, History, Partner, Stage};
#[cfg(test)]
use super::methods::Method;
use crate::domain::deals::{AmountSource, Outcome, Source};
use chrono::NaiveDate;

/// What one snapshot or edit said about a deal, on the day it was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The snapshot's as-of day, or the day of the edit: the fact is unknown before it.
    pub known_on: NaiveDate,
    /// What the deal was worth then, in the home currency.
    pub amount: f64,
    /// Whether `amount` was given, estimated or missing.
    pub amount_source: AmountSource,
    /// Index into `Timeline::stages` of its stage then, if the record named one.
    pub stage: Option<usize>,
    /// The close date the CRM expected then.
    pub expected_close: Option<NaiveDate>,
    /// Open, won or lost, as told that day.
    pub outcome: Outcome,
    /// The day it was won or lost, when closed.
    pub closed: Option<NaiveDate>,
}

/// One deal: what does not change (its source, partner, creation day, product) and every
/// dated fact about the rest, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct DealRecord {
    /// Partner-sourced, partner-influenced or direct.
    pub source: Source,
    /// Index into `Timeline::partners`.
    pub partner: Option<usize>,
    /// The day the deal was created, as its first record says.
    pub created: NaiveDate,
    /// What it sells: lost deals recorded at zero are valued at their product's median win.
    pub product: String,
    /// Dated facts, oldest first; a record with none is never seen.
    pub facts: Vec<Fact>,
}

/// Every deal's dated facts, with the partners and stages they point into.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeline {
    /// One per deal.
    pub records: Vec<DealRecord>,
    /// The partners records point into.
    pub partners: Vec<Partner>,
    /// The stages facts point into, in pipeline order.
    pub stages: Vec<Stage>,
    /// Why some deals are not in it at all (amounts in a currency without a rate), in a
    /// sentence the forecast prints; `None` when every deal is.
    pub left_out: Option<String>,
}

impl DealRecord {
    /// The facts known by the end of `day`: a prefix, since facts are kept oldest first.
    fn known_by(&self, day: NaiveDate) -> &[Fact] {
        let n = self.facts.partition_point(|f| f.known_on <= day);
        &self.facts[..n]
    }

    /// The deal as it was known at the end of `day`, if anything was known of it by then.
    fn as_of(&self, day: NaiveDate) -> Option<Deal> {
        let known = self.known_by(day);
        let last = known.last()?;
        let first_seen = known.first().map_or(last.known_on, |f| f.known_on);
        // A deal cannot be known before it exists; a record that says so is read as created
        // the day it was first told.
        let created = self.created.min(first_seen);
        // A closing told on `known_on` happened by then.
        let closed = match last.outcome {
            Outcome::Open => None,
            _ => Some(last.closed.map_or(last.known_on, |c| c.min(last.known_on))),
        }
        .map(|c| c.max(created));
        // Stages entered, dated the day they were first told: nothing before the first fact,
        // and no stage for a deal first told closed.
        let mut moves: Vec<(usize, NaiveDate)> = Vec::new();
        for f in known.iter().filter(|f| f.outcome == Outcome::Open) {
            if let Some(s) = f.stage {
                if moves.last().map(|m| m.0) != Some(s) {
                    moves.push((s, f.known_on));
                }
            }
        }
        Some(Deal {
            amount: last.amount,
            amount_source: last.amount_source,
            source: self.source,
            partner: self.partner,
            created,
            outcome: last.outcome,
            closed,
            expected_close: last.expected_close,
            stage: last.stage,
            moves,
        })
    }
}

impl Timeline {
    /// The first and last day anything was told: the range a forecast may stand on.
    pub fn known_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self
            .records
            .iter()
            .flat_map(|r| r.facts.iter())
            .map(|f| f.known_on);
        let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
        for d in days {
            first = Some(first.map_or(d, |f| f.min(d)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
        Some((first?, last?))
    }

    /// Every day on which something was told, oldest first: the days a backtest can replay.
    pub fn known_days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .records
            .iter()
            .flat_map(|r| r.facts.iter().map(|f| f.known_on))
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// How many deals were known closed (won or lost) at the end of `day`: what the deals as
    /// of `day` would count, without building them.
    pub(crate) fn closed_by(&self, day: NaiveDate) -> usize {
        self.records
            .iter()
            .filter(|r| {
                r.known_by(day)
                    .last()
                    .is_some_and(|f| f.outcome != Outcome::Open)
            })
            .count()
    }

    /// The timeline with every fact dated after `day` left out: what was known by its end.
    pub fn known_by(&self, day: NaiveDate) -> Timeline {
        Timeline {
            records: self
                .records
                .iter()
                .filter_map(|r| {
                    let facts = r.known_by(day);
                    (!facts.is_empty()).then(|| DealRecord {
                        facts: facts.to_vec(),
                        ..r.clone()
                    })
                })
                .collect(),
            partners: self.partners.clone(),
            stages: self.stages.clone(),
            left_out: self.left_out.clone(),
        }
    }

    /// The deals as they were known at the end of `day`: only deals told of by then, each
    /// with its latest fact on or before it, and lost deals recorded at zero valued from the
    /// wins known by then.
    pub fn as_of(&self, day: NaiveDate) -> History {
        // Borrowed, not copied: a backtest builds one view per origin over every deal.
        let mut products: Vec<&str> = Vec::new();
        let mut deals = Vec::new();
        for r in &self.records {
            if let Some(d) = r.as_of(day) {
                deals.push(d);
                products.push(&r.product);
            }
        }
        let mut history = History {
            deals,
            partners: self.partners.clone(),
            stages: self.stages.clone(),
        };
        history.value_lost_deals(&products);
        history
    }

    /// What a CRM exported on each of `days` would have said of `truth`, a history whose deals
    /// carry their whole stage path: one fact per deal per day on which it had changed (none
    /// for a deal created after the last day), records in the order of `truth`'s deals. The
    /// demo workspace and the tests build their snapshots this way.
    pub fn observed(truth: &History, products: &[String], days: &[NaiveDate]) -> Timeline {
        let days = snapshot_days(days);
        let records = truth
            .deals
            .iter()
            .enumerate()
            .map(|(i, d)| DealRecord {
                source: d.source,
                partner: d.partner,
                created: d.created,
                product: products.get(i).cloned().unwrap_or_default(),
                facts: observed_facts(d, &days),
            })
            .collect();
        Timeline {
            records,
            partners: truth.partners.clone(),
            stages: truth.stages.clone(),
            left_out: None,
        }
    }

    /// Every `step` days from `first` to `last`, ending on `last`: weekly snapshot days.
    pub fn every(first: NaiveDate, last: NaiveDate, step: i64) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = last;
        while d >= first {
            out.push(d);
            d -= chrono::Duration::days(step.max(1));
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests;

/// `days` sorted, each once: the order snapshots are told in.
pub fn snapshot_days(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut days = days.to_vec();
    days.sort_unstable();
    days.dedup();
    days
}

/// What snapshots taken on `days` (sorted, see [`snapshot_days`]) would have said of `deal`,
/// whose whole stage path is known: one fact per day on which it had changed.
pub fn observed_facts(d: &Deal, days: &[NaiveDate]) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    for &day in days.iter().filter(|day| **day >= d.created) {
        let closed = d.closed.filter(|c| *c <= day && d.outcome != Outcome::Open);
        let fact = Fact {
            known_on: day,
            amount: d.amount,
            amount_source: d.amount_source,
            stage: match closed {
                Some(_) => d.stage,
                None => d
                    .moves
                    .iter()
                    .rev()
                    .find(|(_, on)| *on <= day)
                    .map(|m| m.0)
                    .or(d.moves.first().map(|m| m.0))
                    .or(d.stage),
            },
            expected_close: d.expected_close,
            outcome: if closed.is_some() {
                d.outcome
            } else {
                Outcome::Open
            },
            closed,
        };
        let changed = facts.last().is_none_or(|p| {
            (p.stage, p.outcome, p.closed) != (fact.stage, fact.outcome, fact.closed)
        });
        if changed {
            facts.push(fact);
        }
    }
    facts
}
