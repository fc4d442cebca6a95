//! `partnerboard-cli demo --out FILE`: a generated workspace to try things on.

use crate::args::MAX_PARTNERS;
use crate::new::report;
use crate::{fail, invalid};
use chrono::NaiveDate;
use partnerboard_core::domain::demo::generate;
use partnerboard_core::store;
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes a demo workspace of the size and seed asked for.
pub(crate) fn run(out: PathBuf, partners: usize, seed: u64, as_of: Option<String>) -> ExitCode {
    if partners == 0 || partners > MAX_PARTNERS {
        return invalid(format!(
            "--partners must be between 1 and {MAX_PARTNERS}; got {partners}."
        ));
    }
    let as_of = match as_of {
        None => partnerboard_core::clock::today(),
        Some(text) => match partnerboard_core::domain::validate::date("as_of", "--as-of", &text) {
            Ok(d) => d,
            Err(e) => return invalid(e.message),
        },
    };
    write_demo(&out, partners, seed, as_of)
}

fn write_demo(out: &std::path::Path, partners: usize, seed: u64, as_of: NaiveDate) -> ExitCode {
    let demo = generate(partners, seed, as_of);
    match store::create_demo(out, &demo) {
        Ok(ws) => report(&ws),
        Err(e) => fail(e),
    }
}
