//! Prioritization rows: the factor model, factor scores, tiers and partners on the roster.

use super::{Result, StoreError, Workspace};
use crate::domain::cycles::{served, TierSource};
use crate::domain::roster::{ranked_scores, RosterPartner, ScoredRoster};
use crate::domain::scoring::{self, Factor, FactorModel};
use crate::domain::status::PartnerStatus;
use crate::domain::tiers::{Cadence, Tier, TierRule};
use crate::domain::{validate, InvalidInput};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A new partner as entered on the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerDraft {
    /// What the partner is called across the app.
    pub name: String,
    /// The partner type, which sets its profile and scoring criteria.
    pub type_id: i64,
    /// Starting status, e.g. prospect or active.
    pub status: String,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A status is stored as its word; a word this version does not know (a file edited
/// elsewhere) is reported as damage rather than guessed.
impl rusqlite::types::FromSql for PartnerStatus {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let word = value.as_str()?;
        PartnerStatus::parse(word).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("“{word}” is not a partner status").into())
        })
    }
}

impl Workspace {
    /// Scores, ranks and tiers the saved roster under the saved model and tiers.
    pub fn scored_roster(&self) -> Result<ScoredRoster> {
        let model = self.factor_model()?;
        let tiers = self.tiers()?;
        let roster = self.roster(&model)?;
        let gate = self.readiness_gate()?;
        let held = gate.held(&roster);
        let live = scoring::entries(
            &tiers,
            &scoring::rank(&model, &ranked_scores(&roster)),
            &held,
        );
        let (tier_source, last) = match self.cycles()?.into_iter().next() {
            Some(c) => (
                TierSource::Cycle {
                    name: c.name,
                    closed_on: c.closed_on,
                },
                Some(self.cycle_entries(c.id)?),
            ),
            None => (TierSource::LiveScore, None),
        };
        let entries = served(&live, last.as_deref(), &tiers, &held);
        Ok(ScoredRoster {
            model,
            tiers,
            roster,
            entries,
            live,
            tier_source,
            gate,
            held,
        })
    }

    /// The saved factor model, in order.
    pub fn factor_model(&self) -> Result<FactorModel> {
        // A model saved by this app is always valid; one edited elsewhere is reported.
        Ok(FactorModel::validated(&self.factors()?)?)
    }

    /// The saved factors in order, as stored (not checked as a model).
    pub fn factors(&self) -> Result<Vec<Factor>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, description, weight FROM factors ORDER BY position, id")?;
        let factors = stmt
            .query_map([], |r| {
                Ok(Factor {
                    id: Some(r.get(0)?),
                    name: r.get(1)?,
                    description: r.get(2)?,
                    weight: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(factors)
    }

    /// Replaces the factor model as one undoable edit. Removed factors take their scores with them.
    pub fn save_factor_model(&mut self, factors: &[Factor]) -> Result<()> {
        let model = FactorModel::validated(factors)?;
        let existing: Vec<i64> = self
            .conn()
            .prepare("SELECT id FROM factors")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for f in &model.factors {
            if let Some(id) = f.id {
                if !existing.contains(&id) {
                    return Err(StoreError::NotFound(
                        "A factor in this model no longer exists; reload and try again.".into(),
                    ));
                }
            }
        }
        self.edit("Change scoring model", |rec| {
            for old in &existing {
                if model.factors.iter().any(|f| f.id == Some(*old)) {
                    continue;
                }
                let scores = rec.ids("SELECT id FROM factor_scores WHERE factor_id = ?1", *old)?;
                for s in scores {
                    rec.delete("factor_scores", s)?;
                }
                rec.delete("factors", *old)?;
            }
            for (i, f) in model.factors.iter().enumerate() {
                let cols = [
                    ("position", Value::Integer(i as i64)),
                    ("name", text(&f.name)),
                    ("description", text(&f.description)),
                    ("weight", Value::Real(f.weight)),
                ];
                match f.id {
                    Some(id) => rec.update("factors", id, &cols)?,
                    None => {
                        rec.insert("factors", &cols)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Every partner with its scores aligned to `model`, by name.
    pub fn roster(&self, model: &FactorModel) -> Result<Vec<RosterPartner>> {
        let column: HashMap<i64, usize> = model
            .factors
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.id.map(|id| (id, i)))
            .collect();
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.name, p.type_id, t.name, p.status, m.name
             FROM partners p LEFT JOIN partner_types t ON t.id = p.type_id LEFT JOIN team_members m ON m.id = p.owner_id
             ORDER BY p.name COLLATE NOCASE, p.id",
        )?;
        let mut partners = stmt
            .query_map([], |r| {
                Ok(RosterPartner {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    type_id: r.get(2)?,
                    type_name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    status: r.get(4)?,
                    owner: r.get(5)?,
                    scores: vec![None; model.factors.len()],
                    readiness: None,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let index: HashMap<i64, usize> = partners
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i))
            .collect();
        let mut scores = self
            .conn()
            .prepare("SELECT partner_id, factor_id, score FROM factor_scores")?;
        let rows = scores.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
        })?;
        for row in rows {
            let (partner, factor, score) = row?;
            if let (Some(&p), Some(&f)) = (index.get(&partner), column.get(&factor)) {
                partners[p].scores[f] = Some(score);
            }
        }
        for (partner, total) in self.latest_readiness()? {
            if let Some(&p) = index.get(&partner) {
                partners[p].readiness = Some(total);
            }
        }
        Ok(partners)
    }

    /// Sets (or, with `None`, clears) one factor score as an undoable edit.
    pub fn set_factor_score(
        &mut self,
        partner_id: i64,
        factor_id: i64,
        score: Option<u8>,
    ) -> Result<()> {
        if let Some(s) = score {
            scoring::check_score(f64::from(s))?;
        }
        let partner: String = self
            .conn()
            .query_row(
                "SELECT name FROM partners WHERE id = ?1",
                [partner_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("That partner no longer exists.".into()))?;
        let factor: String = self
            .conn()
            .query_row("SELECT name FROM factors WHERE id = ?1", [factor_id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound("That factor no longer exists.".into()))?;
        let existing: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM factor_scores WHERE partner_id = ?1 AND factor_id = ?2",
                [partner_id, factor_id],
                |r| r.get(0),
            )
            .optional()?;
        self.edit(&format!("Score {partner} on {factor}"), |rec| {
            match (existing, score) {
                (Some(id), Some(s)) => rec.update(
                    "factor_scores",
                    id,
                    &[("score", Value::Integer(i64::from(s)))],
                ),
                (Some(id), None) => rec.delete("factor_scores", id),
                (None, Some(s)) => rec
                    .insert(
                        "factor_scores",
                        &[
                            ("partner_id", Value::Integer(partner_id)),
                            ("factor_id", Value::Integer(factor_id)),
                            ("score", Value::Integer(i64::from(s))),
                        ],
                    )
                    .map(|_| ()),
                (None, None) => Ok(()),
            }
        })
    }

    /// The tiers, top first.
    pub fn tiers(&self) -> Result<Vec<Tier>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, rule_kind, rule_value, cadence, hours_per_partner, benefits FROM tiers ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, f64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut tiers = Vec::new();
        for row in rows {
            let (id, name, kind, value, cadence, hours, benefits) = row?;
            let rule = TierRule::from_columns(&kind, value).ok_or_else(|| {
                StoreError::Conflict(format!("Tier “{name}” has an unreadable entry rule."))
            })?;
            let cadence = Cadence::parse(&cadence).ok_or_else(|| {
                StoreError::Conflict(format!("Tier “{name}” has an unreadable cadence."))
            })?;
            tiers.push(Tier {
                id: Some(id),
                name,
                rule,
                cadence,
                hours_per_partner: hours,
                benefits,
            });
        }
        Ok(tiers)
    }

    /// Replaces the tiers as one undoable edit.
    pub fn save_tiers(&mut self, tiers: &[Tier]) -> Result<()> {
        self.save_plan(Some(tiers), None)
    }

    /// Adds a partner to the roster.
    /// `today` is the day it joins the roster.
    pub fn partner_create(
        &mut self,
        draft: &PartnerDraft,
        today: chrono::NaiveDate,
    ) -> Result<i64> {
        let name = validate::text("name", "The partner's name", &draft.name, 1, 120)?;
        if PartnerStatus::parse(&draft.status).is_none() {
            return Err(InvalidInput::new(
                "status",
                "A partner's status is prospect, active, nurture or off-boarded.",
            )
            .into());
        }
        let type_exists: bool = self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM partner_types WHERE id = ?1)",
            [draft.type_id],
            |r| r.get(0),
        )?;
        if !type_exists {
            return Err(
                InvalidInput::new("type_id", "Choose one of the program's partner types.").into(),
            );
        }
        self.edit(&format!("Add partner “{name}”"), |rec| {
            rec.insert(
                "partners",
                &[
                    ("name", text(&name)),
                    ("type_id", Value::Integer(draft.type_id)),
                    ("status", text(&draft.status)),
                    ("created_on", text(&today.to_string())),
                ],
            )
        })
    }

    /// Gives partners a type, as one undoable edit: what the person does for the partners an
    /// import created with no type. Returns how many partners changed.
    pub fn partners_set_type(&mut self, partner_ids: &[i64], type_id: i64) -> Result<usize> {
        if partner_ids.is_empty() {
            return Err(InvalidInput::new("partner_ids", "Choose at least one partner.").into());
        }
        let type_name: Option<String> = self
            .conn()
            .query_row(
                "SELECT name FROM partner_types WHERE id = ?1",
                [type_id],
                |r| r.get(0),
            )
            .optional()?;
        let type_name = type_name.ok_or_else(|| {
            InvalidInput::new("type_id", "Choose one of the program's partner types.")
        })?;
        let mut ids = partner_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for id in &ids {
            let exists: bool = self.conn().query_row(
                "SELECT EXISTS(SELECT 1 FROM partners WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(StoreError::NotFound(
                    "One of those partners no longer exists.".into(),
                ));
            }
        }
        let what = format!(
            "Set the type of {} partner{} to “{type_name}”",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" }
        );
        self.edit(&what, |rec| {
            for id in &ids {
                rec.update("partners", *id, &[("type_id", Value::Integer(type_id))])?;
            }
            Ok(ids.len())
        })
    }

    /// Deletes a partner with its scores, contacts, touches, reviews and trait checks. A partner
    /// on deals is refused: the deals would lose their partner of record.
    pub fn partner_delete(&mut self, id: i64) -> Result<()> {
        let (name, deals): (String, i64) = self
            .conn()
            .query_row("SELECT name, (SELECT COUNT(*) FROM deals WHERE partner_id = ?1) FROM partners WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound("That partner no longer exists.".into()))?;
        if deals > 0 {
            return Err(StoreError::Conflict(format!(
                "“{name}” is the partner of record on {deals} deal{}; it cannot be deleted. Set its status to off-boarded instead.",
                if deals == 1 { "" } else { "s" }
            )));
        }
        self.edit(&format!("Delete partner “{name}”"), |rec| {
            let contacts = rec.ids("SELECT id FROM contacts WHERE partner_id = ?1", id)?;
            let mut doomed: Vec<(&str, i64)> = Vec::new();
            for c in &contacts {
                doomed.extend(
                    rec.ids("SELECT id FROM touches WHERE contact_id = ?1", *c)?
                        .into_iter()
                        .map(|t| ("touches", t)),
                );
            }
            doomed.extend(contacts.into_iter().map(|c| ("contacts", c)));
            doomed.extend(
                rec.ids("SELECT id FROM factor_scores WHERE partner_id = ?1", id)?
                    .into_iter()
                    .map(|x| ("factor_scores", x)),
            );
            doomed.extend(
                rec.ids("SELECT id FROM readiness_reviews WHERE partner_id = ?1", id)?
                    .into_iter()
                    .map(|x| ("readiness_reviews", x)),
            );
            doomed.extend(
                rec.ids("SELECT id FROM trait_checks WHERE partner_id = ?1", id)?
                    .into_iter()
                    .map(|x| ("trait_checks", x)),
            );
            for (table, row) in doomed {
                rec.delete(table, row)?;
            }
            rec.delete("partners", id)
        })
    }
}

/// The ids a table holds, checking that every id an edit refers to is among them.
pub(crate) fn existing_ids(
    ws: &Workspace,
    table: &str,
    wanted: impl Iterator<Item = Option<i64>>,
    what: &str,
) -> Result<Vec<i64>> {
    let existing: Vec<i64> = ws
        .conn()
        .prepare(&format!("SELECT id FROM {table}"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in wanted.flatten() {
        if !existing.contains(&id) {
            return Err(StoreError::NotFound(format!(
                "{what} in this plan no longer exists; reload and try again."
            )));
        }
    }
    Ok(existing)
}

/// Replaces the tiers inside an edit: removed tiers are deleted (partners pointing at them let go).
pub(crate) fn write_tiers(
    rec: &mut super::Recorder<'_>,
    tiers: &[Tier],
    existing: &[i64],
) -> Result<()> {
    for old in existing {
        if tiers.iter().any(|t| t.id == Some(*old)) {
            continue;
        }
        let holders = rec.ids("SELECT id FROM partners WHERE tier_id = ?1", *old)?;
        for p in holders {
            rec.update("partners", p, &[("tier_id", Value::Null)])?;
        }
        rec.delete("tiers", *old)?;
    }
    for (i, t) in tiers.iter().enumerate() {
        let (kind, value) = t.rule.to_columns();
        let cols = [
            ("position", Value::Integer(i as i64)),
            ("name", text(&t.name)),
            ("rule_kind", text(kind)),
            ("rule_value", value.map_or(Value::Null, Value::Real)),
            ("cadence", text(t.cadence.as_str())),
            ("hours_per_partner", Value::Real(t.hours_per_partner)),
            ("benefits", text(&t.benefits)),
        ];
        match t.id {
            Some(id) => rec.update("tiers", id, &cols)?,
            None => {
                rec.insert("tiers", &cols)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
