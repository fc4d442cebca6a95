//! Prioritization and tiers: the scored, ranked and tiered roster, the live what-if, edits to
//! the model, scores, tiers and roster, and scoring cycles.

use super::error::{parse, CommandError, ErrorKind};
use super::AppState;
use partnerboard_core::domain::cycles::{compare, CycleComparison, CycleEntry};
use partnerboard_core::domain::readiness::Band;
use partnerboard_core::domain::roster::{ranked_scores, RosterPartner};
use partnerboard_core::domain::scoring::{self, Factor, FactorModel};
use partnerboard_core::domain::tiers::{same_service_warnings, validate_tiers, Tier};
use partnerboard_core::store::{CycleSummary, PartnerDraft};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use tauri::State;

/// How many of the biggest rank changes a preview lists.
const BIGGEST_CHANGES: usize = 10;

#[derive(Debug, Serialize)]
pub struct FactorView {
    #[serde(flatten)]
    pub factor: Factor,
    /// % of the total weight.
    pub share: f64,
}

#[derive(Debug, Serialize)]
pub struct TierView {
    #[serde(flatten)]
    pub tier: Tier,
    pub partners: usize,
}

#[derive(Debug, Serialize)]
pub struct RosterRow {
    #[serde(flatten)]
    pub partner: RosterPartner,
    pub score: Option<f64>,
    pub rank: Option<usize>,
    pub tier: Option<String>,
    /// Factors with no score, for a partner that would be ranked but cannot be.
    pub missing: Vec<String>,
    /// The band of the latest readiness review (signed partners).
    pub band: Option<Band>,
    /// The profile verdict (prospects): walk_away, fit or incomplete.
    pub verdict: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Prioritization {
    pub factors: Vec<FactorView>,
    pub tiers: Vec<TierView>,
    pub warnings: Vec<String>,
    pub partners: Vec<RosterRow>,
    pub ranked: usize,
    pub unscored: usize,
}

/// A what-if: the ranking under a model that is not saved, as parallel arrays (rank order),
/// and what it changes against the saved model.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub shares: Vec<f64>,
    pub ids: Vec<i64>,
    /// 0–100, to two decimals (the table shows one): a short payload for 10,000 rows.
    pub scores: Vec<f64>,
    /// Index into the tiers, per partner in `ids`.
    pub tiers: Vec<usize>,
    pub tier_counts: Vec<usize>,
    /// Partners moving to a higher and to a lower tier; `changes.tier_moves` lists the first few.
    pub moved_up: usize,
    pub moved_down: usize,
    /// Tiers in the previewed plan that promise the same service level.
    pub warnings: Vec<String>,
    pub changes: CycleComparison,
}

fn tier_names(tiers: &[Tier]) -> Vec<String> {
    tiers.iter().map(|t| t.name.clone()).collect()
}

#[tauri::command]
pub fn prioritization_get(state: State<'_, AppState>) -> Result<Prioritization, CommandError> {
    state.with(|ws| {
        let e = state.scored(ws)?;
        let shares = e.model.shares();
        let today = partnerboard_core::clock::today();
        let bands: HashMap<i64, Band> = ws
            .readiness(today)?
            .into_iter()
            .filter_map(|r| Some((r.partner_id, r.band?)))
            .collect();
        let verdicts: HashMap<i64, &'static str> = ws
            .prospects()?
            .into_iter()
            .map(|p| (p.partner_id, p.verdict.as_str()))
            .collect();
        let by_id: HashMap<i64, &CycleEntry> =
            e.entries.iter().map(|x| (x.partner_id, x)).collect();
        let mut counts = vec![0usize; e.tiers.len()];
        for x in &e.entries {
            if let Some(i) = x
                .tier
                .as_ref()
                .and_then(|t| e.tiers.iter().position(|tier| &tier.name == t))
            {
                counts[i] += 1;
            }
        }
        let factor_names: Vec<&str> = e.model.factors.iter().map(|f| f.name.as_str()).collect();
        let partners: Vec<RosterRow> = e
            .roster
            .iter()
            .cloned()
            .map(|p| {
                let entry = by_id.get(&p.id);
                let missing = if entry.is_some_and(|x| x.rank.is_none()) {
                    p.scores
                        .iter()
                        .zip(&factor_names)
                        .filter(|(s, _)| s.is_none())
                        .map(|(_, n)| (*n).to_string())
                        .collect()
                } else {
                    Vec::new()
                };
                RosterRow {
                    band: bands.get(&p.id).copied(),
                    verdict: verdicts.get(&p.id).copied(),
                    score: entry.and_then(|x| x.score),
                    rank: entry.and_then(|x| x.rank),
                    tier: entry.and_then(|x| x.tier.clone()),
                    missing,
                    partner: p,
                }
            })
            .collect();
        let ranked = e.entries.iter().filter(|x| x.rank.is_some()).count();
        Ok(Prioritization {
            warnings: same_service_warnings(&e.tiers),
            factors: e
                .model
                .factors
                .iter()
                .cloned()
                .zip(shares)
                .map(|(factor, share)| FactorView { factor, share })
                .collect(),
            tiers: e
                .tiers
                .iter()
                .cloned()
                .zip(counts)
                .map(|(tier, partners)| TierView { tier, partners })
                .collect(),
            unscored: e.entries.len() - ranked,
            ranked,
            partners,
        })
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
        let mut asked: Vec<Option<i64>> = model.factors.iter().map(|f| f.id).collect();
        let mut stored: Vec<Option<i64>> = saved.model.factors.iter().map(|f| f.id).collect();
        asked.sort_unstable();
        stored.sort_unstable();
        if asked != stored {
            // New or removed factors have no scores yet: they are previewed once applied.
            return Err(CommandError::new(
                ErrorKind::InvalidInput,
                "Apply added or removed factors first; the preview works on the saved factors' scores.",
            ));
        }
        let aligned: Vec<Factor> = saved
            .model
            .factors
            .iter()
            .filter_map(|s| model.factors.iter().find(|f| f.id == s.id).cloned())
            .collect();
        let model = FactorModel::validated(&aligned)?;
        let tiers = tiers.unwrap_or_else(|| saved.tiers.clone());
        let ranking = scoring::rank(&model, &ranked_scores(&saved.roster));
        let tier_of = scoring::assign_tiers(&tiers, &ranking);
        let mut tier_counts = vec![0usize; tiers.len()];
        for t in &tier_of {
            tier_counts[*t] += 1;
        }
        let entries = scoring::entries(&tiers, &ranking);
        let mut changes = compare(&saved.entries, &entries, &tier_names(&tiers));
        changes.risers.truncate(BIGGEST_CHANGES);
        changes.fallers.truncate(BIGGEST_CHANGES);
        let names = tier_names(&tiers);
        let level = |t: &Option<String>| t.as_ref().and_then(|t| names.iter().position(|n| n == t));
        let moved_up = changes.tier_moves.iter().filter(|m| level(&m.to_tier) < level(&m.from_tier)).count();
        let moved_down = changes.tier_moves.len() - moved_up;
        // The window lists the first few up and down; the counts above carry the rest.
        let mut shown_up = 0;
        let mut shown_down = 0;
        changes.tier_moves.retain(|m| {
            let up = level(&m.to_tier) < level(&m.from_tier);
            let shown = if up { &mut shown_up } else { &mut shown_down };
            *shown += 1;
            *shown <= BIGGEST_CHANGES
        });
        Ok(Preview {
            shares: model.shares(),
            ids: ranking.ranked.iter().map(|r| r.partner_id).collect(),
            scores: ranking.ranked.iter().map(|r| (r.score * 100.0).round() / 100.0).collect(),
            moved_up,
            moved_down,
            tiers: tier_of,
            tier_counts,
            warnings: same_service_warnings(&tiers),
            changes,
        })
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
    state.with(|ws| Ok(ws.partner_create(&draft)?))
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
