//! The three forecast methods, each turned into a simulation plan from what was known at an
//! origin day: stage-weighted, calibrated on the workspace's own closed history, run-rate.

mod buckets;
mod built;
mod calibrated;
mod curves;
mod drift;
mod new_pipeline;
mod run_rate;
mod stage;

pub(crate) use buckets::Dimension;
pub use built::Built;

use super::history::History;
use built::Builder;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the forecast turns the pipeline into a number; the backtest recommends one, the user
/// may pick another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Each open deal at its stage's probability on its expected close date: the CRM's view.
    Stage,
    /// From how the workspace's own deals of that age, group and stage were won.
    Calibrated,
    /// The last window's bookings again: for a steady business with little pipeline data.
    RunRate,
}

impl Method {
    /// Every method, in the order the backtest scores and lists them.
    pub const ALL: [Method; 3] = [Method::Stage, Method::Calibrated, Method::RunRate];

    /// The name shown on screen, in exports and in the forecast's headline.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stage => "Stage-weighted",
            Self::Calibrated => "Calibrated",
            Self::RunRate => "Run-rate",
        }
    }

    /// The method a user typed, forgiving case, spaces and dashes (`run-rate`, `Run rate`).
    pub fn parse(text: &str) -> Option<Self> {
        match text
            .trim()
            .to_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "stage" | "stageweighted" => Some(Self::Stage),
            "calibrated" => Some(Self::Calibrated),
            "runrate" => Some(Self::RunRate),
            _ => None,
        }
    }
}

/// Builds a method's plan at `origin` over the next `window` days.
pub fn build(
    history: &History,
    method: Method,
    origin: NaiveDate,
    window: i64,
    detail: bool,
) -> Built {
    let mut b = Builder::new(history, origin, window, detail);
    match method {
        Method::Stage => stage::stage_weighted(&mut b),
        Method::Calibrated => calibrated::calibrated(&mut b),
        Method::RunRate => run_rate::run_rate(&mut b),
    }
    b.finish()
}
