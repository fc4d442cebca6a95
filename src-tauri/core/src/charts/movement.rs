//! Tier movement between the two latest scoring cycles: partners by tier before (rows) and
//! after (columns); moves up in the brand colour, moves down in the alert colour.

use super::canvas::{Align, Area, Canvas, Valign};
use super::draw::legend_row;
use super::format::count;
use super::theme::{contrast, mix};
use super::{Body, Chart, Plot, Result};
use crate::domain::cycles::compare;
use crate::store::Workspace;
use chrono::NaiveDate;

/// Who moved up or down a tier between the last two closed scoring cycles.
#[derive(Debug, Clone, PartialEq)]
pub struct TierMovement {
    /// The earlier cycle's name, labelling the rows.
    pub from_cycle: String,
    /// The later cycle's name, labelling the columns.
    pub to_cycle: String,
    /// Row and column labels, top tier first (the last may be "Unscored").
    pub tiers: Vec<String>,
    /// `matrix[from][to]`: partners in both cycles.
    pub matrix: Vec<Vec<usize>>,
}

impl TierMovement {
    /// Partners that moved (up, down).
    pub fn moves(&self) -> (usize, usize) {
        let mut up = 0;
        let mut down = 0;
        for (i, row) in self.matrix.iter().enumerate() {
            for (j, n) in row.iter().enumerate() {
                if j < i {
                    up += n;
                } else if j > i {
                    down += n;
                }
            }
        }
        (up, down)
    }
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let cycles = ws.cycles()?;
    let data = match (cycles.get(1), cycles.first()) {
        (Some(before), Some(after)) => {
            let order: Vec<String> = ws.tiers()?.into_iter().map(|t| t.name).collect();
            let cmp = compare(
                &ws.cycle_entries(before.id)?,
                &ws.cycle_entries(after.id)?,
                &order,
            );
            TierMovement {
                from_cycle: before.name.clone(),
                to_cycle: after.name.clone(),
                tiers: cmp.tiers,
                matrix: cmp.matrix,
            }
        }
        _ => TierMovement {
            from_cycle: String::new(),
            to_cycle: String::new(),
            tiers: Vec::new(),
            matrix: Vec::new(),
        },
    };
    Ok(new(data, as_of))
}

pub fn new(data: TierMovement, as_of: NaiveDate) -> Chart {
    let (up, down) = data.moves();
    let subtitle = if data.matrix.is_empty() {
        "Fewer than two scoring cycles are closed.".into()
    } else {
        format!(
            "From {} to {}: {} partners moved up a tier, {} moved down.",
            data.from_cycle,
            data.to_cycle,
            count(up as f64),
            count(down as f64)
        )
    };
    Chart {
        title: "Tier movement between scoring cycles".into(),
        subtitle,
        as_of,
        footnote: "Partners in both cycles, by tier in the earlier cycle (rows) and the later one (columns).".into(),
        body: Body::TierMovement(data),
    }
}

impl Plot for TierMovement {
    fn is_empty(&self) -> bool {
        self.matrix.iter().flatten().all(|n| *n == 0)
    }

    fn empty_message(&self) -> &'static str {
        "Close two scoring cycles (Re-score) to see who moved tiers."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let body = c.body();
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "Moved up".into()),
                (p.neutral, "Stayed".into()),
                (p.alert, "Moved down".into()),
            ],
        );
        let n = self.tiers.len().max(1) as f64;
        let label_w = 300.0 * c.u;
        let head_h = body * 3.0;
        let cell = ((area.w - label_w) / n).min((area.h - head_h) / n);
        let grid_w = cell * n;
        let x0 = area.x + label_w + (area.w - label_w - grid_w) / 2.0;
        let y0 = area.y + head_h;
        let max = self
            .matrix
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        c.text(
            &format!("→ {}", self.to_cycle),
            x0 + grid_w / 2.0,
            area.y,
            body,
            true,
            p.text,
            Align::Center,
            Valign::Top,
        );
        for (j, t) in self.tiers.iter().enumerate() {
            let cx = x0 + cell * (j as f64 + 0.5);
            c.text_fit(
                t,
                cx,
                y0 - 16.0 * c.u,
                body,
                cell - 8.0 * c.u,
                p.text,
                Align::Center,
                Valign::Baseline,
            );
        }
        for (i, row) in self.matrix.iter().enumerate() {
            let y = y0 + cell * i as f64;
            let name = self.tiers.get(i).cloned().unwrap_or_default();
            c.text_fit(
                &name,
                x0 - 20.0 * c.u,
                y + cell / 2.0,
                body,
                label_w - 20.0 * c.u,
                p.text,
                Align::Right,
                Valign::Middle,
            );
            for (j, count_here) in row.iter().enumerate() {
                let x = x0 + cell * j as f64;
                let base = if j < i {
                    p.brand
                } else if j > i {
                    p.alert
                } else {
                    p.neutral
                };
                let strength = if *count_here == 0 {
                    0.0
                } else {
                    0.25 + 0.75 * (*count_here as f64 / max).sqrt()
                };
                let fill = mix(p.background, base, strength);
                let fill = if *count_here == 0 {
                    mix(p.grid, p.background, 0.5)
                } else {
                    fill
                };
                let pad = 3.0 * c.u;
                c.rect(x + pad, y + pad, x + cell - pad, y + cell - pad, fill);
                let ink = if *count_here == 0 {
                    p.muted
                } else if contrast(p.text, fill) >= contrast(p.background, fill) {
                    p.text
                } else {
                    p.background
                };
                c.text(
                    &count(*count_here as f64),
                    x + cell / 2.0,
                    y + cell / 2.0,
                    (cell * 0.28).min(48.0 * c.u),
                    true,
                    ink,
                    Align::Center,
                    Valign::Middle,
                );
            }
        }
        c.text(
            &format!("{} ↓", self.from_cycle),
            x0 - 20.0 * c.u,
            area.y,
            body,
            true,
            p.text,
            Align::Right,
            Valign::Top,
        );
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "from_cycle".to_string(),
            "to_cycle".into(),
            "from_tier".into(),
            "to_tier".into(),
            "partners".into(),
        ]];
        for (i, row) in self.matrix.iter().enumerate() {
            for (j, n) in row.iter().enumerate() {
                rows.push(vec![
                    self.from_cycle.clone(),
                    self.to_cycle.clone(),
                    self.tiers.get(i).cloned().unwrap_or_default(),
                    self.tiers.get(j).cloned().unwrap_or_default(),
                    n.to_string(),
                ]);
            }
        }
        rows
    }
}
