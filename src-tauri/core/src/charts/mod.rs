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
pub use fan::{fan_chart, FanWeek, ForecastFan};
pub use ipp::IppMatch;
pub use movement::TierMovement;
pub use pack::{board_pack, PackProgress, PackSummary};
pub use pipeline::{PipelineByStage, StageBar};
pub use ranking::{RankedBar, RankingByTier, TierBand};
pub use readiness::ReadinessMix;
pub use render::{render_png, render_rgba, render_svg};
pub use sourced::{QuarterBookings, SourcedShare};
pub use theme::{Palette, Rgb, Theme};
pub use win_rate::{new as win_rate_chart, WinRate, NO_DIRECT_CLOSED, NO_PARTNER_CLOSED};

use crate::domain::forecast::{self, Timeline};
use crate::store::{StoreError, Workspace};
use chrono::NaiveDate;

/// What went wrong drawing or writing charts, in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The chart's data could not be read from the workspace.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A value the person gave (an as-of date, a forecast request) was refused.
    #[error("{0}")]
    Input(#[from] crate::domain::InvalidInput),
    /// The name asked for is none of [`NAMES`].
    #[error("There is no chart named “{0}”. Charts: {names}.", names = NAMES.join(", "))]
    UnknownChart(String),
    /// The size or scale asked for is outside what can be drawn.
    #[error("A chart of {w}×{h} at {scale}× cannot be drawn: sides must be at least {min} px, at most {max} px after scaling, and the scale 1 to 4.", min = render::MIN_SIDE, max = render::MAX_SIDE)]
    Size {
        /// Width asked for, in layout pixels.
        w: u32,
        /// Height asked for, in layout pixels.
        h: u32,
        /// Pixel density asked for (2 for the 2× PNG).
        scale: u32,
    },
    /// The font built into the app would not load; nothing can be drawn without it.
    #[error("The embedded chart font could not be loaded.")]
    Font,
    /// The drawing library failed part-way.
    #[error("The chart could not be drawn: {0}")]
    Draw(String),
    /// A file or folder of the board pack could not be written; nothing was left behind.
    #[error("{path} could not be written: {source}. Nothing was written there.")]
    Write {
        /// The folder or file named in the message.
        path: String,
        /// What the operating system reported (or why the folder was refused).
        #[source]
        source: std::io::Error,
    },
    /// The person cancelled the board pack; no folder was left.
    #[error("The board pack was cancelled; nothing was written.")]
    Cancelled,
}

/// What every chart function returns.
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
    /// Open deals by stage.
    Pipeline(PipelineByStage),
    /// Scores in rank order, by tier.
    Ranking(RankingByTier),
    /// Partners moved between tiers over the last cycle.
    TierMovement(TierMovement),
    /// Hours needed vs hours available.
    Capacity(Capacity),
    /// Partners by readiness total.
    Readiness(ReadinessMix),
    /// Win rates of partners matching the profile vs the rest.
    IppMatch(IppMatch),
    /// Partner-sourced share of bookings by quarter.
    SourcedShare(SourcedShare),
    /// Bookings forecast over the coming weeks.
    ForecastFan(ForecastFan),
    /// Partner-sourced vs direct win rates.
    WinRate(WinRate),
}

impl Body {
    /// The body as something to draw, whatever chart it is.
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
    /// The question the chart answers, at the top.
    pub title: String,
    /// The answer in one sentence, with a number.
    pub subtitle: String,
    /// The date the numbers are as of, printed with the footnote.
    pub as_of: NaiveDate,
    /// Where the numbers come from.
    pub footnote: String,
    /// The chart's own data and drawing.
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

/// The one date every chart of a board pack and every screen is drawn as of: the forecast's
/// default as-of for `today`, so a history that ends earlier is drawn as of its last day.
pub fn as_of(timeline: &Timeline, today: NaiveDate) -> NaiveDate {
    forecast::default_as_of(timeline, today)
}

/// One chart of `ws` by name, drawn as of the forecast's as-of for `today` (see [`as_of`]).
pub fn chart(ws: &Workspace, name: &str, today: NaiveDate) -> Result<Chart> {
    let history = ws.forecast_history()?;
    dated(ws, &history, name, as_of(&history, today))
}

/// One chart as of `as_of` exactly; the history is read once for all charts of a pack.
fn dated(ws: &Workspace, history: &Timeline, name: &str, as_of: NaiveDate) -> Result<Chart> {
    Ok(match name {
        "pipeline" => pipeline::chart(ws, as_of)?,
        "ranking" => ranking::chart(ws, as_of)?,
        "tier-movement" => movement::chart(ws, as_of)?,
        "capacity" => capacity::chart(ws, as_of)?,
        "readiness" => readiness::chart(ws, as_of)?,
        "ipp-match" => ipp::chart(ws, as_of)?,
        "sourced-share" => sourced::chart(ws, as_of)?,
        "forecast-fan" => fan::chart(history, as_of)?,
        "win-rate" => win_rate::chart(history, as_of),
        other => return Err(ChartError::UnknownChart(other.to_string())),
    })
}

/// Every chart of `ws`, by stable name, all drawn as of one date: the forecast's as-of for
/// `today` (see [`as_of`]), which is also the date returned.
pub fn dated_set(
    ws: &Workspace,
    today: NaiveDate,
) -> Result<(NaiveDate, Vec<(&'static str, Chart)>)> {
    let history = ws.forecast_history()?;
    let as_of = as_of(&history, today);
    let charts = NAMES
        .iter()
        .map(|name| Ok((*name, dated(ws, &history, name, as_of)?)))
        .collect::<Result<_>>()?;
    Ok((as_of, charts))
}

/// Every chart of `ws`, by stable name, as of one date (see [`dated_set`]).
pub fn from_workspace(ws: &Workspace, today: NaiveDate) -> Result<Vec<(&'static str, Chart)>> {
    Ok(dated_set(ws, today)?.1)
}

/// The chart's data as CSV (header row first).
pub fn data_csv(chart: &Chart) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in chart.body.plot().table() {
        let _ = w.write_record(
            row.iter()
                .map(|c| crate::export::cells::spreadsheet_cell(c.as_ref())),
        );
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The chart with the sentence about deals left out for want of a rate added to its footnote.
pub(crate) fn with_left_out(
    mut chart: Chart,
    left_out: &crate::domain::currency::LeftOut,
) -> Chart {
    if let Some(note) = &left_out.note {
        chart.footnote = format!("{} {note}", chart.footnote);
    }
    chart
}
