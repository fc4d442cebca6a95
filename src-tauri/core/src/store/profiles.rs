//! Ideal partner profiles, prospect trait checks, signing, and the data behind the validity check.

use super::{Result, StoreError, Workspace};
use crate::domain::currency::LeftOut;
use crate::domain::profile::{verdict, Profile, ProfileTrait, TraitState, Verdict};
use crate::domain::readiness::{Band, Scores};
use crate::domain::status::PartnerStatus;
use crate::domain::{validate, InvalidInput};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Each signed partner's sourced pipeline in the home currency, by profile match at signing:
/// what the validity check compares.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilePipeline {
    /// Partners that matched their profile when signed: each one's sourced pipeline per month
    /// it was signed in the period.
    pub matched: Vec<f64>,
    /// Partners signed without matching (with an override reason), the same way.
    pub unmatched: Vec<f64>,
    /// The same two lists for each partner type, by type name: each type has its own profile.
    pub by_type: Vec<TypePipeline>,
    /// Deals no rate could convert, counted and explained, never summed raw.
    pub left_out: LeftOut,
}

/// Days in an average month, to turn days signed into months signed.
const DAYS_PER_MONTH: f64 = 30.436_875;

/// One partner type's matched and unmatched production, per month signed.
#[derive(Debug, Clone, PartialEq)]
pub struct TypePipeline {
    /// The partner type.
    pub type_name: String,
    /// Its partners that matched their profile at signing.
    pub matched: Vec<f64>,
    /// Its partners that did not.
    pub unmatched: Vec<f64>,
}

/// How a prospect measures up on one trait of the ideal partner profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraitCheck {
    /// The profile trait this check is about.
    pub trait_id: i64,
    /// Whether the prospect has the trait, lacks it, or is still unknown.
    pub state: TraitState,
    /// The evidence behind the call, for whoever reviews it later.
    pub note: String,
    /// Day the trait was last checked (YYYY-MM-DD), to spot stale judgements.
    pub checked_on: String,
}

/// A candidate partner held against its type's profile, to decide whether to recruit it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prospect {
    /// The partner record this prospect is.
    pub partner_id: i64,
    /// The prospect's name, as listed.
    pub name: String,
    /// The partner type whose profile it is judged against.
    pub type_id: i64,
    /// That type's name, for display.
    pub type_name: String,
    /// One check per trait of the profile.
    pub checks: Vec<TraitCheck>,
    /// Overall call from the checks: sign, walk away, or keep checking.
    pub verdict: Verdict,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// One profile per partner type, in type order; a type without one gets an empty profile.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn().prepare(
            "SELECT t.id, p.id, COALESCE(p.joint_solution, ''), COALESCE(p.walk_away_count, 2)
             FROM partner_types t LEFT JOIN profiles p ON p.type_id = t.id ORDER BY t.position, t.id",
        )?;
        let heads: Vec<(i64, Option<i64>, String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut traits = self.conn().prepare("SELECT id, name, evidence, verification FROM profile_traits WHERE profile_id = ?1 ORDER BY position, id")?;
        let mut out = Vec::new();
        for (type_id, profile_id, joint_solution, walk_away_count) in heads {
            let list = match profile_id {
                Some(pid) => traits
                    .query_map([pid], |r| {
                        Ok(ProfileTrait {
                            id: Some(r.get(0)?),
                            name: r.get(1)?,
                            evidence: r.get(2)?,
                            verification: r.get(3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?,
                None => Vec::new(),
            };
            out.push(Profile {
                type_id,
                joint_solution,
                walk_away_count,
                traits: list,
            });
        }
        Ok(out)
    }

    /// Saves a type's profile as one undoable edit. Removed traits take their checks with them.
    pub fn save_profile(&mut self, profile: &Profile) -> Result<()> {
        let p = profile.validated()?;
        let type_name: Option<String> = self
            .conn()
            .query_row(
                "SELECT name FROM partner_types WHERE id = ?1",
                [p.type_id],
                |r| r.get(0),
            )
            .optional()?;
        let type_name = type_name
            .ok_or_else(|| StoreError::NotFound("That partner type no longer exists.".into()))?;
        let profile_id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM profiles WHERE type_id = ?1",
                [p.type_id],
                |r| r.get(0),
            )
            .optional()?;
        let existing: Vec<i64> = match profile_id {
            Some(pid) => self
                .conn()
                .prepare("SELECT id FROM profile_traits WHERE profile_id = ?1")?
                .query_map([pid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            None => Vec::new(),
        };
        if p.traits
            .iter()
            .any(|t| t.id.is_some_and(|id| !existing.contains(&id)))
        {
            return Err(StoreError::NotFound(
                "A trait in this profile no longer exists; reload and try again.".into(),
            ));
        }
        self.edit(&format!("Edit the {type_name} profile"), |rec| {
            let cols = [
                ("joint_solution", text(&p.joint_solution)),
                ("walk_away_count", Value::Integer(p.walk_away_count)),
            ];
            let pid = match profile_id {
                Some(pid) => {
                    rec.update("profiles", pid, &cols)?;
                    pid
                }
                None => rec.insert(
                    "profiles",
                    &[
                        ("type_id", Value::Integer(p.type_id)),
                        cols[0].clone(),
                        cols[1].clone(),
                    ],
                )?,
            };
            for old in &existing {
                if p.traits.iter().any(|t| t.id == Some(*old)) {
                    continue;
                }
                let checks = rec.ids("SELECT id FROM trait_checks WHERE trait_id = ?1", *old)?;
                for c in checks {
                    rec.delete("trait_checks", c)?;
                }
                rec.delete("profile_traits", *old)?;
            }
            for (i, t) in p.traits.iter().enumerate() {
                let cols = [
                    ("profile_id", Value::Integer(pid)),
                    ("position", Value::Integer(i as i64)),
                    ("name", text(&t.name)),
                    ("evidence", text(&t.evidence)),
                    ("verification", text(&t.verification)),
                ];
                match t.id {
                    Some(id) => rec.update("profile_traits", id, &cols)?,
                    None => {
                        rec.insert("profile_traits", &cols)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Every prospect with its trait checks and verdict.
    pub fn prospects(&self) -> Result<Vec<Prospect>> {
        let profiles: HashMap<i64, Profile> = self
            .profiles()?
            .into_iter()
            .map(|p| (p.type_id, p))
            .collect();
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.name, p.type_id, t.name FROM partners p JOIN partner_types t ON t.id = p.type_id
             WHERE p.status = 'prospect' ORDER BY p.name COLLATE NOCASE, p.id",
        )?;
        let heads: Vec<(i64, String, i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut checks = self.conn().prepare(
            "SELECT trait_id, state, note, checked_on FROM trait_checks WHERE partner_id = ?1",
        )?;
        let mut out = Vec::new();
        for (partner_id, name, type_id, type_name) in heads {
            let list: Vec<TraitCheck> = checks
                .query_map([partner_id], |r| {
                    let state: String = r.get(1)?;
                    Ok(TraitCheck {
                        trait_id: r.get(0)?,
                        state: TraitState::parse(&state).unwrap_or(TraitState::Unverified),
                        note: r.get(2)?,
                        checked_on: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let profile = profiles.get(&type_id);
            let verdict = match profile {
                Some(p) if !p.traits.is_empty() => {
                    let names: Vec<String> = p.traits.iter().map(|t| t.name.clone()).collect();
                    let states: Vec<TraitState> = p
                        .traits
                        .iter()
                        .map(|t| {
                            list.iter()
                                .find(|c| Some(c.trait_id) == t.id)
                                .map_or(TraitState::Unverified, |c| c.state)
                        })
                        .collect();
                    verdict(&names, &states, p.walk_away_count)
                }
                _ => Verdict::Incomplete {
                    to_verify: vec!["(no profile for this type yet)".into()],
                },
            };
            out.push(Prospect {
                partner_id,
                name,
                type_id,
                type_name,
                checks: list,
                verdict,
            });
        }
        Ok(out)
    }

    /// Marks one trait of a prospect as met, missed or unverified, with a note and a date.
    pub fn set_trait_check(
        &mut self,
        partner_id: i64,
        trait_id: i64,
        state: TraitState,
        note: &str,
        date: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let date = validate::date("checked_on", "The check date", date)?;
        if date > today {
            return Err(InvalidInput::new(
                "checked_on",
                format!(
                    "A trait check cannot be dated in the future ({date} is after today, {today})."
                ),
            )
            .into());
        }
        let note = validate::text("note", "The evidence note", note, 0, 1000)?;
        let found: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT p.name, tr.name FROM partners p JOIN profiles pr ON pr.type_id = p.type_id
                 JOIN profile_traits tr ON tr.profile_id = pr.id WHERE p.id = ?1 AND tr.id = ?2",
                [partner_id, trait_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (partner, trait_name) = found.ok_or_else(|| {
            StoreError::NotFound("That trait is not part of this partner's profile.".into())
        })?;
        let existing: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM trait_checks WHERE partner_id = ?1 AND trait_id = ?2",
                [partner_id, trait_id],
                |r| r.get(0),
            )
            .optional()?;
        let cols = [
            ("state", text(state.as_str())),
            ("note", text(&note)),
            ("checked_on", text(&date.to_string())),
        ];
        self.edit(
            &format!("Mark {trait_name} {} for {partner}", state.as_str()),
            |rec| match existing {
                Some(id) => rec.update("trait_checks", id, &cols),
                None => rec
                    .insert(
                        "trait_checks",
                        &[
                            ("partner_id", Value::Integer(partner_id)),
                            ("trait_id", Value::Integer(trait_id)),
                            cols[0].clone(),
                            cols[1].clone(),
                            cols[2].clone(),
                        ],
                    )
                    .map(|_| ()),
            },
        )
    }

    /// Signs a prospect, as one undoable edit. Signing needs the profile to fit and a first
    /// readiness review that is not in the off-board band; without either, an override reason,
    /// which is kept with whether the partner matched its profile. The first review is recorded
    /// as of `today`; a partner it puts in the active band starts active, any other (no review,
    /// or below the threshold) starts in nurture, held below the threshold until a review
    /// lifts it.
    pub fn sign_partner(
        &mut self,
        partner_id: i64,
        first_review: Option<Scores>,
        override_reason: Option<&str>,
        today: NaiveDate,
    ) -> Result<Verdict> {
        let prospect = self
            .prospects()?
            .into_iter()
            .find(|p| p.partner_id == partner_id)
            .ok_or_else(|| StoreError::Conflict("Only a prospect can be signed.".into()))?;
        let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        let fit = prospect.verdict == Verdict::Fit;
        if !fit && reason.is_none() {
            let why = match &prospect.verdict {
                Verdict::WalkAway { missed } => format!(
                    "{} is a walk-away (missed: {})",
                    prospect.name,
                    missed.join(", ")
                ),
                Verdict::Incomplete { to_verify } => format!(
                    "{} is not verified yet (still to verify: {})",
                    prospect.name,
                    to_verify.join(", ")
                ),
                Verdict::Fit => String::new(),
            };
            return Err(StoreError::Conflict(format!(
                "{why}. Signing anyway needs an override with a reason."
            )));
        }
        let first_review = first_review.map(Scores::validated).transpose()?;
        let band = match first_review {
            Some(scores) => Some(self.bands()?.band(scores.total())),
            None => None,
        };
        if reason.is_none() {
            match (first_review, band) {
                (None, _) => {
                    return Err(StoreError::Conflict(format!(
                        "Signing {} needs a first readiness review (capability, capacity and \
                         motion commitment, 0–3 each), or an override with a reason.",
                        prospect.name
                    )))
                }
                (Some(scores), Some(Band::Offboard)) => {
                    return Err(StoreError::Conflict(format!(
                        "{} scores {}/9 on its first readiness review, in the off-board band. \
                         Signing anyway needs an override with a reason.",
                        prospect.name,
                        scores.total()
                    )))
                }
                _ => {}
            }
        }
        let reason = reason
            .map(|r| validate::text("override_reason", "The override reason", r, 1, 1000))
            .transpose()?;
        // Ready partners start active; any other signing starts in nurture, held below the
        // readiness threshold until a review lifts it.
        let status = match band {
            Some(Band::Active) => PartnerStatus::Active,
            _ => PartnerStatus::Nurture,
        };
        self.edit(&format!("Sign {}", prospect.name), |rec| {
            if let Some(scores) = first_review {
                rec.insert(
                    "readiness_reviews",
                    &[
                        ("partner_id", Value::Integer(partner_id)),
                        ("reviewed_on", text(&today.to_string())),
                        ("capability", Value::Integer(scores.capability)),
                        ("capacity", Value::Integer(scores.capacity)),
                        (
                            "motion_commitment",
                            Value::Integer(scores.motion_commitment),
                        ),
                        ("reviewer", text("")),
                        ("note", text("First review, at signing")),
                    ],
                )?;
            }
            rec.update(
                "partners",
                partner_id,
                &[
                    ("status", text(status.as_str())),
                    ("signed_on", text(&today.to_string())),
                    ("profile_match_at_signing", Value::Integer(i64::from(fit))),
                    (
                        "signing_override_reason",
                        reason.as_deref().map_or(Value::Null, text),
                    ),
                ],
            )
        })?;
        Ok(prospect.verdict)
    }

    /// Partner-sourced pipeline created in `from..=to` per signed partner and per month it was
    /// signed in that period (at least one), in the home currency (each deal at the rate of its
    /// created day), split by whether the partner matched its profile at signing, pooled and
    /// per partner type. A partner signed after `to` is left out. Deals in a currency without
    /// a rate are left out and counted, never summed raw.
    pub fn pipeline_by_profile_match(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ProfilePipeline> {
        let currencies = self.currencies()?;
        let mut partners: HashMap<i64, (bool, f64)> = HashMap::new();
        let mut about: HashMap<i64, (String, f64)> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.profile_match_at_signing, COALESCE(t.name, 'No type yet'), p.signed_on
             FROM partners p LEFT JOIN partner_types t ON t.id = p.type_id
             WHERE p.profile_match_at_signing IS NOT NULL AND p.status != 'prospect'",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })? {
            let (id, m, kind, signed) = row?;
            let signed = signed
                .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                .unwrap_or(from);
            if signed > to {
                continue;
            }
            let days = (to - signed.max(from)).num_days() + 1;
            let months = (days as f64 / DAYS_PER_MONTH).max(1.0);
            partners.insert(id, (m == 1, 0.0));
            about.insert(id, (kind, months));
        }
        let mut stmt = self.conn().prepare(
            "SELECT partner_id, amount, currency, created_on FROM deals
             WHERE source = 'partner_sourced' AND partner_id IS NOT NULL
               AND created_on >= ?1 AND created_on <= ?2",
        )?;
        let mut missing: BTreeMap<String, usize> = BTreeMap::new();
        for row in stmt.query_map([from.to_string(), to.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (partner, amount, currency, created) = row?;
            let Some(entry) = partners.get_mut(&partner) else {
                continue;
            };
            let on = NaiveDate::parse_from_str(&created, "%Y-%m-%d").unwrap_or(to);
            match currencies.to_home(amount, &currency, on) {
                Some(home) => entry.1 += home,
                None => *missing.entry(currency.trim().to_uppercase()).or_default() += 1,
            }
        }
        let mut ids: Vec<&i64> = partners.keys().collect();
        ids.sort_unstable();
        let (mut matched, mut unmatched) = (Vec::new(), Vec::new());
        let mut by_type: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
        for id in ids {
            let (m, pipeline) = partners[id];
            let (kind, months) = &about[id];
            let per_month = pipeline / months;
            let group = by_type.entry(kind.clone()).or_default();
            if m {
                matched.push(per_month);
                group.0.push(per_month);
            } else {
                unmatched.push(per_month);
                group.1.push(per_month);
            }
        }
        Ok(ProfilePipeline {
            matched,
            unmatched,
            by_type: by_type
                .into_iter()
                .map(|(type_name, (matched, unmatched))| TypePipeline {
                    type_name,
                    matched,
                    unmatched,
                })
                .collect(),
            left_out: LeftOut::new(missing),
        })
    }
}
