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
    /// The partner type the row resolved to; `None` leaves it unset (or, on an update, as it
    /// is). Below zero: a type the import creates (see `NewNames`).
    pub type_id: Option<i64>,
    /// Stored status code (active, prospect, nurture, offboarded).
    pub status: String,
    /// The team member who owns the partner, when the row named one. Below zero: a member the
    /// import creates.
    pub owner_id: Option<i64>,
    /// Free-text region, for filters and exports.
    pub region: String,
    /// The day the partner signed, when the row gave one.
    pub signed_on: Option<chrono::NaiveDate>,
}

/// One contact row of an import, attached to a partner already in the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactImport {
    /// CSV line number, so a refused row can be pointed at.
    pub line: usize,
    /// The source system's id; a reimport updates the contact that carries it.
    pub external_id: Option<String>,
    /// The partner the contact works at. Below zero: a partner the import creates.
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

/// Names a file refers to that the workspace does not have yet: the import creates them, in
/// the order the file first names them, in the same transaction as its rows. A row refers to
/// the n-th of a list by the id `-(n + 1)` (see `NewNames::id`), which the store swaps for the
/// real id once it has created it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewNames {
    /// Partners, created with status prospect and no type.
    pub partners: Vec<String>,
    /// Partner types, created with no motion and a zero referral fee, to be filled in.
    pub types: Vec<String>,
    /// Team members, created with no role and no hours, to be filled in.
    pub members: Vec<String>,
}

impl NewNames {
    /// The stand-in id of the n-th new name of a list.
    pub fn id(n: usize) -> i64 {
        -(n as i64) - 1
    }

    /// The position in its list that a stand-in id names, or `None` for a real id.
    pub fn position(id: i64) -> Option<usize> {
        (id < 0).then(|| (-(id + 1)) as usize)
    }

    /// Whether the import creates nothing.
    pub fn is_empty(&self) -> bool {
        self.partners.is_empty() && self.types.is_empty() && self.members.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::NewNames;

    #[test]
    fn stand_in_ids_are_negative_and_map_back_to_their_place() {
        assert_eq!(NewNames::id(0), -1);
        assert_eq!(NewNames::id(1), -2);
        assert_eq!(NewNames::position(NewNames::id(1)), Some(1));
        assert_eq!(NewNames::position(-1), Some(0));
        assert_eq!(NewNames::position(7), None);
    }
}
