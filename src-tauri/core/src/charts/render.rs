//! Lays out the frame every chart shares (title, subtitle, as-of date, data footnote), asks the
//! chart to fill the plot area or draws its empty state, and replays the shapes through plotters.

use super::canvas::{Align, Area, Canvas, Shape, Valign};
use super::raster::{encode_png, RasterSurface};
use super::svg::{SvgDoc, SvgSurface};
use super::theme::{Palette, Theme};
use super::{font, Chart, ChartError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Largest side, in pixels after scaling, a chart is drawn at.
pub const MAX_SIDE: u32 = 8192;
/// Smallest side, in layout units.
pub const MIN_SIDE: u32 = 160;

/// The chart's shapes at `w × h` layout units.
pub(crate) fn compose(chart: &Chart, theme: &Theme, w: u32, h: u32) -> Canvas {
    let mut c = Canvas::new(w as f64, h as f64, Palette::of(theme));
    let u = c.u;
    let p = c.palette;
    c.rect(0.0, 0.0, c.w, c.h, p.background);
    let margin = 64.0 * u;
    let title = 46.0 * u;
    let sub = 26.0 * u;
    let small = c.small();
    let as_of = format!("As of {}", chart.as_of.format("%-d %b %Y"));
    let as_of_w = font::width(&as_of, small, false);
    let title_max = c.w - 2.0 * margin - as_of_w - 40.0 * u;
    let fitted = font::fit(&font::clean(&chart.title), title, true, title_max);
    c.text(
        &fitted,
        margin,
        margin,
        title,
        true,
        p.text,
        Align::Left,
        Valign::Top,
    );
    c.text(
        &as_of,
        c.w - margin,
        margin,
        small,
        false,
        p.muted,
        Align::Right,
        Valign::Top,
    );
    let sub_y = margin + title * CAP + 28.0 * u;
    c.text_fit(
        &chart.subtitle,
        margin,
        sub_y,
        sub,
        c.w - 2.0 * margin,
        p.muted,
        Align::Left,
        Valign::Top,
    );
    let foot_y = c.h - 40.0 * u;
    c.text_fit(
        &chart.footnote,
        margin,
        foot_y,
        small,
        c.w - 2.0 * margin,
        p.muted,
        Align::Left,
        Valign::Baseline,
    );
    let top = sub_y + sub * CAP + 56.0 * u;
    let plot = Area {
        x: margin,
        y: top,
        w: c.w - 2.0 * margin,
        h: (foot_y - small - 40.0 * u - top).max(10.0),
    };
    let body = chart.body.plot();
    if body.is_empty() {
        empty_state(&mut c, plot, body.empty_message());
    } else {
        body.draw(&mut c, plot);
    }
    c
}

const CAP: f64 = font::CAP_HEIGHT;

fn empty_state(c: &mut Canvas, plot: Area, message: &str) {
    let p = c.palette;
    let u = c.u;
    let (x, y) = (plot.x + plot.w / 2.0, plot.y + plot.h / 2.0);
    let bw = (plot.w * 0.9).min(1500.0 * u);
    let bh = 160.0 * u;
    c.rect(
        x - bw / 2.0,
        y - bh / 2.0,
        x + bw / 2.0,
        y + bh / 2.0,
        p.grid,
    );
    let inner = super::theme::mix(p.grid, p.background, 0.6);
    let t = 3.0 * u;
    c.rect(
        x - bw / 2.0 + t,
        y - bh / 2.0 + t,
        x + bw / 2.0 - t,
        y + bh / 2.0 - t,
        inner,
    );
    c.text_fit(
        message,
        x,
        y,
        30.0 * u,
        bw - 60.0 * u,
        p.text,
        Align::Center,
        Valign::Middle,
    );
}

fn check_size(w: u32, h: u32, scale: u32) -> Result<(), ChartError> {
    let ok = (1..=4).contains(&scale)
        && w >= MIN_SIDE
        && h >= MIN_SIDE
        && w.saturating_mul(scale) <= MAX_SIDE
        && h.saturating_mul(scale) <= MAX_SIDE;
    if ok {
        Ok(())
    } else {
        Err(ChartError::Size { w, h, scale })
    }
}

fn replay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    shapes: &[Shape],
    scale: f64,
) -> Result<(), ChartError> {
    let at = |x: f64, y: f64| ((x * scale).round() as i32, (y * scale).round() as i32);
    let rgb = |c: (u8, u8, u8)| RGBColor(c.0, c.1, c.2);
    let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError::Draw(e.to_string());
    for shape in shapes {
        match shape {
            Shape::Rect {
                x0,
                y0,
                x1,
                y1,
                color,
            } => {
                let (a, b) = (at(*x0, *y0), at(*x1, *y1));
                if b.0 > a.0 && b.1 > a.1 {
                    area.draw(&Rectangle::new([a, b], rgb(*color).filled()))
                        .map_err(fail)?;
                }
            }
            Shape::Line {
                points,
                color,
                width,
            } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| at(*x, *y)).collect();
                let w = (width * scale).round().max(1.0) as u32;
                area.draw(&PathElement::new(pts, rgb(*color).stroke_width(w)))
                    .map_err(fail)?;
            }
            Shape::Polygon {
                points,
                color,
                opacity,
            } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|(x, y)| at(*x, *y)).collect();
                area.draw(&Polygon::new(pts, rgb(*color).mix(*opacity).filled()))
                    .map_err(fail)?;
            }
            Shape::Text {
                text,
                x,
                y,
                size,
                bold,
                color,
                align,
                valign,
            } => {
                let h = match align {
                    Align::Left => HPos::Left,
                    Align::Center => HPos::Center,
                    Align::Right => HPos::Right,
                };
                let v = match valign {
                    Valign::Top => VPos::Top,
                    Valign::Middle => VPos::Center,
                    Valign::Baseline => VPos::Bottom,
                };
                let style = if *bold {
                    FontStyle::Bold
                } else {
                    FontStyle::Normal
                };
                let font = FontDesc::new(FontFamily::Name(font::FAMILY), size * scale, style)
                    .color(&rgb(*color))
                    .pos(Pos::new(h, v));
                area.draw(&Text::new(text.clone(), at(*x, *y), font))
                    .map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// The chart as an SVG document of `w × h` px, text as outlines of the embedded font.
pub fn render_svg(chart: &Chart, theme: &Theme, w: u32, h: u32) -> Result<String, ChartError> {
    check_size(w, h, 1)?;
    font::register()?;
    let canvas = compose(chart, theme, w, h);
    let mut doc = SvgDoc::new(w, h);
    {
        let area = SvgSurface(&mut doc).into_drawing_area();
        replay(&area, &canvas.shapes, 1.0)?;
        area.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    Ok(doc.finish(&chart.title, chart.as_of))
}

/// The chart as RGB pixels of `w·scale × h·scale` (layout as at `w × h`, drawn `scale` times finer).
fn raster(
    chart: &Chart,
    theme: &Theme,
    w: u32,
    h: u32,
    scale: u32,
) -> Result<(Vec<u8>, u32, u32), ChartError> {
    check_size(w, h, scale)?;
    font::register()?;
    let canvas = compose(chart, theme, w, h);
    let (pw, ph) = (w * scale, h * scale);
    let mut rgb = vec![0u8; pw as usize * ph as usize * 3];
    {
        let area = RasterSurface::new(&mut rgb, pw, ph).into_drawing_area();
        replay(&area, &canvas.shapes, scale as f64)?;
        area.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    Ok((rgb, pw, ph))
}

/// The chart as a PNG of `w·scale × h·scale` px (layout as at `w × h`, drawn `scale` times finer).
pub fn render_png(
    chart: &Chart,
    theme: &Theme,
    w: u32,
    h: u32,
    scale: u32,
) -> Result<Vec<u8>, ChartError> {
    let (rgb, pw, ph) = raster(chart, theme, w, h, scale)?;
    encode_png(&rgb, pw, ph)
}

/// The chart as RGBA pixels (for the clipboard), with their width and height.
pub fn render_rgba(
    chart: &Chart,
    theme: &Theme,
    w: u32,
    h: u32,
    scale: u32,
) -> Result<(Vec<u8>, u32, u32), ChartError> {
    let (rgb, pw, ph) = raster(chart, theme, w, h, scale)?;
    let mut rgba = Vec::with_capacity(rgb.len() / 3 * 4);
    for px in rgb.chunks_exact(3) {
        rgba.extend_from_slice(px);
        rgba.push(255);
    }
    Ok((rgba, pw, ph))
}
