//! For a total and its source lines only: large groups of independent items summed by the
//! normal approximation, so a backtest's hundred origins each draw a handful of numbers per
//! trial. Groups never mix sources, so each source line still adds up.

use super::super::plan::{Amount, Draw, Item, Plan};

/// Items summed with the normal approximation once a group holds this many.
const AGGREGATE_FROM: usize = 300;

/// For a total and its sources only: replaces large groups of independent items of one
/// source by one normal item each — single-chance items without a shock, and repeating
/// fixed-amount items per shock.
pub(super) fn aggregate(plan: &Plan) -> Plan {
    let mut out = Plan {
        items: Vec::new(),
        ..plan.clone()
    };
    let once = |i: &Item| i.shock.is_none() && matches!(i.draw, Draw::Once { .. });
    let repeat = |i: &Item| {
        matches!(
            (&i.draw, &i.amount),
            (Draw::Repeat { .. }, Amount::Fixed(_))
        )
    };
    let mut groups: Vec<(Option<usize>, bool, f64, f64, usize, usize)> = Vec::new();
    let mut keep = Vec::new();
    for item in &plan.items {
        let (key, is_once) = if once(item) {
            (None, true)
        } else if repeat(item) {
            (item.shock, false)
        } else {
            keep.push(item.clone());
            continue;
        };
        let a = match item.amount {
            Amount::Fixed(a) => a,
            Amount::Pool(_) => 0.0,
        };
        let (m, v) = match &item.draw {
            Draw::Once { cum } => {
                let p = cum.last().copied().unwrap_or(0.0);
                (p * a, p * (1.0 - p) * a * a)
            }
            Draw::Repeat { mean, .. } => (mean * a, mean * a * a),
            Draw::Normal { mean, variance } => (*mean, *variance),
            Draw::Weekly { mean, .. } => (mean.iter().sum(), 0.0),
        };
        match groups
            .iter_mut()
            .find(|g| g.0 == key && g.1 == is_once && g.5 == item.source)
        {
            Some(g) => {
                g.2 += m;
                g.3 += v;
                g.4 += 1;
            }
            None => groups.push((key, is_once, m, v, 1, item.source)),
        }
    }
    let small: Vec<bool> = groups.iter().map(|g| g.4 < AGGREGATE_FROM).collect();
    for item in &plan.items {
        let key = if once(item) {
            Some((None, true))
        } else if repeat(item) {
            Some((item.shock, false))
        } else {
            None
        };
        if let Some(k) = key {
            let g = groups
                .iter()
                .position(|g| (g.0, g.1) == k && g.5 == item.source);
            if g.is_some_and(|g| small[g]) {
                out.items.push(item.clone());
            }
        }
    }
    out.items.extend(keep);
    for (g, is_small) in groups.iter().zip(&small) {
        if !is_small {
            out.items.push(Item {
                draw: Draw::Normal {
                    mean: g.2,
                    variance: g.3,
                },
                amount: Amount::Fixed(1.0),
                source: g.5,
                buckets: Vec::new(),
                shock: g.0,
            });
        }
    }
    out
}
