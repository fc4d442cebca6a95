//! Drawing pieces the charts share: a value axis with round ticks, stacked and grouped
//! columns with their labels, and a legend row.

use super::canvas::{Align, Area, Canvas, Valign};
use super::theme::Rgb;

/// A round top for an axis that must reach `max`, and the step between ticks (4–6 ticks).
pub(crate) fn nice_scale(max: f64) -> (f64, f64) {
    if !(max.is_finite() && max > 0.0) {
        return (1.0, 0.25);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| max / s <= 5.0)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil().max(1.0) * step, step)
}

/// Draws gridlines and tick labels for 0..=`top` and returns the area left for marks.
pub(crate) fn value_axis(
    c: &mut Canvas,
    area: Area,
    top: f64,
    step: f64,
    fmt: fn(f64) -> String,
) -> Area {
    let p = c.palette;
    let size = c.small();
    let ticks: Vec<f64> = (0..=((top / step).round() as usize))
        .map(|i| i as f64 * step)
        .collect();
    let label_w = ticks
        .iter()
        .map(|t| super::font::width(&fmt(*t), size, false))
        .fold(0.0, f64::max);
    let inner = Area {
        x: area.x + label_w + 20.0 * c.u,
        w: area.w - label_w - 20.0 * c.u,
        ..area
    };
    for t in ticks {
        let y = inner.bottom() - t / top * inner.h;
        let color = if t == 0.0 { p.muted } else { p.grid };
        let width = if t == 0.0 { 2.0 } else { 1.0 } * c.u;
        c.line(
            vec![(inner.x, y), (inner.right(), y)],
            color,
            width.max(1.0),
        );
        c.text(
            &fmt(t),
            inner.x - 16.0 * c.u,
            y,
            size,
            false,
            p.muted,
            Align::Right,
            Valign::Middle,
        );
    }
    inner
}

/// A category label under an axis: body size, or small print when that does not fit.
fn category(c: &mut Canvas, text: &str, cx: f64, y: f64, max: f64) {
    let p = c.palette;
    let size = if super::font::width(&super::font::clean(text), c.body(), false) <= max {
        c.body()
    } else {
        c.small()
    };
    c.text_fit(text, cx, y, size, max, p.text, Align::Center, Valign::Top);
}

/// One column: its segments bottom-up, and the label drawn above it.
pub(crate) struct Column {
    /// The column's name on the category axis.
    pub label: String,
    /// Stacked values with their colours, bottom first.
    pub segments: Vec<(f64, Rgb)>,
    /// The figure printed above the column, usually its total.
    pub top_label: String,
}

/// Stacked columns, one per category, with category labels below and a label above each.
pub(crate) fn columns(c: &mut Canvas, area: Area, cols: &[Column], fmt: fn(f64) -> String) {
    let p = c.palette;
    let body = c.body();
    let label_h = body * 2.2;
    let area = Area {
        y: area.y + body * 1.6,
        h: area.h - label_h - body * 1.6,
        ..area
    };
    let max = cols
        .iter()
        .map(|col| col.segments.iter().map(|s| s.0.max(0.0)).sum::<f64>())
        .fold(0.0, f64::max);
    let (top, step) = nice_scale(max);
    let inner = value_axis(c, area, top, step, fmt);
    let slot = inner.w / cols.len().max(1) as f64;
    let bar = (slot * 0.62).min(220.0 * c.u);
    for (i, col) in cols.iter().enumerate() {
        let cx = inner.x + slot * (i as f64 + 0.5);
        let mut y = inner.bottom();
        for (value, color) in &col.segments {
            let h = value.max(0.0) / top * inner.h;
            c.rect(cx - bar / 2.0, y - h, cx + bar / 2.0, y, *color);
            y -= h;
        }
        c.text_fit(
            &col.top_label,
            cx,
            y - 14.0 * c.u,
            body,
            slot - 8.0 * c.u,
            p.text,
            Align::Center,
            Valign::Baseline,
        );
        category(
            c,
            &col.label,
            cx,
            inner.bottom() + 20.0 * c.u,
            slot - 8.0 * c.u,
        );
    }
}

/// Side-by-side bars per category, one per series, each labelled with its value.
pub(crate) fn grouped(
    c: &mut Canvas,
    area: Area,
    categories: &[String],
    series: &[(Rgb, Vec<f64>)],
    fmt: fn(f64) -> String,
) {
    let p = c.palette;
    let body = c.body();
    let small = c.small();
    let area = Area {
        y: area.y + body * 1.4,
        h: area.h - body * 3.6,
        ..area
    };
    let max = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0, f64::max);
    let (top, step) = nice_scale(max);
    let inner = value_axis(c, area, top, step, fmt);
    let slot = inner.w / categories.len().max(1) as f64;
    let n = series.len().max(1) as f64;
    let bar = ((slot * 0.74) / n).min(120.0 * c.u);
    for (i, name) in categories.iter().enumerate() {
        let cx = inner.x + slot * (i as f64 + 0.5);
        let left = cx - bar * n / 2.0;
        for (j, (color, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0.0).max(0.0);
            let x = left + bar * j as f64;
            let h = v / top * inner.h;
            c.rect(
                x + 2.0 * c.u,
                inner.bottom() - h,
                x + bar - 2.0 * c.u,
                inner.bottom(),
                *color,
            );
            c.text_fit(
                &fmt(v),
                x + bar / 2.0,
                inner.bottom() - h - 10.0 * c.u,
                small,
                bar + 4.0 * c.u,
                p.text,
                Align::Center,
                Valign::Baseline,
            );
        }
        category(c, name, cx, inner.bottom() + 20.0 * c.u, slot - 8.0 * c.u);
    }
}

/// A legend row at the top of `area`; returns the area below it.
pub(crate) fn legend_row(c: &mut Canvas, area: Area, items: &[(Rgb, String)]) -> Area {
    let h = c.body() * 2.4;
    c.legend(items, area.x, area.y + c.body() * 0.6);
    Area {
        y: area.y + h,
        h: area.h - h,
        ..area
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(1_234_567.0), (1_250_000.0, 250_000.0));
        assert_eq!(nice_scale(100.0), (100.0, 20.0));
        assert_eq!(nice_scale(7.0), (8.0, 2.0));
        assert_eq!(nice_scale(0.0), (1.0, 0.25));
    }
}
