//! The team and its capacity plan: members and their hours, today's owners, the allocation of
//! the ranked roster to tiers and people, and applying a proposed owner assignment.

use super::scoring::{existing_ids, write_tiers};
use super::{Result, StoreError, Workspace};
use crate::domain::capacity::Member;
use crate::domain::capacity_plan::{capacity_plan, CapacityPlan};
use crate::domain::roster::ScoredRoster;
use crate::domain::tiers::{validate_tiers, Tier};
use crate::domain::InvalidInput;
use rusqlite::types::Value;
use std::collections::HashMap;

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// The team, in order.
    pub fn team(&self) -> Result<Vec<Member>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, role, hours_per_month, carries_partners FROM team_members ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Member {
                    id: Some(r.get(0)?),
                    name: r.get(1)?,
                    role: r.get(2)?,
                    hours_per_month: r.get(3)?,
                    carries_partners: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Today's owner of every partner that has one.
    pub fn owners(&self) -> Result<HashMap<i64, i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, owner_id FROM partners WHERE owner_id IS NOT NULL")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Saves tiers and/or the team as one undoable edit. A removed member's partners lose their
    /// owner (the capacity plan then proposes a new one).
    pub fn save_plan(&mut self, tiers: Option<&[Tier]>, members: Option<&[Member]>) -> Result<()> {
        let tiers = tiers.map(validate_tiers).transpose()?;
        let members = members
            .map(|ms| {
                ms.iter()
                    .map(Member::validated)
                    .collect::<std::result::Result<Vec<_>, InvalidInput>>()
            })
            .transpose()?;
        let tier_ids = match &tiers {
            Some(t) => existing_ids(self, "tiers", t.iter().map(|x| x.id), "A tier")?,
            None => Vec::new(),
        };
        let member_ids = match &members {
            Some(m) => existing_ids(
                self,
                "team_members",
                m.iter().map(|x| x.id),
                "A team member",
            )?,
            None => Vec::new(),
        };
        let label = match (&tiers, &members) {
            (Some(_), Some(_)) => "Change tiers and team",
            (Some(_), None) => "Change tiers",
            _ => "Change team",
        };
        self.edit(label, |rec| {
            if let Some(tiers) = &tiers {
                write_tiers(rec, tiers, &tier_ids)?;
            }
            if let Some(members) = &members {
                for old in &member_ids {
                    if members.iter().any(|m| m.id == Some(*old)) {
                        continue;
                    }
                    let owned = rec.ids("SELECT id FROM partners WHERE owner_id = ?1", *old)?;
                    for p in owned {
                        rec.update("partners", p, &[("owner_id", Value::Null)])?;
                    }
                    rec.delete("team_members", *old)?;
                }
                for (i, m) in members.iter().enumerate() {
                    let cols = [
                        ("position", Value::Integer(i as i64)),
                        ("name", text(&m.name)),
                        ("role", text(&m.role)),
                        ("hours_per_month", Value::Real(m.hours_per_month)),
                        (
                            "carries_partners",
                            Value::Integer(i64::from(m.carries_partners)),
                        ),
                    ];
                    match m.id {
                        Some(id) => rec.update("team_members", id, &cols)?,
                        None => {
                            rec.insert("team_members", &cols)?;
                        }
                    }
                }
            }
            Ok(())
        })
    }

    /// The plan from what is saved.
    pub fn saved_capacity_plan(&self, scored: &ScoredRoster) -> Result<CapacityPlan> {
        Ok(capacity_plan(
            scored,
            &scored.tiers,
            &self.team()?,
            &self.owners()?,
        ))
    }

    /// Applies the saved plan's proposed owner moves as one undoable edit. Returns how many
    /// partners changed owner.
    pub fn apply_owner_moves(&mut self, scored: &ScoredRoster) -> Result<usize> {
        let plan = self.saved_capacity_plan(scored)?;
        let moves = plan.assignment.moves;
        if moves.is_empty() {
            return Ok(0);
        }
        self.edit(
            &format!(
                "Reassign {} partner owner{}",
                moves.len(),
                if moves.len() == 1 { "" } else { "s" }
            ),
            |rec| {
                for m in &moves {
                    rec.update(
                        "partners",
                        m.partner_id,
                        &[("owner_id", Value::Integer(m.to))],
                    )
                    .map_err(|e| match e {
                        StoreError::NotFound(_) => StoreError::NotFound(format!(
                            "{} no longer exists; reload and try again.",
                            m.name
                        )),
                        other => other,
                    })?;
                }
                Ok(moves.len())
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::generate;
    use crate::store::{create_demo, ContactDraft, TouchDraft};
    use chrono::NaiveDate;

    fn demo() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let ws = create_demo(&dir.path().join("t.partnerboard"), &generate(140, 7, as_of)).unwrap();
        (dir, ws)
    }

    #[test]
    fn removing_a_member_frees_their_partners_and_undo_brings_them_back() {
        let (_d, mut ws) = demo();
        let team = ws.team().unwrap();
        assert_eq!(team.iter().map(|m| m.hours_per_month).sum::<f64>(), 400.0);
        let gone = team[1].id.unwrap();
        let owned = ws
            .owners()
            .unwrap()
            .values()
            .filter(|o| **o == gone)
            .count();
        assert!(owned > 0);
        let rest: Vec<Member> = team
            .iter()
            .filter(|m| m.id != Some(gone))
            .cloned()
            .collect();
        ws.save_plan(None, Some(&rest)).unwrap();
        assert_eq!(ws.team().unwrap().len(), 3);
        assert!(!ws.owners().unwrap().values().any(|o| *o == gone));
        ws.undo().unwrap();
        assert_eq!(ws.team().unwrap(), team);
        assert_eq!(
            ws.owners()
                .unwrap()
                .values()
                .filter(|o| **o == gone)
                .count(),
            owned
        );
    }

    #[test]
    fn bad_hours_are_refused_and_nothing_is_half_saved() {
        let (_d, mut ws) = demo();
        let team = ws.team().unwrap();
        for hours in [-1.0, f64::NAN, 745.0] {
            let mut bad = team.clone();
            bad[0].hours_per_month = hours;
            let mut tiers = ws.tiers().unwrap();
            tiers[0].hours_per_partner = 9.0;
            assert!(ws.save_plan(Some(&tiers), Some(&bad)).is_err(), "{hours}");
        }
        assert_eq!(ws.team().unwrap(), team);
        assert_eq!(
            ws.tiers().unwrap()[0].hours_per_partner,
            8.0,
            "the tiers in the same edit were not saved either"
        );
    }

    #[test]
    fn owner_moves_apply_as_one_edit() {
        let (_d, mut ws) = demo();
        let scored = ws.scored_roster().unwrap();
        let plan = ws.saved_capacity_plan(&scored).unwrap();
        let moved = ws.apply_owner_moves(&scored).unwrap();
        assert_eq!(moved, plan.assignment.moves.len());
        let owners = ws.owners().unwrap();
        for (p, m) in &plan.assignment.owners {
            assert_eq!(owners.get(p), Some(m));
        }
        assert_eq!(
            ws.apply_owner_moves(&scored).unwrap(),
            0,
            "a balanced plan proposes nothing more"
        );
        if moved > 0 {
            ws.undo().unwrap();
            assert_eq!(
                ws.saved_capacity_plan(&scored)
                    .unwrap()
                    .assignment
                    .moves
                    .len(),
                moved
            );
        }
    }

    #[test]
    fn contacts_and_touches_are_checked() {
        let (_d, mut ws) = demo();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let (partner, created): (i64, String) = ws
            .conn()
            .query_row(
                "SELECT id, created_on FROM partners WHERE status = 'active' LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let draft = ContactDraft {
            id: None,
            partner_id: partner,
            name: " ".into(),
            role: String::new(),
            email: String::new(),
        };
        assert!(ws
            .contact_save(&draft)
            .unwrap_err()
            .to_string()
            .contains("name cannot be empty"));
        let id = ws
            .contact_save(&ContactDraft {
                name: "Lea Park".into(),
                email: "lea@example.com".into(),
                ..draft
            })
            .unwrap();
        let touch = |date: &str| TouchDraft {
            contact_id: id,
            touched_on: date.into(),
            channel: "call".into(),
            note: "Pipeline review".into(),
        };
        assert!(ws
            .touch_log(&touch("2026-11-26"), today)
            .unwrap_err()
            .to_string()
            .contains("future"));
        let before = NaiveDate::parse_from_str(&created, "%Y-%m-%d")
            .unwrap()
            .pred_opt()
            .unwrap()
            .to_string();
        assert!(ws
            .touch_log(&touch(&before), today)
            .unwrap_err()
            .to_string()
            .contains("before the partner existed"));
        assert!(ws
            .touch_log(
                &TouchDraft {
                    channel: "pigeon".into(),
                    ..touch("2026-11-20")
                },
                today
            )
            .is_err());
        ws.touch_log(&touch("2026-11-20"), today).unwrap();
        let c = ws
            .contacts(Some(partner))
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap();
        assert_eq!(c.touches.len(), 1);
        ws.contact_delete(id).unwrap();
        assert!(!ws
            .contacts(Some(partner))
            .unwrap()
            .iter()
            .any(|c| c.id == id));
        ws.undo().unwrap();
        assert_eq!(
            ws.contacts(Some(partner))
                .unwrap()
                .into_iter()
                .find(|c| c.id == id)
                .unwrap()
                .touches
                .len(),
            1
        );
    }
}
