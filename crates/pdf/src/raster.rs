//! Rendered pixels and their encoding as PNG or lossless WebP, in pure Rust.

use crate::PdfError;

/// How a rendered page is encoded for the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// PNG (`png` crate, fast deflate): what any consumer can read.
    Png,
    /// Lossless WebP (`image-webp` crate): what the webview is served (see the crate docs
    /// for the measurement behind the choice).
    Webp,
}

impl ImageFormat {
    /// The MIME type to serve the bytes with.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Webp => "image/webp",
        }
    }
}

/// An opaque page picture, three bytes (red, green, blue) per pixel, rows without padding.
/// Pages render on white, so the alpha channel pdfium writes carries nothing and is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes, row by row from the top.
    pub pixels: Vec<u8>,
}

impl RgbImage {
    /// Takes pdfium's BGRA rows (each `stride` bytes) into RGB, dropping alpha and padding.
    pub(crate) fn from_bgra(
        width: u32,
        height: u32,
        stride: usize,
        bgra: &[u8],
    ) -> Result<Self, PdfError> {
        let row = width as usize * 4;
        if stride < row || bgra.len() < stride * height as usize {
            return Err(PdfError::Render(format!(
                "bitmap of {} bytes does not hold {width}×{height} pixels",
                bgra.len()
            )));
        }
        let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
        for source in bgra.chunks_exact(stride).take(height as usize) {
            for pixel in source[..row].chunks_exact(4) {
                pixels.extend_from_slice(&[pixel[2], pixel[1], pixel[0]]);
            }
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// The image encoded in `format`.
    pub fn encode(&self, format: ImageFormat) -> Result<Vec<u8>, PdfError> {
        if self.pixels.len() != self.width as usize * self.height as usize * 3 {
            return Err(PdfError::Encode(format!(
                "{} bytes for {}×{} RGB pixels",
                self.pixels.len(),
                self.width,
                self.height
            )));
        }
        match format {
            ImageFormat::Png => self.encode_png(),
            ImageFormat::Webp => self.encode_webp(),
        }
    }

    fn encode_png(&self) -> Result<Vec<u8>, PdfError> {
        let encode_error = |error: png::EncodingError| PdfError::Encode(error.to_string());
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(encode_error)?;
        writer
            .write_image_data(&self.pixels)
            .map_err(encode_error)?;
        writer.finish().map_err(encode_error)?;
        Ok(out)
    }

    fn encode_webp(&self) -> Result<Vec<u8>, PdfError> {
        let mut out = Vec::new();
        image_webp::WebPEncoder::new(&mut out)
            .encode(
                &self.pixels,
                self.width,
                self.height,
                image_webp::ColorType::Rgb8,
            )
            .map_err(|error| PdfError::Encode(error.to_string()))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bgra_rows_become_rgb_without_padding() {
        let bgra = [3, 2, 1, 255, 9, 9, 9, 9, 6, 5, 4, 255, 9, 9, 9, 9];
        let image = RgbImage::from_bgra(1, 2, 8, &bgra).unwrap();
        assert_eq!(image.pixels, vec![1, 2, 3, 4, 5, 6]);
        assert!(RgbImage::from_bgra(2, 2, 8, &bgra[..12]).is_err());
    }

    #[test]
    fn both_formats_carry_their_signature() {
        let image = RgbImage {
            width: 3,
            height: 2,
            pixels: vec![200; 18],
        };
        assert!(
            image
                .encode(ImageFormat::Png)
                .unwrap()
                .starts_with(b"\x89PNG")
        );
        let webp = image.encode(ImageFormat::Webp).unwrap();
        assert_eq!((&webp[..4], &webp[8..12]), (&b"RIFF"[..], &b"WEBP"[..]));
        let wrong = RgbImage {
            pixels: vec![0; 5],
            ..image
        };
        assert_eq!(
            wrong.encode(ImageFormat::Png).unwrap_err().code(),
            "pdf.encode_failed"
        );
    }
}
