//! `phonghop-cli pdf …`: checking, rendering and importing files with the app's own engine,
//! so an administrator can tell before a meeting whether its documents will open.

use std::path::Path;

use phonghop_core::CoreError;
use phonghop_pdf::{ImageFormat, PdfEngine, PdfError, RenderRequest};

use crate::PdfCommand;

/// Width every page is rendered at by `pdf check`: enough to run the whole drawing path,
/// small enough to check a 100-page packet in seconds.
const CHECK_WIDTH_PX: u32 = 200;

/// Runs one `pdf` subcommand.
pub(crate) fn run(command: PdfCommand) -> Result<(), CoreError> {
    let engine = PdfEngine::bind_default()?;
    match command {
        PdfCommand::Check { files } => {
            for file in files {
                match check(engine, &file) {
                    Ok(pages) => println!("{}: ok {pages} pages", file.display()),
                    Err(error) => println!("{}: error {error}", file.display()),
                }
            }
            Ok(())
        }
        PdfCommand::Render {
            file,
            page,
            width,
            out,
        } => render(engine, &file, page, width, &out),
        PdfCommand::Import { file, out } => {
            let soffice = phonghop_pdf::find_soffice();
            let imported = engine.import_file(&file, soffice.as_deref())?;
            std::fs::write(&out, &imported.bytes).map_err(|source| CoreError::Io {
                path: out.display().to_string(),
                source,
            })?;
            println!(
                "{}: {:?} imported as {} page(s), {} bytes",
                out.display(),
                imported.source,
                imported.pages,
                imported.bytes.len()
            );
            Ok(())
        }
    }
}

/// Loads `file` and renders each page small; the page count, or `CODE: message`.
fn check(engine: &PdfEngine, file: &Path) -> Result<u32, String> {
    let bytes = std::fs::read(file).map_err(|error| format!("io.failed: {error}"))?;
    let describe = |error: PdfError| format!("{}: {error}", error.code());
    let pages = engine.page_count(&bytes).map_err(describe)?;
    for index in 0..pages {
        engine
            .thumbnail(&bytes, index, CHECK_WIDTH_PX)
            .map_err(|error| format!("{}: page {}: {error}", error.code(), index + 1))?;
    }
    Ok(pages)
}

/// Renders page `page` (from 1) of `file`, `width` pixels wide, into `out`.
fn render(
    engine: &PdfEngine,
    file: &Path,
    page: u32,
    width: u32,
    out: &Path,
) -> Result<(), CoreError> {
    let io_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| CoreError::Io { path, source }
    };
    let bytes = std::fs::read(file).map_err(io_error(file))?;
    let is_webp = out
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("webp"));
    let format = if is_webp {
        ImageFormat::Webp
    } else {
        ImageFormat::Png
    };
    let rendered = engine.render_page(
        &bytes,
        page.saturating_sub(1),
        RenderRequest {
            width_px: width,
            device_pixel_ratio: 1.0,
            format,
        },
    )?;
    std::fs::write(out, &rendered.bytes).map_err(io_error(out))?;
    println!(
        "{}: page {page}, {}×{} px, {} bytes",
        out.display(),
        rendered.width,
        rendered.height,
        rendered.bytes.len()
    );
    Ok(())
}
