//! How every subcommand reports a failure: one JSON line on stdout, one sentence on stderr.

use partnerboard_core::views::Failure;
use serde_json::json;
use std::process::ExitCode;

/// Prints a failure as `{ok: false, kind, error}` on stdout and as a sentence on stderr; exit 2.
/// Which kind each error of the core is, and what it says, is decided once in the core.
pub(crate) fn fail(e: impl Into<Failure>) -> ExitCode {
    let f = e.into();
    say!(
        "{}",
        json!({ "ok": false, "kind": f.kind, "error": f.message })
    );
    eprintln!("partnerboard-cli: {}", f.message);
    ExitCode::from(2)
}

/// A refused argument, told in `message`.
pub(crate) fn invalid(message: impl Into<String>) -> ExitCode {
    fail(Failure::invalid(message))
}
