//! What every method shares while it builds its plan: the window's weeks, the open deals it
//! counts, and the breakdown lines each item adds to.

use super::super::history::{Deal, History, Standing};
use super::super::plan::{Amount, Draw, Item, Plan};
use super::buckets::{Buckets, Dimension, NEW_PIPELINE, OTHER_PARTNERS};
use crate::domain::deals::AmountSource;
use chrono::NaiveDate;

/// Partners shown in their own line; the rest are summed in one.
pub(super) const PARTNER_LINES: usize = 40;

/// A method's plan at one origin, with what it counted and left out.
#[derive(Debug, Default)]
pub struct Built {
    /// What the simulation draws.
    pub plan: Plan,
    pub(crate) buckets: Buckets,
    /// Open deals the plan holds.
    pub open_deals: usize,
    /// Open deals left out because they have no amount.
    pub no_amount: usize,
    /// Open deals counted with an amount estimated at import.
    pub estimated: usize,
    /// Expected won amount from pipeline not yet created (calibrated only).
    pub new_pipeline: f64,
}

/// The item's source line: 0 partner-sourced, 1 partner-influenced, 2 direct.
pub(super) fn source_index(deal: &Deal) -> usize {
    use crate::domain::deals::Source;
    match deal.source {
        Source::PartnerSourced => 0,
        Source::PartnerInfluenced => 1,
        Source::Direct => 2,
    }
}

/// Weeks in a window of `window` days, the last one possibly short.
pub(super) fn weeks(window: i64) -> usize {
    (window.max(1) as usize).div_ceil(7)
}

/// Day offsets (from the origin) that end each week of the window.
pub(super) fn week_ends(window: i64) -> Vec<i64> {
    (1..=weeks(window) as i64)
        .map(|k| (7 * k).min(window))
        .collect()
}

/// A plan being built at one origin: what a method reads and what it has pushed so far.
pub(super) struct Builder<'a> {
    pub(super) history: &'a History,
    pub(super) origin: NaiveDate,
    pub(super) window: i64,
    /// Whether items carry their breakdown buckets (the forecast) or not (the backtest).
    detail: bool,
    pub(super) out: Built,
}

impl<'a> Builder<'a> {
    pub(super) fn new(history: &'a History, origin: NaiveDate, window: i64, detail: bool) -> Self {
        let mut out = Built::default();
        out.plan.weeks = weeks(window);
        Builder {
            history,
            origin,
            window,
            detail,
            out,
        }
    }

    /// Adds an open deal won at most once, by the end of week k with chance `cum[k]`.
    pub(super) fn push_once(&mut self, deal: &Deal, cum: Vec<f64>) {
        let draw = Draw::Once { cum };
        self.push(
            Some(deal),
            source_index(deal),
            draw,
            Amount::Fixed(deal.amount),
        );
    }

    /// Adds an item with no shared shock.
    pub(super) fn push(&mut self, deal: Option<&Deal>, source: usize, draw: Draw, amount: Amount) {
        self.push_shocked(deal, source, draw, amount, None);
    }

    /// Adds an item, with its breakdown buckets when the plan keeps them.
    pub(super) fn push_shocked(
        &mut self,
        deal: Option<&Deal>,
        source: usize,
        draw: Draw,
        amount: Amount,
        shock: Option<usize>,
    ) {
        let buckets = match (self.detail, deal) {
            (true, Some(d)) => self.out.buckets.for_deal(self.history, d),
            (true, None) if source < 2 => self.out.buckets.new_pipeline(),
            _ => Vec::new(),
        };
        self.out.plan.items.push(Item {
            draw,
            amount,
            source,
            buckets,
            shock,
        });
    }

    /// Open deals at the origin that have an amount, counting those left out.
    pub(super) fn open_deals(&mut self) -> Vec<(&'a Deal, Option<(usize, NaiveDate)>)> {
        let mut open = Vec::new();
        for d in &self.history.deals {
            if let Standing::Open { stage } = d.standing(self.origin) {
                if !d.has_amount() {
                    self.out.no_amount += 1;
                    continue;
                }
                if d.amount_source == AmountSource::Estimated {
                    self.out.estimated += 1;
                }
                open.push((d, stage));
            }
        }
        self.out.open_deals = open.len();
        open
    }

    /// The plan with its bucket count, small partners folded into one line.
    pub(super) fn finish(mut self) -> Built {
        self.fold_small_partners();
        self.out.plan.buckets = self.out.buckets.labels.len();
        self.out
    }

    /// Keeps the partners expected to bring the most in their own lines and folds the rest
    /// into one, so the simulation stays small on a roster of thousands.
    fn fold_small_partners(&mut self) {
        let labels = &self.out.buckets.labels;
        let partners = labels.iter().filter(|l| l.0 == Dimension::Partner).count();
        if partners <= PARTNER_LINES {
            return;
        }
        let plan = &self.out.plan;
        let mut expected = vec![0.0; labels.len()];
        for item in &plan.items {
            let amount = match item.amount {
                Amount::Fixed(a) => a,
                Amount::Pool(p) => {
                    let pool = &plan.pools[p];
                    pool.iter().sum::<f64>() / pool.len().max(1) as f64
                }
            };
            let chance = match &item.draw {
                Draw::Once { cum } => cum.last().copied().unwrap_or(0.0),
                Draw::Repeat { mean, .. } => *mean,
                Draw::Normal { mean, .. } => *mean / amount.max(1e-9),
                Draw::Weekly { mean, .. } => mean.iter().sum::<f64>() / amount.max(1e-9),
            };
            for b in &item.buckets {
                expected[*b as usize] += chance * amount;
            }
        }
        let mut order: Vec<usize> = (0..labels.len())
            .filter(|&i| labels[i].0 == Dimension::Partner && labels[i].1 != NEW_PIPELINE)
            .collect();
        order.sort_by(|a, b| expected[*b].total_cmp(&expected[*a]).then(a.cmp(b)));
        let folded: std::collections::HashSet<usize> =
            order.into_iter().skip(PARTNER_LINES).collect();
        let mut old = std::mem::take(&mut self.out.buckets);
        let mut map = vec![0u32; old.labels.len()];
        let mut fresh = Buckets::default();
        for (i, (dim, label)) in old.labels.drain(..).enumerate() {
            map[i] = if folded.contains(&i) {
                fresh.get(Dimension::Partner, OTHER_PARTNERS)
            } else {
                fresh.get(dim, &label)
            };
        }
        for item in &mut self.out.plan.items {
            for b in &mut item.buckets {
                *b = map[*b as usize];
            }
        }
        self.out.buckets = fresh;
    }
}
