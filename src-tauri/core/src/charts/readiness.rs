//! Readiness distribution: signed partners by their latest total (0–9), coloured by band.

use super::canvas::{Area, Canvas};
use super::draw::{columns, legend_row, Column};
use super::format::{count, percent};
use super::{Body, Chart, Plot, Result};
use crate::domain::readiness::Band;
use crate::store::Workspace;
use chrono::NaiveDate;

/// How ready the partners are to sell, by readiness total: the readiness chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessMix {
    /// `partners[total]` for totals 0–9, with the band of that total.
    pub totals: Vec<(usize, Band)>,
    /// Partners with no readiness review yet, counted beside the bars.
    pub not_reviewed: usize,
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let bands = ws.bands()?;
    let mut totals: Vec<(usize, Band)> = (0..=9).map(|t| (0, bands.band(t))).collect();
    let mut not_reviewed = 0;
    for row in ws.readiness(as_of)? {
        match row.last {
            Some(review) => {
                if let Some(slot) = totals.get_mut(review.total.clamp(0, 9) as usize) {
                    slot.0 += 1;
                }
            }
            None => not_reviewed += 1,
        }
    }
    Ok(new(
        ReadinessMix {
            totals,
            not_reviewed,
        },
        as_of,
    ))
}

impl ReadinessMix {
    fn in_band(&self, band: Band) -> usize {
        self.totals
            .iter()
            .filter(|(_, b)| *b == band)
            .map(|(n, _)| n)
            .sum()
    }
}

pub fn new(data: ReadinessMix, as_of: NaiveDate) -> Chart {
    let reviewed: usize = data.totals.iter().map(|t| t.0).sum();
    let active = data.in_band(Band::Active);
    let subtitle = if reviewed == 0 {
        "No partner has a readiness review yet.".into()
    } else {
        format!(
            "{} of {} reviewed partners ({}) are ready to be active.",
            count(active as f64),
            count(reviewed as f64),
            percent(active as f64 / reviewed as f64)
        )
    };
    let footnote =
        format!(
        "Latest review per signed partner: capability + capacity + motion commitment, each 0–3.{}",
        if data.not_reviewed > 0 {
            format!(" {} partners have no review yet.", count(data.not_reviewed as f64))
        } else {
            String::new()
        }
    );
    Chart {
        title: "Partner readiness".into(),
        subtitle,
        as_of,
        footnote,
        body: Body::Readiness(data),
    }
}

impl Plot for ReadinessMix {
    fn is_empty(&self) -> bool {
        self.totals.iter().all(|t| t.0 == 0)
    }

    fn empty_message(&self) -> &'static str {
        "No readiness reviews yet — review partners to see this chart."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let color = |b: Band| match b {
            Band::Active => p.brand,
            Band::Nurture => p.neutral,
            Band::Offboard => p.alert,
        };
        let items: Vec<_> = [
            (Band::Active, "Active"),
            (Band::Nurture, "Nurture"),
            (Band::Offboard, "Off-board"),
        ]
        .iter()
        .map(|(b, name)| {
            (
                color(*b),
                format!("{name} · {}", count(self.in_band(*b) as f64)),
            )
        })
        .collect();
        let area = legend_row(c, plot, &items);
        let cols: Vec<Column> = self
            .totals
            .iter()
            .enumerate()
            .map(|(total, (n, band))| Column {
                label: total.to_string(),
                segments: vec![(*n as f64, color(*band))],
                top_label: count(*n as f64),
            })
            .collect();
        columns(c, area, &cols, count);
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec!["total".to_string(), "band".into(), "partners".into()]];
        for (total, (n, band)) in self.totals.iter().enumerate() {
            rows.push(vec![
                total.to_string(),
                band.status().to_string(),
                n.to_string(),
            ]);
        }
        rows.push(vec![
            "".into(),
            "not_reviewed".into(),
            self.not_reviewed.to_string(),
        ]);
        rows
    }
}
