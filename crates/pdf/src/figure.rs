//! Pictures in a written document: raw RGB pixels handed to PDFium as a bitmap, with no
//! image-decoding dependency.

use pdfium_render::prelude::*;

use crate::PdfError;

/// A picture placed in the flow of a [`crate::TextDocument`], scaled to the text width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The figure comes after this many paragraphs (0: before the first paragraph).
    pub after_paragraph: usize,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels row by row, three bytes (red, green, blue) each: `width * height * 3` bytes.
    pub rgb: Vec<u8>,
}

impl Figure {
    /// The drawn size in points: the text width, or less so it fits `max_height`, keeping
    /// the aspect ratio.
    pub(crate) fn display_size(&self, max_width: f32, max_height: f32) -> (f32, f32) {
        let aspect = self.height as f32 / self.width.max(1) as f32;
        let width = max_width.min(max_height / aspect.max(f32::EPSILON));
        (width, width * aspect)
    }

    /// A PDFium image object holding the pixels, `width` × `height` points, with its lower
    /// left corner at (`x`, `y`).
    pub(crate) fn image_object<'a>(
        &self,
        pdf: &PdfDocument<'a>,
        (x, y): (f32, f32),
        (width, height): (f32, f32),
    ) -> Result<PdfPageImageObject<'a>, PdfError> {
        let mut bgr = self.bgr_rows()?;
        let pixels = |value: u32| {
            Pixels::try_from(value).map_err(|_| PdfError::Write("figure too large".into()))
        };
        let bitmap = PdfBitmap::from_bytes(
            pixels(self.width)?,
            pixels(self.height)?,
            PdfBitmapFormat::BGR,
            &mut bgr,
        )
        .map_err(write_error)?;
        let mut object = PdfPageImageObject::new(pdf).map_err(write_error)?;
        object.set_bitmap(&bitmap).map_err(write_error)?;
        object.scale(width, height).map_err(write_error)?;
        object
            .translate(PdfPoints::new(x), PdfPoints::new(y))
            .map_err(write_error)?;
        Ok(object)
    }

    /// The pixels in PDFium's layout: blue, green, red, rows padded to four bytes.
    fn bgr_rows(&self) -> Result<Vec<u8>, PdfError> {
        let row = self.width as usize * 3;
        if self.width == 0 || self.height == 0 || self.rgb.len() != row * self.height as usize {
            return Err(PdfError::Write(format!(
                "figure of {}×{} pixels needs {} RGB bytes, got {}",
                self.width,
                self.height,
                row * self.height as usize,
                self.rgb.len()
            )));
        }
        let stride = row.div_ceil(4) * 4;
        let mut out = vec![0u8; stride * self.height as usize];
        for (source, target) in self.rgb.chunks_exact(row).zip(out.chunks_exact_mut(stride)) {
            for (rgb, bgr) in source.chunks_exact(3).zip(target.chunks_exact_mut(3)) {
                bgr.copy_from_slice(&[rgb[2], rgb[1], rgb[0]]);
            }
        }
        Ok(out)
    }
}

fn write_error(error: PdfiumError) -> PdfError {
    PdfError::Write(format!("{error:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_size_keeps_the_aspect_ratio_within_both_bounds() {
        let figure = Figure {
            after_paragraph: 0,
            width: 400,
            height: 200,
            rgb: vec![0; 400 * 200 * 3],
        };
        assert_eq!(figure.display_size(480.0, 700.0), (480.0, 240.0));
        assert_eq!(figure.display_size(480.0, 100.0), (200.0, 100.0));
    }

    #[test]
    fn pixels_are_reordered_and_rows_padded() {
        let figure = Figure {
            after_paragraph: 0,
            width: 1,
            height: 2,
            rgb: vec![1, 2, 3, 4, 5, 6],
        };
        assert_eq!(figure.bgr_rows().unwrap(), vec![3, 2, 1, 0, 6, 5, 4, 0]);
        let short = Figure {
            rgb: vec![1, 2, 3],
            ..figure
        };
        assert!(matches!(short.bgr_rows(), Err(PdfError::Write(_))));
    }
}
