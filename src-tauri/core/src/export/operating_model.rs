//! The operating model as a document: the workshop's decisions and open questions, dated and
//! named for the company, as HTML that prints well (no scripts, a strict content security
//! policy, every user text escaped, the key charts inline as SVG) or as Markdown (charts not
//! embedded; a line says where they are).

use super::file::{write_bytes, Replace, WriteError};
use crate::charts::{self, ChartError, Theme};
use crate::domain::workshop::{StepStatus, Workshop};
use crate::store::{StoreError, Workspace};
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The charts the document carries, in order.
pub const KEY_CHARTS: [&str; 3] = ["ranking", "capacity", "pipeline"];
/// Layout size the charts are drawn at; the page scales them to its width.
const CHART_W: u32 = 1600;
const CHART_H: u32 = 900;

/// The policy the HTML carries: nothing runs, nothing loads, only its own inline styles apply.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Which document the person asked for: HTML to print or share, Markdown to paste into a wiki.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A self-contained page with the key charts inline; prints well.
    Html,
    /// Plain text for wikis and repositories; charts are named, not embedded.
    Markdown,
}

impl Format {
    /// Reads the format a person types (`html`, `md`, …); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Self::Html),
            "md" | "markdown" => Some(Self::Markdown),
            _ => None,
        }
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::parse)
    }

    /// The file extension the document is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
        }
    }
}

/// Why the operating model could not be exported; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The workshop or the chart data could not be read from the workspace.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A key chart could not be drawn.
    #[error("{0}")]
    Chart(#[from] ChartError),
    /// The document could not be written where the person chose; nothing was left there.
    #[error("{0}")]
    File(#[from] WriteError),
}

/// A chart as the document shows it.
#[derive(Debug, Clone)]
pub struct DocChart {
    /// The chart's heading in the document.
    pub title: String,
    /// The SVG, ids made unique to this chart; `None` when the chart has nothing to draw yet.
    pub svg: Option<String>,
    /// What fills the chart, when it is empty.
    pub empty: String,
}

/// Everything the document holds.
#[derive(Debug, Clone)]
pub struct OperatingModel {
    /// The decisions and open questions the document is about.
    pub workshop: Workshop,
    /// The date the document carries and its charts are as of.
    pub date: NaiveDate,
    /// The key charts, in [`KEY_CHARTS`] order.
    pub charts: Vec<DocChart>,
}

/// Gathers the decisions and draws the key charts, as of `date`.
pub fn gather(ws: &Workspace, date: NaiveDate) -> Result<OperatingModel, ExportError> {
    let workshop = ws.workshop()?;
    let theme = Theme::default();
    let mut out = Vec::new();
    for (n, name) in KEY_CHARTS.iter().enumerate() {
        let chart = charts::chart(ws, name, date)?;
        let plot = chart.body.plot();
        let svg = if plot.is_empty() {
            None
        } else {
            let svg = charts::render_svg(&chart, &theme, CHART_W, CHART_H)?;
            Some(inline_svg(&svg, &format!("c{}-", n + 1)))
        };
        out.push(DocChart {
            title: chart.title.clone(),
            svg,
            empty: plot.empty_message().to_string(),
        });
    }
    Ok(OperatingModel {
        workshop,
        date,
        charts: out,
    })
}

/// Writes the document in `format` to `path` (see [`write_bytes`]: never over a workspace,
/// an existing file only with `replace`).
pub fn write(
    ws: &Workspace,
    path: &Path,
    format: Format,
    date: NaiveDate,
    replace: Replace,
) -> Result<PathBuf, ExportError> {
    let doc = gather(ws, date)?;
    let text = match format {
        Format::Html => html(&doc),
        Format::Markdown => markdown(&doc),
    };
    write_bytes(path, replace, Some(ws.path()), text.as_bytes())?;
    Ok(path.to_path_buf())
}

/// A file name for the document: the company's name made safe for any file system.
pub fn file_name(company: &str, date: NaiveDate, format: Format) -> String {
    let safe: String = company
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '&' | '(' | ')') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let safe = safe.split_whitespace().collect::<Vec<_>>().join(" ");
    let safe = safe.trim_matches('.').trim();
    let safe: String = safe.chars().take(60).collect();
    let stem = if safe.is_empty() {
        "Partner".to_string()
    } else {
        safe
    };
    format!("{stem} operating model {date}.{}", format.extension())
}

/// The SVG without its XML prolog and with its ids prefixed, so several can sit in one page.
fn inline_svg(svg: &str, prefix: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    };
    body.replace("id=\"", &format!("id=\"{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
}

// ---- HTML ---------------------------------------------------------------------------------

/// Text made safe to put in HTML, in content or in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Splits "Label: value" when the label is short, to set the label in bold.
fn label_split(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(": ")?;
    (label.chars().count() <= 48 && !label.is_empty()).then_some((label, value))
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 10pt/1.42 -apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: #1b1f27; background: #fff; }
main { max-width: 182mm; margin: 0 auto; padding: 12mm 0; }
header { border-bottom: 2px solid #1b1f27; padding-bottom: 3mm; margin-bottom: 4mm; }
.kicker { font-size: 8pt; letter-spacing: .08em; text-transform: uppercase; color: #5d6675; margin: 0; }
h1 { font-size: 19pt; line-height: 1.15; margin: 1mm 0 1mm; letter-spacing: -.01em; overflow-wrap: anywhere; }
.meta { color: #5d6675; margin: 0; }
.summary { font-size: 11pt; margin: 0 0 4mm; }
.progress { display: flex; gap: 1.2mm; margin: 0 0 5mm; padding: 0; list-style: none; }
.progress li { flex: 1; font-size: 7pt; line-height: 1.2; padding-top: 1.6mm; border-top: 3px solid #cfd4dc; color: #5d6675; }
.progress li.decided { border-top-color: #1d7a46; color: #1b1f27; }
.progress li.open { border-top-color: #b7791f; }
.progress li.proposed { border-top-color: #8a93a3; }
section.step { margin: 0 0 3.5mm; break-inside: avoid; }
h2 { font-size: 11.5pt; margin: 0 0 1mm; padding-bottom: .6mm; border-bottom: 1px solid #e2e5ea; display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; }
.badge { font-size: 7.5pt; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; white-space: nowrap; }
.badge.decided { color: #1d7a46; }
.badge.open { color: #9a6700; }
.badge.proposed { color: #5b6472; }
.question { color: #5d6675; font-style: italic; margin: 0 0 1mm; }
ul.decisions, ul.open { margin: 0; padding-left: 4.5mm; }
ul.decisions li, ul.open li { margin: .3mm 0; overflow-wrap: anywhere; }
ul.open li { color: #7a4f00; }
.charts { break-before: page; }
.charts h2 { display: block; }
figure { margin: 0 0 5mm; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #e2e5ea; }
figcaption, .note { color: #5d6675; font-size: 8.5pt; margin: 1mm 0 0; }
footer { margin-top: 6mm; padding-top: 2mm; border-top: 1px solid #e2e5ea; color: #8a93a2; font-size: 8pt; }
@page { margin: 13mm 14mm; }
@media print { main { padding: 0; max-width: none; } }
"#;

/// The document as one self-contained HTML page.
pub fn html(doc: &OperatingModel) -> String {
    let w = &doc.workshop;
    let company = escape(&w.company);
    let date = long_date(doc.date);
    let mut o = String::with_capacity(256 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <title>{company} — partner operating model, {date}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    let _ = write!(
        o,
        "<header>\n<p class=\"kicker\">Partner operating model</p>\n<h1>{company}</h1>\n\
         <p class=\"meta\">Dated {date}</p>\n</header>\n"
    );
    let _ = writeln!(o, "<p class=\"summary\">{}</p>", escape(&w.summary));
    o.push_str("<ol class=\"progress\">\n");
    for s in &w.steps {
        let state = state_word(s.status);
        let _ = writeln!(
            o,
            "<li class=\"{state}\">{}. {}</li>",
            s.number,
            escape(s.title)
        );
    }
    o.push_str("</ol>\n");
    for s in &w.steps {
        let class = state_word(s.status);
        let label = match &s.decision {
            Some(d) if s.decided => format!("Decided {} by {}", d.on, escape(&d.by)),
            _ if s.status == StepStatus::Proposed => "Proposed".to_string(),
            _ => "Open".to_string(),
        };
        let _ = write!(
            o,
            "<section class=\"step\" id=\"step-{}\">\n<h2><span>{}. {}</span><span class=\"badge {class}\">{label}</span></h2>\n\
             <p class=\"question\">{}</p>\n",
            s.id,
            s.number,
            escape(s.title),
            escape(s.question)
        );
        if !s.decisions.is_empty() {
            o.push_str("<ul class=\"decisions\">\n");
            for d in &s.decisions {
                match label_split(d) {
                    Some((l, v)) => {
                        let _ =
                            writeln!(o, "<li><strong>{}:</strong> {}</li>", escape(l), escape(v));
                    }
                    None => {
                        let _ = writeln!(o, "<li>{}</li>", escape(d));
                    }
                }
            }
            o.push_str("</ul>\n");
        }
        if !s.open.is_empty() {
            o.push_str("<ul class=\"open\">\n");
            for q in &s.open {
                let _ = writeln!(o, "<li>{}</li>", escape(q));
            }
            o.push_str("</ul>\n");
        }
        for n in &s.notes {
            let _ = writeln!(o, "<p class=\"note\">Note: {}</p>", escape(n));
        }
        o.push_str("</section>\n");
    }
    o.push_str("<section class=\"charts\">\n<h2>Key charts</h2>\n");
    for c in &doc.charts {
        match &c.svg {
            Some(svg) => {
                let _ = write!(o, "<figure>\n{svg}</figure>\n");
            }
            None => {
                let _ = writeln!(
                    o,
                    "<p class=\"note\"><strong>{}:</strong> not drawn yet. {}</p>",
                    escape(&c.title),
                    escape(&c.empty)
                );
            }
        }
    }
    o.push_str("</section>\n");
    let _ = write!(
        o,
        "<footer>Written with Partnerboard from the {company} workspace on {date}. \
         Every value above is the workspace's saved data on that day.</footer>\n</main>\n</body>\n</html>\n"
    );
    o
}

// ---- Markdown -----------------------------------------------------------------------------

/// Text made literal in Markdown: no emphasis, links, HTML or table cells from user text.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A step's status as the document's classes and headings name it.
fn state_word(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Open => "open",
        StepStatus::Proposed => "proposed",
        StepStatus::Decided => "decided",
    }
}

/// The document as Markdown. Charts are not embedded: a line names them and says where they are.
pub fn markdown(doc: &OperatingModel) -> String {
    let w = &doc.workshop;
    let date = long_date(doc.date);
    let mut o = String::new();
    let _ = writeln!(o, "# {} — partner operating model\n", md_escape(&w.company));
    let _ = writeln!(o, "Dated {date}\n");
    let _ = writeln!(o, "{}\n", md_escape(&w.summary));
    for s in &w.steps {
        let state = match &s.decision {
            Some(d) if s.decided => format!("decided {} by {}", d.on, md_escape(&d.by)),
            _ => state_word(s.status).to_string(),
        };
        let _ = writeln!(o, "## {}. {} ({state})\n", s.number, md_escape(s.title));
        let _ = writeln!(o, "_{}_\n", md_escape(s.question));
        for d in &s.decisions {
            match label_split(d) {
                Some((l, v)) => {
                    let _ = writeln!(o, "- **{}:** {}", md_escape(l), md_escape(v));
                }
                None => {
                    let _ = writeln!(o, "- {}", md_escape(d));
                }
            }
        }
        for q in &s.open {
            let _ = writeln!(o, "- Open: {}", md_escape(q));
        }
        for n in &s.notes {
            let _ = writeln!(o, "\n_Note: {}_", md_escape(n));
        }
        o.push('\n');
    }
    o.push_str("## Key charts\n\n");
    let names: Vec<String> = doc.charts.iter().map(|c| md_escape(&c.title)).collect();
    let _ = writeln!(
        o,
        "The key charts ({}) are not embedded in this Markdown file: they are drawn in the HTML \
         export of this operating model, and on the Partnerboard chart screens.\n",
        names.join("; ")
    );
    let _ = writeln!(
        o,
        "---\n\nWritten with Partnerboard from the {} workspace on {date}.",
        md_escape(&w.company)
    );
    o
}

#[cfg(test)]
mod tests;
