//! Charts for the screen and the board deck: plain data gathered from the store, drawn with
//! plotters into SVG and PNG with one embedded font, plus each chart's data as CSV.
//!
//! To add a chart: a file with its data type implementing [`Plot`] and a `chart(..)` that
//! gathers it, a [`Body`] variant, and its name in [`NAMES`] and [`chart`].

mod canvas;
mod capacity;
mod draw;
mod fan;
mod font;
pub mod format;
mod ipp;
mod movement;
mod pack;
mod pipeline;
mod ranking;
mod raster;
mod readiness;
mod render;
mod sourced;
mod svg;
mod theme;
mod win_rate;

pub use canvas::{Align, Area, Canvas, Shape, Valign};
pub use capacity::{Capacity, Load};
pub use draw::{columns, grouped, legend_row, nice_scale, value_axis, Column};
pub use fan::{fan_chart, FanWeek, ForecastFan};
pub use font::FAMILY;
pub use ipp::IppMatch;
pub use movement::TierMovement;
pub use pack::{board_pack, PackProgress, PackSummary};
pub use pipeline::{PipelineByStage, StageBar};
pub use ranking::{RankedBar, RankingByTier, TierBand};
pub use readiness::ReadinessMix;
pub use render::{compose, render_png, render_rgba, render_svg};
pub use sourced::{QuarterBookings, SourcedShare};
pub use theme::{Palette, Rgb, Theme};
pub use win_rate::WinRate;

use crate::store::{StoreError, Workspace};
use chrono::NaiveDate;

/// What went wrong drawing or writing charts, in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Input(#[from] crate::domain::InvalidInput),
    #[error("There is no chart named “{0}”. Charts: {names}.", names = NAMES.join(", "))]
    UnknownChart(String),
    #[error("A chart of {w}×{h} at {scale}× cannot be drawn: sides must be at least {min} px, at most {max} px after scaling, and the scale 1 to 4.", min = render::MIN_SIDE, max = render::MAX_SIDE)]
    Size { w: u32, h: u32, scale: u32 },
    #[error("The embedded chart font could not be loaded.")]
    Font,
    #[error("The chart could not be drawn: {0}")]
    Draw(String),
    #[error("{path} could not be written: {reason}. Nothing was written there.")]
    Write { path: String, reason: String },
    #[error("The board pack was cancelled; nothing was written.")]
    Cancelled,
}

pub type Result<T> = std::result::Result<T, ChartError>;

/// A chart's body: anything that can draw itself into the plot area and list its data.
pub trait Plot {
    /// True when there is nothing to draw; the chart then shows [`Plot::empty_message`].
    fn is_empty(&self) -> bool;
    /// What to do to fill this chart, drawn in place of the plot.
    fn empty_message(&self) -> &'static str;
    /// Draws the marks, axes and legend inside `plot` (layout units; see [`Canvas::u`]).
    fn draw(&self, canvas: &mut Canvas, plot: Area);
    /// The data behind the chart: a header row, then one row per mark.
    fn table(&self) -> Vec<Vec<String>>;
}

/// Every kind of chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Pipeline(PipelineByStage),
    Ranking(RankingByTier),
    TierMovement(TierMovement),
    Capacity(Capacity),
    Readiness(ReadinessMix),
    IppMatch(IppMatch),
    SourcedShare(SourcedShare),
    ForecastFan(ForecastFan),
    WinRate(WinRate),
}

impl Body {
    pub fn plot(&self) -> &dyn Plot {
        match self {
            Self::Pipeline(b) => b,
            Self::Ranking(b) => b,
            Self::TierMovement(b) => b,
            Self::Capacity(b) => b,
            Self::Readiness(b) => b,
            Self::IppMatch(b) => b,
            Self::SourcedShare(b) => b,
            Self::ForecastFan(b) => b,
            Self::WinRate(b) => b,
        }
    }
}

/// One chart: the frame every chart carries, and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The answer in one sentence, with a number.
    pub subtitle: String,
    pub as_of: NaiveDate,
    /// Where the numbers come from.
    pub footnote: String,
    pub body: Body,
}

/// Stable chart names, in board-pack order.
pub const NAMES: [&str; 9] = [
    "forecast-fan",
    "pipeline",
    "ranking",
    "tier-movement",
    "capacity",
    "readiness",
    "ipp-match",
    "sourced-share",
    "win-rate",
];

/// One chart of `ws` by name, as of `as_of`.
pub fn chart(ws: &Workspace, name: &str, as_of: NaiveDate) -> Result<Chart> {
    Ok(match name {
        "pipeline" => pipeline::chart(ws, as_of)?,
        "ranking" => ranking::chart(ws, as_of)?,
        "tier-movement" => movement::chart(ws, as_of)?,
        "capacity" => capacity::chart(ws, as_of)?,
        "readiness" => readiness::chart(ws, as_of)?,
        "ipp-match" => ipp::chart(ws, as_of)?,
        "sourced-share" => sourced::chart(ws, as_of)?,
        "forecast-fan" => fan::chart(ws, as_of)?,
        "win-rate" => win_rate::chart(ws, as_of)?,
        other => return Err(ChartError::UnknownChart(other.to_string())),
    })
}

/// Every chart of `ws`, by stable name.
pub fn from_workspace(ws: &Workspace, as_of: NaiveDate) -> Result<Vec<(&'static str, Chart)>> {
    NAMES
        .iter()
        .map(|name| Ok((*name, chart(ws, name, as_of)?)))
        .collect()
}

/// The chart's data as CSV (header row first).
pub fn data_csv(chart: &Chart) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in chart.body.plot().table() {
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}
