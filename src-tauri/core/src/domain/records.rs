//! Partners and contacts as an import delivers them, checked and resolved against the workspace.

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerImport {
    pub line: usize,
    pub external_id: Option<String>,
    pub name: String,
    pub type_id: i64,
    pub status: String,
    pub owner_id: Option<i64>,
    pub region: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactImport {
    pub line: usize,
    pub external_id: Option<String>,
    pub partner_id: i64,
    pub name: String,
    pub role: String,
    pub email: String,
}

/// Reads the ways exports write a partner status.
pub fn parse_status(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
        "" | "active" => Some("active"),
        "prospect" | "recruiting" => Some("prospect"),
        "nurture" => Some("nurture"),
        "offboarded" | "off boarded" | "inactive" => Some("offboarded"),
        _ => None,
    }
}
