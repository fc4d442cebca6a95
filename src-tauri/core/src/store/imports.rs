//! Bulk writes from CSV imports. An import is one transaction:
//! every accepted row lands, or none does. Imports are not undo steps; the file is the record.

use super::{Result, StoreError, Workspace};
use crate::domain::gate::{imported_status, StatusChange};
use crate::domain::records::{ContactImport, NewNames, PartnerImport};
use crate::domain::status::PartnerStatus;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a running import is watched and stopped: `progress(done, total)` is told every few
/// thousand rows, and `cancel` set part-way leaves the workspace unchanged.
pub struct Control<'a> {
    /// Set from the UI's Cancel button to stop the import with nothing written.
    pub cancel: &'a AtomicBool,
    /// Called with (done, total) rows so the UI can show a progress bar.
    pub progress: &'a dyn Fn(usize, usize),
}

impl Control<'_> {
    pub(crate) fn step(&self, done: usize, total: usize) -> Result<()> {
        if done.is_multiple_of(4096) || done == total {
            (self.progress)(done, total);
        }
        if done.is_multiple_of(4096) && self.cancel.load(Ordering::Relaxed) {
            return Err(StoreError::Cancelled);
        }
        Ok(())
    }
}

/// What an import changed, for the summary shown after it finishes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    /// Rows that were new and added.
    pub inserted: usize,
    /// Rows that matched an existing record and updated it.
    pub updated: usize,
    /// The names the import created, with their ids.
    pub created: CreatedIds,
    /// Statuses the file asked for that the readiness rules replaced.
    pub status_changes: Vec<StatusChange>,
    /// Partners the file signed (active or nurture) that have no readiness review: written as
    /// the file says, recorded as signed by override, and due a first review.
    pub signed_unreviewed: usize,
}

/// The ids of the names an import created (see `NewNames`), list by list, in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CreatedIds {
    /// New partners: prospects with no type yet.
    pub partners: Vec<i64>,
    /// New partner types.
    pub types: Vec<i64>,
    /// New team members.
    pub members: Vec<i64>,
}

impl CreatedIds {
    /// Creates every name of `new` inside the import's transaction.
    pub(crate) fn create(
        tx: &rusqlite::Transaction<'_>,
        new: &NewNames,
        today: NaiveDate,
    ) -> Result<Self> {
        let mut created = Self::default();
        for name in &new.types {
            tx.execute(
                "INSERT INTO partner_types (position, name, motion, incentive_kind, incentive_value)
                 VALUES ((SELECT COALESCE(MAX(position), -1) + 1 FROM partner_types), ?1, '', 'referral_fee', 0)",
                [name],
            )?;
            created.types.push(tx.last_insert_rowid());
        }
        for name in &new.members {
            tx.execute(
                "INSERT INTO team_members (position, name, role, hours_per_month)
                 VALUES ((SELECT COALESCE(MAX(position), -1) + 1 FROM team_members), ?1, '', 0)",
                [name],
            )?;
            created.members.push(tx.last_insert_rowid());
        }
        created.add_partners(tx, &new.partners, today)?;
        Ok(created)
    }

    /// Creates the partners of `names` not created yet (each a prospect with no type, first
    /// seen on `day`): an import that streams its rows names more of them as it goes.
    pub(crate) fn add_partners(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        names: &[String],
        day: NaiveDate,
    ) -> Result<()> {
        for name in names.iter().skip(self.partners.len()) {
            tx.execute(
                "INSERT INTO partners (name, type_id, status, created_on) VALUES (?1, NULL, 'prospect', ?2)",
                params![name, day.to_string()],
            )?;
            self.partners.push(tx.last_insert_rowid());
        }
        Ok(())
    }

    /// The real id behind `id`: a stand-in from `NewNames` becomes the created row's id.
    fn real(id: i64, list: &[i64]) -> i64 {
        NewNames::position(id)
            .and_then(|n| list.get(n).copied())
            .unwrap_or(id)
    }

    /// The partner `id` stands for.
    pub(crate) fn partner(&self, id: i64) -> i64 {
        Self::real(id, &self.partners)
    }
}

impl Workspace {
    /// Lower-cased partner name → id.
    pub fn partner_ids_by_name(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name FROM partners ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name) = row?;
            out.entry(name.to_lowercase()).or_insert(id);
        }
        Ok(out)
    }

    /// Partner id → name.
    pub fn partner_names(&self) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn().prepare("SELECT id, name FROM partners")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The stages in order as (id, name).
    pub fn stage_names(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name FROM stages ORDER BY position, id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The workspace's currency, which imported amounts are taken to be in.
    pub fn currency(&self) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT currency FROM program WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Lower-cased names of partner types, team members and partners → ids.
    pub fn names(&self, table: &str) -> Result<HashMap<String, i64>> {
        if !["partner_types", "team_members", "partners"].contains(&table) {
            return Err(StoreError::NotFound(format!(
                "No names are looked up in {table}."
            )));
        }
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT id, name FROM {table} ORDER BY id"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name) = row?;
            out.entry(name.to_lowercase()).or_insert(id);
        }
        Ok(out)
    }

    /// Writes imported partners in one transaction; an external id, or else the same name,
    /// makes a row an update.
    pub fn import_partners(
        &mut self,
        rows: &[PartnerImport],
        new: &NewNames,
        today: NaiveDate,
        control: &Control<'_>,
    ) -> Result<Written> {
        self.writable()?;
        let latest = self.latest_readiness()?;
        let bands = self.bands()?;
        let signed_reason = format!(
            "Signed before it came to Partnerboard: imported as signed on {today}, with no \
             readiness review"
        );
        let mut written = Written::default();
        let tx = self.conn.transaction()?;
        let created = CreatedIds::create(&tx, new, today)?;
        let mut by_external: HashMap<String, i64> = HashMap::new();
        let mut by_name: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt = tx.prepare("SELECT id, external_id, name FROM partners")?;
            for row in stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })? {
                let (id, external, name) = row?;
                if let Some(e) = external {
                    by_external.insert(e, id);
                }
                by_name.entry(name.to_lowercase()).or_insert(id);
            }
        }
        {
            let mut insert = tx.prepare(
                "INSERT INTO partners (external_id, name, type_id, status, owner_id, region, signed_on, created_on, signing_override_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut update = tx.prepare(
                "UPDATE partners SET external_id = COALESCE(?1, external_id), name = ?2, type_id = COALESCE(?3, type_id),
                        status = ?4, owner_id = COALESCE(?5, owner_id), region = ?6,
                        signed_on = COALESCE(?7, signed_on),
                        signing_override_reason = CASE WHEN status = 'prospect' THEN ?9 ELSE signing_override_reason END
                 WHERE id = ?8",
            )?;
            for (n, p) in rows.iter().enumerate() {
                control.step(n, rows.len())?;
                let type_id = p.type_id.map(|t| CreatedIds::real(t, &created.types));
                let owner_id = p.owner_id.map(|m| CreatedIds::real(m, &created.members));
                let signed_on = p.signed_on.map(|d| d.to_string());
                let existing = p
                    .external_id
                    .as_ref()
                    .and_then(|e| by_external.get(e).copied())
                    .or_else(|| by_name.get(&p.name.to_lowercase()).copied());
                let asked = PartnerStatus::parse(&p.status).ok_or_else(|| {
                    StoreError::Conflict(format!("“{}” is not a partner status", p.status))
                })?;
                let review = existing.and_then(|id| latest.get(&id).copied());
                let (status, why) = imported_status(asked, review, &bands);
                if let Some(why) = why {
                    written.status_changes.push(StatusChange {
                        partner: p.name.clone(),
                        asked,
                        set: status,
                        why,
                    });
                }
                // Signed with no review to go on: kept as the file says, as an override.
                let unreviewed = status.is_ranked() && review.is_none();
                written.signed_unreviewed += usize::from(unreviewed);
                let reason = unreviewed.then_some(signed_reason.as_str());
                match existing {
                    Some(id) => {
                        update.execute(params![
                            p.external_id,
                            p.name,
                            type_id,
                            status.as_str(),
                            owner_id,
                            p.region,
                            signed_on,
                            id,
                            reason
                        ])?;
                        written.updated += 1;
                    }
                    None => {
                        insert.execute(params![
                            p.external_id,
                            p.name,
                            type_id,
                            status.as_str(),
                            owner_id,
                            p.region,
                            signed_on,
                            today.to_string(),
                            reason
                        ])?;
                        let id = tx.last_insert_rowid();
                        by_name.insert(p.name.to_lowercase(), id);
                        if let Some(e) = &p.external_id {
                            by_external.insert(e.clone(), id);
                        }
                        written.inserted += 1;
                    }
                }
            }
        }
        tx.commit()?;
        self.touch();
        written.created = created;
        Ok(written)
    }

    /// Writes imported contacts in one transaction; an external id, or else the same name at
    /// the same partner, makes a row an update.
    pub fn import_contacts(
        &mut self,
        rows: &[ContactImport],
        new: &NewNames,
        today: NaiveDate,
        control: &Control<'_>,
    ) -> Result<Written> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        let created = CreatedIds::create(&tx, new, today)?;
        let mut by_external: HashMap<String, i64> = HashMap::new();
        let mut by_name: HashMap<(i64, String), i64> = HashMap::new();
        {
            let mut stmt = tx.prepare("SELECT id, external_id, partner_id, name FROM contacts")?;
            for row in stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })? {
                let (id, external, partner, name) = row?;
                if let Some(e) = external {
                    by_external.insert(e, id);
                }
                by_name.entry((partner, name.to_lowercase())).or_insert(id);
            }
        }
        let mut written = Written::default();
        {
            let mut insert = tx.prepare("INSERT INTO contacts (external_id, partner_id, name, role, email) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            let mut update = tx.prepare(
                "UPDATE contacts SET external_id = COALESCE(?1, external_id), partner_id = ?2, name = ?3, role = ?4, email = ?5 WHERE id = ?6",
            )?;
            for (n, c) in rows.iter().enumerate() {
                control.step(n, rows.len())?;
                let partner_id = created.partner(c.partner_id);
                let key = (partner_id, c.name.to_lowercase());
                let existing = c
                    .external_id
                    .as_ref()
                    .and_then(|e| by_external.get(e).copied())
                    .or_else(|| by_name.get(&key).copied());
                match existing {
                    Some(id) => {
                        update.execute(params![
                            c.external_id,
                            partner_id,
                            c.name,
                            c.role,
                            c.email,
                            id
                        ])?;
                        written.updated += 1;
                    }
                    None => {
                        insert.execute(params![
                            c.external_id,
                            partner_id,
                            c.name,
                            c.role,
                            c.email
                        ])?;
                        let id = tx.last_insert_rowid();
                        by_name.insert(key, id);
                        if let Some(e) = &c.external_id {
                            by_external.insert(e.clone(), id);
                        }
                        written.inserted += 1;
                    }
                }
            }
        }
        tx.commit()?;
        self.touch();
        written.created = created;
        Ok(written)
    }
}

/// A saved column mapping, reused for the next export from the same CRM report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedMapping {
    /// Name the user gave the mapping, to pick it again next time.
    pub name: String,
    /// What the mapping imports (e.g. deals or partners), so only fitting ones are offered.
    pub kind: String,
    /// The CRM preset it started from, if any.
    pub preset: Option<String>,
    /// (CSV column, field)
    pub map: Vec<(String, String)>,
    /// (CSV stage value, stage name)
    pub stage_map: Vec<(String, String)>,
}

impl Workspace {
    /// Saves (or replaces) a named mapping as an undoable edit.
    pub fn save_mapping(&mut self, m: &SavedMapping) -> Result<()> {
        let name = crate::domain::validate::text("name", "The mapping's name", &m.name, 1, 80)?;
        if !["deals", "partners", "contacts"].contains(&m.kind.as_str()) {
            return Err(crate::domain::InvalidInput::new(
                "kind",
                "A mapping is for deals, partners or contacts.",
            )
            .into());
        }
        let json = serde_json::to_string(m).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let existing: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM import_mappings WHERE name = ?1 AND kind = ?2",
                params![name, m.kind],
                |r| r.get(0),
            )
            .ok();
        self.edit(&format!("Save mapping “{name}”"), |rec| match existing {
            Some(id) => rec.update(
                "import_mappings",
                id,
                &[("mapping", rusqlite::types::Value::Text(json.clone()))],
            ),
            None => rec
                .insert(
                    "import_mappings",
                    &[
                        ("name", rusqlite::types::Value::Text(name.clone())),
                        ("kind", rusqlite::types::Value::Text(m.kind.clone())),
                        ("mapping", rusqlite::types::Value::Text(json.clone())),
                    ],
                )
                .map(|_| ()),
        })
    }

    /// Every saved mapping, by name.
    pub fn mappings(&self) -> Result<Vec<SavedMapping>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT mapping FROM import_mappings ORDER BY name COLLATE NOCASE")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .iter()
            .filter_map(|j| serde_json::from_str(j).ok())
            .collect())
    }
}
