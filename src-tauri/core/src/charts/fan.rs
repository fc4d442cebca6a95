//! The forecast fan: won amount expected week by week over the forecast window, cumulative,
//! as P50 lines inside their P10–P90 bands for partner-sourced (brand colour), partner-
//! influenced (a lighter brand shade) and direct, with all sources as a thin dashed line, the
//! means that add up to all sources and the method's track record in the footnote.

use super::canvas::{Align, Area, Canvas, Valign};
use super::draw::{legend_row, nice_scale, value_axis};
use super::format::money;
use super::theme::Rgb;
use super::{Body, Chart, ChartError, Plot, Result};
use crate::domain::forecast::{self, Forecast, Range, Request, Timeline};
use chrono::NaiveDate;

/// One week of the fan: amounts won from the as-of date to the week's last day.
#[derive(Debug, Clone, PartialEq)]
pub struct FanWeek {
    /// The last day of the week.
    pub ends: NaiveDate,
    /// Everything won by then: the likely amount and its band.
    pub total: Range,
    /// The partner-sourced share of that.
    pub partner: Range,
    /// The share won with a partner's help on a deal the company found: with `partner` and
    /// `direct` it makes up `total` (their means add up exactly; their P50s need not).
    pub influenced: Range,
    /// The direct share of that.
    pub direct: Range,
}

/// How much may be won in the weeks ahead, with its uncertainty: the forecast fan's data.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastFan {
    /// The day the forecast starts from.
    pub as_of: NaiveDate,
    /// How many days ahead it reaches.
    pub window_days: i64,
    /// e.g. "Calibrated".
    pub method: String,
    /// One entry per week of the window, in date order.
    pub weeks: Vec<FanWeek>,
}

/// The fan of the default forecast as of `as_of`, the date every chart of the pack shares.
pub fn chart(timeline: &Timeline, as_of: NaiveDate) -> Result<Chart> {
    if timeline.known_range().is_none() {
        return Ok(empty(as_of));
    }
    let request = Request {
        as_of: Some(as_of),
        ..Request::default()
    };
    let (forecast, _) = forecast::run(timeline, &request, as_of).map_err(ChartError::from)?;
    Ok(fan_chart(&forecast))
}

const TITLE: &str = "forecast: partner-sourced, influenced, direct";

fn empty(as_of: NaiveDate) -> Chart {
    Chart {
        title: format!("{}-day {TITLE}", forecast::DEFAULT_WINDOW),
        subtitle: "No deals yet, so there is nothing to forecast.".into(),
        as_of,
        footnote: "Cumulative won amount by week, P50 with the P10–P90 band.".into(),
        body: Body::ForecastFan(ForecastFan {
            as_of,
            window_days: forecast::DEFAULT_WINDOW,
            method: String::new(),
            weeks: Vec::new(),
        }),
    }
}

/// The fan chart of any forecast (any as-of date, window or method).
pub fn fan_chart(f: &Forecast) -> Chart {
    let weeks: Vec<FanWeek> = f
        .weekly
        .iter()
        .map(|w| FanWeek {
            ends: w.ends,
            total: w.total,
            partner: w.partner_sourced,
            influenced: w.partner_influenced,
            direct: w.direct,
        })
        .collect();
    let subtitle = match weeks.last() {
        Some(w) => format!(
            "Partner-sourced deals should bring {} in the {} days after {}, partner-influenced {} and direct {} (P50s).",
            money(w.partner.p50),
            f.window_days,
            f.as_of.format("%-d %b %Y"),
            money(w.influenced.p50),
            money(w.direct.p50),
        ),
        None => "There is nothing to forecast yet.".into(),
    };
    Chart {
        title: format!(
            "{}-day {TITLE}",
            f.window_days
        ),
        subtitle,
        as_of: f.as_of,
        footnote: format!(
            "{}. Cumulative won amount by week; lines are P50, bands P10–P90 of {} simulated trials.",
            f.headline,
            super::format::count(f.trials as f64),
        ),
        body: Body::ForecastFan(ForecastFan {
            as_of: f.as_of,
            window_days: f.window_days,
            method: f.method.label().to_string(),
            weeks,
        }),
    }
}

/// Why the drawn lines need not sum to all sources, and the averages that do, at the window's end.
fn sums_note(end: &FanWeek) -> String {
    format!(
        "Each line is its own P50, so the three need not add up to all sources. Their averages do: {} sourced + {} influenced + {} direct = {} all sources.",
        money(end.partner.mean),
        money(end.influenced.mean),
        money(end.direct.mean),
        money(end.total.mean),
    )
}

/// Cuts a polyline into dashes of `on` units with gaps of `off`.
fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    for pair in points.windows(2) {
        let (mut a, b) = (pair[0], pair[1]);
        let mut len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while len > 0.0 {
            let step = left.min(len);
            let t = step / len;
            let next = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if drawing {
                if current.is_empty() {
                    current.push(a);
                }
                current.push(next);
            }
            a = next;
            len -= step;
            left -= step;
            if left <= 1e-9 {
                if drawing && current.len() > 1 {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
                drawing = !drawing;
                left = if drawing { on } else { off };
            }
        }
    }
    if drawing && current.len() > 1 {
        out.push(current);
    }
    out
}

/// Moves label centres apart so none is closer than `gap` to the next, keeping their order.
fn spread(mut ys: Vec<(usize, f64)>, gap: f64, low: f64, high: f64) -> Vec<(usize, f64)> {
    ys.sort_by(|a, b| a.1.total_cmp(&b.1));
    for i in 1..ys.len() {
        if ys[i].1 - ys[i - 1].1 < gap {
            ys[i].1 = ys[i - 1].1 + gap;
        }
    }
    if let Some(last) = ys.last().map(|l| l.1) {
        let over = last - high;
        if over > 0.0 {
            for y in ys.iter_mut() {
                y.1 = (y.1 - over).max(low);
            }
        }
    }
    ys
}

impl ForecastFan {
    fn top(&self) -> f64 {
        self.weeks
            .iter()
            .map(|w| {
                w.partner
                    .p90
                    .max(w.influenced.p90)
                    .max(w.direct.p90)
                    .max(w.total.p50)
            })
            .fold(0.0, f64::max)
    }
}

impl Plot for ForecastFan {
    fn is_empty(&self) -> bool {
        self.weeks.is_empty() || self.top() <= 0.0
    }

    fn empty_message(&self) -> &'static str {
        "No open deals to forecast yet — import or add deals to see the forecast fan."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let u = c.u;
        let body = c.body();
        let small = c.small();
        let direct_ink = p.muted;
        // A paler brand on light backgrounds; on dark ones the shade sinks, so lighten instead.
        let dark = super::theme::contrast(p.background, (0, 0, 0)) < 4.0;
        let influenced_ink = if dark {
            super::theme::mix(p.brand, p.text, 0.4)
        } else {
            p.brand_shade(1)
        };
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "Partner-sourced".into()),
                (influenced_ink, "Partner-influenced".into()),
                (direct_ink, "Direct".into()),
                (p.text, "All sources (P50, dashed)".into()),
            ],
        );
        // The sources' P50s need not add up to all sources' P50; their averages do, so say so.
        let area = match self.weeks.last() {
            Some(end) => {
                c.text_fit(
                    &sums_note(end),
                    area.x,
                    area.y,
                    small,
                    area.w,
                    p.muted,
                    Align::Left,
                    Valign::Top,
                );
                let h = small * 2.2;
                Area {
                    y: area.y + h,
                    h: area.h - h,
                    ..area
                }
            }
            None => area,
        };
        // Room on the right for the end-of-line labels, and below for the dates.
        let label_w = 330.0 * u;
        let chart_area = Area {
            w: area.w - label_w,
            h: area.h - body * 2.0,
            ..area
        };
        let (top, step) = nice_scale(self.top());
        let inner = value_axis(c, chart_area, top, step, money);
        let days = self
            .weeks
            .last()
            .map_or(1, |w| (w.ends - self.as_of).num_days())
            .max(1) as f64;
        let x_of = |d: NaiveDate| inner.x + (d - self.as_of).num_days() as f64 / days * inner.w;
        let y_of = |v: f64| inner.bottom() - v.max(0.0) / top * inner.h;
        let origin = (inner.x, inner.bottom());
        let path = |pick: &dyn Fn(&FanWeek) -> f64| -> Vec<(f64, f64)> {
            std::iter::once(origin)
                .chain(self.weeks.iter().map(|w| (x_of(w.ends), y_of(pick(w)))))
                .collect()
        };
        let band = |lo: &dyn Fn(&FanWeek) -> f64, hi: &dyn Fn(&FanWeek) -> f64| {
            let mut pts = path(hi);
            let mut lower = path(lo);
            lower.reverse();
            pts.extend(lower);
            pts
        };
        // Bands first, direct under influenced under partner-sourced, then the lines on top.
        c.polygon(band(&|w| w.direct.p10, &|w| w.direct.p90), direct_ink, 0.16);
        c.polygon(
            band(&|w| w.influenced.p10, &|w| w.influenced.p90),
            influenced_ink,
            0.16,
        );
        c.polygon(band(&|w| w.partner.p10, &|w| w.partner.p90), p.brand, 0.24);
        c.line(path(&|w| w.direct.p50), direct_ink, 4.0 * u);
        c.line(path(&|w| w.influenced.p50), influenced_ink, 4.0 * u);
        c.line(path(&|w| w.partner.p50), p.brand, 5.0 * u);
        for dash in dashes(&path(&|w| w.total.p50), 14.0 * u, 10.0 * u) {
            c.line(dash, p.text, 2.0 * u);
        }
        // Dates under the axis: the as-of date, then week ends as far apart as they read.
        let mut last_x = f64::NEG_INFINITY;
        let min_gap = 120.0 * u;
        let mut marks = vec![self.as_of];
        marks.extend(self.weeks.iter().map(|w| w.ends));
        let final_x = marks.last().map_or(inner.right(), |d| x_of(*d));
        for (i, d) in marks.iter().enumerate() {
            let x = x_of(*d);
            let is_last = i + 1 == marks.len();
            if x - last_x < min_gap || (!is_last && final_x - x < min_gap) {
                continue;
            }
            last_x = x;
            c.line(
                vec![(x, inner.bottom()), (x, inner.bottom() + 8.0 * u)],
                p.muted,
                (1.5 * u).max(1.0),
            );
            c.text(
                &d.format("%-d %b").to_string(),
                x,
                inner.bottom() + 18.0 * u,
                small,
                false,
                p.muted,
                Align::Center,
                Valign::Top,
            );
        }
        // End-of-line labels: P50 in the line's colour, the band's range below it.
        let Some(end) = self.weeks.last() else {
            return;
        };
        // The pale line colour is too faint for text, so its label is a shade firmer.
        let influenced_label = super::theme::mix(influenced_ink, p.text, 0.3);
        let lines: [(&str, Range, Rgb); 4] = [
            ("Partner-sourced", end.partner, p.brand),
            ("Partner-influenced", end.influenced, influenced_label),
            ("Direct", end.direct, direct_ink),
            ("All sources", end.total, p.text),
        ];
        let wanted: Vec<(usize, f64)> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i, y_of(l.1.p50)))
            .collect();
        let x = inner.right() + 20.0 * u;
        for (i, y) in spread(wanted, body * 2.6, area.y + body, inner.bottom()) {
            let (name, range, color) = lines[i];
            c.text_fit(
                &format!("{name} {}", money(range.p50)),
                x,
                y,
                body,
                label_w - 24.0 * u,
                color,
                Align::Left,
                Valign::Baseline,
            );
            if i < 3 {
                c.text_fit(
                    &format!("P10 {} – P90 {}", money(range.p10), money(range.p90)),
                    x,
                    y + small * 1.3,
                    small,
                    label_w - 24.0 * u,
                    p.muted,
                    Align::Left,
                    Valign::Baseline,
                );
            }
        }
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![[
            "week_ending",
            "method",
            "partner_sourced_p10",
            "partner_sourced_p50",
            "partner_sourced_p90",
            "partner_influenced_p10",
            "partner_influenced_p50",
            "partner_influenced_p90",
            "direct_p10",
            "direct_p50",
            "direct_p90",
            "total_p10",
            "total_p50",
            "total_p90",
            "partner_sourced_mean",
            "partner_influenced_mean",
            "direct_mean",
            "total_mean",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()];
        for w in &self.weeks {
            let mut row = vec![w.ends.to_string(), self.method.clone()];
            for r in [w.partner, w.influenced, w.direct, w.total] {
                row.extend([r.p10, r.p50, r.p90].iter().map(|v| format!("{v:.2}")));
            }
            let means = [w.partner, w.influenced, w.direct, w.total].map(|r| r.mean);
            row.extend(means.iter().map(|v| format!("{v:.2}")));
            rows.push(row);
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_alternate_and_cover_the_path() {
        let d = dashes(&[(0.0, 0.0), (100.0, 0.0)], 10.0, 5.0);
        assert_eq!(d.len(), 7);
        assert_eq!(d[0], vec![(0.0, 0.0), (10.0, 0.0)]);
        assert_eq!(d[1].first(), Some(&(15.0, 0.0)));
    }

    #[test]
    fn labels_are_spread_apart_in_order() {
        let s = spread(vec![(0, 100.0), (1, 101.0), (2, 300.0)], 30.0, 0.0, 1000.0);
        assert_eq!(s, vec![(0, 100.0), (1, 130.0), (2, 300.0)]);
        let s = spread(vec![(0, 990.0), (1, 995.0)], 30.0, 0.0, 1000.0);
        assert_eq!(s, vec![(0, 970.0), (1, 1000.0)]);
    }
}
