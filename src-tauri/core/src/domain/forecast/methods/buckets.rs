//! The forecast's breakdown lines beyond source: by partner, by tier and by partner type.

use super::super::history::{Deal, History};
use serde::Serialize;
use std::collections::HashMap;

/// The breakdowns beyond source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Dimension {
    Partner,
    Tier,
    Type,
}

/// The line for deals not yet created, in each breakdown.
pub(super) const NEW_PIPELINE: &str = "New pipeline (not yet created)";
/// The line the partners beyond `PARTNER_LINES` are summed in.
pub(super) const OTHER_PARTNERS: &str = "All other partners";

/// The breakdown lines the plan's items add to, numbered in the order first met.
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    /// Each bucket's breakdown and label, by its number.
    pub(crate) labels: Vec<(Dimension, String)>,
    index: HashMap<(Dimension, String), u32>,
}

impl Buckets {
    pub(super) fn get(&mut self, dim: Dimension, label: &str) -> u32 {
        let key = (dim, label.to_string());
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        let i = self.labels.len() as u32;
        self.labels.push(key.clone());
        self.index.insert(key, i);
        i
    }

    /// A deal's partner, tier and type lines; none for a deal without a partner.
    pub(super) fn for_deal(&mut self, history: &History, deal: &Deal) -> Vec<u32> {
        let Some(p) = deal.partner.and_then(|p| history.partners.get(p)) else {
            return Vec::new();
        };
        vec![
            self.get(Dimension::Partner, &p.name),
            self.get(Dimension::Tier, p.tier.as_deref().unwrap_or("No tier")),
            self.get(Dimension::Type, &p.kind),
        ]
    }

    /// The new-pipeline line in each breakdown.
    pub(super) fn new_pipeline(&mut self) -> Vec<u32> {
        [Dimension::Partner, Dimension::Tier, Dimension::Type]
            .into_iter()
            .map(|d| self.get(d, NEW_PIPELINE))
            .collect()
    }
}
