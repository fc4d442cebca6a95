//! Partners and contacts as an import delivers them, checked and resolved against the workspace.

/// One partner row of an import, checked, with its type and owner resolved to ids.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerImport {
    /// CSV line number, so a refused row can be pointed at.
    pub line: usize,
    /// The source system's id; a reimport updates the partner that carries it.
    pub external_id: Option<String>,
    /// Partner name; matches an existing partner when there is no external id.
    pub name: String,
    /// The partner type the row resolved to.
    pub type_id: i64,
    /// Stored status code (active, prospect, nurture, offboarded).
    pub status: String,
    /// The team member who owns the partner, when the row named one.
    pub owner_id: Option<i64>,
    /// Free-text region, for filters and exports.
    pub region: String,
}

/// One contact row of an import, attached to a partner already in the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactImport {
    /// CSV line number, so a refused row can be pointed at.
    pub line: usize,
    /// The source system's id; a reimport updates the contact that carries it.
    pub external_id: Option<String>,
    /// The partner the contact works at.
    pub partner_id: i64,
    /// Shown in the cadence lists.
    pub name: String,
    /// Their job at the partner.
    pub role: String,
    /// Where the partner manager reaches them.
    pub email: String,
}

/// Reads the ways exports write a partner status.
pub fn parse_status(text: &str) -> Option<&'static str> {
    super::status::PartnerStatus::from_export(text).map(super::status::PartnerStatus::as_str)
}
