//! Readiness reviews and bands.

use super::{Result, StoreError, Workspace};
use crate::domain::gate::{Consequence, Gate};
use crate::domain::readiness::{review_reason, Band, Bands, ReviewReason, Scores};
use crate::domain::{validate, InvalidInput};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::HashMap;

const BANDS_KEY: &str = "readiness_bands";
const CONSEQUENCE_KEY: &str = "readiness_consequence";

/// One readiness review of a partner, the record behind its band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Key used to edit or delete the review.
    pub id: i64,
    /// Day the review was held (YYYY-MM-DD), which sets when the next is due.
    pub reviewed_on: String,
    /// Points given per readiness criterion.
    pub scores: Scores,
    /// Sum of the scores, which places the partner in a band.
    pub total: i64,
    /// Who did the review, to ask them about it.
    pub reviewer: String,
    /// Reasoning or next steps agreed in the review.
    pub note: String,
}

/// A partner's line in the readiness list: its latest review and whether one is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessRow {
    /// The partner the line is about.
    pub partner_id: i64,
    /// The partner's name.
    pub name: String,
    /// Its partner type's name, to filter and group the list.
    pub type_name: String,
    /// The partner's status (e.g. active or nurture), so the list can be filtered by it.
    pub status: String,
    /// The latest review, if the partner has ever been reviewed.
    pub last: Option<Review>,
    /// The band the latest review puts the partner in.
    pub band: Option<Band>,
    /// Days since that review, to see who is overdue.
    pub days_since: Option<i64>,
    /// Why the partner is on the monthly review list, if it is.
    pub due: Option<ReviewReason>,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// The readiness bands (the defaults until edited).
    pub fn bands(&self) -> Result<Bands> {
        if let Some(json) = self.setting(BANDS_KEY)? {
            let bands: Bands = serde_json::from_str(&json).map_err(|e| {
                StoreError::Conflict(format!("The saved readiness bands are unreadable: {e}"))
            })?;
            return Ok(bands.validated()?);
        }
        let setting = |key: &str, default: i64| -> Result<i64> {
            Ok(self
                .setting(key)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(default))
        };
        Ok(Bands::from_thresholds(
            setting("readiness_active_min", 6)?,
            setting("readiness_nurture_min", 3)?,
        ))
    }

    /// The readiness gate: the active band's threshold and what falling below it costs.
    pub fn readiness_gate(&self) -> Result<Gate> {
        let word = self.setting(CONSEQUENCE_KEY)?;
        let consequence = match word.as_deref() {
            None => Consequence::default(),
            Some(w) => Consequence::parse(w).ok_or_else(|| {
                StoreError::Conflict(format!(
                    "The saved readiness consequence “{w}” is not one this version knows."
                ))
            })?,
        };
        Ok(Gate::new(&self.bands()?, consequence))
    }

    /// Saves what a partner below the readiness threshold is given, as one undoable edit.
    pub fn save_readiness_consequence(&mut self, consequence: Consequence) -> Result<()> {
        self.put_setting(
            "Change what readiness below the threshold costs",
            CONSEQUENCE_KEY,
            consequence.as_str(),
        )
    }

    /// The total of every reviewed partner's latest review (by date, then by entry).
    pub fn latest_readiness(&self) -> Result<HashMap<i64, i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT partner_id, capability + capacity + motion_commitment FROM readiness_reviews
             ORDER BY reviewed_on, id",
        )?;
        let mut latest = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (partner, total) = row?;
            latest.insert(partner, total);
        }
        Ok(latest)
    }

    /// Saves the score thresholds that split partners into readiness bands, as one undoable
    /// edit. A reviewed partner in active or nurture whose latest total now falls in the other
    /// of the two moves with it, so the status keeps meaning "at or above the threshold"; one
    /// the new bands would off-board stays, flagged for review, since letting a partner go is
    /// a person's decision. Returns how many partners moved.
    pub fn save_bands(&mut self, bands: &Bands) -> Result<usize> {
        let bands = bands.validated()?;
        let json =
            serde_json::to_string(&bands).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let latest = self.latest_readiness()?;
        let mut stmt = self
            .conn()
            .prepare("SELECT id, status FROM partners WHERE status IN ('active', 'nurture')")?;
        let moves: Vec<(i64, Band)> = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(id, status)| {
                let band = bands.band(*latest.get(&id)?);
                (band != Band::Offboard && Band::from_status(&status) != Some(band))
                    .then_some((id, band))
            })
            .collect();
        drop(stmt);
        let existing = self.setting(BANDS_KEY)?;
        if existing.as_deref() == Some(json.as_str()) && moves.is_empty() {
            return Ok(0);
        }
        self.edit("Change readiness bands", |rec| {
            rec.put_setting(BANDS_KEY, &json)?;
            for (id, band) in &moves {
                rec.update("partners", *id, &[("status", text(band.status()))])?;
            }
            Ok(())
        })?;
        Ok(moves.len())
    }

    /// Records a review and moves a signed partner to the band its total falls in.
    pub fn add_review(
        &mut self,
        partner_id: i64,
        date: &str,
        scores: Scores,
        reviewer: &str,
        note: &str,
        today: NaiveDate,
    ) -> Result<Band> {
        let scores = scores.validated()?;
        let date = validate::date("reviewed_on", "The review date", date)?;
        if date > today {
            return Err(InvalidInput::new(
                "reviewed_on",
                format!("A review cannot be dated in the future ({date} is after today, {today})."),
            )
            .into());
        }
        let reviewer = validate::text("reviewer", "The reviewer", reviewer, 0, 80)?;
        let note = validate::text("note", "The note", note, 0, 2000)?;
        let found: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT name, status FROM partners WHERE id = ?1",
                [partner_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (name, status) =
            found.ok_or_else(|| StoreError::NotFound("That partner no longer exists.".into()))?;
        if status == "prospect" {
            return Err(StoreError::Conflict(format!(
                "{name} is a prospect: readiness is scored once a partner is signed."
            )));
        }
        let band = self.bands()?.band(scores.total());
        let latest: Option<String> = self.conn().query_row(
            "SELECT MAX(reviewed_on) FROM readiness_reviews WHERE partner_id = ?1",
            [partner_id],
            |r| r.get(0),
        )?;
        let is_latest = latest.is_none_or(|l| date.to_string() >= l);
        self.edit(&format!("Review {name}: {}/9", scores.total()), |rec| {
            rec.insert(
                "readiness_reviews",
                &[
                    ("partner_id", Value::Integer(partner_id)),
                    ("reviewed_on", text(&date.to_string())),
                    ("capability", Value::Integer(scores.capability)),
                    ("capacity", Value::Integer(scores.capacity)),
                    (
                        "motion_commitment",
                        Value::Integer(scores.motion_commitment),
                    ),
                    ("reviewer", text(&reviewer)),
                    ("note", text(&note)),
                ],
            )?;
            if is_latest {
                rec.update("partners", partner_id, &[("status", text(band.status()))])?;
            }
            Ok(band)
        })
    }

    /// Every review of a partner, newest first.
    pub fn reviews(&self, partner_id: i64) -> Result<Vec<Review>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, reviewed_on, capability, capacity, motion_commitment, reviewer, note FROM readiness_reviews
             WHERE partner_id = ?1 ORDER BY reviewed_on DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([partner_id], |r| {
                let scores = Scores {
                    capability: r.get(2)?,
                    capacity: r.get(3)?,
                    motion_commitment: r.get(4)?,
                };
                Ok(Review {
                    id: r.get(0)?,
                    reviewed_on: r.get(1)?,
                    total: scores.total(),
                    scores,
                    reviewer: r.get(5)?,
                    note: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every signed partner's latest review, band and whether it is due on the monthly review.
    pub fn readiness(&self, today: NaiveDate) -> Result<Vec<ReadinessRow>> {
        let bands = self.bands()?;
        let mut latest: HashMap<i64, Review> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT r.id, r.partner_id, r.reviewed_on, r.capability, r.capacity, r.motion_commitment, r.reviewer, r.note
             FROM readiness_reviews r ORDER BY r.reviewed_on, r.id",
        )?;
        for row in stmt.query_map([], |r| {
            let scores = Scores {
                capability: r.get(3)?,
                capacity: r.get(4)?,
                motion_commitment: r.get(5)?,
            };
            Ok((
                r.get::<_, i64>(1)?,
                Review {
                    id: r.get(0)?,
                    reviewed_on: r.get(2)?,
                    total: scores.total(),
                    scores,
                    reviewer: r.get(6)?,
                    note: r.get(7)?,
                },
            ))
        })? {
            let (partner, review) = row?;
            latest.insert(partner, review);
        }
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.name, COALESCE(t.name, ''), p.status FROM partners p LEFT JOIN partner_types t ON t.id = p.type_id
             WHERE p.status != 'prospect' ORDER BY p.name COLLATE NOCASE, p.id",
        )?;
        let rows: Vec<(i64, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(partner_id, name, type_name, status)| {
                let last = latest.remove(&partner_id);
                let date = last
                    .as_ref()
                    .and_then(|l| NaiveDate::parse_from_str(&l.reviewed_on, "%Y-%m-%d").ok());
                let due = review_reason(
                    &status,
                    date.zip(last.as_ref().map(|l| l.scores)),
                    &bands,
                    today,
                );
                ReadinessRow {
                    band: last.as_ref().map(|l| bands.band(l.total)),
                    days_since: date.map(|d| (today - d).num_days()),
                    partner_id,
                    name,
                    type_name,
                    status,
                    last,
                    due,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::generate;
    use crate::domain::profile::{TraitState, Verdict};
    use crate::domain::readiness::BandRange;
    use crate::store::create_demo;

    fn demo() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let ws = create_demo(&dir.path().join("r.partnerboard"), &generate(140, 7, as_of)).unwrap();
        (dir, ws)
    }

    fn ready() -> Scores {
        Scores {
            capability: 2,
            capacity: 2,
            motion_commitment: 2,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_two_two_two_review_makes_a_partner_active_and_undo_restores() {
        let (_d, mut ws) = demo();
        let (id, status): (i64, String) = ws
            .conn()
            .query_row(
                "SELECT id, status FROM partners WHERE status = 'nurture' LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let s = Scores {
            capability: 2,
            capacity: 2,
            motion_commitment: 2,
        };
        assert_eq!(
            ws.add_review(id, "2026-11-20", s, "Maya", "Certified reps", today())
                .unwrap(),
            Band::Active
        );
        let now: String = ws
            .conn()
            .query_row("SELECT status FROM partners WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(now, "active");
        assert_eq!(ws.reviews(id).unwrap()[0].total, 6);
        ws.undo().unwrap();
        let back: String = ws
            .conn()
            .query_row("SELECT status FROM partners WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(back, status);
        assert!(ws
            .add_review(id, "2026-11-26", s, "", "", today())
            .unwrap_err()
            .to_string()
            .contains("future"));
        let bad = Scores { capability: 4, ..s };
        assert!(ws
            .add_review(id, "2026-11-20", bad, "", "", today())
            .is_err());
        let overlap = Bands {
            ranges: vec![
                BandRange {
                    band: Band::Offboard,
                    min: 0,
                    max: 3,
                },
                BandRange {
                    band: Band::Nurture,
                    min: 3,
                    max: 5,
                },
                BandRange {
                    band: Band::Active,
                    min: 6,
                    max: 9,
                },
            ],
        };
        assert!(ws.save_bands(&overlap).is_err());
        let status_of = |ws: &Workspace| -> HashMap<i64, String> {
            ws.readiness(today())
                .unwrap()
                .into_iter()
                .map(|r| (r.partner_id, r.status))
                .collect()
        };
        let before = status_of(&ws);
        let latest = ws.latest_readiness().unwrap();
        // Reviewed partners at exactly 6, active under the default bands, are below 7.
        let at_six: Vec<i64> = latest
            .iter()
            .filter(|(id, t)| **t == 6 && before[*id] == "active")
            .map(|(id, _)| *id)
            .collect();
        assert!(
            !at_six.is_empty(),
            "the demo has active partners reviewed at 6/9"
        );
        let moved = ws.save_bands(&Bands::from_thresholds(7, 4)).unwrap();
        assert!(moved >= at_six.len());
        assert_eq!(ws.bands().unwrap().band(6), Band::Nurture);
        let after = status_of(&ws);
        for id in &at_six {
            assert_eq!(
                after[id], "nurture",
                "the threshold moved past partner {id}"
            );
        }
        // Saving the same bands again moves nobody and records nothing.
        assert_eq!(ws.save_bands(&Bands::from_thresholds(7, 4)).unwrap(), 0);
        // One undo takes back the bands and every move with them.
        ws.undo().unwrap();
        assert_eq!(status_of(&ws), before);
        assert_eq!(ws.bands().unwrap().band(6), Band::Active);
        ws.redo().unwrap();
        let rows = ws.readiness(today()).unwrap();
        assert!(rows.iter().all(|r| r.status != "prospect"));
        assert!(rows.iter().any(|r| r.due.is_some()));
    }

    #[test]
    fn signing_a_walk_away_needs_a_reason_which_is_recorded() {
        let (_d, mut ws) = demo();
        let prospect = ws.prospects().unwrap().into_iter().next().unwrap();
        let profile = ws
            .profiles()
            .unwrap()
            .into_iter()
            .find(|p| p.type_id == prospect.type_id)
            .unwrap();
        for t in &profile.traits[..2] {
            ws.set_trait_check(
                prospect.partner_id,
                t.id.unwrap(),
                TraitState::Missed,
                "No shared accounts",
                "2026-11-20",
                today(),
            )
            .unwrap();
        }
        assert!(ws
            .set_trait_check(
                prospect.partner_id,
                profile.traits[2].id.unwrap(),
                TraitState::Met,
                "",
                "2026-11-26",
                today()
            )
            .is_err());
        let p = ws
            .prospects()
            .unwrap()
            .into_iter()
            .find(|p| p.partner_id == prospect.partner_id)
            .unwrap();
        assert_eq!(p.verdict.as_str(), "walk_away");
        let err = ws
            .sign_partner(p.partner_id, Some(ready()), None, today())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("walk-away") && err.contains("override"),
            "{err}"
        );
        assert!(matches!(
            ws.sign_partner(
                p.partner_id,
                None,
                Some("Strategic logo for the board"),
                today()
            )
            .unwrap(),
            Verdict::WalkAway { .. }
        ));
        let (status, matched, reason): (String, i64, String) = ws
            .conn()
            .query_row("SELECT status, profile_match_at_signing, signing_override_reason FROM partners WHERE id = ?1", [p.partner_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        assert_eq!(
            (status.as_str(), matched, reason.as_str()),
            ("nurture", 0, "Strategic logo for the board"),
            "signed by override with no review, it starts in nurture"
        );

        let mut bad = profile.clone();
        bad.walk_away_count = 0;
        assert!(ws.save_profile(&bad).is_err());
        let mut fewer = profile.clone();
        fewer.traits.truncate(3);
        ws.save_profile(&fewer).unwrap();
        assert_eq!(
            ws.profiles()
                .unwrap()
                .into_iter()
                .find(|x| x.type_id == profile.type_id)
                .unwrap()
                .traits
                .len(),
            3
        );
        ws.undo().unwrap();
        assert_eq!(
            ws.profiles()
                .unwrap()
                .into_iter()
                .find(|x| x.type_id == profile.type_id)
                .unwrap(),
            profile
        );
        let p = ws
            .pipeline_by_profile_match(NaiveDate::from_ymd_opt(2024, 11, 1).unwrap(), today())
            .unwrap();
        assert!(p.matched.len() >= 5 && p.unmatched.len() >= 5);
        assert_eq!(p.left_out.deals, 0);
    }
}
