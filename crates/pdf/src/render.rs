//! Rendering one page to encoded pixels: the bitmap is sized and budgeted before pdfium
//! allocates it, drawn on white with annotations, and encoded in pure Rust.

use pdfium_render::prelude::*;

use crate::engine::page_at;
use crate::{ImageFormat, PdfEngine, PdfError, RgbImage};

/// Most pixels one rendering may have (40 megapixels, 160 MB of BGRA), so a page with an
/// absurd size gives [`PdfError::PageTooLarge`] instead of exhausting memory.
pub const MAX_RENDER_PIXELS: u64 = 40_000_000;

/// Most pixels on either side of a rendering: the largest a lossless WebP can hold.
pub const MAX_RENDER_SIDE: u32 = 16_384;

/// What to render: the page's CSS width, the screen's device pixel ratio, and the encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderRequest {
    /// Width the page is shown at, in CSS pixels.
    pub width_px: u32,
    /// Device pixels per CSS pixel (1.0 on most office screens, 1.25–2.0 on scaled ones).
    pub device_pixel_ratio: f32,
    /// How the pixels are encoded.
    pub format: ImageFormat,
}

/// A rendered page, ready to hand to the webview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPage {
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Width in device pixels.
    pub width: u32,
    /// Height in device pixels.
    pub height: u32,
    /// The encoding of `bytes`.
    pub format: ImageFormat,
}

/// Device pixel size of a `page_width` × `page_height` point page shown `width_px` CSS
/// pixels wide at `ratio`, refused when it is empty or beyond the pixel budget.
pub(crate) fn pixel_size(
    (page_width, page_height): (f32, f32),
    width_px: u32,
    ratio: f32,
) -> Result<(u32, u32), PdfError> {
    if width_px == 0 || !ratio.is_finite() || ratio <= 0.0 || ratio > 8.0 {
        return Err(PdfError::InvalidRequest(format!(
            "width {width_px} px at device pixel ratio {ratio}"
        )));
    }
    let usable = |side: f32| side.is_finite() && side > 0.0;
    if !usable(page_width) || !usable(page_height) {
        return Err(PdfError::Malformed(format!(
            "the page has no usable size ({page_width}×{page_height} pt)"
        )));
    }
    let width = (f64::from(width_px) * f64::from(ratio)).round().max(1.0);
    let height = (width * f64::from(page_height) / f64::from(page_width))
        .round()
        .max(1.0);
    let too_large = || PdfError::PageTooLarge {
        width: width as u64,
        height: height.min(u64::MAX as f64) as u64,
        max_pixels: MAX_RENDER_PIXELS,
        max_side: MAX_RENDER_SIDE,
    };
    let max_side = f64::from(MAX_RENDER_SIDE);
    if width > max_side || height > max_side || width * height > MAX_RENDER_PIXELS as f64 {
        return Err(too_large());
    }
    Ok((width as u32, height as u32))
}

impl PdfEngine {
    /// Renders page `index` (zero-based) of the PDF in `bytes` as the viewer shows it: on
    /// white, with annotations and form fields drawn, encoded as asked.
    pub fn render_page(
        &self,
        bytes: &[u8],
        index: u32,
        request: RenderRequest,
    ) -> Result<RenderedPage, PdfError> {
        let image = self.render_rgb(bytes, index, request.width_px, request.device_pixel_ratio)?;
        Ok(RenderedPage {
            bytes: image.encode(request.format)?,
            width: image.width,
            height: image.height,
            format: request.format,
        })
    }

    /// A small picture of page `index` for the thumbnail strip, `width_px` device pixels
    /// wide, in the format the viewer is served.
    pub fn thumbnail(
        &self,
        bytes: &[u8],
        index: u32,
        width_px: u32,
    ) -> Result<RenderedPage, PdfError> {
        self.render_page(
            bytes,
            index,
            RenderRequest {
                width_px,
                device_pixel_ratio: 1.0,
                format: ImageFormat::Webp,
            },
        )
    }

    /// The page's pixels before encoding: what [`PdfEngine::render_page`] encodes, apart so
    /// that rendering and encoding can be timed (and cached) separately.
    pub fn render_rgb(
        &self,
        bytes: &[u8],
        index: u32,
        width_px: u32,
        device_pixel_ratio: f32,
    ) -> Result<RgbImage, PdfError> {
        render_rgb_in(&self.load(bytes)?, index, width_px, device_pixel_ratio)
    }
}

/// [`PdfEngine::render_rgb`] on a document already open (the worker keeps documents open
/// between page turns).
pub(crate) fn render_rgb_in(
    document: &PdfDocument<'_>,
    index: u32,
    width_px: u32,
    device_pixel_ratio: f32,
) -> Result<RgbImage, PdfError> {
    let page = page_at(document, index)?;
    let (width, height) = pixel_size(
        (page.width().value, page.height().value),
        width_px,
        device_pixel_ratio,
    )?;
    let render_error = |error: PdfiumError| PdfError::Render(format!("{error:?}"));
    let pixels = |side: u32| {
        Pixels::try_from(side).map_err(|_| PdfError::InvalidRequest(format!("{side} pixels")))
    };
    let mut bitmap = PdfBitmap::empty(pixels(width)?, pixels(height)?, PdfBitmapFormat::BGRA)
        .map_err(render_error)?;
    let config = PdfRenderConfig::new()
        .set_fixed_size(pixels(width)?, pixels(height)?)
        .set_format(PdfBitmapFormat::BGRA)
        .set_reverse_byte_order(false)
        .clear_before_rendering(true)
        .set_clear_color(PdfColor::WHITE)
        .render_annotations(true)
        .render_form_data(true);
    page.render_into_bitmap_with_config(&mut bitmap, &config)
        .map_err(render_error)?;
    let raw = bitmap.as_raw_bytes();
    let stride = raw.len() / height.max(1) as usize;
    RgbImage::from_bgra(width, height, stride, &raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_follows_the_page_aspect_and_the_device_ratio() {
        assert_eq!(pixel_size((595.0, 842.0), 200, 1.0).unwrap(), (200, 283));
        assert_eq!(pixel_size((595.0, 842.0), 800, 1.5).unwrap(), (1200, 1698));
        assert_eq!(
            pixel_size((200_000.0, 200_000.0), 1200, 1.0).unwrap(),
            (1200, 1200)
        );
    }

    #[test]
    fn absurd_sizes_are_refused_before_anything_is_allocated() {
        let tall = pixel_size((10.0, 200_000.0), 1200, 1.0).unwrap_err();
        assert_eq!(tall.code(), "pdf.page_too_large");
        let wide = pixel_size((595.0, 842.0), 20_000, 1.0).unwrap_err();
        assert_eq!(wide.code(), "pdf.page_too_large");
        let area = pixel_size((595.0, 842.0), 6_000, 1.0).unwrap_err();
        assert_eq!(area.code(), "pdf.page_too_large");
        for (page, width, ratio) in [
            ((595.0, 842.0), 0, 1.0),
            ((595.0, 842.0), 100, 0.0),
            ((595.0, 842.0), 100, f32::NAN),
        ] {
            assert_eq!(
                pixel_size(page, width, ratio).unwrap_err().code(),
                "pdf.invalid_request"
            );
        }
        assert_eq!(
            pixel_size((0.0, 842.0), 100, 1.0).unwrap_err().code(),
            "pdf.malformed"
        );
    }
}
