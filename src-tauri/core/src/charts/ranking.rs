//! Every ranked partner's score in rank order, coloured by tier, with each tier's band.

use super::canvas::{Align, Area, Canvas, Valign};
use super::draw::{legend_row, value_axis};
use super::format::count;
use super::{Body, Chart, Plot, Result};
use crate::store::Workspace;
use chrono::NaiveDate;

/// One scored partner's bar in the ranking chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedBar {
    /// Its place, 1 being the best score.
    pub rank: usize,
    /// The partner's name, labelling the bar.
    pub partner: String,
    /// 0–100.
    pub score: f64,
    /// The tier it is placed in, colouring the bar; `None` when no tier takes it.
    pub tier: Option<String>,
}

/// One tier's run of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct TierBand {
    /// The tier's name, or "No tier".
    pub tier: String,
    /// How many partners in a row of the ranking share it.
    pub partners: usize,
    /// The lowest score among them (0–100).
    pub min_score: f64,
    /// The highest score among them (0–100).
    pub max_score: f64,
}

/// Every ranked partner's score in rank order, coloured by tier: the ranking chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingByTier {
    /// Tier names, top tier first.
    pub tiers: Vec<String>,
    /// In rank order.
    pub partners: Vec<RankedBar>,
    /// Partners left out because a factor is not scored yet.
    pub unscored: usize,
}

impl RankingByTier {
    /// The runs of one tier down the ranking, for the legend and the band shading.
    pub fn bands(&self) -> Vec<TierBand> {
        let mut bands: Vec<TierBand> = Vec::new();
        for p in &self.partners {
            let tier = p.tier.clone().unwrap_or_else(|| "No tier".into());
            match bands.last_mut() {
                Some(b) if b.tier == tier => {
                    b.partners += 1;
                    b.min_score = b.min_score.min(p.score);
                    b.max_score = b.max_score.max(p.score);
                }
                _ => bands.push(TierBand {
                    tier,
                    partners: 1,
                    min_score: p.score,
                    max_score: p.score,
                }),
            }
        }
        bands
    }

    fn level(&self, tier: &Option<String>) -> usize {
        tier.as_ref()
            .and_then(|t| self.tiers.iter().position(|x| x == t))
            .unwrap_or(self.tiers.len())
    }
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let scored = ws.scored_roster()?;
    let partners: Vec<RankedBar> = scored
        .entries
        .iter()
        .filter_map(|e| {
            Some(RankedBar {
                rank: e.rank?,
                partner: e.name.clone(),
                score: e.score?,
                tier: e.tier.clone(),
            })
        })
        .collect();
    let unscored = scored.entries.len() - partners.len();
    let tiers = scored.tiers.iter().map(|t| t.name.clone()).collect();
    Ok(new(
        RankingByTier {
            tiers,
            partners,
            unscored,
        },
        as_of,
    ))
}

pub fn new(data: RankingByTier, as_of: NaiveDate) -> Chart {
    let bands = data.bands();
    let subtitle = match (data.partners.first(), bands.first()) {
        (Some(top), Some(band)) => format!(
            "{} partners ranked; {} in {} (scores {:.0}–{:.0}); #1 is {} at {:.0}.",
            count(data.partners.len() as f64),
            count(band.partners as f64),
            band.tier,
            band.min_score,
            band.max_score,
            top.partner,
            top.score
        ),
        _ => "No partner is ranked yet.".into(),
    };
    let footnote = format!(
        "Weighted score on 0–100 under the saved scoring model and tier rules.{}",
        if data.unscored > 0 {
            format!(
                " {} unscored partners are not shown.",
                count(data.unscored as f64)
            )
        } else {
            String::new()
        }
    );
    Chart {
        title: "Partner ranking by tier".into(),
        subtitle,
        as_of,
        footnote,
        body: Body::Ranking(data),
    }
}

impl Plot for RankingByTier {
    fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    fn empty_message(&self) -> &'static str {
        "No ranked partners yet — score partners on every factor to see the ranking."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let bands = self.bands();
        let items: Vec<_> = bands
            .iter()
            .map(|b| {
                let level = self.level(&Some(b.tier.clone()));
                (
                    p.brand_shade(level),
                    format!("{} · {}", b.tier, count(b.partners as f64)),
                )
            })
            .collect();
        let area = legend_row(c, plot, &items);
        let area = Area {
            h: area.h - c.body() * 2.0,
            ..area
        };
        let inner = value_axis(c, area, 100.0, 20.0, |v| format!("{v:.0}"));
        let slot = inner.w / self.partners.len().max(1) as f64;
        let mut start = 0usize;
        for (i, band) in bands.iter().enumerate() {
            let x0 = inner.x + slot * start as f64;
            let x1 = x0 + slot * band.partners as f64;
            if i > 0 {
                c.line(
                    vec![(x0, inner.y), (x0, inner.bottom())],
                    p.muted,
                    c.u.max(1.0),
                );
            }
            let label = format!("{}: score ≥ {:.0}", band.tier, band.min_score);
            c.text_fit(
                &label,
                (x0 + x1) / 2.0,
                inner.bottom() + 20.0 * c.u,
                c.small(),
                x1 - x0,
                p.muted,
                Align::Center,
                Valign::Top,
            );
            start += band.partners;
        }
        let gap = if slot > 6.0 * c.u { slot * 0.2 } else { 0.0 };
        for (i, bar) in self.partners.iter().enumerate() {
            let x = inner.x + slot * i as f64;
            let h = bar.score.clamp(0.0, 100.0) / 100.0 * inner.h;
            let color = p.brand_shade(self.level(&bar.tier));
            c.rect(
                x + gap / 2.0,
                inner.bottom() - h,
                x + slot - gap / 2.0,
                inner.bottom(),
                color,
            );
        }
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "rank".to_string(),
            "partner".into(),
            "score".into(),
            "tier".into(),
        ]];
        for b in &self.partners {
            rows.push(vec![
                b.rank.to_string(),
                b.partner.clone(),
                format!("{:.2}", b.score),
                b.tier.clone().unwrap_or_default(),
            ]);
        }
        rows
    }
}
