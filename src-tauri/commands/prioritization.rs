//! Prioritization and tiers: the scored, ranked and tiered roster, the live what-if, edits to
//! the model, scores, tiers and roster, and scoring cycles.

use super::error::{parse, CommandError, ErrorKind};
use super::AppState;
use partnerboard_core::domain::cycles::{compare, CycleComparison};
use partnerboard_core::domain::scoring::{self, Factor, FactorModel};
use partnerboard_core::domain::tiers::{validate_tiers, Tier};
use partnerboard_core::store::{CycleSummary, PartnerDraft};
use partnerboard_core::views::preview::{self, tier_names, Preview};
use partnerboard_core::views::roster::{self, Prioritization};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub fn prioritization_get(state: State<'_, AppState>) -> Result<Prioritization, CommandError> {
    state.with(|ws| {
        let scored = state.scored(ws)?;
        Ok(roster::prioritization(
            ws,
            &scored,
            partnerboard_core::clock::today(),
        )?)
    })
}

#[tauri::command]
pub fn prioritization_preview(
    state: State<'_, AppState>,
    factors: Value,
    tiers: Option<Value>,
) -> Result<Preview, CommandError> {
    let factors: Vec<Factor> = parse("scoring model", factors)?;
    let model = FactorModel::validated(&factors)?;
    let tiers: Option<Vec<Tier>> = tiers.map(|t| parse("tiers", t)).transpose()?;
    let tiers = tiers.map(|t| validate_tiers(&t)).transpose()?;
    state.with(|ws| {
        let saved = state.scored(ws)?;
        Ok(preview::preview(&saved, &model, tiers)?)
    })
}

#[tauri::command]
pub fn factor_model_save(state: State<'_, AppState>, factors: Value) -> Result<(), CommandError> {
    let factors: Vec<Factor> = parse("scoring model", factors)?;
    state.with(|ws| Ok(ws.save_factor_model(&factors)?))
}

/// Sets a score; `null` clears it. Anything but a whole number from 1 to 5 is refused.
#[tauri::command]
pub fn factor_score_set(
    state: State<'_, AppState>,
    partner_id: i64,
    factor_id: i64,
    score: Value,
) -> Result<(), CommandError> {
    let score = match score {
        Value::Null => None,
        Value::Number(n) => Some(scoring::check_score(n.as_f64().unwrap_or(f64::NAN))?),
        Value::String(s) => Some(scoring::check_score(
            s.trim().parse::<f64>().unwrap_or(f64::NAN),
        )?),
        _ => {
            return Err(CommandError::new(
                ErrorKind::InvalidInput,
                "A factor score is a whole number from 1 to 5.",
            ))
        }
    };
    state.with(|ws| Ok(ws.set_factor_score(partner_id, factor_id, score)?))
}

#[tauri::command]
pub fn tiers_save(state: State<'_, AppState>, tiers: Value) -> Result<(), CommandError> {
    let tiers: Vec<Tier> = parse("tiers", tiers)?;
    state.with(|ws| Ok(ws.save_tiers(&tiers)?))
}

#[tauri::command]
pub fn partner_create(state: State<'_, AppState>, draft: Value) -> Result<i64, CommandError> {
    let draft: PartnerDraft = parse("partner", draft)?;
    state.with(|ws| Ok(ws.partner_create(&draft, partnerboard_core::clock::today())?))
}

/// Gives partners a type: the picker for the partners an import created with none.
#[tauri::command]
pub fn partners_set_type(
    state: State<'_, AppState>,
    partner_ids: Vec<i64>,
    type_id: i64,
) -> Result<usize, CommandError> {
    state.with(|ws| Ok(ws.partners_set_type(&partner_ids, type_id)?))
}

#[tauri::command]
pub fn partner_delete(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    state.with(|ws| Ok(ws.partner_delete(id)?))
}

#[tauri::command]
pub fn cycle_close(state: State<'_, AppState>, name: String) -> Result<i64, CommandError> {
    state.with(|ws| Ok(ws.close_cycle(&name, &partnerboard_core::clock::today().to_string())?))
}

#[tauri::command]
pub fn cycle_list(state: State<'_, AppState>) -> Result<Vec<CycleSummary>, CommandError> {
    state.with(|ws| Ok(ws.cycles()?))
}

#[tauri::command]
pub fn cycle_compare(
    state: State<'_, AppState>,
    before: i64,
    after: i64,
) -> Result<CycleComparison, CommandError> {
    state.with(|ws| {
        let a = ws.cycle_entries(before)?;
        let b = ws.cycle_entries(after)?;
        Ok(compare(&a, &b, &tier_names(&ws.tiers()?)))
    })
}
