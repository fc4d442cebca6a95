//! A plotters backend that writes SVG with text drawn as glyph outlines from the embedded font,
//! so an SVG shows the same letters on screen, in a deck and in the PNG. The text itself is
//! kept, escaped, in `aria-label` for screen readers and search.

use super::font;
use super::theme::hex;
use ab_glyph::{Font, OutlineCurve};
use plotters::style::FontStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SurfaceError(pub String);

type DrawResult = Result<(), DrawingErrorKind<SurfaceError>>;

/// The document being written; draw into it through an [`SvgSurface`].
pub struct SvgDoc {
    size: (u32, u32),
    body: String,
    /// Glyph outlines used so far, by (bold, glyph id), in font units.
    glyphs: BTreeMap<(bool, u16), String>,
}

pub struct SvgSurface<'a>(pub &'a mut SvgDoc);

/// Escapes text for an XML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn paint(color: BackendColor) -> String {
    let mut s = hex(color.rgb);
    if color.alpha < 1.0 {
        s.push_str(&format!("\" fill-opacity=\"{:.2}", color.alpha));
    }
    s
}

fn stroke(color: BackendColor) -> String {
    let mut s = hex(color.rgb);
    if color.alpha < 1.0 {
        s.push_str(&format!("\" stroke-opacity=\"{:.2}", color.alpha));
    }
    s
}

fn num(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn outline_path(curves: &[OutlineCurve]) -> String {
    let mut d = String::new();
    let mut last: Option<ab_glyph::Point> = None;
    for curve in curves {
        let (start, end) = match curve {
            OutlineCurve::Line(a, b) => (*a, *b),
            OutlineCurve::Quad(a, _, c) => (*a, *c),
            OutlineCurve::Cubic(a, _, _, d) => (*a, *d),
        };
        if last != Some(start) {
            if last.is_some() {
                d.push('Z');
            }
            let _ = write!(d, "M{} {}", num(start.x), num(start.y));
        }
        let _ = match curve {
            OutlineCurve::Line(_, b) => write!(d, "L{} {}", num(b.x), num(b.y)),
            OutlineCurve::Quad(_, b, c) => {
                write!(d, "Q{} {} {} {}", num(b.x), num(b.y), num(c.x), num(c.y))
            }
            OutlineCurve::Cubic(_, b, c, e) => write!(
                d,
                "C{} {} {} {} {} {}",
                num(b.x),
                num(b.y),
                num(c.x),
                num(c.y),
                num(e.x),
                num(e.y)
            ),
        };
        last = Some(end);
    }
    if last.is_some() {
        d.push('Z');
    }
    d
}

impl SvgDoc {
    pub fn new(w: u32, h: u32) -> Self {
        Self {
            size: (w, h),
            body: String::with_capacity(64 * 1024),
            glyphs: BTreeMap::new(),
        }
    }

    /// The finished document; `title` (escaped here) names it for screen readers, and
    /// `data-as-of` carries the chart's as-of date for the window and scripts to read.
    pub fn finish(self, title: &str, as_of: chrono::NaiveDate) -> String {
        let (w, h) = self.size;
        let mut out = String::with_capacity(self.body.len() + 32 * 1024);
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\" data-as-of=\"{as_of}\">\n<title>{t}</title>\n<defs>\n",
            t = escape(title)
        );
        for ((bold, id), d) in self.glyphs.iter().filter(|(_, d)| !d.is_empty()) {
            let _ = writeln!(out, "<path id=\"{}{id}\" d=\"{d}\"/>", glyph_prefix(*bold));
        }
        out.push_str("</defs>\n");
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

fn glyph_prefix(bold: bool) -> &'static str {
    if bold {
        "b"
    } else {
        "r"
    }
}

impl DrawingBackend for SvgSurface<'_> {
    type ErrorType = SurfaceError;

    fn get_size(&self) -> (u32, u32) {
        self.0.size
    }

    fn ensure_prepared(&mut self) -> DrawResult {
        Ok(())
    }

    fn present(&mut self) -> DrawResult {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> DrawResult {
        let _ = writeln!(
            self.0.body,
            "<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\" fill=\"{}\"/>",
            p.0,
            p.1,
            paint(color)
        );
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> DrawResult {
        let _ = writeln!(
            self.0.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            from.0,
            from.1,
            to.0,
            to.1,
            stroke(style.color()),
            style.stroke_width()
        );
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let (x, y) = (a.0.min(b.0), a.1.min(b.1));
        let (w, h) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        if fill {
            let _ = writeln!(
                self.0.body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
                paint(style.color())
            );
        } else {
            let _ = writeln!(
                self.0.body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
                stroke(style.color()),
                style.stroke_width()
            );
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> DrawResult {
        let points: Vec<String> = path.into_iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = writeln!(
            self.0.body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            points.join(" "),
            stroke(style.color()),
            style.stroke_width()
        );
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let paint = if fill {
            format!("fill=\"{}\"", paint(style.color()))
        } else {
            format!("fill=\"none\" stroke=\"{}\"", stroke(style.color()))
        };
        let _ = writeln!(
            self.0.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\" {paint}/>",
            c.0, c.1
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> DrawResult {
        let points: Vec<String> = vert.into_iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = writeln!(
            self.0.body,
            "<polygon points=\"{}\" fill=\"{}\"/>",
            points.join(" "),
            paint(style.color())
        );
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> DrawResult {
        let bold = matches!(style.style(), FontStyle::Bold);
        let face = font::face(bold)
            .map_err(|e| DrawingErrorKind::DrawingError(SurfaceError(e.to_string())))?;
        let size = style.size();
        let (glyphs, width) = font::layout(face, text, size);
        let (x0, baseline) = font::pen(width, size, style.anchor(), pos);
        let k = size / face.units_per_em().unwrap_or(2048.0) as f64;
        let _ = writeln!(
            self.0.body,
            "<g aria-label=\"{}\" fill=\"{}\">",
            escape(text),
            paint(style.color())
        );
        for g in glyphs {
            let key = (bold, g.id.0);
            let d = self.0.glyphs.entry(key).or_insert_with(|| {
                face.outline(g.id)
                    .map(|o| outline_path(&o.curves))
                    .unwrap_or_default()
            });
            if d.is_empty() {
                continue;
            }
            let _ = writeln!(
                self.0.body,
                "<use xlink:href=\"#{}{}\" transform=\"translate({:.1} {:.1}) scale({:.5} {:.5})\"/>",
                glyph_prefix(bold),
                g.id.0,
                x0 + g.x,
                baseline,
                k,
                -k
            );
        }
        self.0.body.push_str("</g>\n");
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<SurfaceError>> {
        let bold = matches!(style.style(), FontStyle::Bold);
        let w = font::width(text, style.size(), bold);
        Ok((w.ceil() as u32, style.size().ceil() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("</text><script>\"a\" & 'b'"),
            "&lt;/text&gt;&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;"
        );
    }
}
