//! Bitmap output: plotters' bitmap backend, with text drawn from the embedded font at exactly
//! the positions the SVG uses, then encoded as PNG.

use super::font;
use super::ChartError;
use ab_glyph::{point, Font, PxScale};
use plotters::prelude::BitMapBackend;
use plotters::style::FontStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

type Error = <BitMapBackend<'static> as DrawingBackend>::ErrorType;
type DrawResult = Result<(), DrawingErrorKind<Error>>;

pub struct RasterSurface<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> RasterSurface<'a> {
    /// Draws into `rgb`, which holds `w × h × 3` bytes.
    pub fn new(rgb: &'a mut [u8], w: u32, h: u32) -> Self {
        Self {
            inner: BitMapBackend::with_buffer(rgb, (w, h)),
        }
    }
}

impl DrawingBackend for RasterSurface<'_> {
    type ErrorType = Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> DrawResult {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> DrawResult {
        self.inner.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> DrawResult {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> DrawResult {
        self.inner.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> DrawResult {
        self.inner.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> DrawResult {
        self.inner.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> DrawResult {
        self.inner.draw_circle(c, r, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> DrawResult {
        self.inner.fill_polygon(vert, s)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> DrawResult {
        let bold = matches!(style.style(), FontStyle::Bold);
        let face = font::face(bold).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let size = style.size();
        let (glyphs, width) = font::layout(face, text, size);
        let (x0, baseline) = font::pen(width, size, style.anchor(), pos);
        let upem = face.units_per_em().unwrap_or(2048.0) as f64;
        let scale = PxScale::from((size * face.height_unscaled() as f64 / upem) as f32);
        let color = style.color();
        for g in glyphs {
            let glyph =
                g.id.with_scale_and_position(scale, point((x0 + g.x) as f32, baseline as f32));
            if let Some(outlined) = face.outline_glyph(glyph) {
                let b = outlined.px_bounds();
                let mut pixels = Vec::new();
                outlined.draw(|x, y, c| pixels.push((x, y, c)));
                for (x, y, c) in pixels {
                    if c > 0.0 {
                        let p = (b.min.x as i32 + x as i32, b.min.y as i32 + y as i32);
                        self.inner.draw_pixel(p, color.mix(c.min(1.0) as f64))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Error>> {
        let bold = matches!(style.style(), FontStyle::Bold);
        let w = font::width(text, style.size(), bold);
        Ok((w.ceil() as u32, style.size().ceil() as u32))
    }
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Draw(format!("PNG encoding failed: {e}")))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| ChartError::Draw(format!("PNG encoding failed: {e}")))?;
        writer
            .finish()
            .map_err(|e| ChartError::Draw(format!("PNG encoding failed: {e}")))?;
    }
    Ok(out)
}
