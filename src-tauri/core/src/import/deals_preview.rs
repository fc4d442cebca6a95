//! A deals file checked for its preview without holding its deals: the first few are kept to
//! show, and of the others only what estimating the missing amounts needs (the won amounts by
//! product and how many deals of each product came without one), so a preview of a file of
//! millions of rows stays as small as its import.

use super::deals::{self, DealRows, Lookups};
use super::decode::Decoded;
use super::report::Rejects;
use super::ImportError;
use crate::domain::deals::{
    amount_estimates, set_estimates, AmountEstimates, AmountSource, DealImport, Outcome, WonAmount,
};
use crate::store::Workspace;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The deals of a file as its preview shows them.
pub(super) struct DealsPreview {
    pub(super) good: DealRows,
    /// The first deals kept, their missing amounts estimated as the import will.
    pub(super) shown: Vec<DealImport>,
    /// How every deal that came without an amount gets one.
    pub(super) estimates: AmountEstimates,
}

/// Checks every row as the import does, keeping the first `shown` deals. A missing amount is
/// estimated from the file's won deals and the workspace's others, as the import does.
pub(super) fn check(
    ws: &Workspace,
    decoded: &Decoded<'_>,
    map: &HashMap<&'static str, usize>,
    lookups: &Lookups,
    as_of: NaiveDate,
    rejects: &mut Rejects,
    shown: usize,
) -> Result<DealsPreview, ImportError> {
    // The workspace's won deals; those the file itself updates drop out as its rows arrive.
    let mut by_id: HashMap<String, WonAmount> = HashMap::new();
    let mut without_id: Vec<WonAmount> = Vec::new();
    for (id, won) in ws.won_amounts()? {
        match id {
            Some(id) => {
                by_id.insert(id, won);
            }
            None => without_id.push(won),
        }
    }
    let mut won_in_file: HashMap<String, Vec<f64>> = HashMap::new();
    let mut missing: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<DealImport> = Vec::new();
    let good = deals::rows(decoded, map, lookups, as_of, rejects, &mut |d, _| {
        if let Some(id) = d.external_id.as_deref() {
            by_id.remove(id);
        }
        match (d.outcome, d.amount_source) {
            // The deals shown are listed first below, from `kept`.
            (_, AmountSource::Missing) if kept.len() >= shown => {
                *missing.entry(d.product.clone()).or_default() += 1;
            }
            (Outcome::Won, AmountSource::Given) => {
                won_in_file
                    .entry(d.product.clone())
                    .or_default()
                    .push(d.amount);
            }
            _ => {}
        }
        if kept.len() < shown {
            kept.push(d);
        }
        Ok(())
    })?;
    // The deals shown come first, so their estimates are the first ones.
    let all_missing: Vec<&str> = kept
        .iter()
        .filter(|d| d.amount_source == AmountSource::Missing)
        .map(|d| d.product.as_str())
        .chain(
            missing
                .iter()
                .flat_map(|(product, n)| std::iter::repeat_n(product.as_str(), *n)),
        )
        .collect();
    let won = won_in_file
        .iter()
        .flat_map(|(product, amounts)| amounts.iter().map(move |a| (product.as_str(), *a)))
        .chain(
            by_id
                .values()
                .chain(&without_id)
                .map(|w| (w.product.as_str(), w.amount)),
        );
    let (amounts, estimates) = amount_estimates(&all_missing, won);
    set_estimates(&mut kept, amounts);
    Ok(DealsPreview {
        good,
        shown: kept,
        estimates,
    })
}
