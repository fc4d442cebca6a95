//! `partnerboard-cli import KIND FILE CSV`: deals, partners or contacts from a CSV file.

use crate::{fail, invalid};
use partnerboard_core::store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// How the command line asked for the file to be read.
pub(crate) struct Options {
    pub preset: Option<String>,
    pub map: Option<String>,
    pub stage_map: Option<String>,
    pub as_of: Option<String>,
    /// `--no-create-partners`: refuse rows naming what the workspace lacks.
    pub strict: bool,
}

/// Imports deals, partners or contacts from a CSV file.
pub(crate) fn run(kind: String, file: PathBuf, csv: PathBuf, options: Options) -> ExitCode {
    let Options {
        preset,
        map,
        stage_map,
        as_of,
        strict,
    } = options;
    let as_of = match as_of
        .map(|t| partnerboard_core::domain::validate::date("as_of", "--as-of", &t))
        .transpose()
    {
        Ok(d) => d,
        Err(e) => return invalid(e.message),
    };
    let Some(kind) = partnerboard_core::import::Kind::parse(&kind) else {
        return invalid(format!(
            "“{kind}” is not something to import: use deals, partners or contacts."
        ));
    };
    let pairs = |text: Option<String>| {
        text.map(|t| partnerboard_core::import::parse_pairs(&t))
            .transpose()
    };
    let (map, stage_map) = match (pairs(map), pairs(stage_map)) {
        (Ok(m), Ok(s)) => (m.unwrap_or_default(), s.unwrap_or_default()),
        (Err(e), _) | (_, Err(e)) => return invalid(e),
    };
    let opts = partnerboard_core::import::ImportOptions {
        preset,
        map,
        stage_map,
        as_of,
        strict,
    };
    let today = partnerboard_core::clock::today();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut ws = match store::open_for_editing(&file) {
        Ok(ws) => ws,
        Err(e) => return fail(e),
    };
    match partnerboard_core::import::run(&mut ws, kind, &csv, &opts, today, &cancel) {
        Ok(r) => {
            say!(
                "{}",
                json!({
                    "ok": true, "encoding": r.encoding, "delimiter": r.delimiter, "rows": r.rows,
                    "accepted": r.inserted, "updated": r.updated, "rejected": r.rejected, "report": r.report_path,
                    "as_of": r.as_of,
                    "without_amount": r.amounts.without_amount(), "estimated": r.amounts.estimated(),
                    "estimated_by_product": r.amounts.by_product, "estimated_overall": r.amounts.overall,
                    "missing_amounts": r.amounts.missing, "amounts": r.amount_note,
                    "no_account": r.kept.no_account, "created_as_of": r.kept.created_as_of,
                    "kept": r.kept_note,
                    "created_partners": r.created.partners, "created_types": r.created.types,
                    "created_members": r.created.members, "created": r.created_note,
                    "status_changes": r.status_changes, "signed_unreviewed": r.signed_unreviewed,
                    "statuses": r.status_note,
                })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
