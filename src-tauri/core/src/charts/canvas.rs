//! What a chart draws, as plain shapes in layout units (1 unit = 1 px at 1×): charts fill a
//! [`Canvas`], and `render` replays it through plotters onto SVG or a bitmap.

use super::font;
use super::theme::{Palette, Rgb};

/// Where a text's `x` sits along it; labels align to bars and axes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `x` is where the text starts.
    Left,
    /// `x` is the text's middle.
    Center,
    /// `x` is where the text ends, as for numbers on an axis.
    Right,
}

/// Where a text's `y` sits on it, so labels line up whatever their size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Valign {
    /// `y` is the top of the capitals.
    Top,
    /// `y` is the middle of the capitals.
    Middle,
    /// `y` is the baseline.
    Baseline,
}

/// One mark of a chart, as `render` replays it onto SVG or a bitmap.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled box: bars, legend swatches, backgrounds.
    Rect {
        /// Left edge.
        x0: f64,
        /// Top edge.
        y0: f64,
        /// Right edge.
        x1: f64,
        /// Bottom edge.
        y1: f64,
        /// Fill colour.
        color: Rgb,
    },
    /// A polyline: axes, grid lines, forecast medians.
    Line {
        /// The corners, in drawing order.
        points: Vec<(f64, f64)>,
        /// Stroke colour.
        color: Rgb,
        /// Stroke width in layout units.
        width: f64,
    },
    /// A filled polygon; `opacity` below 1 lets what is under it show through.
    Polygon {
        /// The corners, in drawing order.
        points: Vec<(f64, f64)>,
        /// Fill colour.
        color: Rgb,
        /// 0 (invisible) to 1 (solid).
        opacity: f64,
    },
    /// A single line of text in the embedded font: titles, labels, numbers.
    Text {
        /// The words, drawn as given.
        text: String,
        /// Where it is anchored across, per `align`.
        x: f64,
        /// Where it is anchored down, per `valign`.
        y: f64,
        /// Type size in layout units.
        size: f64,
        /// Bold for titles and emphasised figures.
        bold: bool,
        /// Text colour.
        color: Rgb,
        /// How `x` anchors the text.
        align: Align,
        /// How `y` anchors the text.
        valign: Valign,
    },
}

/// A box in layout units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Area {
    /// The area's right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// The area's bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// The left `share` of this area and the rest, with `gap` between.
    pub fn split_x(&self, share: f64, gap: f64) -> (Area, Area) {
        let left = (self.w - gap) * share;
        (
            Area { w: left, ..*self },
            Area {
                x: self.x + left + gap,
                w: self.w - left - gap,
                ..*self
            },
        )
    }
}

/// The shapes of one chart, with its palette and type scale.
pub struct Canvas {
    /// Width in layout units.
    pub w: f64,
    /// Height in layout units.
    pub h: f64,
    /// Layout units per 1920×1080 pixel: type and margins scale with it.
    pub u: f64,
    /// The colours every mark of this chart takes.
    pub palette: Palette,
    /// What has been drawn so far, back to front.
    pub shapes: Vec<Shape>,
}

impl Canvas {
    /// An empty canvas of `w`×`h`, its type scale set from the size.
    pub fn new(w: f64, h: f64, palette: Palette) -> Self {
        Self {
            w,
            h,
            u: (w / 1920.0).min(h / 1080.0),
            palette,
            shapes: Vec::new(),
        }
    }

    /// Body text size: big enough to read on a projected slide.
    pub fn body(&self) -> f64 {
        24.0 * self.u
    }

    /// Small print (axis ticks, notes).
    pub fn small(&self) -> f64 {
        20.0 * self.u
    }

    /// Adds a filled box, whichever way round its corners are given; an empty box is skipped.
    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: Rgb) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        if x1 - x0 > 0.0 && y1 - y0 > 0.0 {
            self.shapes.push(Shape::Rect {
                x0,
                y0,
                x1,
                y1,
                color,
            });
        }
    }

    /// Adds a polyline through `points`.
    pub fn line(&mut self, points: Vec<(f64, f64)>, color: Rgb, width: f64) {
        self.shapes.push(Shape::Line {
            points,
            color,
            width,
        });
    }

    /// A filled polygon (a band between two lines), see-through at `opacity` below 1.
    pub fn polygon(&mut self, points: Vec<(f64, f64)>, color: Rgb, opacity: f64) {
        if points.len() >= 3 {
            self.shapes.push(Shape::Polygon {
                points,
                color,
                opacity: opacity.clamp(0.0, 1.0),
            });
        }
    }

    /// Draws `text` (user text is cleaned: see [`font::clean`]).
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
        color: Rgb,
        align: Align,
        valign: Valign,
    ) {
        let text = font::clean(text);
        if text.trim().is_empty() {
            return;
        }
        self.shapes.push(Shape::Text {
            text,
            x,
            y,
            size,
            bold,
            color,
            align,
            valign,
        });
    }

    /// Text cut with an ellipsis to fit `max` units.
    #[allow(clippy::too_many_arguments)]
    pub fn text_fit(
        &mut self,
        text: &str,
        x: f64,
        y: f64,
        size: f64,
        max: f64,
        color: Rgb,
        align: Align,
        valign: Valign,
    ) {
        let fitted = font::fit(&font::clean(text), size, false, max);
        self.text(&fitted, x, y, size, false, color, align, valign);
    }

    /// A row of coloured squares with labels, starting at (`x`, `y` = middle of the row).
    /// Returns the x where it ends.
    pub fn legend(&mut self, items: &[(Rgb, String)], x: f64, y: f64) -> f64 {
        let size = self.body();
        let sq = size * 0.8;
        let mut at = x;
        for (color, label) in items {
            self.rect(at, y - sq / 2.0, at + sq, y + sq / 2.0, *color);
            at += sq + size * 0.4;
            let text_color = self.palette.text;
            self.text(
                label,
                at,
                y,
                size,
                false,
                text_color,
                Align::Left,
                Valign::Middle,
            );
            at += font::width(&font::clean(label), size, false) + size * 1.4;
        }
        at
    }
}
