//! The shape a workspace of a given version promises, checked on open: every table with its
//! columns, and every index, as the migrations (`schema.sql` and the steps after it) build
//! them. A table dropped or altered by another tool makes the file "damaged", naming the
//! table, before anything reads or writes it. Tables and indexes someone added are left be.

use rusqlite::Connection;
use rusqlite_migration::Migrations;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// One column as `pragma_table_info` gives it: name, declared type, not-null, default, key.
type Column = (String, String, bool, Option<String>, i64);

/// Tables with their columns, and indexes with their table and columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Shape {
    tables: BTreeMap<String, Vec<Column>>,
    indexes: BTreeMap<String, (String, Vec<String>)>,
}

/// Says what in `conn` differs from the shape of `version`, in words; `None` when it holds.
pub(crate) fn differences(
    conn: &Connection,
    version: i64,
    migrations: &Migrations<'_>,
) -> rusqlite::Result<Option<String>> {
    let Some(promised) = promised(version, migrations) else {
        return Ok(None);
    };
    let found = shape(conn)?;
    for (table, columns) in &promised.tables {
        match found.tables.get(table) {
            None => return Ok(Some(format!("the table \"{table}\" is missing"))),
            Some(have) if have != columns => {
                let names =
                    |cols: &[Column]| -> Vec<String> { cols.iter().map(|c| c.0.clone()).collect() };
                let missing: Vec<String> = names(columns)
                    .into_iter()
                    .filter(|n| !have.iter().any(|c| &c.0 == n))
                    .collect();
                let detail = if missing.is_empty() {
                    "its columns were changed".to_string()
                } else {
                    format!("it lacks the column(s) {}", missing.join(", "))
                };
                return Ok(Some(format!(
                    "the table \"{table}\" was altered by another program ({detail})"
                )));
            }
            Some(_) => {}
        }
    }
    for (index, (table, columns)) in &promised.indexes {
        match found.indexes.get(index) {
            Some((t, c)) if t == table && c == columns => {}
            Some(_) => {
                return Ok(Some(format!(
                    "the index \"{index}\" on \"{table}\" was altered by another program"
                )))
            }
            None => {
                return Ok(Some(format!(
                    "the index \"{index}\" on \"{table}\" is missing"
                )))
            }
        }
    }
    Ok(None)
}

/// The shape the migrations build for `version`, built once per version in memory.
fn promised(version: i64, migrations: &Migrations<'_>) -> Option<Shape> {
    static BUILT: OnceLock<Mutex<BTreeMap<i64, Shape>>> = OnceLock::new();
    let built = BUILT.get_or_init(|| Mutex::new(BTreeMap::new()));
    if let Some(shape) = built.lock().ok()?.get(&version) {
        return Some(shape.clone());
    }
    let steps = usize::try_from(version).ok()?;
    let mut conn = Connection::open_in_memory().ok()?;
    migrations.to_version(&mut conn, steps).ok()?;
    let made = shape(&conn).ok()?;
    built.lock().ok()?.insert(version, made.clone());
    Some(made)
}

fn shape(conn: &Connection) -> rusqlite::Result<Shape> {
    let mut out = Shape::default();
    let mut tables = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut columns = conn.prepare(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
    )?;
    for name in names {
        let cols: Vec<Column> = columns
            .query_map([&name], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, String>(1)?.to_ascii_uppercase(),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.tables.insert(name, cols);
    }
    let mut indexes = conn.prepare(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )?;
    let pairs: Vec<(String, String)> = indexes
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut index_columns =
        conn.prepare("SELECT coalesce(name, '') FROM pragma_index_info(?1) ORDER BY seqno")?;
    for (index, table) in pairs {
        let cols: Vec<String> = index_columns
            .query_map([&index], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.indexes.insert(index, (table, cols));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrate::{migrations, SCHEMA_VERSION};

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn
    }

    #[test]
    fn a_fresh_workspace_has_the_shape_its_version_promises() {
        let conn = fresh();
        assert_eq!(
            differences(&conn, SCHEMA_VERSION, &migrations()).unwrap(),
            None
        );
        // Someone's own extra index or table is left be.
        conn.execute_batch("CREATE TABLE notes(x); CREATE INDEX notes_x ON notes(x);")
            .unwrap();
        assert_eq!(
            differences(&conn, SCHEMA_VERSION, &migrations()).unwrap(),
            None
        );
    }

    #[test]
    fn a_dropped_table_a_dropped_column_and_a_dropped_index_are_named() {
        let conn = fresh();
        conn.execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE touches;")
            .unwrap();
        let said = differences(&conn, SCHEMA_VERSION, &migrations())
            .unwrap()
            .unwrap();
        assert_eq!(said, "the table \"touches\" is missing");

        let conn = fresh();
        conn.execute_batch("ALTER TABLE deals DROP COLUMN product;")
            .unwrap();
        let said = differences(&conn, SCHEMA_VERSION, &migrations())
            .unwrap()
            .unwrap();
        assert!(
            said.contains("\"deals\"") && said.contains("product"),
            "{said}"
        );

        let conn = fresh();
        let index: String = conn
            .query_row(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                 AND tbl_name = 'deals' ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch(&format!("DROP INDEX {index};")).unwrap();
        let said = differences(&conn, SCHEMA_VERSION, &migrations())
            .unwrap()
            .unwrap();
        assert_eq!(
            said,
            format!("the index \"{index}\" on \"deals\" is missing")
        );
    }
}
