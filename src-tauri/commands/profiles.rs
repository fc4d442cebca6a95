//! Ideal partner profiles, prospect evaluation and signing, and the validity check.

use super::error::{parse, CommandError, ErrorKind};
use super::AppState;
use chrono::Months;
use partnerboard_core::clock::today;
use partnerboard_core::domain::profile::{Profile, TraitState};
use partnerboard_core::domain::readiness::Scores;
use partnerboard_core::domain::validate;
use partnerboard_core::store::Prospect;
use partnerboard_core::views::ipp::{self, IppCheck};
use serde::Serialize;
use serde_json::Value;
use tauri::State;

#[derive(Debug, Serialize)]
pub struct ProfileView {
    pub type_id: i64,
    pub type_name: String,
    pub profile: Profile,
    pub guidance: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProfilesView {
    pub profiles: Vec<ProfileView>,
    pub prospects: Vec<Prospect>,
}

#[tauri::command]
pub fn profiles_get(state: State<'_, AppState>) -> Result<ProfilesView, CommandError> {
    state.with(|ws| {
        let names: std::collections::HashMap<i64, String> = ws
            .program()?
            .types
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let profiles = ws
            .profiles()?
            .into_iter()
            .map(|p| ProfileView {
                type_name: names.get(&p.type_id).cloned().unwrap_or_default(),
                type_id: p.type_id,
                guidance: p.guidance(),
                profile: p,
            })
            .collect();
        Ok(ProfilesView {
            profiles,
            prospects: ws.prospects()?,
        })
    })
}

#[tauri::command]
pub fn profile_save(state: State<'_, AppState>, profile: Value) -> Result<(), CommandError> {
    let profile: Profile = parse("profile", profile)?;
    state.with(|ws| Ok(ws.save_profile(&profile)?))
}

#[tauri::command]
pub fn trait_check_set(
    state: State<'_, AppState>,
    partner_id: i64,
    trait_id: i64,
    state_name: String,
    note: String,
    date: String,
) -> Result<(), CommandError> {
    let trait_state = TraitState::parse(&state_name).ok_or_else(|| {
        validate::InvalidInput::new("state", "A trait is met, missed or unverified.")
    })?;
    state.with(|ws| {
        Ok(ws.set_trait_check(partner_id, trait_id, trait_state, &note, &date, today())?)
    })
}

#[tauri::command]
pub fn partner_sign(
    state: State<'_, AppState>,
    partner_id: i64,
    review: Option<Value>,
    override_reason: Option<String>,
) -> Result<(), CommandError> {
    let review: Option<Scores> = review
        .filter(|r| !r.is_null())
        .map(|r| parse("first readiness review", r))
        .transpose()?;
    state.with(|ws| {
        ws.sign_partner(partner_id, review, override_reason.as_deref(), today())?;
        Ok(())
    })
}

/// The validity check over `from..=to` (default: the last 12 months). Async, and judged
/// outside the workspace's lock: its tests take a while, and the window stays responsive.
#[tauri::command]
pub async fn validity_check(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
) -> Result<IppCheck, CommandError> {
    let to = match to {
        Some(t) => validate::date("to", "The end of the period", &t)?,
        None => today(),
    };
    let from = match from {
        Some(f) => validate::date("from", "The start of the period", &f)?,
        None => to.checked_sub_months(Months::new(12)).unwrap_or(to),
    };
    if from > to {
        return Err(validate::InvalidInput::new("from", "The period starts after it ends.").into());
    }
    let pipeline = state.with(|ws| Ok(ws.pipeline_by_profile_match(from, to)?))?;
    tauri::async_runtime::spawn_blocking(move || ipp::judge(from, to, &pipeline))
        .await
        .map_err(|e| {
            CommandError::new(
                ErrorKind::Io,
                format!("The profile check stopped before it finished: {e}"),
            )
        })
}
