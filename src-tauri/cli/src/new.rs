//! `partnerboard-cli new FILE [--company NAME]`: an empty workspace.

use crate::{fail, invalid};
use partnerboard_core::store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Creates an empty workspace with the default stages, factors and tiers.
pub(crate) fn run(file: PathBuf, company: Option<String>) -> ExitCode {
    let company = company.unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "My company".into())
    });
    let company = match partnerboard_core::domain::validate::text(
        "company",
        "The company name",
        &company,
        1,
        80,
    ) {
        Ok(c) => c,
        Err(e) => return invalid(e.message),
    };
    match store::create_new(&file, &company) {
        Ok(ws) => report(&ws),
        Err(e) => fail(e),
    }
}

/// Prints the workspace's path and rows per table: what `new` and `demo` answer.
pub(crate) fn report(ws: &store::Workspace) -> ExitCode {
    match ws.row_counts() {
        Ok(counts) => {
            let counts: std::collections::BTreeMap<_, _> = counts.into_iter().collect();
            say!(
                "{}",
                json!({ "ok": true, "path": ws.path().display().to_string(), "row_counts": counts })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
