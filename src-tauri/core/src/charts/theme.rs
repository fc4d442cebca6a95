//! The look of a chart: light or dark, and the brand colour the user picked, which colours the
//! partner series. Everything else is a few calm neutrals.

use serde::{Deserialize, Serialize};

/// A colour as red, green, blue; what the brand colour is stored as.
pub type Rgb = (u8, u8, u8);

/// How the person wants charts to look; saved per workspace and sent by the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Dark background, for the dark window theme; exports default to light.
    pub dark: bool,
    /// The company's colour, used for the partner series.
    pub brand: Rgb,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            dark: false,
            brand: (37, 99, 235),
        }
    }
}

impl Theme {
    /// Parses `#rrggbb` (or `rrggbb`).
    pub fn parse_brand(text: &str) -> Option<Rgb> {
        let hex = text.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some((part(0)?, part(2)?, part(4)?))
    }
}

/// The colours one chart is drawn with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// The chart's fill.
    pub background: Rgb,
    /// Titles, labels and numbers.
    pub text: Rgb,
    /// Subtitles, footnotes and axis labels.
    pub muted: Rgb,
    /// Axis and grid lines.
    pub grid: Rgb,
    /// The partner series: the brand colour, nudged until it reads on the background.
    pub brand: Rgb,
    /// The other series (direct, supply, the rest).
    pub neutral: Rgb,
    /// What needs attention: stalled, short, falling.
    pub alert: Rgb,
}

impl Palette {
    /// The colours for `theme`, the brand colour adjusted to stay legible.
    pub fn of(theme: &Theme) -> Self {
        let (background, text, muted, grid, neutral, alert) = if theme.dark {
            (
                (17, 24, 39),
                (243, 244, 246),
                (156, 163, 175),
                (55, 65, 81),
                (107, 114, 128),
                (251, 146, 60),
            )
        } else {
            (
                (255, 255, 255),
                (17, 24, 39),
                (75, 85, 99),
                (229, 231, 235),
                (156, 163, 175),
                (234, 88, 12),
            )
        };
        let mut brand = theme.brand;
        let mut step = 0;
        while contrast(brand, background) < 2.5 && step < 10 {
            brand = mix(brand, text, 0.2);
            step += 1;
        }
        Self {
            background,
            text,
            muted,
            grid,
            brand,
            neutral,
            alert,
        }
    }

    /// A lighter (or, on dark, darker) shade of the brand colour: `level` 0 is the brand itself.
    pub fn brand_shade(&self, level: usize) -> Rgb {
        let amount = if luminance(self.background) < 0.2 {
            [0.0, 0.25, 0.45, 0.6]
        } else {
            [0.0, 0.35, 0.6, 0.78]
        };
        mix(
            self.brand,
            self.background,
            amount.get(level).copied().unwrap_or(0.85),
        )
    }
}

/// `a` moved toward `b` by `t` (0..=1).
pub fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let m = |x: u8, y: u8| {
        (x as f64 + (y as f64 - x as f64) * t)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pale_brand_is_darkened_until_it_reads() {
        let pale = Palette::of(&Theme {
            dark: false,
            brand: (250, 250, 210),
        });
        assert!(contrast(pale.brand, pale.background) >= 2.5);
        let dark = Palette::of(&Theme {
            dark: true,
            brand: (10, 10, 40),
        });
        assert!(contrast(dark.brand, dark.background) >= 2.5);
        let fine = Palette::of(&Theme::default());
        assert_eq!(fine.brand, Theme::default().brand);
    }

    #[test]
    fn brand_parses_from_hex() {
        assert_eq!(Theme::parse_brand("#2563eb"), Some((37, 99, 235)));
        assert_eq!(Theme::parse_brand("zz63eb"), None);
        assert_eq!(Theme::parse_brand("#fff"), None);
        assert_eq!(hex((37, 99, 235)), "#2563eb");
    }
}
