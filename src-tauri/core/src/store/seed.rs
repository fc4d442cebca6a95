//! The rows a new workspace starts with.

use super::Result;
use crate::domain::defaults;
use rusqlite::{params, Connection};

pub(crate) fn defaults(conn: &mut Connection, company: &str) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO program (id, company, thesis, currency) VALUES (1, ?1, '', ?2)",
        params![company, defaults::CURRENCY],
    )?;
    for (i, s) in defaults::STAGES.iter().enumerate() {
        tx.execute(
            "INSERT INTO stages (position, name, owner, exit_criterion, probability, expected_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![i as i64, s.name, s.owner, s.exit_criterion, s.probability, s.expected_days],
        )?;
    }
    for (i, f) in defaults::FACTORS.iter().enumerate() {
        tx.execute(
            "INSERT INTO factors (position, name, description, weight) VALUES (?1, ?2, ?3, ?4)",
            params![i as i64, f.name, f.description, f.weight],
        )?;
    }
    for (i, t) in defaults::TIERS.iter().enumerate() {
        let (kind, value) = t.rule.to_columns();
        tx.execute(
            "INSERT INTO tiers (position, name, rule_kind, rule_value, cadence, hours_per_partner, benefits) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![i as i64, t.name, kind, value, t.cadence.as_str(), t.hours_per_partner, t.benefits],
        )?;
    }
    for (key, value) in [
        (
            "readiness_active_min",
            defaults::READINESS_ACTIVE_MIN.to_string(),
        ),
        (
            "readiness_nurture_min",
            defaults::READINESS_NURTURE_MIN.to_string(),
        ),
        ("walk_away_count", defaults::WALK_AWAY_COUNT.to_string()),
        ("created_on", crate::clock::today().to_string()),
    ] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    tx.commit()?;
    Ok(())
}
