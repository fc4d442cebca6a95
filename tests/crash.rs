//! Crash safety. The command line is started on a long import and on a long run of edits and
//! killed with SIGKILL at random moments. After every kill:
//! - `PRAGMA integrity_check` is `ok` and no foreign key dangles;
//! - every edit (or import) whose transaction had returned is in the file;
//! - nothing is half there: an import is all in or all out, the edit in flight is whole or
//!   absent, and a moved deal's stage matches its stage history;
//! - Undo, in a fresh process, reverses exactly the last edit that landed (the undo history
//!   is written in the same transaction as the edit, so it survives the crash too).
//!
//! `cargo test --test crash` makes 200 kills (100 in imports, 100 in edits), and a further 60
//! in the files a person asks for (`crash_files.rs`: exports, board packs, and the backup taken
//! before a migration). A longer run:
//! `PARTNERBOARD_CRASH_KILLS=1000 cargo test --release --test crash -- --nocapture`.
//! `PARTNERBOARD_CRASH_SEED` changes the kill moments.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use partnerboard_core::store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLI: &str = env!("CARGO_BIN_EXE_partnerboard-cli");
const IMPORT_ROWS: usize = 3_000;
/// A fresh workspace every so many import kills, so the file stays a realistic size.
const IMPORTS_PER_WORKSPACE: usize = 25;
const EDITS_PER_RUN: u64 = 400;

fn kills_total() -> usize {
    std::env::var("PARTNERBOARD_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn rng(salt: u64) -> ChaCha8Rng {
    let seed = std::env::var("PARTNERBOARD_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_125_u64);
    ChaCha8Rng::seed_from_u64(seed ^ salt)
}

fn cli(args: &[&str]) -> Value {
    let out = Command::new(CLI).args(args).output().expect("the CLI runs");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.lines().last().unwrap_or("null")).unwrap_or(Value::Null)
}

fn demo(dir: &Path, name: &str, partners: &str) -> PathBuf {
    let path = dir.join(name);
    let made = cli(&[
        "demo",
        "--out",
        path.to_str().unwrap(),
        "--partners",
        partners,
        "--seed",
        "7",
        "--as-of",
        "2026-11-01",
    ]);
    assert!(path.exists(), "demo written: {made}");
    path
}

/// Every line the child printed before it died, read as it goes so the pipe never fills.
struct Watched {
    child: Child,
    lines: std::thread::JoinHandle<Vec<String>>,
}

fn start(args: &[&str]) -> Watched {
    let mut child = Command::new(CLI)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the CLI starts");
    let out = child.stdout.take().expect("stdout");
    let lines =
        std::thread::spawn(move || BufReader::new(out).lines().map_while(Result::ok).collect());
    Watched { child, lines }
}

/// Kills the child after `after` unless it finished first. Returns whether it was killed, and
/// what it printed.
fn kill_after(mut w: Watched, after: Duration) -> (bool, Vec<String>) {
    let deadline = Instant::now() + after;
    let mut killed = false;
    loop {
        if w.child.try_wait().expect("child state").is_some() {
            break;
        }
        let now = Instant::now();
        if now >= deadline {
            w.child.kill().expect("SIGKILL");
            killed = true;
            break;
        }
        // The kill moment itself is what is random; this only waits for it to arrive.
        std::thread::sleep((deadline - now).min(Duration::from_millis(2)));
    }
    w.child.wait().expect("reaped");
    (killed, w.lines.join().expect("reader"))
}

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> i64 {
    conn.query_row(sql, params, |r| r.get(0)).expect(sql)
}

fn sound(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("opens");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(verdict, "ok", "integrity after a kill");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    assert_eq!(dangling, 0, "no dangling references after a kill");
    conn
}

fn stats_line(what: &str, kills: usize, landed: usize, absent: usize, finished: usize) {
    eprintln!(
        "crash harness · {what}: {kills} kills ({landed} with the transaction in flight landed whole, {absent} rolled back whole), {finished} runs finished before their kill; 0 lost, 0 half-written"
    );
}

fn deals_csv(round: usize) -> Vec<u8> {
    let stages = [
        "Registered",
        "Qualified",
        "Joint working",
        "Proposal",
        "Commit",
        "Closed Won",
        "Closed Lost",
    ];
    let mut csv = String::from(
        "Opportunity ID,Account Name,Amount,Stage,Created Date,Close Date,Opportunity Owner\n",
    );
    for i in 0..IMPORT_ROWS {
        csv.push_str(&format!(
            "K{round}-{i},Crash account {round}-{i},{},{},2026-0{}-{:02},2026-1{}-{:02},Owner {}\n",
            1_000 + i,
            stages[i % stages.len()],
            1 + i % 6,
            1 + i % 28,
            i % 2,
            1 + i % 28,
            i % 5
        ));
    }
    csv.into_bytes()
}

fn import_args<'a>(ws: &'a Path, csv: &'a Path) -> [&'a str; 7] {
    [
        "import",
        "deals",
        ws.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--preset",
        "salesforce",
        "--json",
    ]
}

#[test]
fn killing_a_long_import_leaves_all_of_it_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = rng(1);
    let kills_wanted = kills_total() / 2;
    // One uninterrupted import first: it must land whole, and it times the kill window.
    let mut ws = demo(dir.path(), "import-0.partnerboard", "40");
    let csv = dir.path().join("round-0.csv");
    std::fs::write(&csv, deals_csv(0)).unwrap();
    let t = Instant::now();
    let first = cli(&import_args(&ws, &csv));
    let window = t.elapsed().mul_f64(1.3);
    assert_eq!(first["ok"], true, "{first}");
    assert_eq!(first["accepted"], IMPORT_ROWS, "{first}");

    let (mut kills, mut landed, mut absent, mut finished) = (0, 0, 0, 0);
    let mut round = 1;
    while kills < kills_wanted {
        if round % IMPORTS_PER_WORKSPACE == 0 {
            ws = demo(dir.path(), &format!("import-{round}.partnerboard"), "40");
        }
        let before = count(&sound(&ws), "SELECT count(*) FROM deals", []);
        let csv = dir.path().join(format!("round-{round}.csv"));
        std::fs::write(&csv, deals_csv(round)).unwrap();
        let w = start(&import_args(&ws, &csv));
        let after = Duration::from_micros(rng.random_range(0..window.as_micros().max(1) as u64));
        let (killed, lines) = kill_after(w, after);
        let conn = sound(&ws);
        let now = count(&conn, "SELECT count(*) FROM deals", []);
        let mine = count(
            &conn,
            "SELECT count(*) FROM deals WHERE external_id LIKE ?1",
            [format!("K{round}-%")],
        );
        let reported = lines.iter().any(|l| l.contains("\"ok\":true"));
        assert!(
            (mine == 0 && now == before) || (mine == IMPORT_ROWS as i64 && now == before + IMPORT_ROWS as i64),
            "round {round}: {mine} of {IMPORT_ROWS} rows present ({before} → {now} deals): a half import"
        );
        if reported {
            assert_eq!(
                mine, IMPORT_ROWS as i64,
                "round {round}: an import that reported success is missing"
            );
        }
        if killed {
            kills += 1;
            if mine > 0 {
                landed += 1
            } else {
                absent += 1
            }
        } else {
            finished += 1;
            assert!(
                reported,
                "round {round}: finished without a report: {lines:?}"
            );
        }
        round += 1;
    }
    stats_line("import", kills, landed, absent, finished);
    // Kills must fall inside transactions, and the kill window must reach past the commit.
    // A kill between the commit and the process's exit (a landed import) is the rarest case,
    // so it counts together with imports that finished before their kill.
    assert!(
        absent > 0 && landed + finished > 0,
        "kills fell both inside imports and past their commits ({absent} rolled back, {landed} landed, {finished} finished)"
    );
}

/// What the log says about one edit.
#[derive(Debug, Clone)]
struct Edit {
    n: u64,
    intent: Value,
}

fn marker_sql(table: &str) -> (&'static str, &'static str) {
    match table {
        "partners" => ("SELECT count(*) FROM partners WHERE name = ?1", "name"),
        "contacts" => ("SELECT count(*) FROM contacts WHERE name = ?1", "name"),
        _ => ("SELECT count(*) FROM touches WHERE note = ?1", "note"),
    }
}

/// The query that counts an edit's row, and the text it looks for; `None` for a deal move.
fn marker(e: &Edit) -> Option<(&'static str, String)> {
    let table = match e.intent["kind"].as_str() {
        Some("partner") => "partners",
        Some("contact") => "contacts",
        Some("touch") => "touches",
        _ => return None,
    };
    let (sql, key) = marker_sql(table);
    Some((sql, e.intent[key].as_str().unwrap_or_default().to_string()))
}

fn latest_history_stage(conn: &Connection, deal: i64) -> Option<i64> {
    conn.query_row(
        "SELECT stage_id FROM deal_stage_history WHERE deal_id = ?1 ORDER BY id DESC LIMIT 1",
        [deal],
        |r| r.get(0),
    )
    .optional()
    .expect("history")
}

fn deal_stage(conn: &Connection, deal: i64) -> Option<i64> {
    conn.query_row("SELECT stage_id FROM deals WHERE id = ?1", [deal], |r| {
        r.get(0)
    })
    .expect("deal")
}

/// The file as the edits so far should have left it.
#[derive(Default)]
struct Expected {
    markers: BTreeSet<(String, String)>,
    moves: i64,
    moved: BTreeSet<i64>,
    last: Option<Edit>,
}

impl Expected {
    fn land(&mut self, e: &Edit) {
        if let Some((sql, text)) = marker(e) {
            self.markers.insert((sql.to_string(), text));
        } else {
            self.moves += 1;
            self.moved.insert(e.intent["deal_id"].as_i64().unwrap());
        }
        self.last = Some(e.clone());
    }

    fn check(&self, conn: &Connection, history_base: i64) {
        // The soak rows in the file, as one set, must be exactly the edits that landed.
        let mut found = BTreeSet::new();
        for (table, column, like) in [
            ("partners", "name", "Soak partner %"),
            ("contacts", "name", "Soak contact %"),
            ("touches", "note", "soak %"),
        ] {
            let sql = format!("SELECT {column} FROM {table} WHERE {column} LIKE ?1");
            let mut stmt = conn.prepare(&sql).expect(&sql);
            let rows = stmt
                .query_map([like], |r| r.get::<_, String>(0))
                .expect(&sql)
                .map(|r| r.expect("row"));
            for text in rows {
                let (sql, _) = marker_sql(table);
                assert!(
                    found.insert((sql.to_string(), text.clone())),
                    "{text} written twice"
                );
            }
        }
        let missing: Vec<_> = self.markers.difference(&found).take(5).collect();
        assert!(missing.is_empty(), "saved edits are missing: {missing:?}");
        let extra: Vec<_> = found.difference(&self.markers).take(5).collect();
        assert!(
            extra.is_empty(),
            "rows from edits that never landed: {extra:?}"
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM deal_stage_history", []),
            history_base + self.moves,
            "one stage-history row per deal move that landed"
        );
        for deal in &self.moved {
            assert_eq!(
                deal_stage(conn, *deal),
                latest_history_stage(conn, *deal),
                "deal {deal}: its stage and its history disagree"
            );
        }
    }
}

fn parse(lines: &[String]) -> (Vec<Edit>, BTreeSet<u64>) {
    let mut intents = Vec::new();
    let mut done = BTreeSet::new();
    for line in lines {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("a whole JSON line: {line}"));
        assert_ne!(v["ok"], false, "the soak run failed: {line}");
        let n = v["n"].as_u64().expect("n");
        if v["done"] == true {
            done.insert(n);
        } else if !v["intent"].is_null() {
            intents.push(Edit {
                n,
                intent: v["intent"].clone(),
            });
        }
    }
    (intents, done)
}

/// Undo in a fresh process reverses the last edit that landed, and Redo puts it back.
fn undo_reverses(path: &Path, last: &Edit, history_base: i64, expected: &Expected) {
    let mut ws = store::open_existing(path).expect("opens after the kill");
    let label = ws
        .history_state()
        .expect("history")
        .undo
        .expect("something to undo");
    let deal = last.intent["deal_id"].as_i64();
    let before_stage = deal.and_then(|d| deal_stage(ws.conn(), d));
    ws.undo().expect("undo");
    match marker(last) {
        Some((sql, text)) => {
            assert_eq!(
                count(ws.conn(), sql, [&text]),
                0,
                "undo ({label}) should remove {text}"
            );
        }
        None => {
            let d = deal.unwrap();
            assert_eq!(
                count(ws.conn(), "SELECT count(*) FROM deal_stage_history", []),
                history_base + expected.moves - 1,
                "undo ({label}) removes the move's history row"
            );
            assert_ne!(
                deal_stage(ws.conn(), d),
                before_stage,
                "undo ({label}) moves the deal back"
            );
            assert_eq!(deal_stage(ws.conn(), d), latest_history_stage(ws.conn(), d));
        }
    }
    ws.redo().expect("redo");
    drop(ws);
    expected.check(&sound(path), history_base);
}

#[test]
fn killing_a_long_run_of_edits_loses_no_saved_edit_and_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "edits.partnerboard", "60");
    let path = ws.to_str().unwrap().to_string();
    let history_base = count(&sound(&ws), "SELECT count(*) FROM deal_stage_history", []);
    let mut rng = rng(2);
    let mut expected = Expected::default();
    let kills_wanted = kills_total() - kills_total() / 2;

    // One uninterrupted run first: every edit lands, and it times the kill window.
    let t = Instant::now();
    let (_, lines) = kill_after(
        start(&["soak", &path, "--edits", &EDITS_PER_RUN.to_string()]),
        Duration::from_secs(600),
    );
    let window = t.elapsed().mul_f64(1.2);
    let (intents, done) = parse(&lines);
    assert_eq!(
        done.len() as u64,
        EDITS_PER_RUN,
        "every edit of an uninterrupted run is saved"
    );
    for e in &intents {
        expected.land(e);
    }
    expected.check(&sound(&ws), history_base);
    let mut next = EDITS_PER_RUN;

    let (mut kills, mut landed, mut absent, mut finished) = (0, 0, 0, 0);
    let mut seed = 1_u64;
    while kills < kills_wanted {
        let w = start(&[
            "soak",
            &path,
            "--start",
            &next.to_string(),
            "--edits",
            &EDITS_PER_RUN.to_string(),
            "--seed",
            &seed.to_string(),
        ]);
        seed += 1;
        let after = Duration::from_micros(rng.random_range(0..window.as_micros().max(1) as u64));
        let (killed, lines) = kill_after(w, after);
        let (intents, done) = parse(&lines);
        let conn = sound(&ws);
        for e in &intents {
            if done.contains(&e.n) {
                expected.land(e);
                continue;
            }
            // The one edit in flight: it is either whole or absent.
            assert_eq!(
                Some(e.n),
                intents.last().map(|l| l.n),
                "only the last edit can be in flight"
            );
            let present = match marker(e) {
                Some((sql, text)) => {
                    let c = count(&conn, sql, [&text]);
                    assert!(c <= 1, "{text} written twice");
                    c == 1
                }
                None => {
                    count(&conn, "SELECT count(*) FROM deal_stage_history", [])
                        == history_base + expected.moves + 1
                }
            };
            if present {
                expected.land(e);
                landed += 1;
            } else {
                absent += 1;
            }
        }
        expected.check(&conn, history_base);
        drop(conn);
        if let Some(last) = expected.last.clone() {
            undo_reverses(&ws, &last, history_base, &expected);
        }
        if killed {
            kills += 1;
        } else {
            finished += 1;
        }
        next = intents.last().map_or(next, |e| e.n + 1);
    }
    stats_line("edits", kills, landed, absent, finished);
    assert!(landed + absent > 0, "some kills must land inside an edit");
}

/// Kills during exports, board packs and the backup before a migration.
#[path = "crash_files.rs"]
mod files;
