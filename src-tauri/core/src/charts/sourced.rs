//! Partner-sourced share of bookings by quarter: won amount per quarter of closing, split
//! partner-sourced vs everything else, with the share above each column.

use super::canvas::{Area, Canvas};
use super::draw::{columns, legend_row, Column};
use super::format::{money, percent};
use super::{Body, Chart, Plot, Result};
use crate::store::Workspace;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Quarters shown, latest last.
pub const QUARTERS: usize = 8;

/// One quarter's won bookings, split by who sourced them.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterBookings {
    /// e.g. "Q3 2026".
    pub quarter: String,
    /// Bookings the partners brought in.
    pub sourced: f64,
    /// All other bookings.
    pub other: f64,
}

/// How much of the business partners source, quarter by quarter: the sourced-share chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedShare {
    /// The last [`QUARTERS`] quarters, latest last.
    pub quarters: Vec<QuarterBookings>,
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let mut by_quarter: BTreeMap<(i32, u32), (f64, f64)> = BTreeMap::new();
    let won = ws.deals(as_of)?.into_iter().filter(|d| {
        d.outcome == "won"
            && d.closed_on
                .as_deref()
                .and_then(|c| NaiveDate::parse_from_str(c, "%Y-%m-%d").ok())
                .is_some_and(|c| c <= as_of)
    });
    let split = ws.currencies()?.split(won, as_of);
    for (d, home) in &split.kept {
        let Some(closed) = d
            .closed_on
            .as_deref()
            .and_then(|c| NaiveDate::parse_from_str(c, "%Y-%m-%d").ok())
        else {
            continue;
        };
        if d.outcome != "won" || closed > as_of {
            continue;
        }
        let slot = by_quarter
            .entry((closed.year(), closed.month0() / 3 + 1))
            .or_default();
        if d.source == "partner_sourced" {
            slot.0 += home;
        } else {
            slot.1 += home;
        }
    }
    let quarters: Vec<QuarterBookings> = by_quarter
        .into_iter()
        .rev()
        .take(QUARTERS)
        .rev()
        .map(|((y, q), (sourced, other))| QuarterBookings {
            quarter: format!("Q{q} {y}"),
            sourced,
            other,
        })
        .collect();
    Ok(super::with_left_out(
        new(SourcedShare { quarters }, as_of),
        &split.left_out,
    ))
}

fn share(q: &QuarterBookings) -> f64 {
    let total = q.sourced + q.other;
    if total > 0.0 {
        q.sourced / total
    } else {
        0.0
    }
}

pub fn new(data: SourcedShare, as_of: NaiveDate) -> Chart {
    let subtitle = match data.quarters.last() {
        Some(q) => format!(
            "Partners sourced {} of {} bookings ({}) in {} so far.",
            money(q.sourced),
            money(q.sourced + q.other),
            percent(share(q)),
            q.quarter
        ),
        None => "No won deals yet.".into(),
    };
    Chart {
        title: "Partner-sourced share of bookings".into(),
        subtitle,
        as_of,
        footnote: "Won deals by quarter closed. Partner-sourced as recorded at entry; other = partner-influenced and direct. Latest quarter to date.".into(),
        body: Body::SourcedShare(data),
    }
}

impl Plot for SourcedShare {
    fn is_empty(&self) -> bool {
        self.quarters.iter().all(|q| q.sourced + q.other <= 0.0)
    }

    fn empty_message(&self) -> &'static str {
        "No won deals yet — import deals to see this chart."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "Partner-sourced".into()),
                (p.neutral, "Influenced and direct".into()),
            ],
        );
        let cols: Vec<Column> = self
            .quarters
            .iter()
            .map(|q| Column {
                label: q.quarter.clone(),
                segments: vec![(q.sourced, p.brand), (q.other, p.neutral)],
                top_label: percent(share(q)),
            })
            .collect();
        columns(c, area, &cols, money);
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "quarter".to_string(),
            "partner_sourced_won".into(),
            "other_won".into(),
            "sourced_share".into(),
        ]];
        for q in &self.quarters {
            rows.push(vec![
                q.quarter.clone(),
                format!("{:.2}", q.sourced),
                format!("{:.2}", q.other),
                format!("{:.4}", share(q)),
            ]);
        }
        rows
    }
}
