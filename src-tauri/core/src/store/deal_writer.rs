//! A deals import being written: one transaction that takes the checked rows in chunks, as the
//! file is read, so an import holds a chunk of deals in memory, never the whole file. Dropped
//! before `finish`, it writes nothing.

use super::deal_imports::{drop_deal_indexes, iso, keep_latest_facts, record_stages, DEAL_CHECKS};
use super::{Control, Result, StoreError, Written};
use crate::domain::deals::{amount_estimates, AmountEstimates, DealImport, Outcome};
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// Below this many rows an import keeps the indexes as they are.
const REBUILD_FROM_ROWS: usize = 10_000;

/// A large import drops the indexes once it has inserted this many new deals: an import of
/// updates keeps them, since it changes few indexed values and a rebuild would cost more.
const DROP_AFTER_INSERTS: usize = 4_096;

/// The maps an import matches rows with: keyed by ids from the file, hashed quickly but still
/// with a seed of their own.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A deal without an external id is the same deal when account (lower-cased), created date
/// and partner match.
type ImportKey = (String, String, Option<i64>);

/// An existing deal: its id and current stage.
type Known = (i64, Option<i64>);

/// The key a row without an external id matches on.
fn key_of(d: &DealImport, partner: Option<i64>) -> ImportKey {
    (d.account.to_lowercase(), iso(d.created_on), partner)
}

/// The deals an import row can match: those already in the workspace and those the import
/// has written so far. A row with an external id matches only a deal from before: the import
/// refuses a second row with an id its file already gave (and a repeat that reached the store
/// anyway would break the unique index on external ids, which rolls the import back).
struct Matches {
    /// External ids already in the workspace.
    by_external: Map<String, Known>,
    by_key: Map<ImportKey, Known>,
    /// Whether the deals are in `by_key` yet: they are read at the first row that no external
    /// id matches, which a re-import of the same export never reaches.
    keys_read: bool,
}

impl Matches {
    fn read(conn: &Connection) -> Result<Self> {
        let mut by_external = Map::default();
        let mut stmt = conn
            .prepare("SELECT external_id, id, stage_id FROM deals WHERE external_id IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_external.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
        Ok(Self {
            by_external,
            by_key: Map::default(),
            keys_read: false,
        })
    }

    /// The deal `d` (with its partner resolved) updates, if any.
    fn find(
        &mut self,
        conn: &Connection,
        d: &DealImport,
        partner: Option<i64>,
    ) -> Result<Option<Known>> {
        // A row with an id is that deal or a new one: two deals of one account opened on the
        // same day with different ids are two deals.
        if let Some(e) = d.external_id.as_deref() {
            return Ok(self.by_external.get(e).copied());
        }
        if !self.keys_read {
            // Every deal, this import's so far included (its rows are in the transaction):
            // later ids win over earlier ones with the same key.
            let mut stmt = conn.prepare(
                "SELECT account, created_on, partner_id, id, stage_id FROM deals ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let account: String = r.get(0)?;
                self.by_key.insert(
                    (account.to_lowercase(), r.get(1)?, r.get(2)?),
                    (r.get(3)?, r.get(4)?),
                );
            }
            self.keys_read = true;
        }
        Ok(self.by_key.get(&key_of(d, partner)).copied())
    }

    /// `d` was written as a new deal.
    fn written(&mut self, d: &DealImport, partner: Option<i64>, known: Known) {
        if self.keys_read {
            self.by_key.insert(key_of(d, partner), known);
        }
    }
}

/// A deals import in its transaction (see the module's note).
pub struct DealWriter<'c> {
    tx: Option<Transaction<'c>>,
    known_on: String,
    as_of: NaiveDate,
    last_before: i64,
    matches: Matches,
    parents: Parents,
    /// Whether the indexes are to be dropped once the load proves to bring new deals.
    drop_indexes: bool,
    /// The SQL that builds again the indexes dropped for a large load.
    rebuilt: Vec<String>,
    written: Written,
    /// Stage changes of updated deals, written after the new deals' first stages.
    moves: Vec<(i64, i64, String)>,
    /// New deals that a later row of the same file updated: (id, first stage).
    revisited: Map<i64, Option<i64>>,
    /// Deals whose latest row came without an amount: id → product, estimated at the end.
    missing: Map<i64, String>,
    done: usize,
    total: usize,
}

impl<'c> DealWriter<'c> {
    /// Opens the transaction. `total` is how many rows the file will bring, for progress and
    /// to decide whether the load is large enough to rebuild the indexes after it.
    pub(crate) fn begin(conn: &'c mut Connection, as_of: NaiveDate, total: usize) -> Result<Self> {
        // Statements prepared while the pragma is on skip SQLite's per-row checks (they cost
        // more than the rest of the write); `broken_check` makes up for them on every row.
        // The pragma goes back off at the end, or when the writer is dropped.
        conn.pragma_update(None, "ignore_check_constraints", true)?;
        let tx = conn.transaction()?;
        let (last_before, count_before): (i64, i64) = tx.query_row(
            "SELECT COALESCE(MAX(id), 0), COUNT(*) FROM deals",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let matches = Matches::read(&tx)?;
        let parents = Parents::read(&tx)?;
        // A load that at least doubles the table with new deals is written without the
        // secondary indexes, which are then built once from the sorted rows: cheaper than
        // keeping them up to date row by row. Nothing in the loop reads them (deals are
        // matched in memory).
        let drop_indexes = total >= REBUILD_FROM_ROWS && total as i64 * 2 >= count_before;
        Ok(Self {
            tx: Some(tx),
            known_on: iso(as_of),
            as_of,
            last_before,
            matches,
            parents,
            drop_indexes,
            rebuilt: Vec::new(),
            written: Written::default(),
            moves: Vec::new(),
            revisited: Map::default(),
            missing: Map::default(),
            done: 0,
            total,
        })
    }

    /// Writes a chunk of checked deals. `new_partners` lists the partners the import creates,
    /// in the order of their stand-in ids; those not created yet are created first.
    pub fn write(
        &mut self,
        deals: &[DealImport],
        new_partners: &[String],
        control: &Control<'_>,
    ) -> Result<()> {
        let tx = open(&self.tx)?;
        if self.drop_indexes && self.written.inserted >= DROP_AFTER_INSERTS {
            self.drop_indexes = false;
            self.rebuilt = drop_deal_indexes(tx)?;
        }
        let created_before = self.written.created.partners.len();
        self.written
            .created
            .add_partners(tx, new_partners, self.as_of)?;
        self.parents
            .partners
            .extend(&self.written.created.partners[created_before..]);
        let mut insert = tx.prepare_cached(
            "INSERT INTO deals (external_id, account, partner_id, source, amount, currency, stage_id, created_on, expected_close,
                                outcome, closed_on, credit_rule, credit_split_pct, owner, product, amount_source, name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, COALESCE(?17, ''))",
        )?;
        // A row that says what the deal already says writes nothing: a re-import of an
        // unchanged export reads its deals and leaves their pages alone.
        let mut update = tx.prepare_cached(
            "UPDATE deals SET external_id = COALESCE(?1, external_id), account = ?2, partner_id = ?3, source = ?4, amount = ?5,
                    currency = ?6, stage_id = ?7, expected_close = ?8, outcome = ?9, closed_on = ?10, owner = ?11,
                    product = ?12, amount_source = ?13, name = COALESCE(?15, name)
             WHERE id = ?14
               AND (external_id IS NOT COALESCE(?1, external_id) OR account IS NOT ?2 OR partner_id IS NOT ?3
                    OR source IS NOT ?4 OR amount IS NOT ?5 OR currency IS NOT ?6 OR stage_id IS NOT ?7
                    OR expected_close IS NOT ?8 OR outcome IS NOT ?9 OR closed_on IS NOT ?10 OR owner IS NOT ?11
                    OR product IS NOT ?12 OR amount_source IS NOT ?13 OR name IS NOT COALESCE(?15, name))",
        )?;
        let mut fact = tx.prepare_cached(
            "INSERT INTO deal_facts (deal_id, known_on, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (deal_id, known_on) DO UPDATE SET stage_id = excluded.stage_id, amount = excluded.amount,
                amount_source = excluded.amount_source, currency = excluded.currency,
                expected_close = excluded.expected_close, outcome = excluded.outcome, closed_on = excluded.closed_on
             WHERE stage_id IS NOT excluded.stage_id OR amount IS NOT excluded.amount
                OR amount_source IS NOT excluded.amount_source OR currency IS NOT excluded.currency
                OR expected_close IS NOT excluded.expected_close OR outcome IS NOT excluded.outcome
                OR closed_on IS NOT excluded.closed_on",
        )?;
        for d in deals {
            control.step(self.done, self.total.max(self.done))?;
            self.done += 1;
            if let Some(check) = broken_check(d) {
                return Err(rolled_back(d, &format!("breaks the rule “{check}”")));
            }
            let partner_id = d.partner_id.map(|p| self.written.created.partner(p));
            self.parents.check(d, partner_id)?;
            let existing = self.matches.find(tx, d, partner_id)?;
            let expected = d.expected_close.map(iso);
            let closed = d.closed_on.map(iso);
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
                    if id > self.last_before {
                        // The stage a new deal had when this import first met it.
                        self.revisited.entry(id).or_insert(old_stage);
                    }
                    if let Some(stage) = d.stage_id.filter(|s| Some(*s) != old_stage) {
                        if d.outcome == Outcome::Open {
                            self.moves.push((id, stage, self.known_on.clone()));
                        }
                    }
                    self.written.updated += 1;
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
                        iso(d.created_on),
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
                    self.matches.written(d, partner_id, (id, d.stage_id));
                    self.written.inserted += 1;
                    id
                }
            };
            if d.amount_source == crate::domain::deals::AmountSource::Missing {
                self.missing.insert(id, d.product.clone());
            } else if !self.missing.is_empty() {
                self.missing.remove(&id);
            }
            // A deal this import created gets its fact at the end, from its final row, in one
            // statement (`facts_of_new_deals`); a deal from before gets this row's now.
            if id <= self.last_before {
                fact.execute(params![
                    id,
                    self.known_on,
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
        Ok(())
    }

    /// The snapshot's fact about every deal this import created, as the deal stands after its
    /// last row and the amount estimates: one set-based insert instead of one a row.
    fn facts_of_new_deals(&self, tx: &Transaction<'_>) -> Result<()> {
        tx.execute(
            "INSERT INTO deal_facts (deal_id, known_on, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on)
             SELECT id, ?2, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on
             FROM deals WHERE id > ?1 ORDER BY id",
            params![self.last_before, self.known_on],
        )?;
        Ok(())
    }

    /// Gives the deals that came without an amount the median won amount of their product
    /// (else of every product), from the won deals as the import leaves them: the file's and
    /// the workspace's others.
    fn estimate(&self, tx: &Transaction<'_>) -> Result<AmountEstimates> {
        if self.missing.is_empty() {
            return Ok(AmountEstimates::default());
        }
        let mut stmt = tx.prepare(
            "SELECT product, amount FROM deals WHERE outcome = 'won' AND amount_source = 'given'",
        )?;
        let won = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut missing: Vec<(i64, String)> = self
            .missing
            .iter()
            .map(|(id, p)| (*id, p.clone()))
            .collect();
        missing.sort_unstable_by_key(|m| m.0);
        let products: Vec<&str> = missing.iter().map(|m| m.1.as_str()).collect();
        let (amounts, estimates) =
            amount_estimates(&products, won.iter().map(|(p, a)| (p.as_str(), *a)));
        let mut deal =
            tx.prepare("UPDATE deals SET amount = ?2, amount_source = 'estimated' WHERE id = ?1")?;
        let mut fact = tx.prepare(
            "UPDATE deal_facts SET amount = ?2, amount_source = 'estimated' WHERE deal_id = ?1 AND known_on = ?3",
        )?;
        for ((id, _), amount) in missing.iter().zip(amounts) {
            if let Some(a) = amount {
                deal.execute(params![id, a])?;
                fact.execute(params![id, a, self.known_on])?;
            }
        }
        Ok(estimates)
    }

    /// Estimates the missing amounts, records the stages seen, checks every written row
    /// against the schema's rules and commits.
    pub fn finish(mut self, control: &Control<'_>) -> Result<(Written, AmountEstimates)> {
        if control.cancel.load(Ordering::Relaxed) {
            return Err(StoreError::Cancelled);
        }
        let tx = open(&self.tx)?;
        let estimates = self.estimate(tx)?;
        self.facts_of_new_deals(tx)?;
        let revisited: Vec<(i64, Option<i64>)> = {
            let mut r: Vec<_> = self.revisited.iter().map(|(k, v)| (*k, *v)).collect();
            r.sort_unstable_by_key(|x| x.0);
            r
        };
        record_stages(
            tx,
            self.last_before,
            &self.known_on,
            &revisited,
            &self.moves,
        )?;
        keep_latest_facts(tx, &self.known_on)?;
        for sql in &self.rebuilt {
            tx.execute(sql, [])?;
        }
        tx.pragma_update(None, "ignore_check_constraints", false)?;
        (control.progress)(self.done, self.done);
        if let Some(tx) = self.tx.take() {
            tx.commit()?;
        }
        Ok((std::mem::take(&mut self.written), estimates))
    }
}

/// The partners and stages a deal may name. The writer works with SQLite's foreign-key checks
/// off (they cost a third of the write) and holds every row to these instead: the rows of
/// facts and stage history it adds name deals it has just written and their stages.
struct Parents {
    partners: std::collections::HashSet<i64>,
    stages: std::collections::HashSet<i64>,
}

impl Parents {
    fn read(conn: &Connection) -> Result<Self> {
        let ids = |sql: &str| -> Result<std::collections::HashSet<i64>> {
            let mut stmt = conn.prepare(sql)?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        };
        Ok(Self {
            partners: ids("SELECT id FROM partners")?,
            stages: ids("SELECT id FROM stages")?,
        })
    }

    /// Refuses a deal whose partner (`partner`, resolved) or stage the workspace lacks.
    fn check(&self, d: &DealImport, partner: Option<i64>) -> Result<()> {
        let missing = match (partner, d.stage_id) {
            (Some(p), _) if !self.partners.contains(&p) => format!("partner {p}"),
            (_, Some(s)) if !self.stages.contains(&s) => format!("stage {s}"),
            _ => return Ok(()),
        };
        Err(rolled_back(
            d,
            &format!("names {missing}, which the workspace does not have"),
        ))
    }
}

/// Why the import wrote nothing: the deal `d` and what is wrong with it.
fn rolled_back(d: &DealImport, wrong: &str) -> StoreError {
    StoreError::Conflict(format!(
        "The import was rolled back: the deal on line {} (“{}”) {wrong}. Nothing was written.",
        d.line, d.account
    ))
}

/// The schema's check on `deals` that `d` would break, if any. The codes of sources,
/// outcomes, credit rules and amount sources come from enums the schema lists, so only the
/// amount and the close date can break a check (a test holds this against SQLite's own
/// evaluation of every check). The estimated amounts written at the end are medians of
/// amounts checked here.
fn broken_check(d: &DealImport) -> Option<&'static str> {
    if d.amount.is_nan() || d.amount < 0.0 {
        return Some(DEAL_CHECKS[1]);
    }
    if (d.outcome == Outcome::Open) != d.closed_on.is_none() {
        return Some(DEAL_CHECKS[5]);
    }
    None
}

/// The writer's transaction, while it is open (`finish` takes it to commit).
fn open<'t, 'c>(tx: &'t Option<Transaction<'c>>) -> Result<&'t Transaction<'c>> {
    tx.as_ref()
        .ok_or_else(|| StoreError::Io("The import has already been committed.".into()))
}

impl Drop for DealWriter<'_> {
    fn drop(&mut self) {
        // Unfinished: the transaction rolls back as it drops; the checks go back on first.
        if let Some(tx) = &self.tx {
            let _ = tx.pragma_update(None, "ignore_check_constraints", false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deals::{AmountSource, Source};

    /// What SQLite's own CHECKs say of `d` as the writer would store it.
    fn sqlite_accepts(conn: &Connection, d: &DealImport) -> bool {
        let (rule, split) = d.source.credit();
        DEAL_CHECKS.iter().all(|check| {
            let sql = format!(
                "SELECT ({check}) IS NOT 0 FROM (SELECT ?1 AS source, ?2 AS amount, ?3 AS outcome,
                    ?4 AS credit_rule, ?5 AS credit_split_pct, ?6 AS closed_on, ?7 AS amount_source)"
            );
            conn.query_row(
                &sql,
                params![
                    d.source.as_str(),
                    d.amount,
                    d.outcome.as_str(),
                    rule,
                    split,
                    d.closed_on.map(iso),
                    d.amount_source.as_str()
                ],
                |r| r.get::<_, bool>(0),
            )
            .unwrap()
        })
    }

    #[test]
    fn the_row_check_agrees_with_every_schema_check_on_every_kind_of_row() {
        assert_eq!(DEAL_CHECKS[1], "amount >= 0");
        assert_eq!(DEAL_CHECKS[5], "(outcome = 'open') = (closed_on IS NULL)");
        let conn = Connection::open_in_memory().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let mut seen = [0, 0];
        for source in [
            Source::PartnerSourced,
            Source::PartnerInfluenced,
            Source::Direct,
        ] {
            for outcome in [Outcome::Open, Outcome::Won, Outcome::Lost] {
                for amount_source in [
                    AmountSource::Given,
                    AmountSource::Estimated,
                    AmountSource::Missing,
                ] {
                    for amount in [-1.0, -0.0, 0.0, 0.01, 5e9] {
                        for closed_on in [None, Some(day)] {
                            let d = DealImport {
                                source,
                                amount,
                                amount_source,
                                outcome,
                                closed_on,
                                ..DealImport::example("Acme", 1.0)
                            };
                            let ours = broken_check(&d).is_none();
                            assert_eq!(ours, sqlite_accepts(&conn, &d), "{d:?}");
                            seen[usize::from(ours)] += 1;
                        }
                    }
                }
            }
        }
        assert!(
            seen[0] > 0 && seen[1] > 0,
            "both verdicts were tried: {seen:?}"
        );
        let mut nan = DealImport {
            amount: f64::NAN,
            ..DealImport::example("Acme", 1.0)
        };
        assert_eq!(broken_check(&nan), Some("amount >= 0"));
        nan.amount = 1.0;
        assert_eq!(broken_check(&nan), None);
    }
}
