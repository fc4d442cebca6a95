//! Dated facts about deals: each edit of a deal's stage or outcome is told to the timeline on
//! the day it is made, so a forecast as of an earlier day never sees it.

use super::history::Recorder;
use super::Result;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// The deal's state after an edit, recorded as its fact for `known_on` (replacing an earlier
/// fact of the same day), inside the edit so undo takes it back with the edit.
pub(crate) fn record_fact(rec: &mut Recorder<'_>, deal_id: i64, known_on: NaiveDate) -> Result<()> {
    let columns: Vec<(&str, Value)> = rec.tx().query_row(
        "SELECT stage_id, amount, amount_source, currency, expected_close, outcome, closed_on
         FROM deals WHERE id = ?1",
        [deal_id],
        |r| {
            Ok(vec![
                ("deal_id", Value::Integer(deal_id)),
                ("known_on", Value::Text(known_on.to_string())),
                ("stage_id", r.get::<_, Value>(0)?),
                ("amount", r.get::<_, Value>(1)?),
                ("amount_source", r.get::<_, Value>(2)?),
                ("currency", r.get::<_, Value>(3)?),
                ("expected_close", r.get::<_, Value>(4)?),
                ("outcome", r.get::<_, Value>(5)?),
                ("closed_on", r.get::<_, Value>(6)?),
            ])
        },
    )?;
    let same_day: Option<i64> = rec
        .tx()
        .query_row(
            "SELECT id FROM deal_facts WHERE deal_id = ?1 AND known_on = ?2",
            rusqlite::params![deal_id, known_on.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match same_day {
        Some(id) => rec.update("deal_facts", id, &columns[2..]),
        None => rec.insert("deal_facts", &columns).map(drop),
    }
}
