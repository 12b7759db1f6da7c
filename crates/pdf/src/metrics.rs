//! Advance widths of a TrueType font, read with `ttf-parser`, so a line can be measured
//! (wrapped, centred, cut short) *before* pdfium draws it.
//!
//! PDFium lays a text object out with exactly these advances (it embeds the font with its
//! own widths and applies no kerning), so a line measured here is the line pdfium prints.

use crate::PdfError;

/// The widths of one TrueType font, borrowed from its bytes.
#[derive(Clone)]
pub(crate) struct FontMetrics<'f> {
    face: ttf_parser::Face<'f>,
    units_per_em: f32,
}

impl std::fmt::Debug for FontMetrics<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontMetrics")
            .field("units_per_em", &self.units_per_em)
            .finish_non_exhaustive()
    }
}

impl<'f> FontMetrics<'f> {
    /// Reads the TrueType font in `data`.
    pub(crate) fn parse(data: &'f [u8]) -> Result<Self, PdfError> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|error| PdfError::Write(format!("the font cannot be read: {error}")))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Self { face, units_per_em })
    }

    /// How far `ch` advances the pen, in ems (the missing-glyph box's advance when the font
    /// lacks it, as pdfium draws it).
    pub(crate) fn advance(&self, ch: char) -> f32 {
        let glyph = self.face.glyph_index(ch).unwrap_or(ttf_parser::GlyphId(0));
        self.face
            .glyph_hor_advance(glyph)
            .map_or(0.0, |units| f32::from(units) / self.units_per_em)
    }

    /// Width of `text` set at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|ch| self.advance(ch)).sum::<f32>() * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

    #[test]
    fn dejavu_widths_match_its_tables() {
        let font = FontMetrics::parse(REGULAR).unwrap();
        // DejaVu Sans: 2048 units per em; "m" advances 1995, "i" 569, space 651.
        assert!((font.advance('m') - 1995.0 / 2048.0).abs() < 1e-6);
        assert!((font.advance('i') - 569.0 / 2048.0).abs() < 1e-6);
        assert!((font.advance(' ') - 651.0 / 2048.0).abs() < 1e-6);
        // Precomposed Vietnamese letters are in the font, as wide as their base letter.
        assert!((font.advance('ệ') - font.advance('e')).abs() < 1e-6);
        assert!(
            (font.width("Hội đồng", 10.0)
                - 10.0 * "Hội đồng".chars().map(|c| font.advance(c)).sum::<f32>())
            .abs()
                < 1e-4
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(FontMetrics::parse(b"not a font at all").is_err());
        assert!(FontMetrics::parse(&REGULAR[..64]).is_err());
    }
}
