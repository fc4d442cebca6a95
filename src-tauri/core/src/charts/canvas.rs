//! What a chart draws, as plain shapes in layout units (1 unit = 1 px at 1×): charts fill a
//! [`Canvas`], and `render` replays it through plotters onto SVG or a bitmap.

use super::font;
use super::theme::{Palette, Rgb};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Valign {
    /// `y` is the top of the capitals.
    Top,
    /// `y` is the middle of the capitals.
    Middle,
    /// `y` is the baseline.
    Baseline,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: Rgb,
    },
    Line {
        points: Vec<(f64, f64)>,
        color: Rgb,
        width: f64,
    },
    /// A filled polygon; `opacity` below 1 lets what is under it show through.
    Polygon {
        points: Vec<(f64, f64)>,
        color: Rgb,
        opacity: f64,
    },
    Text {
        text: String,
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
        color: Rgb,
        align: Align,
        valign: Valign,
    },
}

/// A box in layout units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Area {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
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
    pub w: f64,
    pub h: f64,
    /// Layout units per 1920×1080 pixel: type and margins scale with it.
    pub u: f64,
    pub palette: Palette,
    pub shapes: Vec<Shape>,
}

impl Canvas {
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
