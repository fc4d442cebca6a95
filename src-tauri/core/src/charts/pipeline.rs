//! Open pipeline by stage, with the stalled part of each stage marked.

use super::canvas::{Area, Canvas};
use super::draw::{columns, legend_row, Column};
use super::format::{count, money, percent};
use super::{Body, Chart, Plot, Result};
use crate::domain::currency::LeftOut;
use crate::store::Workspace;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One sales stage's open deals, with the stalled part picked out.
#[derive(Debug, Clone, PartialEq)]
pub struct StageBar {
    /// The stage's name, in sales-process order.
    pub stage: String,
    /// Open deals in the stage.
    pub open: usize,
    /// Their total amount, in the workspace currency.
    pub amount: f64,
    /// Open deals that have sat in the stage past its limit.
    pub stalled: usize,
    /// Their total amount.
    pub stalled_amount: f64,
}

/// Where the open pipeline sits and where it is stuck: the pipeline chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineByStage {
    /// Every stage, in sales-process order.
    pub stages: Vec<StageBar>,
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let mut stalled: HashMap<i64, f64> = HashMap::new();
    let split = ws.currencies()?.split(ws.deals(as_of)?, as_of);
    for (d, home) in &split.kept {
        if let (Some(stage), Some(_)) = (d.stage_id, d.days_over) {
            *stalled.entry(stage).or_default() += home;
        }
    }
    let summary = ws.process_summary(as_of)?;
    let left_out = summary
        .iter()
        .fold(LeftOut::default(), |all, s| all.merged(&s.left_out));
    let stages = summary
        .into_iter()
        .map(|s| StageBar {
            stalled_amount: s
                .stage
                .id
                .and_then(|id| stalled.get(&id).copied())
                .unwrap_or(0.0),
            stage: s.stage.name,
            open: s.open,
            amount: s.amount,
            stalled: s.stalled,
        })
        .collect();
    Ok(super::with_left_out(
        new(PipelineByStage { stages }, as_of),
        &left_out,
    ))
}

/// The chart around `data`.
pub fn new(data: PipelineByStage, as_of: NaiveDate) -> Chart {
    let total: f64 = data.stages.iter().map(|s| s.amount).sum();
    let stalled: f64 = data.stages.iter().map(|s| s.stalled_amount).sum();
    let deals: usize = data.stages.iter().map(|s| s.open).sum();
    let subtitle = if deals == 0 {
        "No open deals.".to_string()
    } else {
        format!(
            "{} open in {} deals; {} of it ({}) is stalled past its stage's expected days.",
            money(total),
            count(deals as f64),
            money(stalled),
            percent(stalled / total.max(f64::MIN_POSITIVE))
        )
    };
    Chart {
        title: "Pipeline by stage".into(),
        subtitle,
        as_of,
        footnote: "Open deals of every source by current stage. Stalled: longer in the stage than its expected days.".into(),
        body: Body::Pipeline(data),
    }
}

impl Plot for PipelineByStage {
    fn is_empty(&self) -> bool {
        self.stages.iter().all(|s| s.open == 0)
    }

    fn empty_message(&self) -> &'static str {
        "No open deals yet — import deals to see this chart."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "On track".to_string()),
                (p.alert, "Stalled".to_string()),
            ],
        );
        let cols: Vec<Column> = self
            .stages
            .iter()
            .map(|s| Column {
                label: s.stage.clone(),
                segments: vec![
                    ((s.amount - s.stalled_amount).max(0.0), p.brand),
                    (s.stalled_amount, p.alert),
                ],
                top_label: if s.open == 0 {
                    "—".into()
                } else {
                    format!(
                        "{} · {} stalled",
                        money(s.amount),
                        percent(s.stalled_amount / s.amount.max(f64::MIN_POSITIVE))
                    )
                },
            })
            .collect();
        columns(c, area, &cols, money);
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "stage".to_string(),
            "open_deals".into(),
            "open_amount".into(),
            "stalled_deals".into(),
            "stalled_amount".into(),
        ]];
        for s in &self.stages {
            rows.push(vec![
                s.stage.clone(),
                s.open.to_string(),
                format!("{:.2}", s.amount),
                s.stalled.to_string(),
                format!("{:.2}", s.stalled_amount),
            ]);
        }
        rows
    }
}
