//! Writing imported deals in bulk. The rows are written in one transaction with SQLite's
//! per-row CHECK constraints off, then the schema's checks run once, as one query, over every
//! row the import wrote; a row that fails them rolls the whole import back.

use super::{Control, CreatedIds, Result, StoreError, Workspace, Written};
use crate::domain::deals::{DealImport, Outcome, WonAmount};
use crate::domain::records::NewNames;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// The CHECK constraints of the `deals` table, exactly as the schema (schema.sql and the
/// migrations after it) declares them. A test compares this list with the live schema.
pub(crate) const DEAL_CHECKS: &[&str] = &[
    "source IN ('partner_sourced', 'partner_influenced', 'direct')",
    "amount >= 0",
    "outcome IN ('open', 'won', 'lost')",
    "credit_rule IN ('sourced', 'influenced', 'none')",
    "credit_split_pct BETWEEN 0 AND 100",
    "(outcome = 'open') = (closed_on IS NULL)",
    "amount_source IN ('given', 'estimated', 'missing')",
];

/// A deal without an external id is the same deal when account (lower-cased), created date
/// and partner match.
type ImportKey = (String, String, Option<i64>);

/// An existing deal: its id and current stage.
type Known = (i64, Option<i64>);

impl Workspace {
    /// Every won deal whose amount was given (not estimated), with its external id: what an
    /// import estimates missing amounts from.
    pub fn won_amounts(&self) -> Result<Vec<(Option<String>, WonAmount)>> {
        let mut stmt = self.conn().prepare(
            "SELECT external_id, product, amount FROM deals WHERE outcome = 'won' AND amount_source = 'given'",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    WonAmount {
                        product: r.get(1)?,
                        amount: r.get(2)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Writes imported deals in one transaction, as a snapshot of what the export said on
    /// `as_of`: every row is that day's fact about its deal. A deal whose external id, or
    /// else whose account, created date and partner, match an existing deal updates it; a
    /// snapshot older than one already imported fills in the past and leaves the later facts
    /// standing. `cancel` set part-way leaves the workspace unchanged.
    pub fn import_deals(
        &mut self,
        deals: &[DealImport],
        new: &NewNames,
        as_of: NaiveDate,
        control: &Control<'_>,
    ) -> Result<Written> {
        self.writable()?;
        // Statements prepared while the pragma is on skip the per-row checks; `verify` makes
        // up for them before the commit. The pragma goes back off whatever the outcome.
        self.conn
            .pragma_update(None, "ignore_check_constraints", true)?;
        let written = write_deals(&mut self.conn, deals, new, as_of, control);
        let restored = self
            .conn
            .pragma_update(None, "ignore_check_constraints", false);
        let written = written?;
        restored?;
        self.touch();
        Ok(written)
    }
}

/// Below this many rows an import keeps the indexes as they are.
const REBUILD_FROM_ROWS: usize = 10_000;

fn write_deals(
    conn: &mut Connection,
    deals: &[DealImport],
    new: &NewNames,
    as_of: NaiveDate,
    control: &Control<'_>,
) -> Result<Written> {
    let known_on = iso(as_of);
    let tx = conn.transaction()?;
    let new_ids = CreatedIds::create(&tx, new, as_of)?;
    let (last_before, count_before): (i64, i64) = tx.query_row(
        "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM deals",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut matches = Matches::read(&tx, last_before, deals.len())?;
    // A load that at least doubles the table is written without the secondary indexes, which
    // are then built once from the sorted rows: cheaper than keeping them up to date row by
    // row. Nothing in the loop reads them (existing deals are matched in memory).
    let rebuilt = if deals.len() >= REBUILD_FROM_ROWS && deals.len() as i64 * 2 >= count_before {
        drop_deal_indexes(&tx)?
    } else {
        Vec::new()
    };
    let mut written = Written::default();
    // The lowest id this import touched: every row from it on is verified.
    let mut lowest_touched = last_before + 1;
    // Stage changes of updated deals, written after the new deals' first stages.
    let mut moves: Vec<(i64, i64, String)> = Vec::new();
    // New deals that a later row of the same file updated: (id, first stage).
    let mut revisited: Vec<(i64, Option<i64>)> = Vec::new();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO deals (external_id, account, partner_id, source, amount, currency, stage_id, created_on, expected_close,
                                outcome, closed_on, credit_rule, credit_split_pct, owner, product, amount_source, name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, COALESCE(?17, ''))",
        )?;
        let mut update = tx.prepare_cached(
            "UPDATE deals SET external_id = COALESCE(?1, external_id), account = ?2, partner_id = ?3, source = ?4, amount = ?5,
                    currency = ?6, stage_id = ?7, expected_close = ?8, outcome = ?9, closed_on = ?10, owner = ?11,
                    product = ?12, amount_source = ?13, name = COALESCE(?15, name)
             WHERE id = ?14",
        )?;
        let mut fact = tx.prepare_cached(
            "INSERT INTO deal_facts (deal_id, known_on, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (deal_id, known_on) DO UPDATE SET stage_id = excluded.stage_id, amount = excluded.amount,
                amount_source = excluded.amount_source, currency = excluded.currency,
                expected_close = excluded.expected_close, outcome = excluded.outcome, closed_on = excluded.closed_on",
        )?;
        for (n, d) in deals.iter().enumerate() {
            control.step(n, deals.len())?;
            let created = iso(d.created_on);
            let existing = matches.find(&tx, deals, n)?;
            let expected = d.expected_close.map(iso);
            let closed = d.closed_on.map(iso);
            let partner_id = d.partner_id.map(|p| new_ids.partner(p));
            let id = match existing {
                Some((id, old_stage)) => {
                    update.execute(params![
                        d.external_id,
                        d.account,
                        partner_id,
                        d.source.as_str(),
                        d.amount,
                        d.currency,
                        d.stage_id,
                        expected,
                        d.outcome.as_str(),
                        closed,
                        d.owner,
                        d.product,
                        d.amount_source.as_str(),
                        id,
                        d.name
                    ])?;
                    if id > last_before && !revisited.iter().any(|r| r.0 == id) {
                        // The maps keep the stage a deal had when this import first met it.
                        revisited.push((id, old_stage));
                    }
                    if let Some(stage) = d.stage_id.filter(|s| Some(*s) != old_stage) {
                        if d.outcome == Outcome::Open {
                            moves.push((id, stage, known_on.clone()));
                        }
                    }
                    lowest_touched = lowest_touched.min(id);
                    written.updated += 1;
                    id
                }
                None => {
                    let (rule, split) = d.source.credit();
                    insert.execute(params![
                        d.external_id,
                        d.account,
                        partner_id,
                        d.source.as_str(),
                        d.amount,
                        d.currency,
                        d.stage_id,
                        created,
                        expected,
                        d.outcome.as_str(),
                        closed,
                        rule,
                        split,
                        d.owner,
                        d.product,
                        d.amount_source.as_str(),
                        d.name
                    ])?;
                    let id = tx.last_insert_rowid();
                    matches.written(deals, n, (id, d.stage_id));
                    written.inserted += 1;
                    id
                }
            };
            fact.execute(params![
                id,
                known_on,
                d.stage_id,
                d.amount,
                d.amount_source.as_str(),
                d.currency,
                expected,
                d.outcome.as_str(),
                closed
            ])?;
        }
    }
    if control.cancel.load(Ordering::Relaxed) {
        return Err(StoreError::Cancelled);
    }
    record_stages(&tx, last_before, &known_on, &revisited, &moves)?;
    keep_latest_facts(&tx, &known_on)?;
    for sql in &rebuilt {
        tx.execute(sql, [])?;
    }
    verify(&tx, lowest_touched)?;
    (control.progress)(deals.len(), deals.len());
    tx.commit()?;
    written.created = new_ids;
    Ok(written)
}

/// A snapshot older than facts already told fills in the past: deals that later facts speak
/// of go back to their latest fact, which the older snapshot must not overwrite.
fn keep_latest_facts(conn: &Connection, known_on: &str) -> Result<()> {
    conn.execute(
        "UPDATE deals SET (stage_id, amount, amount_source, currency, expected_close, outcome, closed_on) =
            (SELECT f.stage_id, f.amount, f.amount_source, f.currency, f.expected_close, f.outcome, f.closed_on
             FROM deal_facts f WHERE f.deal_id = deals.id ORDER BY f.known_on DESC LIMIT 1)
         WHERE id IN (SELECT deal_id FROM deal_facts WHERE known_on > ?1)",
        [known_on],
    )?;
    Ok(())
}

/// The stage history an import adds, dated the snapshot's day (the day the stage was seen,
/// not the day the deal was created): every new open deal is seen in its stage, then each
/// updated open deal whose stage changed is seen in the new one.
fn record_stages(
    conn: &Connection,
    last_before: i64,
    known_on: &str,
    revisited: &[(i64, Option<i64>)],
    moves: &[(i64, i64, String)],
) -> Result<()> {
    conn.execute(
        "INSERT INTO deal_stage_history (deal_id, stage_id, entered_on)
         SELECT id, stage_id, ?2 FROM deals WHERE id > ?1 AND stage_id IS NOT NULL AND outcome = 'open' ORDER BY id",
        rusqlite::params![last_before, known_on],
    )?;
    let mut history = conn.prepare_cached(
        "INSERT INTO deal_stage_history (deal_id, stage_id, entered_on) VALUES (?1, ?2, ?3)",
    )?;
    // A new deal that a later row updated entered the stage its first row gave it.
    let mut forget = conn.prepare_cached("DELETE FROM deal_stage_history WHERE deal_id = ?1")?;
    for (id, first) in revisited {
        forget.execute([id])?;
        if let Some(stage) = first {
            history.execute(params![id, stage, known_on])?;
        }
    }
    for (id, stage, when) in moves {
        history.execute(params![id, stage, when])?;
    }
    Ok(())
}

/// Drops the secondary indexes of `deals` and returns the SQL that builds them again. The stage
/// history keeps its index: new deals' rows go in in id order, at its end.
fn drop_deal_indexes(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND tbl_name = 'deals' AND sql IS NOT NULL",
    )?;
    let indexes = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &indexes {
        conn.execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// A date as the schema stores it, `YYYY-MM-DD`, written without the formatting machinery
/// (three of them a row add up over a large import).
fn iso(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    for (n, width) in [(year.unsigned_abs(), 4), (d.month(), 2), (d.day(), 2)] {
        if width == 2 {
            out.push('-');
        }
        for k in (0..width).rev() {
            out.push(char::from(b'0' + ((n / 10u32.pow(k)) % 10) as u8));
        }
    }
    out
}

/// The maps an import matches rows with: keyed by ids from the file, hashed quickly but still
/// with a seed of their own.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The key a row without an external id matches on.
fn key_of(d: &DealImport) -> ImportKey {
    (d.account.to_lowercase(), iso(d.created_on), d.partner_id)
}

/// The deals an import row can match: those already in the workspace and those the import
/// has written so far.
struct Matches<'a> {
    /// External ids already in the workspace.
    by_external: Map<String, Known>,
    /// External ids this import wrote: they win over `by_external`.
    written_external: Map<&'a str, Known>,
    by_key: Map<ImportKey, Known>,
    /// Rows written before `by_key` was read, by index into the import's deals: their keys
    /// are made only if some row without an external id needs them.
    pending: Vec<(usize, Known)>,
    /// Whether the workspace's deals are in `by_key` yet: they are read at the first row that
    /// no external id matches, which a re-import of the same export never reaches.
    keys_read: bool,
    last_before: i64,
}

impl<'a> Matches<'a> {
    fn read(conn: &Connection, last_before: i64, capacity: usize) -> Result<Self> {
        let mut by_external = Map::default();
        let mut stmt = conn
            .prepare("SELECT external_id, id, stage_id FROM deals WHERE external_id IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_external.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
        Ok(Self {
            by_external,
            written_external: Map::with_capacity_and_hasher(capacity, Default::default()),
            by_key: Map::default(),
            pending: Vec::new(),
            keys_read: false,
            last_before,
        })
    }

    /// The deal row `n` of `deals` updates, if any.
    fn find(
        &mut self,
        conn: &Connection,
        deals: &'a [DealImport],
        n: usize,
    ) -> Result<Option<Known>> {
        // A row with an id is that deal or a new one: two deals of one account opened on the
        // same day with different ids are two deals.
        if let Some(e) = deals[n].external_id.as_deref() {
            return Ok(self
                .written_external
                .get(e)
                .or_else(|| self.by_external.get(e))
                .copied());
        }
        if !self.keys_read {
            let mut existing = Map::default();
            let mut stmt = conn.prepare(
                "SELECT account, created_on, partner_id, id, stage_id FROM deals WHERE id <= ?1 ORDER BY id",
            )?;
            let mut rows = stmt.query([self.last_before])?;
            while let Some(r) = rows.next()? {
                let account: String = r.get(0)?;
                existing.insert(
                    (account.to_lowercase(), r.get(1)?, r.get(2)?),
                    (r.get(3)?, r.get(4)?),
                );
            }
            // Deals this import wrote win over older ones with the same key, later over earlier.
            for (i, known) in std::mem::take(&mut self.pending) {
                existing.insert(key_of(&deals[i]), known);
            }
            self.by_key = existing;
            self.keys_read = true;
        }
        Ok(self.by_key.get(&key_of(&deals[n])).copied())
    }

    /// Row `n` of `deals` was written as a new deal.
    fn written(&mut self, deals: &'a [DealImport], n: usize, known: Known) {
        if let Some(e) = deals[n].external_id.as_deref() {
            self.written_external.insert(e, known);
        }
        if self.keys_read {
            self.by_key.insert(key_of(&deals[n]), known);
        } else {
            self.pending.push((n, known));
        }
    }
}

/// Runs the schema's CHECK constraints over every deal from `from_id` on. A CHECK fails only
/// when its expression is false (NULL passes), and so does `NOT (…)` here.
fn verify(conn: &Connection, from_id: i64) -> Result<()> {
    let failed = DEAL_CHECKS
        .iter()
        .map(|c| format!("WHEN NOT ({c}) THEN '{}'", c.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" ");
    let all = DEAL_CHECKS
        .iter()
        .map(|c| format!("({c})"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = format!(
        "SELECT id, account, CASE {failed} END FROM deals
         WHERE id >= ?1 AND NOT ({all}) ORDER BY id LIMIT 1"
    );
    let bad: Option<(i64, String, String)> = conn
        .query_row(&sql, [from_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match bad {
        None => Ok(()),
        Some((id, account, check)) => Err(StoreError::Conflict(format!(
            "The import was rolled back: deal {id} (“{account}”) breaks the rule “{check}”. Nothing was written."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::create_new;
    use std::sync::atomic::AtomicBool;

    /// Every CHECK (…) in the `deals` table's SQL, as SQLite holds it after every migration.
    fn schema_checks(conn: &Connection) -> Vec<String> {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deals'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut out = Vec::new();
        let mut rest = sql.as_str();
        while let Some(at) = rest.find("CHECK (") {
            let body = &rest[at + "CHECK (".len()..];
            let mut depth = 1;
            let end = body
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .unwrap()
                .0;
            out.push(body[..end].to_string());
            rest = &body[end..];
        }
        out
    }

    fn deal(account: &str, amount: f64) -> DealImport {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        DealImport {
            line: 2,
            external_id: None,
            account: account.into(),
            name: None,
            partner_id: None,
            source: crate::domain::deals::Source::Direct,
            amount,
            amount_source: crate::domain::deals::AmountSource::Given,
            currency: "USD".into(),
            product: String::new(),
            stage_id: None,
            created_on: d,
            expected_close: None,
            outcome: Outcome::Open,
            closed_on: None,
            owner: String::new(),
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 3, 4),
            (1, 1, 1),
            (9999, 12, 31),
            (10_000, 1, 2),
            (-5, 6, 7),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso(date), date.to_string());
        }
    }

    #[test]
    fn the_verification_enforces_exactly_the_schema_checks() {
        let dir = tempfile::tempdir().unwrap();
        let ws = create_new(&dir.path().join("c.partnerboard"), "Checks Inc").unwrap();
        let mut found = schema_checks(ws.conn());
        let mut listed: Vec<String> = DEAL_CHECKS.iter().map(|c| c.to_string()).collect();
        found.sort();
        listed.sort();
        assert_eq!(found, listed);
    }

    #[test]
    fn a_row_that_breaks_a_check_rolls_the_import_back_and_the_checks_come_back_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = create_new(&dir.path().join("c.partnerboard"), "Checks Inc").unwrap();
        let cancel = AtomicBool::new(false);
        let control = Control {
            cancel: &cancel,
            progress: &|_, _| {},
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let err = ws
            .import_deals(
                &[deal("Good", 10.0), deal("Bad", -1.0)],
                &NewNames::default(),
                today,
                &control,
            )
            .unwrap_err();
        assert!(err.to_string().contains("amount >= 0"), "{err}");
        assert!(err.to_string().contains("“Bad”"), "{err}");
        let count = |ws: &Workspace| -> i64 {
            ws.conn()
                .query_row("SELECT COUNT(*) FROM deals", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&ws), 0, "nothing written");
        let on: i64 = ws
            .conn()
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, 0, "the checks are back on");
        let direct = ws.conn().execute(
            "INSERT INTO deals (account, source, amount, created_on, outcome, credit_rule) VALUES ('X', 'direct', -5, '2026-01-01', 'open', 'none')",
            [],
        );
        assert!(direct.is_err(), "SQLite checks again after the import");

        ws.import_deals(&[deal("Good", 10.0)], &NewNames::default(), today, &control)
            .unwrap();
        assert_eq!(count(&ws), 1);
        cancel.store(true, Ordering::Relaxed);
        assert!(ws
            .import_deals(
                &[deal("Later", 10.0)],
                &NewNames::default(),
                today,
                &control
            )
            .is_err());
        assert_eq!(count(&ws), 1, "a cancelled import writes nothing");
        let on: i64 = ws
            .conn()
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, 0, "the checks are back on after a cancel");
    }
}
