//! The board pack: every chart as PNG (1920×1080) and SVG with its data as CSV, and an
//! `index.html` gallery, written to a hidden sibling folder and renamed into place at the end,
//! so a failure leaves nothing half-written. Each file goes through the one safe writer and
//! reaches the disk before the rename. The hidden folder holds a lock while it is written; one
//! whose lock is free was left by a killed run, and the next pack of that name removes it.

use super::svg::escape;
use super::{data_csv, dated_set, render_png, render_svg, ChartError, Result, Theme};
use crate::export::file::{sync_dir, write_bytes, Replace, WriteError};
use crate::store::Workspace;
use chrono::NaiveDate;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The lock file inside a pack's hidden folder, held while the pack is written.
const WRITING: &str = ".writing";

/// Every pack PNG is full-HD, the size of a board-room slide.
pub const PACK_WIDTH: u32 = 1920;
/// See [`PACK_WIDTH`].
pub const PACK_HEIGHT: u32 = 1080;

/// Where the pack has got to; the callback returns `false` to cancel. The window receives it
/// as `{done, total, chart}` to drive its progress bar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PackProgress<'a> {
    /// Charts written so far.
    pub done: usize,
    /// Charts the pack holds in all.
    pub total: usize,
    /// The chart being written next; empty once the index is written.
    pub chart: &'a str,
}

/// What was written, for the status line and the command line's JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackSummary {
    /// The pack's folder, shown so the person can open it.
    #[serde(serialize_with = "lossy_path")]
    pub dir: PathBuf,
    /// The one date every chart of the pack is drawn as of: the forecast's.
    pub as_of: NaiveDate,
    /// The chart names, in pack order.
    pub charts: Vec<String>,
    /// How many files the folder holds, index included.
    pub files: usize,
}

/// A path as text for the window, even when it is not valid Unicode.
fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.display().to_string())
}

fn write_err(path: &Path, source: std::io::Error) -> ChartError {
    ChartError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// A folder refused for a reason of the app's own, told as the operating system's would be.
fn refused(path: &Path, reason: &str) -> ChartError {
    write_err(path, std::io::Error::other(reason.to_string()))
}

/// Writes the board pack of `ws` into `dir`, which must not exist or be empty. Every chart is
/// drawn as of the forecast's as-of for `today` (see [`super::as_of`]).
pub fn board_pack(
    ws: &Workspace,
    dir: &Path,
    theme: &Theme,
    today: NaiveDate,
    progress: &mut dyn FnMut(PackProgress) -> bool,
) -> Result<PackSummary> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refused(
            dir,
            "it is a link to another folder; nothing is written through a link",
        ));
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| write_err(dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(refused(
                dir,
                "the folder already exists and is not empty; choose a new or empty folder",
            ));
        }
    }
    let name = dir
        .file_name()
        .ok_or_else(|| refused(dir, "choose a folder, not a drive root"))?
        .to_string_lossy()
        .into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    remove_leftovers(&parent, &name);
    let temp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if temp.exists() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    std::fs::create_dir(&temp).map_err(|e| write_err(dir, e))?;
    let written = hold(&temp).and_then(|held| {
        let summary = write_pack(ws, &temp, theme, today, progress)?;
        drop(held);
        std::fs::remove_file(temp.join(WRITING)).map_err(|e| write_err(dir, e))?;
        sync_dir(&temp);
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|e| write_err(dir, e))?;
        }
        std::fs::rename(&temp, dir).map_err(|e| write_err(dir, e))?;
        sync_dir(&parent);
        Ok(summary)
    });
    match written {
        Ok((as_of, charts, files)) => Ok(PackSummary {
            dir: dir.to_path_buf(),
            as_of,
            charts,
            files,
        }),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(match e {
                ChartError::Write { source, .. } => write_err(dir, source),
                other => other,
            })
        }
    }
}

/// Takes the lock that marks the hidden folder as being written.
fn hold(temp: &Path) -> Result<File> {
    let path = temp.join(WRITING);
    let file = OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(&path)
        .map_err(|e| write_err(&path, e))?;
    file.lock().map_err(|e| write_err(&path, e))?;
    Ok(file)
}

/// Removes the hidden folders of packs named `name` that killed runs left in `parent`: those
/// whose lock is free (or gone). A pack being written now holds its lock and is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.partial-");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let ours = file_name
            .strip_prefix(&prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if !ours || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let lock = entry.path().join(WRITING);
        let abandoned = match OpenOptions::new().write(true).open(&lock) {
            Ok(file) => file.try_lock().is_ok(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        };
        if abandoned {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_pack(
    ws: &Workspace,
    dir: &Path,
    theme: &Theme,
    today: NaiveDate,
    progress: &mut dyn FnMut(PackProgress) -> bool,
) -> Result<(NaiveDate, Vec<String>, usize)> {
    let (as_of, charts) = dated_set(ws, today)?;
    let total = charts.len();
    let mut files = 0;
    let put = |file: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(file);
        write_bytes(&path, Replace::No, Some(ws.path()), bytes).map_err(|e| match e {
            WriteError::Io { source, .. } => write_err(&path, source),
            other => refused(&path, &other.to_string()),
        })
    };
    let mut index = String::new();
    for (i, (name, chart)) in charts.iter().enumerate() {
        if !progress(PackProgress {
            done: i,
            total,
            chart: name,
        }) {
            return Err(ChartError::Cancelled);
        }
        put(
            &format!("{name}.png"),
            &render_png(chart, theme, PACK_WIDTH, PACK_HEIGHT, 1)?,
        )?;
        put(
            &format!("{name}.svg"),
            render_svg(chart, theme, PACK_WIDTH, PACK_HEIGHT)?.as_bytes(),
        )?;
        put(&format!("{name}.csv"), data_csv(chart).as_bytes())?;
        files += 3;
        index.push_str(&format!(
            "<figure id=\"{name}\">\n<img src=\"{name}.png\" width=\"960\" height=\"540\" alt=\"{title}\">\n<figcaption><strong>{title}</strong> — {subtitle}<br>\n<a href=\"{name}.svg\">SVG</a> · <a href=\"{name}.png\">PNG</a> · <a href=\"{name}.csv\">Data (CSV)</a></figcaption>\n</figure>\n",
            title = escape(&chart.title),
            subtitle = escape(&chart.subtitle),
        ));
    }
    let bg = if theme.dark { "#111827" } else { "#ffffff" };
    let fg = if theme.dark { "#f3f4f6" } else { "#111827" };
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'\">\n<title>Board pack — {company}</title>\n<style>body{{font-family:system-ui,sans-serif;background:{bg};color:{fg};margin:2rem auto;max-width:1000px}}figure{{margin:0 0 3rem}}img{{width:100%;height:auto;border:1px solid #8884}}a{{color:inherit}}</style>\n</head>\n<body>\n<h1>Board pack — {company}</h1>\n<p>As of {as_of}. Each chart as PNG (1920×1080) and SVG, with its data as CSV.</p>\n{index}</body>\n</html>\n",
        company = escape(&ws.display_name()),
    );
    put("index.html", html.as_bytes())?;
    files += 1;
    if !progress(PackProgress {
        done: total,
        total,
        chart: "",
    }) {
        return Err(ChartError::Cancelled);
    }
    Ok((
        as_of,
        charts.iter().map(|(n, _)| n.to_string()).collect(),
        files,
    ))
}
