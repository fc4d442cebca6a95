//! A workspace this user cannot write, for any reason, is read by reports and refused by edits
//! with the reason, and gains nothing beside it: no lock, no journal, no backup.
//!
//! "Another user's file" needs a second user: as root the commands run as `nobody` through
//! `setpriv`. Elsewhere that case says why it skipped, and the read-only folder runs as the
//! current user.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOBODY: u32 = 65_534;

/// The command line that runs the CLI as `nobody`, when this test may switch users.
fn as_nobody() -> Option<Vec<String>> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    (root && setpriv).then(|| {
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
        .map(String::from)
        .to_vec()
    })
}

/// A copy of the CLI anyone may run, in a folder anyone may enter.
fn shared_cli(dir: &Path) -> PathBuf {
    let bin = dir.join("partnerboard-cli");
    std::fs::copy(env!("CARGO_BIN_EXE_partnerboard-cli"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// Runs the CLI (as `prefix` says) and returns its exit code, its JSON and its stderr.
fn run(prefix: &[String], bin: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut line: Vec<String> = prefix.to_vec();
    line.push(bin.display().to_string());
    line.extend(args.iter().map(|a| a.to_string()));
    let out = Command::new(&line[0]).args(&line[1..]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(stdout.lines().last().unwrap_or("null")).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

/// A demo workspace at `dir/name`, its journal folded in.
fn demo(bin: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("team.partnerboard");
    let (code, _, err) = run(
        &[],
        bin,
        &[
            "demo",
            "--out",
            &path.display().to_string(),
            "--partners",
            "40",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!dir.join("team.partnerboard-wal").exists());
    path
}

/// Reports read `path`, edits are refused saying `reason`, and the folder and file are as
/// they were.
fn reads_but_refuses_edits(prefix: &[String], bin: &Path, path: &Path, reason: &str) {
    let dir = path.parent().unwrap();
    let before = std::fs::read(path).unwrap();
    let before_names = names(dir);
    let shown = path.display().to_string();

    let (code, ranked, err) = run(prefix, bin, &["rank", &shown, "--json"]);
    assert_eq!(code, 0, "rank: {err}");
    let listed = ranked.as_array().map_or(0, Vec::len);
    assert!(listed > 30, "rank listed {listed} partners");
    let (code, checked, err) = run(prefix, bin, &["check", &shown]);
    assert_eq!(code, 0, "check: {err}");
    assert_eq!(checked["check"]["integrity"], "ok", "{checked}");
    let (code, _, err) = run(prefix, bin, &["forecast", &shown, "--json"]);
    assert_eq!(code, 0, "forecast: {err}");

    let (code, refused, err) = run(prefix, bin, &["rescore", &shown, "--name", "Q1"]);
    assert_eq!(code, 2, "rescore: {err}");
    assert_eq!(refused["kind"], "read_only", "{refused}");
    assert!(err.contains(&format!("open read-only ({reason})")), "{err}");

    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the file is unchanged"
    );
    assert_eq!(
        names(dir),
        before_names,
        "no lock, journal or backup beside it"
    );
}

#[test]
fn another_users_file_in_a_shared_folder_is_read_and_never_written() {
    let Some(prefix) = as_nobody() else {
        eprintln!("skipped: switching to a second user needs root and setpriv");
        return;
    };
    let top = tempfile::tempdir().unwrap();
    let bin = shared_cli(top.path());
    // A shared folder everyone may write, holding a file only its owner (root) may.
    let shared = top.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let path = demo(&bin, &shared);
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    reads_but_refuses_edits(
        &prefix,
        &bin,
        &path,
        "you do not have permission to change it",
    );
}

#[test]
fn a_file_in_a_folder_that_cannot_be_written_is_read_and_never_written() {
    let top = tempfile::tempdir().unwrap();
    let bin = shared_cli(top.path());
    let folder = top.path().join("archive");
    std::fs::create_dir(&folder).unwrap();
    let path = demo(&bin, &folder);
    // The file is the user's own and writable; its folder is not.
    let prefix = match as_nobody() {
        Some(prefix) => {
            std::os::unix::fs::chown(&folder, Some(NOBODY), Some(NOBODY)).unwrap();
            std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
            prefix
        }
        None => Vec::new(),
    };
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    reads_but_refuses_edits(
        &prefix,
        &bin,
        &path,
        "its folder cannot be written to, and edits need a journal beside the file",
    );
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}
