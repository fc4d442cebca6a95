//! Large groups of independent deals that add to the same lines, summed week by week as one
//! multivariate normal draw. The detail run keeps every breakdown and weekly path while
//! drawing thousands of deals in a few dozen numbers per trial. The deals that would dominate
//! a group's spread stay deal by deal, so a few large amounts keep their lumpy shape.

use super::plan::{Amount, Draw, Item, Plan};
use std::collections::HashMap;

/// A group is pooled only when at least this many deals remain after the largest are taken out…
const POOL_FROM: usize = 100;
/// …no remaining deal carries more than this share of their variance…
const MAX_SHARE: f64 = 0.02;
/// …and their expected sum is this many standard deviations above zero.
const MIN_SIGMAS: f64 = 3.0;

/// A deal that can join a pool: one chance, a fixed amount, no shared shock, and a cumulative
/// weekly chance that never falls.
fn poolable(item: &Item, weeks: usize) -> Option<(f64, &[f64])> {
    let (Draw::Once { cum }, Amount::Fixed(a), None) = (&item.draw, &item.amount, item.shock)
    else {
        return None;
    };
    let ordered = cum.windows(2).all(|w| w[0] <= w[1]);
    let valid = cum.iter().all(|p| (0.0..=1.0).contains(p));
    (cum.len() == weeks && ordered && valid && a.is_finite() && *a >= 0.0).then_some((*a, cum))
}

fn variance(amount: f64, cum: &[f64]) -> f64 {
    let p = cum.last().copied().unwrap_or(0.0);
    amount * amount * p * (1.0 - p)
}

/// Which deals of a group to pool: all but the largest contributors to its variance, if what
/// remains is large and even enough for the normal approximation.
fn pooled_members(plan: &Plan, members: &[usize]) -> Vec<usize> {
    let weeks = plan.weeks;
    let v = |i: usize| match poolable(&plan.items[i], weeks) {
        Some((a, cum)) => variance(a, cum),
        None => 0.0,
    };
    let mut order: Vec<(f64, usize)> = members.iter().map(|&i| (v(i), i)).collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left: f64 = order.iter().map(|o| o.0).sum();
    let mut start = 0;
    while order.len() - start >= POOL_FROM && order[start].0 > MAX_SHARE * left {
        left -= order[start].0;
        start += 1;
    }
    let rest = &order[start..];
    let mean: f64 = rest
        .iter()
        .filter_map(|&(_, i)| poolable(&plan.items[i], weeks))
        .map(|(a, cum)| a * cum.last().copied().unwrap_or(0.0))
        .sum();
    if rest.len() < POOL_FROM || mean < MIN_SIGMAS * left.max(0.0).sqrt() {
        return Vec::new();
    }
    rest.iter().map(|o| o.1).collect()
}

/// The weekly won amounts of a set of deals: their means, and the lower-triangular factor
/// (row-major, `weeks` × `weeks`) of their covariance. A deal won in week k is not won in any
/// other, so weeks covary negatively.
fn weekly_moments(plan: &Plan, members: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let weeks = plan.weeks;
    let mut mean = vec![0.0; weeks];
    let mut cov = vec![0.0; weeks * weeks];
    let mut q = vec![0.0; weeks];
    for &i in members {
        let Some((a, cum)) = poolable(&plan.items[i], weeks) else {
            continue;
        };
        let mut before = 0.0;
        for (qk, &c) in q.iter_mut().zip(cum) {
            *qk = c - before;
            before = c;
        }
        for j in 0..weeks {
            mean[j] += a * q[j];
            cov[j * weeks + j] += a * a * q[j];
            for k in 0..=j {
                cov[j * weeks + k] -= a * a * q[j] * q[k];
            }
        }
    }
    (mean, cholesky(&cov, weeks))
}

/// The lower-triangular L with L·Lᵀ = `cov` (row-major, lower half read), for a covariance
/// that may be singular: a direction with no variance left gets a zero column.
pub(crate) fn cholesky(cov: &[f64], n: usize) -> Vec<f64> {
    let mut l = vec![0.0f64; n * n];
    let scale = (0..n).map(|k| cov[k * n + k]).fold(0.0, f64::max);
    for k in 0..n {
        let d = cov[k * n + k] - (0..k).map(|j| l[k * n + j].powi(2)).sum::<f64>();
        if d <= 1e-12 * scale || d <= 0.0 {
            continue;
        }
        let root = d.sqrt();
        l[k * n + k] = root;
        for i in k + 1..n {
            let dot: f64 = (0..k).map(|j| l[i * n + j] * l[k * n + j]).sum();
            l[i * n + k] = (cov[i * n + k] - dot) / root;
        }
    }
    l
}

/// The plan with each large group of poolable deals that share a source and breakdown
/// buckets replaced by one weekly normal draw (see `Draw::Weekly`). Totals, breakdowns and
/// weekly paths keep their means and variances.
pub(crate) fn pool_groups(plan: &Plan) -> Plan {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<(usize, &[u32]), usize> = HashMap::new();
    for (i, item) in plan.items.iter().enumerate() {
        if poolable(item, plan.weeks).is_none() {
            continue;
        }
        let g = *by_key
            .entry((item.source, item.buckets.as_slice()))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[g].push(i);
    }
    let mut pooled = vec![false; plan.items.len()];
    let mut extra = Vec::new();
    for members in groups.iter().filter(|g| g.len() >= POOL_FROM) {
        let chosen = pooled_members(plan, members);
        let Some(&first) = chosen.first() else {
            continue;
        };
        for &i in &chosen {
            pooled[i] = true;
        }
        let (mean, factor) = weekly_moments(plan, &chosen);
        let like = &plan.items[first];
        extra.push(Item {
            draw: Draw::Weekly { mean, factor },
            amount: Amount::Fixed(1.0),
            source: like.source,
            buckets: like.buckets.clone(),
            shock: None,
        });
    }
    let mut out = Plan {
        items: Vec::with_capacity(plan.items.len()),
        ..plan.clone()
    };
    out.items.extend(
        plan.items
            .iter()
            .zip(&pooled)
            .filter(|(_, &p)| !p)
            .map(|(item, _)| item.clone()),
    );
    out.items.extend(extra);
    out
}

#[cfg(test)]
mod tests;
