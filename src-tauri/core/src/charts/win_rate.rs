//! Partner-sourced vs direct: win rate and median days to close, each measured from the
//! workspace's own closed deals with its 90% bootstrap interval drawn as a whisker and the
//! sample it rests on under each bar.

use super::canvas::{Align, Area, Canvas, Valign};
use super::draw::{nice_scale, value_axis};
use super::format::{count, percent};
use super::theme::Rgb;
use super::{Body, Chart, Plot};
use crate::domain::forecast::compare::{partner_vs_direct, Interval, Side, RESAMPLES};
use crate::domain::forecast::{Timeline, DEFAULT_SEED};
use chrono::NaiveDate;

/// Whether partner-sourced deals win more often than direct ones: the win-rate chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct WinRate {
    /// Partner-sourced deals closed in the window, and their win rate with its interval.
    pub partner: Side,
    /// The same for direct deals.
    pub direct: Side,
}

/// Said in the chart, on screen and by the command line when no partner-sourced deal has
/// closed, so an empty bar is never read as a 0% win rate.
pub const NO_PARTNER_CLOSED: &str =
    "No partner-sourced deal has closed yet, so there is no partner win rate to compare.";

/// The same when only partner-sourced deals have closed.
pub const NO_DIRECT_CLOSED: &str =
    "No direct deal has closed yet, so there is no direct win rate to compare.";

/// The win-rate chart of the deals as known on `as_of`.
pub fn chart(timeline: &Timeline, as_of: NaiveDate) -> Chart {
    let cmp = partner_vs_direct(&timeline.as_of(as_of), as_of, DEFAULT_SEED);
    new(
        WinRate {
            partner: cmp.partner,
            direct: cmp.direct,
        },
        as_of,
    )
}

fn days(d: f64) -> String {
    format!("{} days", count(d))
}

fn rate(i: &Option<Interval>) -> String {
    i.map_or("—".into(), |i| percent(i.value))
}

/// The win-rate chart of any comparison, with its one-sentence answer as the subtitle.
pub fn new(data: WinRate, as_of: NaiveDate) -> Chart {
    let (p, d) = (&data.partner, &data.direct);
    let subtitle = if p.closed + d.closed == 0 {
        "No deal has closed yet.".to_string()
    } else if p.closed == 0 {
        NO_PARTNER_CLOSED.to_string()
    } else if d.closed == 0 {
        NO_DIRECT_CLOSED.to_string()
    } else {
        let cycle = match (p.cycle_days, d.cycle_days) {
            (Some(a), Some(b)) => format!(
                ", and close in {} against {} (median)",
                days(a.value),
                days(b.value)
            ),
            _ => String::new(),
        };
        format!(
            "Partner-sourced deals win {} of the time against {} for direct{cycle}.",
            rate(&p.win_rate),
            rate(&d.win_rate)
        )
    };
    Chart {
        title: "Win rate and cycle time: partner-sourced vs direct".into(),
        subtitle,
        as_of,
        footnote: format!(
            "Deals closed won or lost by {}. Win rate = won ÷ closed; cycle = days from created to won. Whiskers: 90% bootstrap interval ({} resamples).",
            as_of.format("%-d %b %Y"),
            count(RESAMPLES as f64)
        ),
        body: Body::WinRate(data),
    }
}

/// One bar with its whisker.
struct Bar {
    label: String,
    sample: String,
    value: Option<Interval>,
    color: Rgb,
}

/// A panel of bars with 90% whiskers, titled, on its own value axis.
fn panel(c: &mut Canvas, area: Area, title: &str, bars: &[Bar], fmt: fn(f64) -> String) {
    let p = c.palette;
    let u = c.u;
    let body = c.body();
    let small = c.small();
    c.text(
        title,
        area.x,
        area.y,
        body,
        true,
        p.text,
        Align::Left,
        Valign::Top,
    );
    let area = Area {
        y: area.y + body * 3.2,
        h: area.h - body * 3.2 - body * 3.4,
        ..area
    };
    let max = bars
        .iter()
        .filter_map(|b| b.value.map(|v| v.high.max(v.value)))
        .fold(0.0, f64::max);
    let (top, step) = nice_scale(max);
    let inner = value_axis(c, area, top, step, fmt);
    let slot = inner.w / bars.len().max(1) as f64;
    let bar_w = (slot * 0.5).min(200.0 * u);
    let y_of = |v: f64| inner.bottom() - v.clamp(0.0, top) / top * inner.h;
    for (i, b) in bars.iter().enumerate() {
        let cx = inner.x + slot * (i as f64 + 0.5);
        match b.value {
            Some(v) => {
                c.rect(
                    cx - bar_w / 2.0,
                    y_of(v.value),
                    cx + bar_w / 2.0,
                    inner.bottom(),
                    b.color,
                );
                let (lo, hi) = (y_of(v.low), y_of(v.high));
                let cap = 18.0 * u;
                let w = (3.0 * u).max(1.0);
                c.line(vec![(cx, lo), (cx, hi)], p.text, w);
                c.line(vec![(cx - cap, lo), (cx + cap, lo)], p.text, w);
                c.line(vec![(cx - cap, hi), (cx + cap, hi)], p.text, w);
                c.text(
                    &fmt(v.value),
                    cx,
                    hi.min(y_of(v.value)) - 14.0 * u - small * 1.4,
                    body,
                    true,
                    p.text,
                    Align::Center,
                    Valign::Baseline,
                );
                c.text_fit(
                    &format!("90%: {} – {}", fmt(v.low), fmt(v.high)),
                    cx,
                    hi.min(y_of(v.value)) - 14.0 * u,
                    small,
                    slot - 8.0 * u,
                    p.muted,
                    Align::Center,
                    Valign::Baseline,
                );
            }
            None => c.text(
                "No closed deals",
                cx,
                inner.bottom() - 20.0 * u,
                small,
                false,
                p.muted,
                Align::Center,
                Valign::Baseline,
            ),
        }
        c.text_fit(
            &b.label,
            cx,
            inner.bottom() + 18.0 * u,
            body,
            slot - 8.0 * u,
            p.text,
            Align::Center,
            Valign::Top,
        );
        c.text_fit(
            &b.sample,
            cx,
            inner.bottom() + 18.0 * u + body * 1.5,
            small,
            slot - 8.0 * u,
            p.muted,
            Align::Center,
            Valign::Top,
        );
    }
}

impl Plot for WinRate {
    fn is_empty(&self) -> bool {
        self.partner.closed + self.direct.closed == 0
    }

    fn empty_message(&self) -> &'static str {
        "No closed deals yet — close or import won and lost deals to compare partner-sourced and direct."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let (left, right) = plot.split_x(0.5, 120.0 * c.u);
        let sides = [
            ("Partner-sourced", &self.partner, p.brand),
            ("Direct", &self.direct, p.neutral),
        ];
        let win: Vec<Bar> = sides
            .iter()
            .map(|(name, s, color)| Bar {
                label: (*name).to_string(),
                sample: format!(
                    "n = {} closed ({} won)",
                    count(s.closed as f64),
                    count(s.won as f64)
                ),
                value: s.win_rate,
                color: *color,
            })
            .collect();
        let cycle: Vec<Bar> = sides
            .iter()
            .map(|(name, s, color)| Bar {
                label: (*name).to_string(),
                sample: format!("n = {} won", count(s.won as f64)),
                value: s.cycle_days,
                color: *color,
            })
            .collect();
        panel(c, left, "Win rate", &win, percent);
        panel(c, right, "Median days to close (won deals)", &cycle, count);
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![[
            "source",
            "closed",
            "won",
            "win_rate",
            "win_rate_low_90",
            "win_rate_high_90",
            "median_cycle_days",
            "cycle_days_low_90",
            "cycle_days_high_90",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<String>>()];
        let cells = |i: &Option<Interval>, digits: usize| -> Vec<String> {
            match i {
                Some(i) => [i.value, i.low, i.high]
                    .iter()
                    .map(|v| format!("{v:.digits$}"))
                    .collect(),
                None => vec![String::new(); 3],
            }
        };
        for (name, s) in [("partner_sourced", &self.partner), ("direct", &self.direct)] {
            let mut row = vec![name.to_string(), s.closed.to_string(), s.won.to_string()];
            row.extend(cells(&s.win_rate, 4));
            row.extend(cells(&s.cycle_days, 1));
            rows.push(row);
        }
        rows
    }
}
