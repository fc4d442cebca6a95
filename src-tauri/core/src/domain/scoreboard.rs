//! The scoreboard: revenue lines, not activity lines, each with the data it rests on.

use super::capacity::Allocation;
use super::deals::{Outcome, Source};
use super::forecast::compare::PartnerVsDirect;
use super::forecast::{Forecast, History, Range};
use super::format::thousands;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A calendar quarter, to the as-of date when it is the current one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quarter {
    /// How the quarter is named on the board: `Q4 2026`.
    pub label: String,
    /// First day of the quarter.
    pub from: NaiveDate,
    /// Last day counted: the as-of date for the current quarter.
    pub to: NaiveDate,
}

impl Quarter {
    /// The quarter holding `day`, cut at `day`.
    pub fn to_date(day: NaiveDate) -> Self {
        let q0 = (day.month0() / 3) * 3;
        let from = NaiveDate::from_ymd_opt(day.year(), q0 + 1, 1).unwrap_or(day);
        Quarter {
            label: format!("Q{} {}", q0 / 3 + 1, day.year()),
            from,
            to: day,
        }
    }

    /// The whole quarter before this one.
    pub fn previous(&self) -> Self {
        let to = self.from.pred_opt().unwrap_or(self.from);
        let mut q = Quarter::to_date(to);
        q.to = to;
        q
    }

    fn holds(&self, day: NaiveDate) -> bool {
        day >= self.from && day <= self.to
    }
}

/// Partner-sourced pipeline created in one quarter: the first revenue line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pipeline {
    /// The quarter measured.
    pub quarter: Quarter,
    /// Sum of the sourced deals' amounts.
    pub amount: f64,
    /// How many sourced deals were created.
    pub deals: usize,
}

/// Bookings in one quarter and the part partners sourced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bookings {
    /// The quarter measured.
    pub quarter: Quarter,
    /// Won amount of partner-sourced deals.
    pub sourced: f64,
    /// Won amount of every deal.
    pub total: f64,
    /// Sourced share of total bookings, when there were any.
    pub share: Option<f64>,
    /// Partner-sourced deals won.
    pub sourced_deals: usize,
    /// Deals won in all.
    pub deals: usize,
}

/// The 90-day forecast as the board sees it: a range, not a single number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastLine {
    /// How far ahead the forecast looks.
    pub window_days: i64,
    /// Expected won amount of every deal, P10–P90.
    pub total: Range,
    /// Expected won amount of partner-sourced deals, P10–P90.
    pub sourced: Range,
    /// The line in words, for the board.
    pub headline: String,
}

/// Signed partners by readiness band: how many are actually active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct ReadinessCounts {
    /// Partners in the active band.
    pub active: usize,
    /// Partners in the nurture band.
    pub nurture: usize,
    /// Partners in the off-board band.
    pub offboard: usize,
    /// Signed partners with no readiness review yet.
    pub unreviewed: usize,
}

/// How full one tier is against what its rule asks, on the coverage line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCoverage {
    /// The tier's name.
    pub tier: String,
    /// Partners the tier's rule asks for, and those capacity lets in.
    pub eligible: usize,
    /// Partners placed in the tier within the team's hours.
    pub placed: usize,
    /// Hours the eligible partners would need.
    pub hours_needed: f64,
    /// Hours the placed partners use.
    pub hours_used: f64,
}

/// Whether the team's hours cover what the tiers promise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Coverage per tier, top first.
    pub tiers: Vec<TierCoverage>,
    /// The team's partner-facing hours a month.
    pub capacity: f64,
    /// Hours the tiers ask for beyond the team's (0 when all fits).
    pub shortfall: f64,
}

/// One line and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line<T> {
    /// The line's figures.
    pub value: T,
    /// The data behind them, in words, so the board knows what to trust.
    pub rests_on: String,
}

/// The quarterly board view: revenue lines, each with what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoreboard {
    /// The date every line is computed for.
    pub as_of: NaiveDate,
    /// Sourced pipeline, this quarter to date and last quarter.
    pub sourced_pipeline: Line<[Pipeline; 2]>,
    /// Sourced bookings and their share, this quarter to date and last quarter.
    pub sourced_bookings: Line<[Bookings; 2]>,
    /// Win rate and cycle days, partner deals against direct ones.
    pub partner_vs_direct: Line<PartnerVsDirect>,
    /// The 90-day forecast range.
    pub forecast: Line<ForecastLine>,
    /// Active partners by readiness.
    pub readiness: Line<ReadinessCounts>,
    /// Tier coverage against capacity.
    pub coverage: Line<Coverage>,
}

fn pipeline(history: &History, quarter: Quarter) -> Pipeline {
    let deals: Vec<f64> = history
        .deals
        .iter()
        .filter(|d| d.source == Source::PartnerSourced && d.has_amount())
        .filter(|d| quarter.holds(d.created))
        .map(|d| d.amount)
        .collect();
    Pipeline {
        quarter,
        amount: deals.iter().sum(),
        deals: deals.len(),
    }
}

fn bookings(history: &History, quarter: Quarter) -> Bookings {
    let won: Vec<_> = history
        .deals
        .iter()
        .filter(|d| d.outcome == Outcome::Won && d.has_amount())
        .filter(|d| d.closed.is_some_and(|c| quarter.holds(c)))
        .collect();
    let sourced: Vec<f64> = won
        .iter()
        .filter(|d| d.source == Source::PartnerSourced)
        .map(|d| d.amount)
        .collect();
    let total: f64 = won.iter().map(|d| d.amount).sum();
    let sourced_sum: f64 = sourced.iter().sum();
    Bookings {
        quarter,
        sourced: sourced_sum,
        total,
        share: (total > 0.0).then(|| sourced_sum / total),
        sourced_deals: sourced.len(),
        deals: won.len(),
    }
}

/// Everything the scoreboard reads, gathered by the caller.
pub struct Inputs<'a> {
    /// Every deal and stage change, read as of `as_of`.
    pub history: &'a History,
    /// The date the board is for.
    pub as_of: NaiveDate,
    /// The 90-day forecast already run.
    pub forecast: &'a Forecast,
    /// Win rate and cycle days already compared.
    pub partner_vs_direct: PartnerVsDirect,
    /// Partners per readiness band.
    pub readiness: ReadinessCounts,
    /// The capacity plan, for tier coverage.
    pub allocation: &'a Allocation,
    /// Team members, counted in the coverage line.
    pub members: usize,
    /// Why some deals are in no money line (no rate for their currency), in a sentence the
    /// pipeline and bookings lines carry; `None` when every deal is counted.
    pub left_out: Option<&'a str>,
}

/// Builds every line of the board from what the caller gathered.
pub fn build(i: Inputs) -> Scoreboard {
    let this = Quarter::to_date(i.as_of);
    let last = this.previous();
    let pipe = [
        pipeline(i.history, this.clone()),
        pipeline(i.history, last.clone()),
    ];
    let book = [
        bookings(i.history, this.clone()),
        bookings(i.history, last.clone()),
    ];
    let pvd = i.partner_vs_direct;
    let f = i.forecast;
    let sourced = f
        .by_source
        .iter()
        .find(|l| l.label == "Partner-sourced")
        .map(|l| l.range)
        .unwrap_or_default();
    let r = i.readiness;
    let a = i.allocation;
    let left_out = i.left_out.map(|n| format!(" {n}")).unwrap_or_default();
    Scoreboard {
        as_of: i.as_of,
        sourced_pipeline: Line {
            rests_on: format!(
                "{} partner-sourced deals created in {} to date and {} in {}, by created date and amount.{left_out}",
                pipe[0].deals, this.label, pipe[1].deals, last.label
            ),
            value: pipe,
        },
        sourced_bookings: Line {
            rests_on: format!(
                "Deals closed won: {} of {} partner-sourced in {} to date, {} of {} in {}.{left_out}",
                book[0].sourced_deals, book[0].deals, this.label, book[1].sourced_deals, book[1].deals, last.label
            ),
            value: book,
        },
        partner_vs_direct: Line {
            rests_on: format!(
                "{} partner-sourced and {} direct deals closed won or lost by {}; 90% intervals from {} bootstrap resamples.",
                pvd.partner.closed,
                pvd.direct.closed,
                i.as_of,
                super::forecast::compare::RESAMPLES
            ),
            value: pvd,
        },
        forecast: Line {
            rests_on: format!(
                "{} open deals and the trailing history, {} trials; {}.",
                f.open_deals,
                thousands(f.trials),
                f.chosen_because
            ),
            value: ForecastLine {
                window_days: f.window_days,
                total: f.total,
                sourced,
                headline: f.headline.clone(),
            },
        },
        readiness: Line {
            rests_on: format!(
                "The latest readiness review of each of {} signed partners; {} not reviewed yet.",
                r.active + r.nurture + r.offboard + r.unreviewed,
                r.unreviewed
            ),
            value: r,
        },
        coverage: Line {
            rests_on: format!(
                "The saved tiers' rules and service hours against {} team members' partner hours ({:.0} h a month).",
                i.members, a.capacity
            ),
            value: Coverage {
                tiers: a
                    .tiers
                    .iter()
                    .map(|t| TierCoverage {
                        tier: t.name.clone(),
                        eligible: t.eligible,
                        placed: t.placed,
                        hours_needed: t.hours_needed,
                        hours_used: t.hours_used,
                    })
                    .collect(),
                capacity: a.capacity,
                shortfall: a.shortfall,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_to_date_and_before() {
        let q = Quarter::to_date(day("2026-11-25"));
        assert_eq!(
            (q.label.as_str(), q.from, q.to),
            ("Q4 2026", day("2026-10-01"), day("2026-11-25"))
        );
        let p = q.previous();
        assert_eq!(
            (p.label.as_str(), p.from, p.to),
            ("Q3 2026", day("2026-07-01"), day("2026-09-30"))
        );
        let jan = Quarter::to_date(day("2027-01-01")).previous();
        assert_eq!((jan.label.as_str(), jan.to), ("Q4 2026", day("2026-12-31")));
    }
}
