//! Partners and contacts read for a person's export: every reference as a name, every
//! row in an order that an import of the file keeps: names are compared as the import reads
//! them (trimmed, any case), and ties go by id, which an import hands out in file order.

use super::{Result, Workspace};

/// One partner as an export writes it: type and owner by name.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRecord {
    /// The workspace's key, to join the partner's score and rank; never written out.
    pub id: i64,
    /// The CRM's id for the partner, when it came from one.
    pub external_id: Option<String>,
    /// The partner's name.
    pub name: String,
    /// The partner type's name, when the partner has a type.
    pub type_name: Option<String>,
    /// Stored status word (prospect, active, nurture, offboarded).
    pub status: String,
    /// The owning team member's name, if any.
    pub owner: Option<String>,
    /// Free-text region.
    pub region: String,
    /// Day the partner was signed, if it was.
    pub signed_on: Option<String>,
}

/// One contact as an export writes it: the partner by name.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    /// The workspace's key, to keep the order of contacts of the same name; never written out.
    pub id: i64,
    /// The CRM's id for the contact, when it came from one.
    pub external_id: Option<String>,
    /// The partner's name.
    pub partner: String,
    /// The contact's name.
    pub name: String,
    /// Their job at the partner.
    pub role: String,
    /// Their e-mail address.
    pub email: String,
}

impl Workspace {
    /// Every partner, by name.
    pub fn partner_records(&self) -> Result<Vec<PartnerRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.external_id, p.name, t.name, p.status, m.name, p.region, p.signed_on
             FROM partners p LEFT JOIN partner_types t ON t.id = p.type_id
                  LEFT JOIN team_members m ON m.id = p.owner_id
             ORDER BY p.id",
        )?;
        let mut rows: Vec<PartnerRecord> = stmt
            .query_map([], |r| {
                Ok(PartnerRecord {
                    id: r.get(0)?,
                    external_id: r.get(1)?,
                    name: r.get(2)?,
                    type_name: r.get(3)?,
                    status: r.get(4)?,
                    owner: r.get(5)?,
                    region: r.get(6)?,
                    signed_on: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_by_cached_key(|p| (as_read(&p.name), p.id));
        Ok(rows)
    }

    /// Every contact, by partner and then by name.
    pub fn contact_records(&self) -> Result<Vec<ContactRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.external_id, p.name, c.name, c.role, c.email
             FROM contacts c JOIN partners p ON p.id = c.partner_id ORDER BY c.id",
        )?;
        let mut rows: Vec<ContactRecord> = stmt
            .query_map([], |r| {
                Ok(ContactRecord {
                    id: r.get(0)?,
                    external_id: r.get(1)?,
                    partner: r.get(2)?,
                    name: r.get(3)?,
                    role: r.get(4)?,
                    email: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_by_cached_key(|c| (as_read(&c.partner), as_read(&c.name), c.id));
        Ok(rows)
    }
}

/// A name as an import compares it: trimmed, in any case.
fn as_read(name: &str) -> String {
    name.trim().to_lowercase()
}
