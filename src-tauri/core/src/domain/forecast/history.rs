//! The deal history a forecast reads, and what of it was known on a given day: deals created
//! by then, their stage then, and outcomes only if they had closed by then.

use crate::domain::deals::{median_amount, AmountSource, Outcome, Source};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One deal as the forecast reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    /// What it is worth when won.
    pub amount: f64,
    /// Whether `amount` can be trusted, was estimated, or is missing.
    pub amount_source: AmountSource,
    /// Partner-sourced, partner-influenced or direct: the forecast's source lines.
    pub source: Source,
    /// Index into `History::partners`.
    pub partner: Option<usize>,
    /// The day its clock starts: it is unknown before.
    pub created: NaiveDate,
    /// Open, won or lost, as of now.
    pub outcome: Outcome,
    /// The day it was won or lost.
    pub closed: Option<NaiveDate>,
    /// The close date the CRM expects, read while the deal is open.
    pub expected_close: Option<NaiveDate>,
    /// Index into `History::stages` of the deal's stage now.
    pub stage: Option<usize>,
    /// Stages entered, as (stage index, date), oldest first.
    pub moves: Vec<(usize, NaiveDate)>,
}

/// A partner as the forecast's breakdowns name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// The partner line's label.
    pub name: String,
    /// Its tier today, for the tier lines; `None` shows as "No tier".
    pub tier: Option<String>,
    /// Its partner type, for the type lines and the calibrated method's groups.
    pub kind: String,
}

/// A pipeline stage, in pipeline order: the one the sales process defines.
pub use crate::domain::deals::Stage;

/// Everything a forecast and its backtest read, in plain form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Every deal with a created date.
    pub deals: Vec<Deal>,
    /// The partners deals point into.
    pub partners: Vec<Partner>,
    /// The stages deals point into, in pipeline order.
    pub stages: Vec<Stage>,
}

/// A deal as it stood on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not created yet: unknown on that day.
    Unknown,
    /// Open then, whatever happened later.
    Open {
        /// The stage then and the day it was entered, when the history tells.
        stage: Option<(usize, NaiveDate)>,
    },
    /// Closed by then.
    Closed {
        /// Won, or else lost.
        won: bool,
        /// The day it closed.
        on: NaiveDate,
    },
}

impl Deal {
    /// What was known about the deal at the end of `day`.
    pub fn standing(&self, day: NaiveDate) -> Standing {
        if self.created > day {
            return Standing::Unknown;
        }
        if let Some(on) = self.closed.filter(|c| *c <= day) {
            if self.outcome != Outcome::Open {
                return Standing::Closed {
                    won: self.outcome == Outcome::Won,
                    on,
                };
            }
        }
        let from_moves = self.moves.iter().rev().find(|(_, on)| *on <= day).copied();
        let stage = match (from_moves, self.moves.is_empty(), self.outcome) {
            (Some(m), _, _) => Some(m),
            // No history at all for a deal still open: its stage now is the best we know,
            // held since it was created.
            (None, true, Outcome::Open) => self.stage.map(|s| (s, self.created)),
            _ => None,
        };
        Standing::Open { stage }
    }

    /// Whether the amount can be counted.
    pub fn has_amount(&self) -> bool {
        self.amount_source != AmountSource::Missing
    }

    /// The day it was won, for a won deal.
    pub fn won_on(&self) -> Option<NaiveDate> {
        (self.outcome == Outcome::Won)
            .then_some(self.closed)
            .flatten()
    }
}

impl History {
    /// The first and last day the deals speak of: created or closed. (Stage moves are left
    /// out: a re-import dates a stage change on the day it ran, not the day the export ends.)
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.deals.iter().map(|d| d.created).min()?;
        let last = self
            .deals
            .iter()
            .flat_map(|d| std::iter::once(d.created).chain(d.closed))
            .max()?;
        Some((first, last))
    }

    /// The first day any deal closed.
    pub fn first_close(&self) -> Option<NaiveDate> {
        self.deals
            .iter()
            .filter(|d| d.outcome != Outcome::Open)
            .filter_map(|d| d.closed)
            .min()
    }

    /// Won amount closed in the days after `origin` up to and including `origin + days`.
    pub fn won_between(&self, origin: NaiveDate, days: i64) -> f64 {
        let end = origin + chrono::Duration::days(days);
        self.deals
            .iter()
            .filter(|d| d.has_amount())
            .filter(|d| d.won_on().is_some_and(|w| w > origin && w <= end))
            .map(|d| d.amount)
            .sum()
    }

    /// Many CRM exports record a lost deal's value as 0: what was at stake is unknown, not
    /// nothing. Such deals are valued like an open deal without an amount, at the median won
    /// amount of their product (`products`, one per deal, in order) or of all products, so a
    /// backtest sees them as the pipeline did before they were lost.
    pub fn value_lost_deals<P: AsRef<str>>(&mut self, products: &[P]) {
        let won = |product: Option<&str>| -> Vec<f64> {
            self.deals
                .iter()
                .zip(products)
                .filter(|(d, p)| {
                    d.outcome == Outcome::Won
                        && d.amount_source == AmountSource::Given
                        && d.amount > 0.0
                        && product.is_none_or(|want| want == p.as_ref())
                })
                .map(|(d, _)| d.amount)
                .collect()
        };
        let overall = median_amount(won(None));
        let mut by_product: HashMap<&str, Option<f64>> = HashMap::new();
        let mut fills = Vec::new();
        for (i, (d, p)) in self.deals.iter().zip(products).enumerate() {
            if d.outcome == Outcome::Lost
                && d.amount == 0.0
                && d.amount_source == AmountSource::Given
            {
                let of_product = *by_product
                    .entry(p.as_ref())
                    .or_insert_with(|| median_amount(won(Some(p.as_ref()))));
                if let Some(v) = of_product.or(overall) {
                    fills.push((i, v));
                }
            }
        }
        for (i, v) in fills {
            self.deals[i].amount = v;
            self.deals[i].amount_source = AmountSource::Estimated;
        }
    }
}

#[cfg(test)]
mod tests;
