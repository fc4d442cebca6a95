//! Readiness: the review screen's rows, a partner's reviews, and the bands that turn a score
//! into active, nurture or off-board.

use super::error::{parse, CommandError};
use super::AppState;
use partnerboard_core::clock::today;
use partnerboard_core::domain::gate::Consequence;
use partnerboard_core::domain::readiness::{Bands, Scores};
use partnerboard_core::domain::InvalidInput;
use partnerboard_core::store::Review;
use partnerboard_core::views::readiness::{self, ReadinessView};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub fn readiness_get(state: State<'_, AppState>) -> Result<ReadinessView, CommandError> {
    state.with(|ws| Ok(readiness::readiness(ws, today())?))
}

#[tauri::command]
pub fn readiness_review_add(
    state: State<'_, AppState>,
    partner_id: i64,
    date: String,
    scores: Value,
    reviewer: String,
    note: String,
) -> Result<(), CommandError> {
    let scores: Scores = parse("readiness scores", scores)?;
    state.with(|ws| {
        ws.add_review(partner_id, &date, scores, &reviewer, &note, today())?;
        Ok(())
    })
}

#[tauri::command]
pub fn readiness_history(
    state: State<'_, AppState>,
    partner_id: i64,
) -> Result<Vec<Review>, CommandError> {
    state.with(|ws| Ok(ws.reviews(partner_id)?))
}

#[tauri::command]
pub fn bands_save(state: State<'_, AppState>, bands: Value) -> Result<usize, CommandError> {
    let bands: Bands = parse("readiness bands", bands)?;
    state.with(|ws| Ok(ws.save_bands(&bands)?))
}

/// Saves what a partner below the readiness threshold is given.
#[tauri::command]
pub fn readiness_consequence_save(
    state: State<'_, AppState>,
    consequence: String,
) -> Result<(), CommandError> {
    let consequence = Consequence::parse(&consequence).ok_or_else(|| {
        InvalidInput::new(
            "consequence",
            "Below the threshold a partner is either kept in the lowest tier with no 1:1, or kept \
             in the lowest tier at its cadence.",
        )
    })?;
    state.with(|ws| Ok(ws.save_readiness_consequence(consequence)?))
}
