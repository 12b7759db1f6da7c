//! Turning what secretaries receive into PDF: PDFs as they are (after checking they open),
//! JPEG and PNG pictures as one-page PDFs, and Office files through LibreOffice when it is
//! installed.
//!
//! Office conversion runs `soffice --headless --convert-to pdf` in a private temporary
//! folder with its own LibreOffice profile (so it works while the person has LibreOffice
//! open), and the folder is removed as soon as the PDF is read back. The source is a file
//! the secretary already holds in clear on this computer; nothing decrypted from the
//! server ever goes this way.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pdfium_render::prelude::*;

use crate::{Figure, PdfEngine, PdfError};

/// Largest picture imported, in pixels (a 50-megapixel photo).
pub const MAX_IMPORT_PIXELS: u64 = 50_000_000;

/// How long LibreOffice may take to convert one file.
pub const CONVERSION_TIMEOUT: Duration = Duration::from_secs(120);

/// Margin around an imported picture on its page, in points.
const IMAGE_MARGIN: f32 = 28.0;

/// What kind of file a name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A PDF, kept as it is.
    Pdf,
    /// A JPEG picture.
    Jpeg,
    /// A PNG picture.
    Png,
    /// A word-processing, spreadsheet or presentation file LibreOffice converts.
    Office,
}

impl SourceKind {
    /// The kind of `path` from its extension (any case), or `None` when it is not one we
    /// import.
    pub fn of(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Self::Pdf),
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "docx" | "doc" | "odt" | "rtf" | "xlsx" | "xls" | "ods" | "pptx" | "ppt" | "odp" => {
                Some(Self::Office)
            }
            _ => None,
        }
    }
}

/// A file imported as PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Its pages.
    pub pages: u32,
    /// What the source was.
    pub source: SourceKind,
}

/// Where LibreOffice's `soffice` is: `$PHONGHOP_SOFFICE`, else the first on `PATH`.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PHONGHOP_SOFFICE") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .flat_map(|dir| [dir.join("soffice"), dir.join("libreoffice")])
        .find(|candidate| candidate.is_file())
}

fn read(path: &Path) -> Result<Vec<u8>, PdfError> {
    std::fs::read(path).map_err(|error| PdfError::Import(format!("{}: {error}", path.display())))
}

impl PdfEngine {
    /// Imports the file at `path` as PDF, converting it when it is a picture or an Office
    /// file; `soffice` is the LibreOffice to use for Office files (see [`find_soffice`]).
    pub fn import_file(&self, path: &Path, soffice: Option<&Path>) -> Result<Imported, PdfError> {
        let source = SourceKind::of(path).ok_or_else(|| {
            PdfError::Unsupported(
                path.extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        })?;
        let bytes = match source {
            SourceKind::Pdf => read(path)?,
            SourceKind::Jpeg => self.picture_to_pdf(&decode_jpeg(&read(path)?)?)?,
            SourceKind::Png => self.picture_to_pdf(&decode_png(&read(path)?)?)?,
            SourceKind::Office => {
                let soffice = soffice.ok_or(PdfError::ConverterMissing)?;
                convert_with_libreoffice(soffice, path)?
            }
        };
        let pages = self.page_count(&bytes)?;
        Ok(Imported {
            bytes,
            pages,
            source,
        })
    }

    /// A one-page PDF showing `picture` as large as fits an A4 page (landscape for a wide
    /// picture), centred.
    pub fn picture_to_pdf(&self, picture: &Figure) -> Result<Vec<u8>, PdfError> {
        let write_error = |error: PdfiumError| PdfError::Write(format!("{error:?}"));
        let mut pdf = self.pdfium.create_new_pdf().map_err(write_error)?;
        let paper = if picture.width > picture.height {
            PdfPagePaperSize::a4().landscape()
        } else {
            PdfPagePaperSize::a4()
        };
        let (page_width, page_height) = (paper.width().value, paper.height().value);
        let size = picture.display_size(
            page_width - 2.0 * IMAGE_MARGIN,
            page_height - 2.0 * IMAGE_MARGIN,
        );
        let origin = ((page_width - size.0) / 2.0, (page_height - size.1) / 2.0);
        let object = picture.image_object(&pdf, origin, size)?;
        let mut page = pdf
            .pages_mut()
            .create_page_at_end(paper)
            .map_err(write_error)?;
        page.objects_mut()
            .add_image_object(object)
            .map_err(write_error)?;
        drop(page);
        pdf.save_to_bytes().map_err(write_error)
    }
}

fn check_size(width: u64, height: u64) -> Result<(), PdfError> {
    if width == 0 || height == 0 {
        return Err(PdfError::Malformed("the picture has no pixels".into()));
    }
    if width * height > MAX_IMPORT_PIXELS {
        return Err(PdfError::Import(format!(
            "the picture is {width}×{height} pixels, more than {MAX_IMPORT_PIXELS}"
        )));
    }
    Ok(())
}

/// Decodes a JPEG to RGB pixels.
pub fn decode_jpeg(bytes: &[u8]) -> Result<Figure, PdfError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let bad = |error: zune_jpeg::errors::DecodeErrors| {
        PdfError::Malformed(format!("not a readable JPEG: {error:?}"))
    };
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(16_384)
        .set_max_height(16_384);
    let mut decoder = JpegDecoder::new_with_options(bytes, options);
    decoder.decode_headers().map_err(bad)?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| PdfError::Malformed("the JPEG has no size".into()))?;
    check_size(width as u64, height as u64)?;
    let rgb = decoder.decode().map_err(bad)?;
    Ok(Figure {
        after_paragraph: 0,
        width: width as u32,
        height: height as u32,
        rgb,
    })
}

/// Decodes a PNG to RGB pixels, laying any transparency over white.
pub fn decode_png(bytes: &[u8]) -> Result<Figure, PdfError> {
    let bad =
        |error: png::DecodingError| PdfError::Malformed(format!("not a readable PNG: {error}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(bad)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(u64::from(width), u64::from(height))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| PdfError::Import("the PNG is too large".into()))?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(bad)?;
    buffer.truncate(frame.buffer_size());
    let over_white = |value: u8, alpha: u8| {
        ((u16::from(value) * u16::from(alpha) + 255 * (255 - u16::from(alpha))) / 255) as u8
    };
    let rgb: Vec<u8> = match frame.color_type {
        png::ColorType::Rgb => buffer,
        png::ColorType::Rgba => buffer
            .chunks_exact(4)
            .flat_map(|p| {
                [
                    over_white(p[0], p[3]),
                    over_white(p[1], p[3]),
                    over_white(p[2], p[3]),
                ]
            })
            .collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|p| {
                let g = over_white(p[0], p[1]);
                [g, g, g]
            })
            .collect(),
        png::ColorType::Indexed => {
            return Err(PdfError::Malformed(
                "an indexed PNG was not expanded".into(),
            ));
        }
    };
    Ok(Figure {
        after_paragraph: 0,
        width,
        height,
        rgb,
    })
}

/// Converts an Office file to PDF with LibreOffice, in a private folder removed afterwards.
fn convert_with_libreoffice(soffice: &Path, source: &Path) -> Result<Vec<u8>, PdfError> {
    let work = tempfile::Builder::new()
        .prefix("phonghop-import-")
        .tempdir()
        .map_err(|error| PdfError::Import(format!("no temporary folder: {error}")))?;
    let profile = work.path().join("profile");
    let out = work.path().join("out");
    let mut child = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out)
        .arg(source)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => PdfError::ConverterMissing,
            _ => PdfError::ConversionFailed(format!("cannot start {}: {error}", soffice.display())),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > CONVERSION_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::ConversionFailed(format!(
                    "LibreOffice took longer than {} s",
                    CONVERSION_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(error) => return Err(PdfError::ConversionFailed(error.to_string())),
        }
    };
    let stem = source
        .file_stem()
        .ok_or_else(|| PdfError::Import("the file has no name".into()))?;
    let produced = out.join(stem).with_extension("pdf");
    if !status.success() || !produced.is_file() {
        let mut detail = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            use std::io::Read;
            let _ = stderr.read_to_string(&mut detail);
        }
        return Err(PdfError::ConversionFailed(format!(
            "LibreOffice could not convert {} ({status}): {}",
            source.display(),
            detail.trim()
        )));
    }
    read(&produced)
}
