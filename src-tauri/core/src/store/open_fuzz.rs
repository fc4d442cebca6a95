//! The workspace opener against damaged files: a real workspace with bytes flipped,
//! overwritten, cut short or extended, and plain random bytes. Opening must never panic; it
//! either refuses with a reason (and leaves the file byte for byte as it was) or opens a file
//! SQLite's integrity check passes, which then reads without panicking.
//!
//! Cases: `PROPTEST_CASES` (256 by default here); e.g. `PROPTEST_CASES=20000 cargo test
//! --release --lib open_fuzz` for a longer run.

use super::{open_existing, StoreError};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A small demo workspace, folded into one file, made once per test run.
fn pristine() -> &'static (tempfile::TempDir, Vec<u8>) {
    static FILE: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pristine.partnerboard");
        let demo = crate::domain::demo::generate(
            12,
            5,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        );
        let ws = super::create_demo(&path, &demo).unwrap();
        ws.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
        drop(ws);
        let bytes = std::fs::read(&path).unwrap();
        (dir, bytes)
    })
}

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, mask: u8 },
    Overwrite { at: usize, bytes: Vec<u8> },
    Cut { keep: usize },
    Extend { bytes: Vec<u8> },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<usize>(), 1..=255_u8).prop_map(|(at, mask)| Damage::Flip { at, mask }),
        3 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..600))
            .prop_map(|(at, bytes)| Damage::Overwrite { at, bytes }),
        2 => any::<usize>().prop_map(|keep| Damage::Cut { keep }),
        1 => proptest::collection::vec(any::<u8>(), 1..5000).prop_map(|bytes| Damage::Extend { bytes }),
    ]
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    let len = bytes.len();
    match d {
        Damage::Flip { at, mask } => bytes[at % len] ^= mask,
        Damage::Overwrite { at, bytes: new } => {
            let start = at % len;
            for (i, b) in new.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(start + i) {
                    *slot = *b;
                }
            }
        }
        Damage::Cut { keep } => bytes.truncate(keep % len),
        Damage::Extend { bytes: more } => bytes.extend_from_slice(more),
    }
}

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzzed.partnerboard");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Opening `bytes` as a workspace: no panic; a refusal leaves them as they were; an open file
/// reads without panicking.
fn opens_or_refuses(bytes: &[u8]) -> Result<bool, TestCaseError> {
    let (_dir, path) = file_with(bytes);
    match open_existing(&path) {
        Ok(ws) => {
            // A damage SQLite cannot see (inside a text value, say) opens; reading must
            // still answer, with data or an error.
            let _ = ws.program();
            let _ = ws.scored_roster();
            let _ = ws.deals(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
            let _ = ws.forecast_history();
            let _ = ws.history_state();
            Ok(true)
        }
        Err(e) => {
            prop_assert!(
                matches!(
                    e,
                    StoreError::Corrupt { .. }
                        | StoreError::NotAWorkspace { .. }
                        | StoreError::NewerVersion { .. }
                        | StoreError::Migration(_)
                        | StoreError::Sqlite(_)
                ),
                "unexpected refusal: {e}"
            );
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(
                std::fs::read(&path).unwrap(),
                bytes,
                "a refused file was changed"
            );
            Ok(false)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_damaged_workspace_is_refused_or_opens_soundly(damages in proptest::collection::vec(damage(), 1..6)) {
        let mut bytes = pristine().1.clone();
        for d in &damages {
            apply(&mut bytes, d);
        }
        opens_or_refuses(&bytes)?;
    }

    #[test]
    fn random_bytes_are_refused_without_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..20_000),
        header in any::<bool>(),
    ) {
        let mut bytes = bytes;
        if header && bytes.len() >= 16 {
            bytes[..16].copy_from_slice(b"SQLite format 3\0");
        }
        prop_assert!(!opens_or_refuses(&bytes)?, "random bytes opened as a workspace");
    }
}
