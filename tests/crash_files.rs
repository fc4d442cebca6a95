//! Kills in the files a person asks for, and in the backup taken before a migration. After
//! every kill the target is the old file or the whole new one (a pack folder: absent or
//! complete), the workspace is sound and unchanged, and the next run of the same command
//! leaves none of the killed runs' temporaries behind.

use super::{cli, demo, kill_after, kills_total, rng, sound, start};
use rand::Rng;
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// Kills per kind of file; a fifth of the harness's total each.
fn kills_each() -> usize {
    (kills_total() / 10).max(5)
}

fn names(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

fn partials(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.contains(".partial"))
        .collect()
}

/// Runs `args` to the end and returns how long it took.
fn timed(args: &[&str]) -> Duration {
    let t = Instant::now();
    let (killed, _) = kill_after(start(args), Duration::from_secs(600));
    assert!(!killed);
    t.elapsed()
}

#[test]
fn killing_an_export_leaves_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "x.partnerboard", "300");
    let before = std::fs::read(&ws).unwrap();
    let out = dir.path().join("deals.csv");
    let (w, o) = (ws.to_str().unwrap(), out.to_str().unwrap());
    let args = ["export", "deals", w, "--out", o, "--force"];
    let window = timed(&args).mul_f64(1.2);
    let whole = std::fs::read(&out).unwrap();
    assert!(whole.len() > 10_000);
    let old = b"Opportunity ID,Amount\nOLD-1,1\n".to_vec();
    let mut rng = rng(3);
    let (mut kept_old, mut new_whole, mut left) = (0, 0, 0);
    for _ in 0..kills_each() {
        std::fs::write(&out, &old).unwrap();
        let at = window.mul_f64(rng.random::<f64>());
        kill_after(start(&args), at);
        left += usize::from(!partials(dir.path()).is_empty());
        let now = std::fs::read(&out).unwrap();
        if now == old {
            kept_old += 1;
        } else {
            assert_eq!(
                now, whole,
                "the export is the old file or the whole new one"
            );
            new_whole += 1;
        }
    }
    sound(&ws);
    assert_eq!(
        std::fs::read(&ws).unwrap(),
        before,
        "an export never writes the workspace"
    );
    timed(&args);
    assert_eq!(std::fs::read(&out).unwrap(), whole);
    assert_eq!(
        partials(dir.path()),
        Vec::<String>::new(),
        "the next export tidied up"
    );
    eprintln!(
        "crash harness · exports: {} kills ({kept_old} left the old file, {new_whole} the whole new one, {left} a temporary); 0 half-written, 0 temporaries after the next run",
        kills_each()
    );
}

#[test]
fn killing_a_board_pack_leaves_no_folder_or_a_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "p.partnerboard", "140");
    let before = std::fs::read(&ws).unwrap();
    let out = dir.path().join("pack");
    let (w, o) = (ws.to_str().unwrap(), out.to_str().unwrap());
    let args = ["board-pack", w, "--out", o];
    let window = timed(&args).mul_f64(1.2);
    let whole = names(&out);
    assert!(whole.len() > 20 && whole.contains(&"index.html".to_string()));
    let mut rng = rng(4);
    let (mut none, mut complete, mut left) = (0, 0, 0);
    for _ in 0..kills_each() {
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let at = window.mul_f64(rng.random::<f64>());
        kill_after(start(&args), at);
        left += usize::from(!partials(dir.path()).is_empty());
        if out.exists() {
            assert_eq!(names(&out), whole, "a pack folder is whole or absent");
            complete += 1;
        } else {
            none += 1;
        }
    }
    sound(&ws);
    assert_eq!(std::fs::read(&ws).unwrap(), before);
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    timed(&args);
    assert_eq!(names(&out), whole);
    assert_eq!(
        partials(dir.path()),
        Vec::<String>::new(),
        "the next pack tidied up"
    );
    eprintln!(
        "crash harness · board packs: {} kills ({none} left no folder, {complete} a whole one, {left} a hidden folder); 0 half-written, 0 hidden folders after the next run",
        kills_each()
    );
}

/// A version-6 workspace of about 20 MB, built by the first six schema steps, so that its
/// backup and migration take long enough to be killed in the middle.
fn older_workspace(path: &Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    for sql in [
        include_str!("../src-tauri/core/src/store/schema.sql"),
        include_str!("../src-tauri/core/src/store/schema_v2.sql"),
        include_str!("../src-tauri/core/src/store/schema_v3.sql"),
        include_str!("../src-tauri/core/src/store/schema_v4.sql"),
        include_str!("../src-tauri/core/src/store/schema_v5.sql"),
        include_str!("../src-tauri/core/src/store/schema_v6.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 6; PRAGMA application_id = 1346520113;
         INSERT INTO program (id, company) VALUES (1, 'Older Co');
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)
         INSERT INTO settings (key, value) SELECT 'note-' || i, printf('%0120d', i) FROM n;",
    )
    .unwrap();
    conn.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
        .unwrap()
}

/// The version a migration brings a file to: the one this build writes.
const LATEST: i64 = 8;

fn version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn killing_the_backup_before_a_migration_leaves_the_file_old_or_new_and_backups_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("old.partnerboard");
    let rows = older_workspace(&ws);
    let pristine = std::fs::read(&ws).unwrap();
    let backups = dir.path().join("old.backups");
    let w = ws.to_str().unwrap().to_string();
    // Any editing command opens the file, backs it up and migrates it first.
    let args = ["soak", w.as_str(), "--edits", "0"];
    let window = timed(&args).mul_f64(1.2);
    assert_eq!(version(&sound(&ws)), LATEST);
    let mut rng = rng(5);
    let (mut stayed_old, mut migrated, mut left) = (0, 0, 0);
    for _ in 0..kills_each() {
        std::fs::write(&ws, &pristine).unwrap();
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{w}{side}"));
        }
        let at = window.mul_f64(rng.random::<f64>());
        kill_after(start(&args), at);
        left += usize::from(backups.exists() && !partials(&backups).is_empty());
        let conn = sound(&ws);
        let count: i64 = conn
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, rows, "nothing lost in the migration");
        match version(&conn) {
            6 => stayed_old += 1,
            LATEST => migrated += 1,
            v => panic!("version {v} after a kill"),
        }
        // Every finished backup is whole: the old version, every row.
        for name in names(&backups)
            .iter()
            .filter(|n| n.ends_with(".partnerboard"))
        {
            let copy = Connection::open(backups.join(name)).unwrap();
            assert_eq!(version(&copy), 6, "{name}");
            let verdict: String = copy
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(verdict, "ok", "{name}");
        }
    }
    // The next editing open removes what killed runs left half-written.
    std::fs::write(&ws, &pristine).unwrap();
    timed(&args);
    assert_eq!(
        partials(&backups),
        Vec::<String>::new(),
        "the next open tidied up"
    );
    let _ = cli(&["check", &w]);
    eprintln!(
        "crash harness · backups before a migration: {} kills ({stayed_old} left the file at version 6, {migrated} at {LATEST}, {left} a half-written backup); every finished backup whole, 0 half-written after the next open",
        kills_each()
    );
}
