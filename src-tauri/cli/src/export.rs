//! `partnerboard-cli export KIND FILE --out CSV`: deals, partners or contacts for people.

use crate::fail;
use partnerboard_core::store::{self, StoreError};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes deals, partners or contacts as CSV, by name, in the shape `import` reads back.
pub(crate) fn run(table: String, file: PathBuf, out: PathBuf) -> ExitCode {
    use partnerboard_core::export::records::{self, Records};
    let written = Records::parse(&table)
        .ok_or_else(|| StoreError::NotFound(records::unknown(&table)))
        .and_then(|what| {
            let ws = store::open_existing(&file)?;
            let f = std::fs::File::create(&out)
                .map_err(|e| StoreError::Io(format!("{} cannot be written: {e}", out.display())))?;
            records::write(&ws, what, std::io::BufWriter::new(f))
        });
    match written {
        Ok(n) => {
            println!(
                "{}",
                json!({ "ok": true, "table": table, "rows": n, "path": out.display().to_string() })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
