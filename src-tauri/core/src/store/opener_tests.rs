//! The opener tells the truth about a file and leaves it as it found it: reports never write,
//! never migrate and leave nothing beside the file; every refusal names what the file is.

use super::check::check_file;
use super::inspect::APPLICATION_ID;
use super::migrate::tests::workspace_at;
use super::migrate::SCHEMA_VERSION;
use super::{create_new, open_for_editing, open_for_reading, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A small workspace with its journal folded in, so the file alone holds everything.
fn workspace(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    drop(create_new(&path, "Acme").unwrap());
    settle(&path);
    path
}

/// Folds the journal in and leaves the file in rollback mode, as a tool that edits it would.
fn settle(path: &Path) {
    Connection::open(path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

/// Runs `edit` on the raw file with foreign keys off, then folds the journal in.
fn tamper(path: &Path, edit: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute_batch(edit).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

fn named(company: &str) -> crate::domain::program::ProgramHeaderDraft {
    crate::domain::program::ProgramHeaderDraft {
        company: company.into(),
        thesis: String::new(),
    }
}

/// Every name in the folder, sorted: side files, locks and backups all show here.
fn names(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

/// Opens `path` every way a refusal can come and checks each says `expect` and that neither
/// the file nor its folder changed.
fn refused_by_every_opener(path: &Path, expect: &str) -> StoreError {
    let dir = path.parent().unwrap();
    let before_names = names(dir);
    let before = std::fs::read(path).unwrap();
    let mut last = None;
    let said = [
        open_for_reading(path).err(),
        open_for_editing(path).err(),
        check_file(path).err(),
    ];
    for err in said {
        let err = err.unwrap_or_else(|| panic!("{} opened", path.display()));
        assert!(err.to_string().contains(expect), "{err}");
        assert!(err.to_string().contains("not changed"), "{err}");
        last = Some(err);
    }
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file is unchanged"
    );
    // The lock file an editing open takes is the only thing it may leave (and it is empty).
    let lock = format!(
        "{}.lock",
        path.file_name().unwrap().to_string_lossy().into_owned()
    );
    let after: Vec<String> = names(dir).into_iter().filter(|n| *n != lock).collect();
    assert_eq!(after, before_names, "no side files, backups or journals");
    last.unwrap()
}

#[test]
fn another_applications_database_is_called_that_whatever_its_version_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.partnerboard");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE accounts(name); \
             INSERT INTO accounts VALUES ('Northwind');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .unwrap();
    }
    let err = refused_by_every_opener(&path, "belongs to another application");
    assert!(matches!(err, StoreError::NotAWorkspace { .. }), "{err}");
    assert!(!err.to_string().contains("newer"), "{err}");

    // One with its own application id, and a far version number, is said to be no more.
    let other = dir.path().join("ledger.partnerboard");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t(x);").unwrap();
        conn.pragma_update(None, "application_id", 0x1234_5678)
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 40)
            .unwrap();
    }
    refused_by_every_opener(&other, "belongs to another application");
}

#[test]
fn a_workspace_cut_short_is_damaged_not_foreign() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(workspace(dir.path(), "whole.partnerboard")).unwrap();
    let sub = dir.path().join("cut");
    std::fs::create_dir(&sub).unwrap();
    for cut in [50, 99, 100, 4096, whole.len() - 4096] {
        let path = sub.join(format!("cut-{cut}.partnerboard"));
        std::fs::write(&path, &whole[..cut]).unwrap();
        let err = refused_by_every_opener(&path, "is damaged");
        assert!(err.to_string().contains("cut short"), "cut at {cut}: {err}");
        assert!(!err.to_string().contains("another application"), "{err}");
    }
}

#[test]
fn a_version_number_no_partnerboard_writes_is_damage_and_a_newer_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let minus = workspace(dir.path(), "minus.partnerboard");
    tamper(&minus, "PRAGMA user_version = -1;");
    let err = refused_by_every_opener(&minus, "version number is -1");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");

    let newer = workspace(dir.path(), "newer.partnerboard");
    tamper(
        &newer,
        &format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1),
    );
    let err = refused_by_every_opener(&newer, "newer version of Partnerboard");
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
}

#[test]
fn a_dropped_table_or_column_is_damage_named_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dropped = workspace(dir.path(), "dropped.partnerboard");
    tamper(&dropped, "DROP TABLE deal_facts;");
    let err = refused_by_every_opener(&dropped, "the table \"deal_facts\" is missing");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");

    let altered = workspace(dir.path(), "altered.partnerboard");
    tamper(&altered, "ALTER TABLE partners DROP COLUMN signed_on;");
    refused_by_every_opener(&altered, "\"partners\" was altered");
}

#[test]
fn a_workspace_that_lost_its_mark_opens_and_gets_it_back_but_a_lookalike_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = workspace(dir.path(), "unmarked.partnerboard");
    tamper(&path, "PRAGMA application_id = 0;");
    // A report reads it as it is.
    let report = open_for_reading(&path).unwrap();
    assert_eq!(report.program().unwrap().company, "Acme");
    drop(report);
    let id = |p: &Path| -> i64 {
        Connection::open(p)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(id(&path), 0, "a report does not write");
    drop(open_for_editing(&path).unwrap());
    assert_eq!(id(&path), APPLICATION_ID, "an editing open marks it");

    // A file with only some of our tables and no mark is someone else's.
    let lookalike = dir.path().join("lookalike.partnerboard");
    Connection::open(&lookalike)
        .unwrap()
        .execute_batch(
            "CREATE TABLE partners(id); CREATE TABLE deals(id); PRAGMA user_version = 3;",
        )
        .unwrap();
    refused_by_every_opener(&lookalike, "belongs to another application");
}

#[test]
fn a_report_on_an_older_file_asks_for_the_app_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.partnerboard");
    workspace_at(&path, 1)
        .execute("INSERT INTO program (id, company) VALUES (1, 'Old Co')", [])
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = open_for_reading(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::OlderVersion { found: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("older version"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        names(dir.path()),
        ["old.partnerboard"],
        "no backup, no journal"
    );
    // check reports it as it is, also without writing.
    assert_eq!(check_file(&path).unwrap().schema_version, 1);
    assert_eq!(names(dir.path()), ["old.partnerboard"]);
    // The editing open migrates it, under the lock, after a backup.
    let ws = open_for_editing(&path).unwrap();
    assert_eq!(ws.program().unwrap().company, "Old Co");
    assert!(dir.path().join("old.backups").exists());
}

#[test]
fn a_report_reads_and_leaves_nothing_beside_the_file_and_sees_an_editors_saved_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = workspace(dir.path(), "acme.partnerboard");
    let before = std::fs::read(&path).unwrap();
    let report = open_for_reading(&path).unwrap();
    assert!(report.read_only());
    assert_eq!(
        report.read_only_reason(),
        Some("it was opened for a report")
    );
    assert!(report.conn().execute("DELETE FROM partners", []).is_err());
    drop(report);
    assert_eq!(check_file(&path).unwrap().integrity, "ok");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(dir.path()), ["acme.partnerboard"]);

    // Beside an editor with unsaved-to-file work in its journal, a report sees it.
    let mut editor = open_for_editing(&path).unwrap();
    editor
        .program_header_update(&named("Acme Renamed"))
        .unwrap();
    let report = open_for_reading(&path).unwrap();
    assert_eq!(report.program().unwrap().company, "Acme Renamed");
    drop(report);
    drop(editor);
}

#[test]
fn a_marked_read_only_file_says_why_in_its_read_only_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = workspace(dir.path(), "shared.partnerboard");
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut ws = open_for_editing(&path).unwrap();
    assert_eq!(ws.read_only_reason(), Some("the file is marked read-only"));
    let err = ws.program_header_update(&named("Nope")).unwrap_err();
    assert!(
        err.to_string()
            .contains("open read-only (the file is marked read-only)"),
        "{err}"
    );
    drop(ws);
    assert_eq!(
        names(dir.path()),
        ["shared.partnerboard"],
        "no lock, no journal"
    );
}
