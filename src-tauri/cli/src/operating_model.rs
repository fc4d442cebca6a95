//! `partnerboard-cli operating-model FILE --out OUT.html|md`: the workshop's operating model
//! as a document, the format chosen by the file's extension.

use partnerboard_core::export::file::{check_target, Replace};
use partnerboard_core::export::operating_model::{self, Format};
use partnerboard_core::store;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn write(file: &Path, out: &Path, replace: Replace, as_of: Option<&str>) -> ExitCode {
    let Some(format) = Format::from_path(out) else {
        return crate::invalid(format!(
            "--out must end in .html or .md; got “{}”.",
            out.display()
        ));
    };
    let date = match as_of {
        None => partnerboard_core::clock::today(),
        Some(text) => match partnerboard_core::domain::validate::date("as_of", "--as-of", text) {
            Ok(d) => d,
            Err(e) => return crate::invalid(e.message),
        },
    };
    if let Err(e) = check_target(out, replace, Some(file)) {
        return crate::fail(e);
    }
    let ws = match store::open_for_reading(file) {
        Ok(ws) => ws,
        Err(e) => return crate::fail(e),
    };
    let workshop = match ws.workshop() {
        Ok(w) => w,
        Err(e) => return crate::fail(e),
    };
    match operating_model::write(&ws, out, format, date, replace) {
        Ok(path) => {
            let open: usize = workshop.steps.iter().map(|s| s.open.len()).sum();
            say!(
                "{}",
                json!({
                    "ok": true, "path": path.display().to_string(), "format": format.extension(),
                    "company": workshop.company, "decided": workshop.decided, "steps": workshop.total,
                    "open_questions": open,
                })
            );
            ExitCode::SUCCESS
        }
        Err(e) => crate::fail(e),
    }
}
