//! `partnerboard-cli rescore FILE --name NAME [--date DATE]`: closes a scoring cycle.

use crate::fail;
use partnerboard_core::store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Closes a scoring cycle under the saved model.
pub(crate) fn run(file: PathBuf, name: String, date: Option<String>) -> ExitCode {
    let date = date.unwrap_or_else(|| partnerboard_core::clock::today().to_string());
    let closed = store::open_for_editing(&file).and_then(|mut ws| {
        let id = ws.close_cycle(&name, &date)?;
        let summary = ws.cycles()?.into_iter().find(|c| c.id == id);
        Ok(summary)
    });
    match closed {
        Ok(summary) => {
            say!("{}", json!({ "ok": true, "cycle": summary }));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
