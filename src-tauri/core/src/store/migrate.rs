//! Schema migrations, tracked in SQLite's `user_version`.

use super::{Result, StoreError};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

/// The schema version this build writes. A file above it is refused.
pub const SCHEMA_VERSION: i64 = 8;

/// Every table of the schema, in the order a person reads them; `edit_history` last.
pub(crate) const TABLES: &[&str] = &[
    "program",
    "program_targets",
    "partner_types",
    "enablement_steps",
    "team_members",
    "tiers",
    "partners",
    "factors",
    "factor_scores",
    "scoring_cycles",
    "cycle_entries",
    "profiles",
    "profile_traits",
    "trait_checks",
    "readiness_reviews",
    "contacts",
    "touches",
    "stages",
    "deals",
    "deal_stage_history",
    "deal_facts",
    "import_mappings",
    "settings",
    "edit_history",
];

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(steps())
}

/// Every step, from the first schema on; step n brings a file to version n.
fn steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("schema_v2.sql")),
        M::up(include_str!("schema_v3.sql")),
        M::up(include_str!("schema_v4.sql")),
        M::up(include_str!("schema_v5.sql")),
        M::up(include_str!("schema_v6.sql")),
        M::up(include_str!("schema_v7.sql")).foreign_key_check(),
        M::up(include_str!("schema_v8.sql")),
    ]
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the file to the latest schema. Foreign keys are off while the steps run (a step may
/// rebuild a table others point at, which SQLite allows only so) and on again after; a step
/// that rebuilds checks every reference before it commits.
pub(crate) fn apply(conn: &mut Connection, migrations: &Migrations<'_>) -> Result<()> {
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrations
        .to_latest(conn)
        .map_err(|e| StoreError::Migration(e.to_string()));
    if keys_on {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    migrated
}

#[cfg(test)]
#[path = "migrate_v4_tests.rs"]
mod v4_tests;

#[cfg(test)]
#[path = "migrate_v7_tests.rs"]
mod v7_tests;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A new workspace file at `path` as version `version` of the schema wrote it, empty: what
    /// a migration test fills with that version's rows.
    pub(crate) fn workspace_at(path: &std::path::Path, version: usize) -> Connection {
        let mut conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        let mut steps = steps();
        steps.truncate(version);
        Migrations::new(steps).to_latest(&mut conn).unwrap();
        conn.pragma_update(
            None,
            "application_id",
            crate::store::inspect::APPLICATION_ID,
        )
        .unwrap();
        assert_eq!(user_version(&conn).unwrap(), version as i64);
        conn
    }

    #[test]
    fn migrations_are_valid_and_reach_the_schema_version() {
        assert!(migrations().validate().is_ok());
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &migrations()).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
        let mut found: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut listed: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        found.sort();
        listed.sort();
        assert_eq!(found, listed, "TABLES lists exactly the schema's tables");
    }
}
