//! `partnerboard-cli export TABLE FILE --out CSV`: one table as CSV.

use crate::fail;
use partnerboard_core::store::{self, StoreError};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes one table of the workspace as CSV.
pub(crate) fn run(table: String, file: PathBuf, out: PathBuf) -> ExitCode {
    let written = store::open_existing(&file).and_then(|ws| {
        let f = std::fs::File::create(&out)
            .map_err(|e| StoreError::Io(format!("{} cannot be written: {e}", out.display())))?;
        ws.export_table(&table, std::io::BufWriter::new(f))
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
