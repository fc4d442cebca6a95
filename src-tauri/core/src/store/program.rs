//! Program design rows: the program header, partner types with their enablement steps, and
//! the program's target metrics.

use super::{Recorder, Result, StoreError, Workspace};
use crate::domain::program::{
    check_new_target, IncentiveKind, PartnerType, PartnerTypeDraft, Program, ProgramHeaderDraft,
    ProgramTarget, ProgramTargetDraft, TargetMetric,
};
use crate::domain::InvalidInput;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn not_found() -> StoreError {
    StoreError::NotFound("That partner type no longer exists; it may have been deleted.".into())
}

impl Workspace {
    /// The whole program design, types in their order.
    pub fn program(&self) -> Result<Program> {
        let conn = self.conn();
        let (company, thesis, currency): (String, String, String) = conn.query_row(
            "SELECT company, thesis, currency FROM program WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut stmt = conn.prepare(
            "SELECT t.id, t.position, t.name, t.motion, t.incentive_kind, t.incentive_value,
                    (SELECT COUNT(*) FROM partners p WHERE p.type_id = t.id)
             FROM partner_types t ORDER BY t.position, t.id",
        )?;
        let mut types = stmt
            .query_map([], |r| {
                let kind: String = r.get(4)?;
                Ok(PartnerType {
                    id: r.get(0)?,
                    position: r.get(1)?,
                    name: r.get(2)?,
                    motion: r.get(3)?,
                    incentive_kind: IncentiveKind::parse(&kind).unwrap_or(IncentiveKind::Margin),
                    incentive_value: r.get(5)?,
                    enablement: Vec::new(),
                    partner_count: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut steps = conn.prepare(
            "SELECT step FROM enablement_steps WHERE type_id = ?1 ORDER BY position, id",
        )?;
        for t in &mut types {
            t.enablement = steps
                .query_map([t.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(Program {
            company,
            thesis,
            currency,
            types,
            targets: self.targets()?,
        })
    }

    fn targets(&self) -> Result<Vec<ProgramTarget>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, metric, quarterly_value FROM program_targets ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let metric: String = r.get(1)?;
            Ok((r.get::<_, i64>(0)?, metric, r.get::<_, f64>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, metric, quarterly_value) = row?;
            if let Some(metric) = TargetMetric::parse(&metric) {
                out.push(ProgramTarget {
                    id,
                    metric,
                    quarterly_value,
                });
            }
        }
        Ok(out)
    }

    /// Saves the company and the thesis of why partners win, shown at the top of the program.
    pub fn program_header_update(&mut self, draft: &ProgramHeaderDraft) -> Result<()> {
        let d = draft.validated()?;
        self.edit("Edit program", |rec| {
            rec.update(
                "program",
                1,
                &[("company", text(&d.company)), ("thesis", text(&d.thesis))],
            )
        })
    }

    /// Adds a partner type at the end of the list and returns its id.
    pub fn partner_type_create(&mut self, draft: &PartnerTypeDraft) -> Result<i64> {
        let d = draft.validated()?;
        self.edit(&format!("Add partner type “{}”", d.name), |rec| {
            ensure_unique_name(rec, &d.name, None)?;
            let position: i64 = rec.tx().query_row(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM partner_types",
                [],
                |r| r.get(0),
            )?;
            let id = rec.insert("partner_types", &type_columns(&d, Some(position)))?;
            write_steps(rec, id, &d.enablement)?;
            Ok(id)
        })
    }

    /// Changes a partner type's name, motion, incentive or enablement steps.
    pub fn partner_type_update(&mut self, id: i64, draft: &PartnerTypeDraft) -> Result<()> {
        let d = draft.validated()?;
        self.edit(&format!("Edit partner type “{}”", d.name), |rec| {
            ensure_unique_name(rec, &d.name, Some(id))?;
            rec.update("partner_types", id, &type_columns(&d, None))?;
            let old: Vec<String> = {
                let mut stmt = rec.tx().prepare(
                    "SELECT step FROM enablement_steps WHERE type_id = ?1 ORDER BY position, id",
                )?;
                let rows = stmt
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                rows
            };
            if old != d.enablement {
                write_steps(rec, id, &d.enablement)?;
            }
            Ok(())
        })
    }

    /// Deletes a partner type no partner uses, with its enablement path and profile.
    pub fn partner_type_delete(&mut self, id: i64) -> Result<()> {
        let (name, partners): (String, i64) = self
            .conn()
            .query_row(
                "SELECT name, (SELECT COUNT(*) FROM partners WHERE type_id = ?1) FROM partner_types WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(not_found)?;
        if partners > 0 {
            let noun = if partners == 1 {
                "partner is"
            } else {
                "partners are"
            };
            return Err(StoreError::Conflict(format!(
                "“{name}” cannot be deleted: {partners} {noun} of this type. Move them to another type first."
            )));
        }
        self.edit(&format!("Delete partner type “{name}”"), |rec| {
            for step in rec.ids("SELECT id FROM enablement_steps WHERE type_id = ?1", id)? {
                rec.delete("enablement_steps", step)?;
            }
            for profile in rec.ids("SELECT id FROM profiles WHERE type_id = ?1", id)? {
                for t in rec.ids(
                    "SELECT id FROM profile_traits WHERE profile_id = ?1",
                    profile,
                )? {
                    for check in rec.ids("SELECT id FROM trait_checks WHERE trait_id = ?1", t)? {
                        rec.delete("trait_checks", check)?;
                    }
                    rec.delete("profile_traits", t)?;
                }
                rec.delete("profiles", profile)?;
            }
            rec.delete("partner_types", id)
        })
    }

    /// Moves a partner type one place up (`-1`) or down (`+1`).
    pub fn partner_type_move(&mut self, id: i64, offset: i64) -> Result<()> {
        if offset != -1 && offset != 1 {
            return Err(InvalidInput::new(
                "offset",
                "A partner type moves one place up or down at a time.",
            )
            .into());
        }
        let order: Vec<(i64, String)> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id, name FROM partner_types ORDER BY position, id")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        let from = order
            .iter()
            .position(|(t, _)| *t == id)
            .ok_or_else(not_found)?;
        let to = from as i64 + offset;
        if to < 0 || to >= order.len() as i64 {
            return Ok(());
        }
        let mut order = order;
        order.swap(from, to as usize);
        let name = order[to as usize].1.clone();
        self.edit(&format!("Move partner type “{name}”"), |rec| {
            for (position, (t, _)) in order.iter().enumerate() {
                rec.update(
                    "partner_types",
                    *t,
                    &[("position", Value::Integer(position as i64))],
                )?;
            }
            Ok(())
        })
    }

    /// Sets a target metric's quarterly value, adding it when it is new (at most two).
    pub fn program_target_set(&mut self, draft: &ProgramTargetDraft) -> Result<i64> {
        let d = draft.validated()?;
        let existing = self.targets()?;
        let label = format!("Set target {}", d.metric.as_str().replace('_', " "));
        if let Some(t) = existing.iter().find(|t| t.metric == d.metric) {
            let id = t.id;
            self.edit(&label, |rec| {
                rec.update(
                    "program_targets",
                    id,
                    &[("quarterly_value", Value::Real(d.quarterly_value))],
                )
            })?;
            return Ok(id);
        }
        check_new_target(&existing, &d)?;
        self.edit(&label, |rec| {
            rec.insert(
                "program_targets",
                &[
                    ("position", Value::Integer(existing.len() as i64)),
                    ("metric", text(d.metric.as_str())),
                    ("quarterly_value", Value::Real(d.quarterly_value)),
                ],
            )
        })
    }

    /// Removes a goal the program no longer tracks; can be undone.
    pub fn program_target_delete(&mut self, id: i64) -> Result<()> {
        self.edit("Remove program target", |rec| {
            rec.delete("program_targets", id)
        })
    }
}

fn type_columns(d: &PartnerTypeDraft, position: Option<i64>) -> Vec<(&'static str, Value)> {
    let mut cols = vec![
        ("name", text(&d.name)),
        ("motion", text(&d.motion)),
        ("incentive_kind", text(d.incentive_kind.as_str())),
        ("incentive_value", Value::Real(d.incentive_value)),
    ];
    if let Some(p) = position {
        cols.push(("position", Value::Integer(p)));
    }
    cols
}

fn ensure_unique_name(rec: &Recorder<'_>, name: &str, except: Option<i64>) -> Result<()> {
    let clash: Option<String> = rec
        .tx()
        .query_row(
            "SELECT name FROM partner_types WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    match clash {
        Some(existing) => Err(InvalidInput::new(
            "name",
            format!("A partner type called “{existing}” already exists."),
        )
        .into()),
        None => Ok(()),
    }
}

fn write_steps(rec: &mut Recorder<'_>, type_id: i64, steps: &[String]) -> Result<()> {
    for old in rec.ids(
        "SELECT id FROM enablement_steps WHERE type_id = ?1",
        type_id,
    )? {
        rec.delete("enablement_steps", old)?;
    }
    for (i, step) in steps.iter().enumerate() {
        rec.insert(
            "enablement_steps",
            &[
                ("type_id", Value::Integer(type_id)),
                ("position", Value::Integer(i as i64)),
                ("step", text(step)),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::create_new;

    fn draft(name: &str) -> PartnerTypeDraft {
        PartnerTypeDraft {
            name: name.into(),
            motion: "Resell".into(),
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 20.0,
            enablement: vec!["Certify".into(), "First deal".into()],
        }
    }

    fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let ws = create_new(&dir.path().join("t.partnerboard"), "Acme").unwrap();
        (dir, ws)
    }

    fn names(ws: &Workspace) -> Vec<String> {
        ws.program()
            .unwrap()
            .types
            .into_iter()
            .map(|t| t.name)
            .collect()
    }

    #[test]
    fn undo_and_redo_a_create() {
        let (_d, mut ws) = workspace();
        ws.partner_type_create(&draft("Resellers")).unwrap();
        assert_eq!(names(&ws), ["Resellers"]);
        assert_eq!(
            ws.program().unwrap().types[0].enablement,
            ["Certify", "First deal"]
        );
        assert_eq!(
            ws.history_state().unwrap().undo.as_deref(),
            Some("Add partner type “Resellers”")
        );
        assert_eq!(
            ws.undo().unwrap().as_deref(),
            Some("Add partner type “Resellers”")
        );
        assert!(names(&ws).is_empty());
        let steps: i64 = ws
            .conn()
            .query_row("SELECT COUNT(*) FROM enablement_steps", [], |r| r.get(0))
            .unwrap();
        assert_eq!(steps, 0);
        assert_eq!(
            ws.redo().unwrap().as_deref(),
            Some("Add partner type “Resellers”")
        );
        assert_eq!(names(&ws), ["Resellers"]);
        assert_eq!(
            ws.program().unwrap().types[0].enablement,
            ["Certify", "First deal"]
        );
        assert_eq!(ws.redo().unwrap(), None);
    }

    #[test]
    fn undo_and_redo_an_edit() {
        let (_d, mut ws) = workspace();
        let id = ws.partner_type_create(&draft("Resellers")).unwrap();
        let mut changed = draft("Value-added resellers");
        changed.incentive_value = 25.0;
        changed.enablement = vec!["Certify two reps".into()];
        ws.partner_type_update(id, &changed).unwrap();
        let t = &ws.program().unwrap().types[0];
        assert_eq!(
            (t.name.as_str(), t.incentive_value),
            ("Value-added resellers", 25.0)
        );
        assert_eq!(t.enablement, ["Certify two reps"]);
        ws.undo().unwrap();
        let t = &ws.program().unwrap().types[0];
        assert_eq!((t.name.as_str(), t.incentive_value), ("Resellers", 20.0));
        assert_eq!(t.enablement, ["Certify", "First deal"]);
        ws.redo().unwrap();
        assert_eq!(
            ws.program().unwrap().types[0].enablement,
            ["Certify two reps"]
        );
    }

    #[test]
    fn undo_and_redo_a_delete_restores_the_same_rows() {
        let (_d, mut ws) = workspace();
        let id = ws.partner_type_create(&draft("Resellers")).unwrap();
        ws.partner_type_create(&draft("Agencies")).unwrap();
        let before = ws.program().unwrap();
        ws.partner_type_delete(id).unwrap();
        assert_eq!(names(&ws), ["Agencies"]);
        ws.undo().unwrap();
        assert_eq!(ws.program().unwrap(), before);
        ws.redo().unwrap();
        assert_eq!(names(&ws), ["Agencies"]);
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let (_d, mut ws) = workspace();
        ws.partner_type_create(&draft("A")).unwrap();
        ws.undo().unwrap();
        assert!(ws.history_state().unwrap().redo.is_some());
        ws.partner_type_create(&draft("B")).unwrap();
        assert_eq!(ws.history_state().unwrap().redo, None);
        assert_eq!(ws.redo().unwrap(), None);
        assert_eq!(names(&ws), ["B"]);
    }

    #[test]
    fn duplicate_names_and_types_in_use_are_refused() {
        let (_d, mut ws) = workspace();
        let id = ws.partner_type_create(&draft("Resellers")).unwrap();
        let err = ws.partner_type_create(&draft("resellers")).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        ws.conn()
            .execute("INSERT INTO partners (name, type_id, status, created_on) VALUES ('P', ?1, 'active', '2026-01-01')", [id])
            .unwrap();
        let err = ws.partner_type_delete(id).unwrap_err();
        assert!(
            err.to_string().contains("1 partner is of this type"),
            "{err}"
        );
        assert_eq!(names(&ws), ["Resellers"]);
    }

    #[test]
    fn reorder_is_one_undoable_edit() {
        let (_d, mut ws) = workspace();
        ws.partner_type_create(&draft("A")).unwrap();
        let b = ws.partner_type_create(&draft("B")).unwrap();
        ws.partner_type_create(&draft("C")).unwrap();
        ws.partner_type_move(b, -1).unwrap();
        assert_eq!(names(&ws), ["B", "A", "C"]);
        ws.undo().unwrap();
        assert_eq!(names(&ws), ["A", "B", "C"]);
        assert!(ws.partner_type_move(b, 2).is_err());
    }

    #[test]
    fn targets_hold_one_or_two_metrics() {
        let (_d, mut ws) = workspace();
        let pipeline = ProgramTargetDraft {
            metric: TargetMetric::SourcedPipeline,
            quarterly_value: 1_200_000.0,
        };
        let id = ws.program_target_set(&pipeline).unwrap();
        let again = ProgramTargetDraft {
            quarterly_value: 1_500_000.0,
            ..pipeline
        };
        assert_eq!(ws.program_target_set(&again).unwrap(), id);
        ws.program_target_set(&ProgramTargetDraft {
            metric: TargetMetric::Retention,
            quarterly_value: 92.0,
        })
        .unwrap();
        let third = ProgramTargetDraft {
            metric: TargetMetric::AttachedRevenue,
            quarterly_value: 1.0,
        };
        assert!(ws.program_target_set(&third).is_err());
        let targets = ws.program().unwrap().targets;
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].quarterly_value, 1_500_000.0);
    }

    #[test]
    fn history_survives_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.partnerboard");
        let mut ws = create_new(&path, "Acme").unwrap();
        ws.partner_type_create(&draft("Resellers")).unwrap();
        drop(ws);
        let mut ws = crate::store::open_existing(&path).unwrap();
        assert_eq!(names(&ws), ["Resellers"]);
        ws.undo().unwrap();
        assert!(names(&ws).is_empty());
    }
}
