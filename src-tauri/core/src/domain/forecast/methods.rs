//! The three forecast methods, each turned into a simulation plan from what was known at an
//! origin day: stage-weighted, calibrated on the workspace's own closed history, run-rate.

use super::history::{Deal, History, Standing};
use super::simulate::{Amount, Draw, Item, Plan};
use super::survival::{Ending, Incidence, Observation};
use crate::domain::deals::Outcome;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How strongly a small group leans on the overall curve: a group with this many closed
/// deals is weighted half its own, half the overall.
pub const SHRINK: f64 = 10.0;
/// Days of trailing history the creation rate of new pipeline is measured over.
pub const CREATION_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Stage,
    Calibrated,
    RunRate,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Stage, Method::Calibrated, Method::RunRate];

    pub fn label(self) -> &'static str {
        match self {
            Self::Stage => "Stage-weighted",
            Self::Calibrated => "Calibrated",
            Self::RunRate => "Run-rate",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text
            .trim()
            .to_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "stage" | "stageweighted" => Some(Self::Stage),
            "calibrated" => Some(Self::Calibrated),
            "runrate" => Some(Self::RunRate),
            _ => None,
        }
    }
}

/// The breakdowns beyond source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Partner,
    Tier,
    Type,
}

pub const NEW_PIPELINE: &str = "New pipeline (not yet created)";
pub const OTHER_PARTNERS: &str = "All other partners";
/// Partners shown in their own line; the rest are summed in one.
pub const PARTNER_LINES: usize = 40;

#[derive(Debug, Default)]
pub struct Buckets {
    pub labels: Vec<(Dimension, String)>,
    index: HashMap<(Dimension, String), u32>,
}

impl Buckets {
    fn get(&mut self, dim: Dimension, label: &str) -> u32 {
        let key = (dim, label.to_string());
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        let i = self.labels.len() as u32;
        self.labels.push(key.clone());
        self.index.insert(key, i);
        i
    }

    fn for_deal(&mut self, history: &History, deal: &Deal) -> Vec<u32> {
        let Some(p) = deal.partner.and_then(|p| history.partners.get(p)) else {
            return Vec::new();
        };
        vec![
            self.get(Dimension::Partner, &p.name),
            self.get(Dimension::Tier, p.tier.as_deref().unwrap_or("No tier")),
            self.get(Dimension::Type, &p.kind),
        ]
    }

    fn new_pipeline(&mut self) -> Vec<u32> {
        [Dimension::Partner, Dimension::Tier, Dimension::Type]
            .into_iter()
            .map(|d| self.get(d, NEW_PIPELINE))
            .collect()
    }
}

/// A method's plan at one origin, with what it counted and left out.
#[derive(Debug, Default)]
pub struct Built {
    pub plan: Plan,
    pub buckets: Buckets,
    /// Open deals the plan holds.
    pub open_deals: usize,
    /// Open deals left out because they have no amount.
    pub no_amount: usize,
    /// Open deals counted with an amount estimated at import.
    pub estimated: usize,
    /// Expected won amount from pipeline not yet created (calibrated only).
    pub new_pipeline: f64,
}

fn source_index(deal: &Deal) -> usize {
    use crate::domain::deals::Source;
    match deal.source {
        Source::PartnerSourced => 0,
        Source::PartnerInfluenced => 1,
        Source::Direct => 2,
    }
}

fn weeks(window: i64) -> usize {
    (window.max(1) as usize).div_ceil(7)
}

/// Day offsets (from the origin) that end each week of the window.
fn week_ends(window: i64) -> Vec<i64> {
    (1..=weeks(window) as i64)
        .map(|k| (7 * k).min(window))
        .collect()
}

struct Builder<'a> {
    history: &'a History,
    origin: NaiveDate,
    window: i64,
    detail: bool,
    out: Built,
}

impl<'a> Builder<'a> {
    fn new(history: &'a History, origin: NaiveDate, window: i64, detail: bool) -> Self {
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

    fn push(&mut self, deal: Option<&Deal>, source: usize, draw: Draw, amount: Amount) {
        self.push_shocked(deal, source, draw, amount, None);
    }

    fn push_shocked(
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
    fn open_deals(&mut self) -> Vec<(&'a Deal, Option<(usize, NaiveDate)>)> {
        let mut open = Vec::new();
        for d in &self.history.deals {
            if let Standing::Open { stage } = d.standing(self.origin) {
                if !d.has_amount() {
                    self.out.no_amount += 1;
                    continue;
                }
                if d.amount_source == super::history::AmountSource::Estimated {
                    self.out.estimated += 1;
                }
                open.push((d, stage));
            }
        }
        self.out.open_deals = open.len();
        open
    }

    fn finish(mut self) -> Built {
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

/// Builds a method's plan at `origin` over the next `window` days.
pub fn build(
    history: &History,
    method: Method,
    origin: NaiveDate,
    window: i64,
    detail: bool,
) -> Built {
    let mut b = Builder::new(history, origin, window, detail);
    match method {
        Method::Stage => stage_weighted(&mut b),
        Method::Calibrated => calibrated(&mut b),
        Method::RunRate => run_rate(&mut b),
    }
    b.finish()
}

/// When a deal is expected to close: its own expected close date while it is open today,
/// else the day it entered its stage plus the expected days of that stage and those after.
fn expected_close(history: &History, deal: &Deal, stage: usize, entered: NaiveDate) -> NaiveDate {
    if let (Some(d), crate::domain::deals::Outcome::Open) = (deal.expected_close, deal.outcome) {
        return d;
    }
    let days: i64 = history
        .stages
        .iter()
        .skip(stage)
        .map(|s| s.expected_days)
        .sum();
    entered + Duration::days(days)
}

fn stage_weighted(b: &mut Builder) {
    let open = b.open_deals();
    let ends = week_ends(b.window);
    for (deal, stage) in open {
        let (s, entered) = stage.unwrap_or((0, deal.created));
        let p = b.history.stages.get(s).map_or(0.0, |s| s.probability);
        let close = expected_close(b.history, deal, s, entered);
        // A deal already past its expected close is expected now.
        let offset = (close - b.origin).num_days().max(1);
        if offset > b.window {
            continue;
        }
        let cum = ends
            .iter()
            .map(|&e| if offset <= e { p } else { 0.0 })
            .collect();
        b.push(
            Some(deal),
            source_index(deal),
            Draw::Once { cum },
            Amount::Fixed(deal.amount),
        );
    }
}

fn observation(deal: &Deal, start: NaiveDate, origin: NaiveDate) -> Option<Observation> {
    match deal.standing(origin) {
        Standing::Unknown => None,
        Standing::Closed { won, on } => Some(Observation {
            days: (on - start).num_days(),
            ending: if won { Ending::Won } else { Ending::Lost },
        }),
        Standing::Open { .. } => Some(Observation {
            days: (origin - start).num_days(),
            ending: Ending::Open,
        }),
    }
}

/// The group a deal's curve is shrunk within: its source and, for partner deals, the
/// partner's type.
fn group_key<'h>(history: &'h History, deal: &Deal) -> (usize, &'h str) {
    let kind = deal
        .partner
        .and_then(|p| history.partners.get(p))
        .map_or("", |p| p.kind.as_str());
    (source_index(deal), kind)
}

/// Curves fitted from what was known at the origin, on the clock of days since created.
struct Curves<'h> {
    overall: Incidence,
    groups: HashMap<(usize, &'h str), Incidence>,
    by_source: [Incidence; 3],
}

impl<'h> Curves<'h> {
    fn fit(history: &'h History, origin: NaiveDate) -> Self {
        let mut all = Vec::new();
        let mut groups: Vec<((usize, &'h str), Vec<Observation>)> = Vec::new();
        let mut index: HashMap<(usize, &'h str), usize> = HashMap::new();
        // Each deal's group, remembered per partner (the last slot: no partner) and source:
        // partners repeat across deals, and this runs at every backtest origin.
        let none = history.partners.len();
        let mut known: Vec<[Option<usize>; 3]> = vec![[None; 3]; none + 1];
        let mut sources: [Vec<Observation>; 3] = Default::default();
        for d in &history.deals {
            let Some(o) = observation(d, d.created, origin) else {
                continue;
            };
            all.push(o);
            let source = source_index(d);
            let slot = &mut known[d.partner.filter(|p| *p < none).unwrap_or(none)][source];
            let g = *slot.get_or_insert_with(|| {
                let key = group_key(history, d);
                *index.entry(key).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                })
            });
            groups[g].1.push(o);
            sources[source].push(o);
        }
        Curves {
            overall: Incidence::fit(&all),
            groups: groups
                .into_iter()
                .map(|(k, v)| (k, Incidence::fit(&v)))
                .collect(),
            by_source: sources.map(|v| Incidence::fit(&v)),
        }
    }
}

fn shrink(own: f64, n: usize, overall: f64) -> f64 {
    let n = n as f64;
    (n * own + SHRINK * overall) / (n + SHRINK)
}

/// Past landmarks the stage calibration looks back over, two weeks apart (half a year).
pub const LANDMARKS: i64 = 13;
/// Pseudo-wins that pull a stage's factor toward 1 when it has few deals behind it.
const STAGE_PRIOR: f64 = 3.0;

/// A deal's stage state: the stage, and whether it has been there past the stage's
/// expected days.
type StageState = (usize, bool);

fn stage_state(history: &History, stage: usize, entered: NaiveDate, on: NaiveDate) -> StageState {
    let expected = history
        .stages
        .get(stage)
        .map_or(i64::MAX, |s| s.expected_days);
    (stage, (on - entered).num_days() > expected)
}

/// How much more (or less) often deals in each stage state were won within the window than
/// the age curve said, measured at weekly landmarks whose window had ended by the origin.
/// Only deals with a recorded stage history count.
fn stage_factors(
    history: &History,
    curves: &Curves,
    origin: NaiveDate,
    window: i64,
) -> HashMap<StageState, f64> {
    // Expected and actual wins per stage state, at `2 × stage + over` (a hash map here cost
    // more than the sums themselves over two years of weekly backtests).
    let mut sums: Vec<Option<(f64, f64)>> = Vec::new();
    let latest = origin - Duration::days(window);
    let earliest = latest - Duration::days(14 * (LANDMARKS - 1));
    // A stage history kept only for deals still open (as an import of open deals leaves it)
    // says nothing about how stages end: calibrate only on histories that closed deals have.
    let closed_with_history = history.deals.iter().any(|d| {
        !d.moves.is_empty() && d.outcome != Outcome::Open && d.closed.is_some_and(|c| c <= latest)
    });
    if !closed_with_history {
        return HashMap::new();
    }
    // Deals with a stage history that were open at some landmark.
    let candidates: Vec<&Deal> = history
        .deals
        .iter()
        .filter(|d| !d.moves.is_empty() && d.created <= latest)
        .filter(|d| d.outcome == Outcome::Open || d.closed.is_none_or(|c| c > earliest))
        .collect();
    for k in 0..LANDMARKS {
        let landmark = latest - Duration::days(14 * k);
        for d in candidates.iter().copied() {
            let Standing::Open {
                stage: Some((s, entered)),
            } = d.standing(landmark)
            else {
                continue;
            };
            let age = (landmark - d.created).num_days();
            let p = curves.overall.won_within(age, window);
            let won = d
                .won_on()
                .is_some_and(|w| w > landmark && w <= landmark + Duration::days(window));
            let (stage, over) = stage_state(history, s, entered, landmark);
            let at = 2 * stage + usize::from(over);
            if at >= sums.len() {
                sums.resize(at + 1, None);
            }
            let e = sums[at].get_or_insert((0.0, 0.0));
            e.0 += p;
            e.1 += f64::from(u8::from(won));
        }
    }
    sums.into_iter()
        .enumerate()
        .filter_map(|(at, sum)| {
            let (expected, won) = sum?;
            Some((
                (at / 2, at % 2 == 1),
                ((won + STAGE_PRIOR) / (expected + STAGE_PRIOR)).clamp(0.1, 10.0),
            ))
        })
        .collect()
}

fn calibrated(b: &mut Builder) {
    let curves = Curves::fit(b.history, b.origin);
    let factors = stage_factors(b.history, &curves, b.origin, b.window);
    let ends = week_ends(b.window);
    let window = b.window;
    for (deal, stage) in b.open_deals() {
        let age = (b.origin - deal.created).num_days();
        let overall: Vec<f64> = ends
            .iter()
            .map(|&e| curves.overall.won_within(age, e))
            .collect();
        let p_all = overall.last().copied().unwrap_or(0.0);
        // The deal's group (source and partner type) moves it up or down from overall…
        let group = match curves.groups.get(&group_key(b.history, deal)) {
            Some(g) if p_all > 1e-9 => {
                (shrink(g.won_within(age, window), g.closed, p_all) / p_all).clamp(0.25, 4.0)
            }
            _ => 1.0,
        };
        // …and so does its stage, where the history records it.
        let stage = match stage.filter(|_| !deal.moves.is_empty()) {
            Some((s, entered)) => factors
                .get(&stage_state(b.history, s, entered, b.origin))
                .copied()
                .unwrap_or(1.0),
            None => 1.0,
        };
        let cum = overall
            .iter()
            .map(|p| (p * group * stage).min(1.0))
            .collect();
        b.push(
            Some(deal),
            source_index(deal),
            Draw::Once { cum },
            Amount::Fixed(deal.amount),
        );
    }
    new_pipeline(b, &curves);
}

/// The drift assumed before the history is long enough to measure it: a window's count moves
/// by about 15% from the one before.
pub const UNMEASURED_DRIFT: f64 = 0.15;

/// How much a count over `window` days moves from one window to the next beyond chance: the
/// spread (σ of the log) of the ratio of consecutive windows, measured weekly over `dates` up
/// to the origin, less the Poisson part the simulation already draws. With too little
/// history, the error of estimating the rate from the latest window alone.
fn drift(dates: &[NaiveDate], origin: NaiveDate, window: i64) -> f64 {
    let count = |a: NaiveDate, b: NaiveDate| {
        (dates.partition_point(|d| *d <= b) - dates.partition_point(|d| *d <= a)) as f64
    };
    let w = Duration::days(window);
    let mut logs = Vec::new();
    let mut chance = 0.0;
    if let Some(&first) = dates.first() {
        let mut s = origin - w;
        while s - w >= first {
            let (before, after) = (count(s - w, s), count(s, s + w));
            if before >= 5.0 && after >= 5.0 {
                logs.push((after / before).ln());
                chance += 1.0 / after;
            }
            s -= Duration::days(7);
        }
    }
    if logs.len() < 4 {
        let latest = count(origin - w, origin).max(1.0);
        return (1.0 / latest).sqrt().max(UNMEASURED_DRIFT);
    }
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (var - chance / n).max(0.0).sqrt()
}

/// Deals not yet created that will be created and won inside the window, at the trailing
/// creation rate of each source and its own time-to-win curve.
fn new_pipeline(b: &mut Builder, curves: &Curves) {
    let first = b
        .history
        .deals
        .iter()
        .map(|d| d.created)
        .min()
        .unwrap_or(b.origin);
    let days = CREATION_DAYS.min((b.origin - first).num_days() + 1).max(1);
    let since = b.origin - Duration::days(days);
    let won_since = b.origin - Duration::days(365);
    let window = b.window;
    let mut created: Vec<NaiveDate> = b
        .history
        .deals
        .iter()
        .map(|d| d.created)
        .filter(|c| *c <= b.origin)
        .collect();
    created.sort_unstable();
    b.out.plan.shocks.push(drift(&created, b.origin, window));
    let shock = b.out.plan.shocks.len() - 1;
    for source in 0..3 {
        let of_source = || {
            b.history
                .deals
                .iter()
                .filter(move |d| source_index(d) == source)
        };
        let created = of_source()
            .filter(|d| d.created > since && d.created <= b.origin)
            .count();
        if created == 0 {
            continue;
        }
        let rate = created as f64 / days as f64;
        let curve = &curves.by_source[source];
        // Won-by-day curve for a deal of this source, shrunk toward overall.
        let won_by: Vec<f64> = (0..=window)
            .map(|d| shrink(curve.won_by(d), curve.closed, curves.overall.won_by(d)))
            .collect();
        // Created on day u (1..=window), won on day u + a within the window.
        let mut per_week = vec![0.0; weeks(window)];
        for u in 1..=window {
            for a in 0..=(window - u) {
                let inc = won_by[a as usize] - if a > 0 { won_by[a as usize - 1] } else { 0.0 };
                per_week[((u + a - 1) / 7) as usize] += rate * inc.max(0.0);
            }
        }
        let mean: f64 = per_week.iter().sum();
        let won_amounts = |from: NaiveDate| -> Vec<f64> {
            of_source()
                .filter(|d| d.has_amount())
                .filter(|d| d.won_on().is_some_and(|w| w > from && w <= b.origin))
                .map(|d| d.amount)
                .collect()
        };
        let mut pool = won_amounts(won_since);
        if pool.is_empty() {
            pool = won_amounts(NaiveDate::MIN);
        }
        if mean <= 0.0 || pool.is_empty() {
            continue;
        }
        b.out.new_pipeline += mean * pool.iter().sum::<f64>() / pool.len() as f64;
        let mut acc = 0.0;
        let shares = per_week
            .iter()
            .map(|w| {
                acc += w / mean;
                acc
            })
            .collect();
        b.out.plan.pools.push(pool);
        let pool = b.out.plan.pools.len() - 1;
        b.push_shocked(
            None,
            source,
            Draw::Repeat {
                mean,
                weeks: shares,
            },
            Amount::Pool(pool),
            Some(shock),
        );
    }
}

fn run_rate(b: &mut Builder) {
    let since = b.origin - Duration::days(b.window);
    let weeks = weeks(b.window);
    let history = b.history;
    let mut wins: Vec<NaiveDate> = history
        .deals
        .iter()
        .filter_map(Deal::won_on)
        .filter(|w| *w <= b.origin)
        .collect();
    wins.sort_unstable();
    b.out.plan.shocks.push(drift(&wins, b.origin, b.window));
    for deal in &history.deals {
        let Some(won) = deal.won_on().filter(|w| *w > since && *w <= b.origin) else {
            continue;
        };
        if !deal.has_amount() {
            continue;
        }
        // The same day of the next window.
        let week = (((won - since).num_days() - 1) / 7) as usize;
        let shares = (0..weeks)
            .map(|k| if k >= week { 1.0 } else { 0.0 })
            .collect();
        b.push_shocked(
            Some(deal),
            source_index(deal),
            Draw::Repeat {
                mean: 1.0,
                weeks: shares,
            },
            Amount::Fixed(deal.amount),
            Some(0),
        );
    }
}
