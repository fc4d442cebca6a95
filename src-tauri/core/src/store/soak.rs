//! What `partnerboard-cli soak` edits: the ids a long run of ordinary edits can act on.

use super::{Result, Workspace};

/// Ids to aim edits at, read once before a run.
#[derive(Debug, Clone, Default)]
pub struct EditTargets {
    /// Partner types edits can assign or change.
    pub type_ids: Vec<i64>,
    /// Partners edits can change.
    pub partner_ids: Vec<i64>,
    /// Contacts touches can be logged against.
    pub contact_ids: Vec<i64>,
    /// Open deals with their current stage.
    pub open_deals: Vec<(i64, Option<i64>)>,
    /// Stages deals can be moved to.
    pub stage_ids: Vec<i64>,
}

/// At most this many of each kind are read: enough to spread edits, cheap on any workspace.
const SAMPLE: i64 = 500;

impl Workspace {
    /// Reads a sample of existing ids so a soak run edits real records, not made-up ones.
    pub fn edit_targets(&self) -> Result<EditTargets> {
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut stmt = self.conn().prepare(sql)?;
            let rows = stmt
                .query_map([SAMPLE], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(rows)
        };
        let mut stmt = self.conn().prepare(
            "SELECT id, stage_id FROM deals WHERE outcome = 'open' ORDER BY id LIMIT ?1",
        )?;
        let open_deals = stmt
            .query_map([SAMPLE], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(EditTargets {
            type_ids: ids("SELECT id FROM partner_types ORDER BY position LIMIT ?1")?,
            partner_ids: ids("SELECT id FROM partners ORDER BY id LIMIT ?1")?,
            contact_ids: ids("SELECT id FROM contacts ORDER BY id LIMIT ?1")?,
            open_deals,
            stage_ids: ids("SELECT id FROM stages ORDER BY position LIMIT ?1")?,
        })
    }
}
