//! Time-to-win curves fitted on the deals known at an origin: overall, per group (source and
//! partner type) and per source, with small groups shrunk toward the overall curve.

use super::super::history::{Deal, History, Standing};
use super::super::survival::{Ending, Incidence, Observation};
use super::built::source_index;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How strongly a small group leans on the overall curve: a group with this many closed
/// deals is weighted half its own, half the overall.
pub(super) const SHRINK: f64 = 10.0;

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
pub(super) fn group_key<'h>(history: &'h History, deal: &Deal) -> (usize, &'h str) {
    let kind = deal
        .partner
        .and_then(|p| history.partners.get(p))
        .map_or("", |p| p.kind.as_str());
    (source_index(deal), kind)
}

/// Curves fitted from what was known at the origin, on the clock of days since created.
pub(super) struct Curves<'h> {
    pub(super) overall: Incidence,
    pub(super) groups: HashMap<(usize, &'h str), Incidence>,
    pub(super) by_source: [Incidence; 3],
}

impl<'h> Curves<'h> {
    pub(super) fn fit(history: &'h History, origin: NaiveDate) -> Self {
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

/// `own`, resting on `n` closed deals, pulled toward `overall`: the fewer deals, the harder.
pub(super) fn shrink(own: f64, n: usize, overall: f64) -> f64 {
    let n = n as f64;
    (n * own + SHRINK * overall) / (n + SHRINK)
}
