//! Where a partner stands in the program: the one place partner statuses are spelled.

use serde::{Deserialize, Serialize};

/// A partner's standing: it decides whether the partner is ranked, tiered and served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerStatus {
    /// Not signed yet: profiled against the IPP, but not ranked, tiered or reviewed.
    Prospect,
    /// Signed and ready (readiness 6/9 or better): ranked, tiered and given an owner.
    Active,
    /// Signed but not ready: still ranked, with a plan to reach active.
    Nurture,
    /// No longer served: kept for history and deal credit, out of every ranking.
    Offboarded,
}

impl PartnerStatus {
    /// Every status, in the order the roster lists them.
    pub const ALL: [Self; 4] = [
        Self::Prospect,
        Self::Active,
        Self::Nurture,
        Self::Offboarded,
    ];

    /// The word stored in the workspace and sent to the window.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospect => "prospect",
            Self::Active => "active",
            Self::Nurture => "nurture",
            Self::Offboarded => "offboarded",
        }
    }

    /// The stored word back as a status; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Reads the ways CRM exports write a status ("Recruiting", "off-boarded", "Inactive"…);
    /// an empty cell means active.
    pub fn from_export(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
            "" | "active" => Some(Self::Active),
            "prospect" | "recruiting" => Some(Self::Prospect),
            "nurture" => Some(Self::Nurture),
            "offboarded" | "off boarded" | "inactive" => Some(Self::Offboarded),
            _ => None,
        }
    }

    /// Ranked and tiered partners: prospects are not signed yet and off-boarded partners no
    /// longer get service.
    pub fn is_ranked(self) -> bool {
        matches!(self, Self::Active | Self::Nurture)
    }
}

impl std::fmt::Display for PartnerStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_words_round_trip() {
        for s in PartnerStatus::ALL {
            assert_eq!(PartnerStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        assert_eq!(PartnerStatus::parse("gold"), None);
        assert_eq!(PartnerStatus::parse("Active"), None);
    }

    #[test]
    fn exports_are_read_generously() {
        assert_eq!(PartnerStatus::from_export(""), Some(PartnerStatus::Active));
        assert_eq!(
            PartnerStatus::from_export(" Off-Boarded "),
            Some(PartnerStatus::Offboarded)
        );
        assert_eq!(
            PartnerStatus::from_export("Recruiting"),
            Some(PartnerStatus::Prospect)
        );
        assert_eq!(PartnerStatus::from_export("gold"), None);
    }

    #[test]
    fn only_signed_and_served_partners_are_ranked() {
        let ranked: Vec<_> = PartnerStatus::ALL
            .into_iter()
            .filter(|s| s.is_ranked())
            .collect();
        assert_eq!(ranked, [PartnerStatus::Active, PartnerStatus::Nurture]);
    }
}
