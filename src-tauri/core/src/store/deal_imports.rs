//! Writing imported deals in bulk. The rows are written in one transaction with SQLite's
//! per-row CHECK constraints off; the writer checks each row against the same rules instead
//! (`deal_writer::broken_check`), and a row that fails them rolls the whole import back.

use super::deal_writer::DealWriter;
use super::{Control, Result, StoreError, Workspace, Written};
use crate::domain::deals::{AmountEstimates, DealImport, WonAmount};
use crate::domain::records::NewNames;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

/// The CHECK constraints of the `deals` table, exactly as the schema (schema.sql and the
/// migrations after it) declares them. A test compares this list with the live schema.
pub(super) const DEAL_CHECKS: &[&str] = &[
    "source IN ('partner_sourced', 'partner_influenced', 'direct')",
    "amount >= 0",
    "outcome IN ('open', 'won', 'lost')",
    "credit_rule IN ('sourced', 'influenced', 'none')",
    "credit_split_pct BETWEEN 0 AND 100",
    "(outcome = 'open') = (closed_on IS NULL)",
    "amount_source IN ('given', 'estimated', 'missing')",
];

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
        self.import_deals_with(as_of, deals.len(), control, |writer| {
            writer.write(deals, &new.partners, control)
        })
        .map(|(written, _, ())| written)
    }

    /// The same, fed in chunks by `feed` as a file is read: `feed` writes through the
    /// [`DealWriter`] and may fail, which writes nothing. `total` is how many rows to expect.
    /// Deals that came without an amount are estimated at the end.
    pub fn import_deals_with<T, E: From<StoreError>>(
        &mut self,
        as_of: NaiveDate,
        total: usize,
        control: &Control<'_>,
        feed: impl FnOnce(&mut DealWriter<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<(Written, AmountEstimates, T), E> {
        self.writable()?;
        // The writer holds its rows to the foreign keys itself (`DealWriter`); SQLite's own
        // checks go off for its transaction (the pragma cannot change inside one) and come
        // back on after it, whatever became of it.
        self.conn
            .pragma_update(None, "foreign_keys", false)
            .map_err(StoreError::from)?;
        let done = (|| -> std::result::Result<_, E> {
            let mut writer = DealWriter::begin(&mut self.conn, as_of, total)?;
            let fed = feed(&mut writer)?;
            let (written, estimates) = writer.finish(control)?;
            Ok((written, estimates, fed))
        })();
        let back_on = self.conn.pragma_update(None, "foreign_keys", true);
        let (written, estimates, fed) = done?;
        back_on.map_err(StoreError::from)?;
        self.touch();
        Ok((written, estimates, fed))
    }
}

/// A snapshot older than facts already told fills in the past: deals that later facts speak
/// of go back to their latest fact, which the older snapshot must not overwrite.
pub(super) fn keep_latest_facts(conn: &Connection, known_on: &str) -> Result<()> {
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
pub(super) fn record_stages(
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
pub(super) fn drop_deal_indexes(conn: &Connection) -> Result<Vec<String>> {
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
pub(super) fn iso(d: NaiveDate) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::create_new;
    use std::sync::atomic::{AtomicBool, Ordering};

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
        DealImport::example(account, amount)
    }

    /// The one number `sql` gives.
    fn number(ws: &Workspace, sql: &str) -> i64 {
        ws.conn().query_row(sql, [], |r| r.get(0)).unwrap()
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
        let count = |ws: &Workspace| number(ws, "SELECT COUNT(*) FROM deals");
        assert_eq!(count(&ws), 0, "nothing written");
        let on = number(&ws, "PRAGMA ignore_check_constraints");
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
        let on = number(&ws, "PRAGMA ignore_check_constraints");
        assert_eq!(on, 0, "the checks are back on after a cancel");
    }

    #[test]
    fn a_deal_naming_a_partner_or_stage_the_workspace_lacks_writes_nothing_and_the_keys_come_back_on(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = create_new(&dir.path().join("k.partnerboard"), "Keys Inc").unwrap();
        let cancel = AtomicBool::new(false);
        let control = Control {
            cancel: &cancel,
            progress: &|_, _| {},
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let keys_on = |ws: &Workspace| number(ws, "PRAGMA foreign_keys");
        let deals = |ws: &Workspace| number(ws, "SELECT COUNT(*) FROM deals");
        let stage = number(&ws, "SELECT MIN(id) FROM stages");
        let staged = DealImport {
            stage_id: Some(stage),
            ..deal("Staged", 10.0)
        };
        let no_partner = DealImport {
            line: 3,
            partner_id: Some(987_654),
            ..deal("Nobody's", 10.0)
        };
        let no_stage = DealImport {
            line: 3,
            stage_id: Some(987_654),
            ..deal("Nowhere", 10.0)
        };
        for (bad, named) in [(no_partner, "partner 987654"), (no_stage, "stage 987654")] {
            let err = ws
                .import_deals(
                    &[staged.clone(), bad],
                    &NewNames::default(),
                    today,
                    &control,
                )
                .unwrap_err();
            assert!(err.to_string().contains(named), "{err}");
            assert!(err.to_string().contains("line 3"), "{err}");
            assert_eq!(deals(&ws), 0, "nothing written");
            assert_eq!(keys_on(&ws), 1, "the keys are back on after a refusal");
        }
        ws.import_deals(&[staged], &NewNames::default(), today, &control)
            .unwrap();
        assert_eq!(deals(&ws), 1);
        assert_eq!(keys_on(&ws), 1, "the keys are back on after an import");
        let history: i64 = ws
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id WHERE h.stage_id = ?1",
                [stage],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            history, 1,
            "the stage seen is recorded against the new deal"
        );
        assert_eq!(
            number(&ws, "SELECT COUNT(*) FROM pragma_foreign_key_check"),
            0
        );
    }
}
