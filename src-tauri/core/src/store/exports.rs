//! Deals, partners and contacts read for a person's export: every reference as a name, every
//! row in an order that an import of the file keeps: names are compared as the import reads
//! them (trimmed, any case), and ties go by id, which an import hands out in file order.

use super::{Result, Workspace};

/// One deal as an export writes it: partner and stage by name.
#[derive(Debug, Clone, PartialEq)]
pub struct DealRecord {
    /// The CRM's id for the deal, when it came from one; a reimport updates by it.
    pub external_id: Option<String>,
    /// The deal's own name ("" when it has none).
    pub name: String,
    /// The customer account.
    pub account: String,
    /// The partner of record's name, if any.
    pub partner: Option<String>,
    /// Stored source word: partner_sourced, partner_influenced or direct.
    pub source: String,
    /// The amount, in `currency`.
    pub amount: f64,
    /// The amount's currency code.
    pub currency: String,
    /// What the deal sells ("" when unknown).
    pub product: String,
    /// The stage's name, if the deal has one.
    pub stage: Option<String>,
    /// Day the deal was created, as stored (YYYY-MM-DD).
    pub created_on: String,
    /// Day it is expected to close.
    pub expected_close: Option<String>,
    /// open, won or lost.
    pub outcome: String,
    /// Day it was won or lost.
    pub closed_on: Option<String>,
    /// The seller on the deal.
    pub owner: String,
}

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
    /// Every deal, oldest first.
    pub fn deal_records(&self) -> Result<Vec<DealRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT d.external_id, d.name, d.account, p.name, d.source, d.amount, d.currency, d.product, s.name,
                    d.created_on, d.expected_close, d.outcome, d.closed_on, d.owner
             FROM deals d LEFT JOIN partners p ON p.id = d.partner_id LEFT JOIN stages s ON s.id = d.stage_id
             ORDER BY d.created_on, d.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DealRecord {
                    external_id: r.get(0)?,
                    name: r.get(1)?,
                    account: r.get(2)?,
                    partner: r.get(3)?,
                    source: r.get(4)?,
                    amount: r.get(5)?,
                    currency: r.get(6)?,
                    product: r.get(7)?,
                    stage: r.get(8)?,
                    created_on: r.get(9)?,
                    expected_close: r.get(10)?,
                    outcome: r.get(11)?,
                    closed_on: r.get(12)?,
                    owner: r.get(13)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

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
