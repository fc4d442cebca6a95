//! The rejected-rows report is ours alone: replaced or removed only when we wrote it, never
//! written through a link or over a person's file, and an import whose report cannot be
//! written does not commit.

use super::*;

const BAD: &str = "account,amount,created\nAcme,100,2026-01-05\nBroken,5k,2026-01-06\n";
const GOOD: &str = "account,amount,created\nAcme,100,2026-01-05\nMended,500,2026-01-06\n";

fn opts() -> ImportOptions {
    options(None, "", "")
}

#[test]
fn a_clean_reimport_removes_our_report_and_a_new_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("deals.csv");
    std::fs::write(&path, BAD).unwrap();
    let report = dir.path().join("deals.rejected.csv");
    let r = run(&mut ws, &path, &opts());
    assert_eq!(r.report_path.as_deref(), Some(report.to_str().unwrap()));
    // Again with the same reject: the report is replaced, not numbered.
    let r = run(&mut ws, &path, &opts());
    assert_eq!(r.report_path.as_deref(), Some(report.to_str().unwrap()));
    let text = std::fs::read_to_string(&report).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!dir.path().join("deals.rejected-2.csv").exists());
    // Mended: no reject, so the old report goes.
    std::fs::write(&path, GOOD).unwrap();
    let r = run(&mut ws, &path, &opts());
    assert_eq!((r.rejected, r.report_path), (0, None));
    assert!(!report.exists(), "the stale report is removed");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rejected") || n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_file_we_did_not_write_is_never_overwritten_nor_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("q3.csv");
    std::fs::write(&path, BAD).unwrap();
    let theirs = dir.path().join("q3.rejected.csv");
    std::fs::write(&theirs, "my own notes about rejected deals\n").unwrap();
    let r = run(&mut ws, &path, &opts());
    let numbered = dir.path().join("q3.rejected-2.csv");
    assert_eq!(r.report_path.as_deref(), Some(numbered.to_str().unwrap()));
    assert!(std::fs::read_to_string(&numbered)
        .unwrap()
        .starts_with("line,column,reason,"));
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "my own notes about rejected deals\n"
    );
    // A clean import removes our numbered report and leaves theirs.
    std::fs::write(&path, GOOD).unwrap();
    run(&mut ws, &path, &opts());
    assert!(!numbered.exists());
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "my own notes about rejected deals\n"
    );
}

#[cfg(unix)]
#[test]
fn a_link_in_the_reports_place_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("s.csv");
    std::fs::write(&path, BAD).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let link = dir.path().join("s.rejected.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    // A dangling link too: creating through it would make a file elsewhere.
    let elsewhere = dir.path().join("elsewhere.csv");
    std::os::unix::fs::symlink(&elsewhere, dir.path().join("s.rejected-2.csv")).unwrap();
    let r = run(&mut ws, &path, &opts());
    let third = dir.path().join("s.rejected-3.csv");
    assert_eq!(r.report_path.as_deref(), Some(third.to_str().unwrap()));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!elsewhere.exists());
    // Even when the link points at one of our reports, a clean import removes nothing through it.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&third, &link).unwrap();
    std::fs::write(&path, GOOD).unwrap();
    run(&mut ws, &path, &opts());
    assert!(
        std::fs::symlink_metadata(&link).is_ok(),
        "the link itself stays"
    );
    assert!(!third.exists(), "our own report goes");
}

#[test]
fn an_import_whose_report_cannot_be_written_does_not_commit() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let before = deals(&ws);
    // The source's folder is gone: the report beside it cannot be created.
    let source = dir.path().join("gone").join("x.csv");
    let err = import::run_bytes(
        &mut ws,
        Kind::Deals,
        BAD.as_bytes(),
        Some(&source),
        &opts(),
        today(),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(err, import::ImportError::Report { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("rejected-rows report could not be written"),
        "{err}"
    );
    assert_eq!(deals(&ws), before, "nothing committed");
}

#[test]
fn the_report_takes_its_name_only_once_written_and_a_killed_runs_temporary_goes() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = dir.path().join("may.csv");
    std::fs::write(&path, BAD).unwrap();
    // What a killed import left: a half-written report under its temporary name, unlocked.
    let killed = dir.path().join(".may.rejected.csv.4000001-0.partial");
    std::fs::write(&killed, "line,column,reason\n3,amount,").unwrap();
    // Someone's own file that merely looks alike is left be.
    let theirs = dir.path().join(".may.rejected.csv.notes.partial");
    std::fs::write(&theirs, "mine").unwrap();
    let r = run(&mut ws, &path, &opts());
    let report = dir.path().join("may.rejected.csv");
    assert_eq!(r.report_path.as_deref(), Some(report.to_str().unwrap()));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("line,column,reason,"));
    assert!(!killed.exists(), "the killed run's temporary is removed");
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "mine");
    let partials: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial") && n.contains("-"))
        .collect();
    assert!(partials.is_empty(), "{partials:?}");
}
