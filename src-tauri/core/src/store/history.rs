//! Undo and redo. Every edit runs through [`Workspace::edit`]: one SQLite transaction that
//! changes rows through a [`Recorder`], which keeps each row as it was before and after.
//! The history is stored in the workspace itself (`edit_history`), written in the same
//! transaction as the edit, so an edit and its undo record can never disagree.

use super::migrate::TABLES;
use super::{Result, StoreError, Workspace};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// Edits kept for undo; older ones are forgotten.
const HISTORY_LIMIT: i64 = 500;

type Row = Map<String, Json>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RowChange {
    table: String,
    id: i64,
    before: Option<Row>,
    after: Option<Row>,
}

/// What Undo and Redo would do next, for menus and buttons.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryState {
    /// Label of the edit Undo would revert, e.g. "Delete touch"; none disables Undo.
    pub undo: Option<String>,
    /// Label of the edit Redo would reapply; none disables Redo.
    pub redo: Option<String>,
}

/// Changes rows inside one edit and remembers how to reverse them.
pub struct Recorder<'c> {
    tx: Transaction<'c>,
    changes: Vec<RowChange>,
}

/// Edits may touch every table but the history itself. Table and column names in SQL come
/// only from code, never from input, and are checked against the schema's list.
fn check_table(table: &str) -> Result<()> {
    if table != "edit_history" && TABLES.contains(&table) {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "Internal error: {table} is not an editable table."
        )))
    }
}

fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) => Json::Array(b.into_iter().map(Json::from).collect()),
    }
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(a) => Value::Blob(
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as u8)
                .collect(),
        ),
        Json::Object(_) => Value::Null,
    }
}

fn snapshot(tx: &Transaction<'_>, table: &str, id: i64) -> Result<Option<Row>> {
    let mut stmt = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        None => Ok(None),
        Some(row) => {
            let mut map = Row::new();
            for (i, name) in names.iter().enumerate() {
                map.insert(name.clone(), to_json(row.get::<_, Value>(i)?));
            }
            Ok(Some(map))
        }
    }
}

fn write_row(tx: &Transaction<'_>, table: &str, id: i64, row: Option<&Row>) -> Result<()> {
    match row {
        None => {
            tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
        Some(row) => {
            let exists: bool = tx.query_row(
                &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)"),
                [id],
                |r| r.get(0),
            )?;
            let cols: Vec<&String> = row.keys().collect();
            let values: Vec<Value> = row.values().map(to_sql).collect();
            let sql = if exists {
                let sets: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{c} = ?{}", i + 1))
                    .collect();
                format!("UPDATE {table} SET {} WHERE id = {id}", sets.join(", "))
            } else {
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let names: Vec<&str> = cols.iter().map(|c| c.as_str()).collect();
                format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names.join(", "),
                    marks.join(", ")
                )
            };
            tx.execute(&sql, params_from_iter(values))?;
        }
    }
    Ok(())
}

impl<'c> Recorder<'c> {
    /// Read access inside the edit's transaction.
    pub fn tx(&self) -> &Transaction<'c> {
        &self.tx
    }

    /// The ids `sql` selects with `key` as its one parameter, inside the edit's transaction.
    pub fn ids(&self, sql: &str, key: i64) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare(sql)?;
        let rows = stmt
            .query_map([key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Inserts a row and returns its id.
    pub fn insert(&mut self, table: &str, columns: &[(&str, Value)]) -> Result<i64> {
        check_table(table)?;
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        );
        self.tx.execute(
            &sql,
            params_from_iter(columns.iter().map(|(_, v)| v.clone())),
        )?;
        let id = self.tx.last_insert_rowid();
        let after = snapshot(&self.tx, table, id)?;
        self.changes.push(RowChange {
            table: table.into(),
            id,
            before: None,
            after,
        });
        Ok(id)
    }

    /// Updates some columns of one row. A missing row is a `NotFound` error.
    pub fn update(&mut self, table: &str, id: i64, columns: &[(&str, Value)]) -> Result<()> {
        check_table(table)?;
        let before = snapshot(&self.tx, table, id)?.ok_or_else(|| {
            StoreError::NotFound("That item no longer exists; it may have been deleted.".into())
        })?;
        let sets: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", i + 1))
            .collect();
        let sql = format!("UPDATE {table} SET {} WHERE id = {id}", sets.join(", "));
        self.tx.execute(
            &sql,
            params_from_iter(columns.iter().map(|(_, v)| v.clone())),
        )?;
        let after = snapshot(&self.tx, table, id)?;
        if after.as_ref() != Some(&before) {
            self.changes.push(RowChange {
                table: table.into(),
                id,
                before: Some(before),
                after,
            });
        }
        Ok(())
    }

    /// Deletes one row. Dependent rows must be deleted first, through this recorder.
    pub fn delete(&mut self, table: &str, id: i64) -> Result<()> {
        check_table(table)?;
        let before = snapshot(&self.tx, table, id)?.ok_or_else(|| {
            StoreError::NotFound("That item no longer exists; it may have been deleted.".into())
        })?;
        self.tx
            .execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        self.changes.push(RowChange {
            table: table.into(),
            id,
            before: Some(before),
            after: None,
        });
        Ok(())
    }
}

impl Workspace {
    /// Runs `f` as one undoable edit called `label`: all of it lands, or none of it.
    pub fn edit<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Recorder<'_>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let mut rec = Recorder {
            tx,
            changes: Vec::new(),
        };
        let out = f(&mut rec)?;
        let Recorder { tx, changes } = rec;
        if !changes.is_empty() {
            let json =
                serde_json::to_string(&changes).map_err(|e| StoreError::Conflict(e.to_string()))?;
            tx.execute("DELETE FROM edit_history WHERE undone = 1", [])?;
            tx.execute(
                "INSERT INTO edit_history (label, changes, undone, made_at) VALUES (?1, ?2, 0, ?3)",
                params![label, json, super::now()],
            )?;
            tx.execute(
                "DELETE FROM edit_history WHERE id <= (SELECT MAX(id) FROM edit_history) - ?1",
                [HISTORY_LIMIT],
            )?;
        }
        tx.commit()?;
        self.generation = super::next_generation();
        Ok(out)
    }

    /// Reverses the latest edit. Returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.step(true)
    }

    /// Re-applies the latest undone edit. Returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<String>> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let sql = if undo {
            "SELECT id, label, changes FROM edit_history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id, label, changes FROM edit_history WHERE undone = 1 ORDER BY id ASC LIMIT 1"
        };
        let entry: Option<(i64, String, String)> = {
            let mut stmt = tx.prepare(sql)?;
            let mut rows = stmt.query([])?;
            match rows.next()? {
                Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
                None => None,
            }
        };
        let Some((id, label, json)) = entry else {
            return Ok(None);
        };
        let changes: Vec<RowChange> = serde_json::from_str(&json)
            .map_err(|e| StoreError::Conflict(format!("The undo history is unreadable: {e}")))?;
        if undo {
            for c in changes.iter().rev() {
                check_table(&c.table)?;
                write_row(&tx, &c.table, c.id, c.before.as_ref())?;
            }
        } else {
            for c in &changes {
                check_table(&c.table)?;
                write_row(&tx, &c.table, c.id, c.after.as_ref())?;
            }
        }
        tx.execute(
            "UPDATE edit_history SET undone = ?1 WHERE id = ?2",
            params![i64::from(undo), id],
        )?;
        tx.commit()?;
        self.generation = super::next_generation();
        Ok(Some(label))
    }

    /// The labels of the next undo and redo.
    pub fn history_state(&self) -> Result<HistoryState> {
        let label = |sql: &str| -> Result<Option<String>> {
            let mut stmt = self.conn().prepare(sql)?;
            let mut rows = stmt.query([])?;
            Ok(match rows.next()? {
                Some(r) => Some(r.get(0)?),
                None => None,
            })
        };
        Ok(HistoryState {
            undo: label(
                "SELECT label FROM edit_history WHERE undone = 0 ORDER BY id DESC LIMIT 1",
            )?,
            redo: label("SELECT label FROM edit_history WHERE undone = 1 ORDER BY id ASC LIMIT 1")?,
        })
    }
}
