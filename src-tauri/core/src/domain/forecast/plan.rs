//! What a forecast method hands the simulation: each open deal (or stream of future deals) as
//! an item saying how it may be won, for how much, and which lines of the forecast it adds to.

/// How an item produces wins in one trial.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Draw {
    /// Won at most once. `cum[k]` is the probability of being won by the end of week `k`.
    Once { cum: Vec<f64> },
    /// Won a Poisson number of times with this mean; each win falls in a week by `weeks`
    /// (cumulative shares summing to 1).
    Repeat { mean: f64, weeks: Vec<f64> },
    /// Many small items summed: a normal total with this mean and variance (scaled by the
    /// item's shock), never below zero. Used only where the breakdowns are not asked for.
    Normal { mean: f64, variance: f64 },
    /// Many deals summed week by week (see `pooled`): each week's won amount is
    /// `mean[k] + Σⱼ factor[k·weeks + j]·zⱼ` over independent standard normals z, never below
    /// zero.
    Weekly { mean: Vec<f64>, factor: Vec<f64> },
}

/// What one win of an item is worth.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Amount {
    /// The deal's own amount.
    Fixed(f64),
    /// Each win draws an amount from this pool (index into `Plan::pools`).
    Pool(usize),
}

/// One deal, or one stream of deals not yet created, as the simulation draws it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub(crate) draw: Draw,
    pub(crate) amount: Amount,
    /// 0 = partner-sourced, 1 = partner-influenced, 2 = direct.
    pub(crate) source: usize,
    /// Breakdown buckets (beyond total and source) this item adds to.
    pub(crate) buckets: Vec<u32>,
    /// A shared shock (index into `Plan::shocks`) that scales this item's chances in each
    /// trial, for what moves many deals at once.
    pub(crate) shock: Option<usize>,
}

/// A method's view of the window ahead, ready to simulate: the same plan and seed always give
/// the same forecast.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Weeks in the window: the weekly path has one point per week.
    pub(crate) weeks: usize,
    pub(crate) items: Vec<Item>,
    /// Past won amounts that new deals' amounts are drawn from.
    pub(crate) pools: Vec<Vec<f64>>,
    /// Number of breakdown buckets the items refer to.
    pub(crate) buckets: usize,
    /// Log-normal shocks by their spread (σ of the log): each trial draws one multiplier per
    /// shock, with mean 1, and every item tied to it has its chances scaled by it.
    pub(crate) shocks: Vec<f64>,
}
