//! The one embedded font (DejaVu Sans, regular and bold), compiled in so a chart looks the
//! same on every machine, and the text layout both the SVG and the PNG output share.

use super::ChartError;
use ab_glyph::{Font, FontRef, GlyphId};
use std::sync::{Once, OnceLock};

/// The family name charts ask plotters for.
pub(crate) const FAMILY: &str = "DejaVu Sans";

static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Height of a capital letter as a share of the font size (DejaVu Sans).
pub const CAP_HEIGHT: f64 = 0.729;

/// Drawn in place of a character the font has no glyph for.
const MISSING: char = '\u{25A1}';

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Result<&'static Faces, ChartError> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
            })
        })
        .as_ref()
        .ok_or(ChartError::Font)
}

/// Registers the embedded font with plotters (once per process).
pub fn register() -> Result<(), ChartError> {
    static REGISTER: Once = Once::new();
    let mut result = Ok(());
    REGISTER.call_once(|| {
        use plotters::style::{register_font, FontStyle};
        if register_font(FAMILY, FontStyle::Normal, REGULAR).is_err()
            || register_font(FAMILY, FontStyle::Bold, BOLD).is_err()
        {
            result = Err(ChartError::Font);
        }
    });
    result?;
    faces().map(|_| ())
}

/// The face for regular or bold text.
pub fn face(bold: bool) -> Result<&'static FontRef<'static>, ChartError> {
    let f = faces()?;
    Ok(if bold { &f.bold } else { &f.regular })
}

/// User text made drawable: control characters become spaces, joiners and variation
/// selectors go, and anything the font cannot draw becomes a white square.
pub fn clean(text: &str) -> String {
    let Ok(font) = face(false) else {
        return text.to_string();
    };
    text.chars()
        .filter(|c| !matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}'))
        .map(|c| {
            if c.is_control() {
                ' '
            } else if font.glyph_id(c).0 == 0 {
                MISSING
            } else {
                c
            }
        })
        .collect()
}

/// One positioned glyph: its id and its pen x in pixels from the start of the run.
pub struct Placed {
    pub id: GlyphId,
    pub x: f64,
}

/// Glyphs of `text` at `size` px (the em size), and the run's width.
pub fn layout(font: &FontRef<'static>, text: &str, size: f64) -> (Vec<Placed>, f64) {
    let k = size / font.units_per_em().unwrap_or(2048.0) as f64;
    let mut x = 0.0;
    let mut prev: Option<GlyphId> = None;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            x += font.kern_unscaled(p, id) as f64 * k;
        }
        out.push(Placed { id, x });
        x += font.h_advance_unscaled(id) as f64 * k;
        prev = Some(id);
    }
    (out, x)
}

/// Width of `text` at `size` px.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    face(bold)
        .map(|f| layout(f, text, size).1)
        .unwrap_or(text.chars().count() as f64 * size * 0.6)
}

/// `text` shortened with an ellipsis until it fits `max` px.
pub fn fit(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if width(&candidate, size, bold) <= max {
            return candidate;
        }
    }
    String::new()
}

/// Where a run of `width` px starts and where its baseline sits, for an anchor at `pos`:
/// `Top` anchors the top of the capitals, `Center` their middle, `Bottom` the baseline.
pub fn pen(
    width: f64,
    size: f64,
    anchor: plotters::style::text_anchor::Pos,
    pos: (i32, i32),
) -> (f64, f64) {
    use plotters::style::text_anchor::{HPos, VPos};
    let x = match anchor.h_pos {
        HPos::Left => pos.0 as f64,
        HPos::Center => pos.0 as f64 - width / 2.0,
        HPos::Right => pos.0 as f64 - width,
    };
    let y = match anchor.v_pos {
        VPos::Top => pos.1 as f64 + CAP_HEIGHT * size,
        VPos::Center => pos.1 as f64 + CAP_HEIGHT * size / 2.0,
        VPos::Bottom => pos.1 as f64,
    };
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_glyphs_become_squares_and_text_stays() {
        register().unwrap();
        assert_eq!(clean("Acme 🚀 <&>\u{7}"), "Acme \u{25A1} <&> ");
        assert_eq!(clean("Café Ωmega"), "Café Ωmega");
    }

    #[test]
    fn long_names_are_cut_to_fit() {
        let long = "Northwind Consolidated Systems Integration Partners";
        let cut = fit(long, 20.0, false, 200.0);
        assert!(cut.ends_with('…'));
        assert!(width(&cut, 20.0, false) <= 200.0);
        assert_eq!(fit("Acme", 20.0, false, 200.0), "Acme");
        assert!(width("Acme", 40.0, true) > width("Acme", 20.0, false));
    }
}
