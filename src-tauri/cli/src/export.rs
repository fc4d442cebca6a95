//! `partnerboard-cli export KIND FILE --out CSV`: deals, partners or contacts for people.

use crate::fail;
use partnerboard_core::export::file::{check_target, write_file, Replace};
use partnerboard_core::store::{self, StoreError};
use partnerboard_core::views::failure::Failure;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes deals, partners or contacts as CSV, by name, in the shape `import` reads back.
pub(crate) fn run(table: String, file: PathBuf, out: PathBuf, replace: Replace) -> ExitCode {
    use partnerboard_core::export::records::{self, Records};
    let written = Records::parse(&table)
        .ok_or_else(|| StoreError::NotFound(records::unknown(&table)).into())
        .and_then(|what| {
            // A target that cannot be written is refused before the workspace is read.
            check_target(&out, replace, Some(&file))?;
            let ws = store::open_for_reading(&file)?;
            write_file(&out, replace, Some(ws.path()), |w| {
                records::write(&ws, what, partnerboard_core::clock::today(), w)
                    .map_err(Failure::from)
            })
        });
    match written {
        Ok(n) => {
            say!(
                "{}",
                json!({ "ok": true, "table": table, "rows": n, "path": out.display().to_string() })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
