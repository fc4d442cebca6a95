//! `partnerboard-cli chart` and `board-pack`: charts of a workspace as PNG, SVG or CSV, and
//! the whole board pack into a folder.

use crate::{fail, invalid};
use chrono::NaiveDate;
use clap::Args;
use partnerboard_core::charts::{self, Theme};
use partnerboard_core::export::file::{write_bytes, Replace};
use partnerboard_core::store;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// How a chart looks and when it is as of.
#[derive(Args)]
pub struct Look {
    /// Draw on a dark background.
    #[arg(long)]
    pub dark: bool,
    /// The brand colour for the partner series, as #rrggbb.
    #[arg(long)]
    pub brand: Option<String>,
    /// The day to stand on (YYYY-MM-DD); defaults to today. Every chart is drawn as of the
    /// forecast's as-of for it: the last day the deals speak of when that is earlier.
    #[arg(long)]
    pub as_of: Option<String>,
}

pub struct Size {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
}

fn settle(look: &Look) -> Result<(Theme, NaiveDate), ExitCode> {
    let mut theme = Theme {
        dark: look.dark,
        ..Theme::default()
    };
    if let Some(text) = &look.brand {
        theme.brand = Theme::parse_brand(text).ok_or_else(|| {
            invalid(format!(
                "--brand must be a colour like #2563eb; got “{text}”."
            ))
        })?;
    }
    let as_of = match &look.as_of {
        None => partnerboard_core::clock::today(),
        Some(text) => partnerboard_core::domain::validate::date("as_of", "--as-of", text)
            .map_err(|e| invalid(e.message))?,
    };
    Ok((theme, as_of))
}

fn open(file: &Path) -> Result<store::Workspace, ExitCode> {
    store::open_for_reading(file).map_err(fail)
}

/// `chart NAME FILE --out OUT.png|svg|csv`.
pub fn chart(
    name: &str,
    file: &Path,
    (out, replace): (&Path, Replace),
    size: Size,
    look: &Look,
) -> ExitCode {
    let (theme, as_of) = match settle(look) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let ws = match open(file) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let chart = match charts::chart(&ws, name, as_of) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "png" => charts::render_png(&chart, &theme, size.width, size.height, size.scale),
        "svg" => {
            charts::render_svg(&chart, &theme, size.width, size.height).map(String::into_bytes)
        }
        "csv" => Ok(charts::data_csv(&chart).into_bytes()),
        _ => {
            return invalid(format!(
                "--out must end in .png, .svg or .csv; got {}.",
                out.display()
            ))
        }
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    if let Err(e) = write_bytes(out, replace, Some(ws.path()), &bytes) {
        return fail(e);
    }
    say!(
        "{}",
        json!({ "ok": true, "chart": name, "path": out.display().to_string(), "bytes": bytes.len(), "empty": chart.body.plot().is_empty(), "as_of": chart.as_of.to_string(), "subtitle": chart.subtitle })
    );
    ExitCode::SUCCESS
}

/// `board-pack FILE --out DIR`.
pub fn board_pack(file: &Path, out: &Path, look: &Look) -> ExitCode {
    let (theme, as_of) = match settle(look) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let ws = match open(file) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let mut report = |p: charts::PackProgress| {
        if !p.chart.is_empty() {
            eprintln!("[{}/{}] {}", p.done + 1, p.total, p.chart);
        }
        true
    };
    match charts::board_pack(&ws, out, &theme, as_of, &mut report) {
        Ok(summary) => {
            say!(
                "{}",
                json!({ "ok": true, "path": summary.dir.display().to_string(), "as_of": summary.as_of.to_string(), "charts": summary.charts, "files": summary.files })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
