//! The deal history a forecast reads, and what of it was known on a given day: deals created
//! by then, their stage then, and outcomes only if they had closed by then.

use crate::domain::deals::{Outcome, Source};
use chrono::NaiveDate;

/// Where a deal's amount came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountSource {
    Given,
    /// Filled from the median won amount at import.
    Estimated,
    /// No amount and nothing to estimate it from: left out of forecasts.
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    pub amount: f64,
    pub amount_source: AmountSource,
    pub source: Source,
    /// Index into `History::partners`.
    pub partner: Option<usize>,
    pub created: NaiveDate,
    pub outcome: Outcome,
    pub closed: Option<NaiveDate>,
    pub expected_close: Option<NaiveDate>,
    /// Index into `History::stages` of the deal's stage now.
    pub stage: Option<usize>,
    /// Stages entered, as (stage index, date), oldest first.
    pub moves: Vec<(usize, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub name: String,
    pub tier: Option<String>,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub name: String,
    pub probability: f64,
    pub expected_days: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    pub deals: Vec<Deal>,
    pub partners: Vec<Partner>,
    pub stages: Vec<Stage>,
}

/// A deal as it stood on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not created yet: unknown on that day.
    Unknown,
    Open {
        /// The stage then and the day it was entered, when the history tells.
        stage: Option<(usize, NaiveDate)>,
    },
    Closed {
        won: bool,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn deal() -> Deal {
        Deal {
            amount: 100.0,
            amount_source: AmountSource::Given,
            source: Source::Direct,
            partner: None,
            created: day("2026-01-10"),
            outcome: Outcome::Won,
            closed: Some(day("2026-03-01")),
            expected_close: None,
            stage: None,
            moves: vec![(0, day("2026-01-10")), (2, day("2026-02-01"))],
        }
    }

    #[test]
    fn standing_reads_only_the_past() {
        let d = deal();
        assert_eq!(d.standing(day("2026-01-09")), Standing::Unknown);
        assert_eq!(
            d.standing(day("2026-01-20")),
            Standing::Open {
                stage: Some((0, day("2026-01-10")))
            }
        );
        assert_eq!(
            d.standing(day("2026-02-28")),
            Standing::Open {
                stage: Some((2, day("2026-02-01")))
            }
        );
        assert_eq!(
            d.standing(day("2026-03-01")),
            Standing::Closed {
                won: true,
                on: day("2026-03-01")
            }
        );
        let mut open = deal();
        open.outcome = Outcome::Open;
        open.closed = None;
        open.moves.clear();
        open.stage = Some(3);
        assert_eq!(
            open.standing(day("2026-05-01")),
            Standing::Open {
                stage: Some((3, day("2026-01-10")))
            }
        );
    }

    #[test]
    fn won_between_counts_the_window_after_the_origin() {
        let h = History {
            deals: vec![deal()],
            ..History::default()
        };
        assert_eq!(h.won_between(day("2026-03-01"), 90), 0.0);
        assert_eq!(h.won_between(day("2026-02-28"), 1), 100.0);
        assert_eq!(h.won_between(day("2026-01-01"), 59), 100.0);
        assert_eq!(h.won_between(day("2026-01-01"), 58), 0.0);
        assert_eq!(
            h.span(),
            Some((day("2026-01-10"), day("2026-03-01"))),
            "span covers created and closed dates"
        );
    }
}
