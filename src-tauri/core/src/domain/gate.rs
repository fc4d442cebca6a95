//! The readiness gate: a signed partner below the active band is not served as its score would
//! place it. It sits no higher than the lowest tier and, by default, is owed no 1:1 touches,
//! until a review lifts it to the threshold. The roster says so, and why.

use super::readiness::{Band, Bands};
use super::roster::RosterPartner;
use super::status::PartnerStatus;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The partners the gate holds back, each with why.
pub type Held = HashMap<i64, String>;

/// What a signed partner below the readiness threshold is given until a review lifts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    /// The lowest tier at most, and no 1:1 touches: effort goes to partners that can sell.
    #[default]
    LowestTierNoOneToOne,
    /// The lowest tier at most, at that tier's cadence: touches go on, to help it get ready.
    LowestTier,
}

impl Consequence {
    /// Both choices, as the readiness screen offers them.
    pub const ALL: [Self; 2] = [Self::LowestTierNoOneToOne, Self::LowestTier];

    /// The word stored in the workspace's settings.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowestTierNoOneToOne => "lowest_tier_no_one_to_one",
            Self::LowestTier => "lowest_tier",
        }
    }

    /// The stored word back; `None` for anything else.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == word)
    }

    /// Whether a held partner's contacts are still owed their tier's 1:1 touches.
    pub fn owes_one_to_one(self) -> bool {
        matches!(self, Self::LowestTier)
    }

    /// What the consequence costs a held partner, as the roster says it.
    pub fn phrase(self) -> &'static str {
        match self {
            Self::LowestTierNoOneToOne => "placed in the lowest tier at most, with no 1:1",
            Self::LowestTier => "placed in the lowest tier at most",
        }
    }
}

/// The gate as the workspace sets it: the threshold is the active band's lowest total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gate {
    /// The lowest readiness total (of 9) a partner is served at in full.
    pub threshold: i64,
    /// What a partner below it gets.
    pub consequence: Consequence,
}

impl Gate {
    /// The gate under `bands` with `consequence`.
    pub fn new(bands: &Bands, consequence: Consequence) -> Self {
        Self {
            threshold: bands.active_min(),
            consequence,
        }
    }

    /// Why a partner is held back, in words; `None` when it is served in full (or is not a
    /// signed partner). The status says whether a partner is ready: a review sets it from its
    /// total, and saving new bands moves reviewed partners across the threshold, so a partner
    /// in nurture is below it. The status, not the review alone, decides, so the placement
    /// survives an export and import, which carry statuses but not reviews.
    pub fn held_reason(&self, status: PartnerStatus, readiness: Option<i64>) -> Option<String> {
        if status != PartnerStatus::Nurture {
            return None;
        }
        let why = match readiness {
            Some(total) if total < self.threshold => {
                format!("readiness {total}/9, below {}/9", self.threshold)
            }
            Some(total) => format!(
                "in nurture although its latest review, {total}/9, reaches {}/9 (a new review \
                 makes it active)",
                self.threshold
            ),
            None => "in nurture, with no readiness review yet".to_string(),
        };
        Some(format!(
            "{why}: {} until a review reaches {}/9",
            self.consequence.phrase(),
            self.threshold
        ))
    }

    /// Every held partner of `roster`, with why.
    pub fn held(&self, roster: &[RosterPartner]) -> Held {
        roster
            .iter()
            .filter_map(|p| {
                self.held_reason(p.status, p.readiness)
                    .map(|why| (p.id, why))
            })
            .collect()
    }
}

/// A status an import asked for that the readiness rules replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The partner's name.
    pub partner: String,
    /// The status the file gave.
    pub asked: PartnerStatus,
    /// The status written instead.
    pub set: PartnerStatus,
    /// Why, in words.
    pub why: String,
}

/// The status an import may write for a partner: a reviewed partner the file calls active or
/// in nurture gets the one its latest review (`latest`, of 9) implies, with why; any other
/// status (a prospect, an off-boarding, a partner never reviewed) is written as asked.
pub fn imported_status(
    asked: PartnerStatus,
    latest: Option<i64>,
    bands: &Bands,
) -> (PartnerStatus, Option<String>) {
    let (Some(total), true) = (latest, asked.is_ranked()) else {
        return (asked, None);
    };
    let implied = if bands.band(total) == Band::Active {
        PartnerStatus::Active
    } else {
        PartnerStatus::Nurture
    };
    if implied == asked {
        return (asked, None);
    }
    let threshold = bands.active_min();
    let why = if implied == PartnerStatus::Active {
        format!("its latest readiness review, {total}/9, reaches the threshold of {threshold}/9")
    } else {
        format!("its latest readiness review, {total}/9, is below the threshold of {threshold}/9")
    };
    (implied, Some(why))
}

impl Default for Gate {
    fn default() -> Self {
        Self::new(&Bands::default(), Consequence::default())
    }
}

impl Bands {
    /// The lowest total in the active band: the readiness gate's threshold.
    pub fn active_min(&self) -> i64 {
        self.ranges
            .iter()
            .find(|r| r.band == Band::Active)
            .map_or(super::defaults::READINESS_ACTIVE_MIN, |r| r.min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_the_threshold_a_signed_partner_is_held_with_the_reason_in_words() {
        let gate = Gate::default();
        assert_eq!(gate.threshold, 6);
        let why = gate.held_reason(PartnerStatus::Nurture, Some(3)).unwrap();
        assert_eq!(
            why,
            "readiness 3/9, below 6/9: placed in the lowest tier at most, with no 1:1 until a \
             review reaches 6/9"
        );
        assert!(gate.held_reason(PartnerStatus::Nurture, Some(5)).is_some());
        assert_eq!(gate.held_reason(PartnerStatus::Active, Some(6)), None);
        assert_eq!(gate.held_reason(PartnerStatus::Active, None), None);
        // The status decides: a partner in nurture is held whatever its last review said,
        // and the reason says a new review would lift it.
        assert!(gate
            .held_reason(PartnerStatus::Nurture, Some(9))
            .unwrap()
            .contains("a new review makes it active"));
        assert!(gate
            .held_reason(PartnerStatus::Nurture, None)
            .unwrap()
            .starts_with("in nurture, with no readiness review yet"));
        // Prospects and off-boarded partners are not served at all, so not "held".
        assert_eq!(gate.held_reason(PartnerStatus::Prospect, Some(1)), None);
        assert_eq!(gate.held_reason(PartnerStatus::Offboarded, Some(1)), None);
    }

    #[test]
    fn an_import_gets_the_status_the_latest_review_implies_for_a_reviewed_partner() {
        let bands = Bands::default();
        use PartnerStatus::*;
        let (set, why) = imported_status(Active, Some(4), &bands);
        assert_eq!(set, Nurture);
        assert_eq!(
            why.as_deref(),
            Some("its latest readiness review, 4/9, is below the threshold of 6/9")
        );
        let (set, why) = imported_status(Nurture, Some(7), &bands);
        assert_eq!(set, Active);
        assert!(why.unwrap().contains("reaches the threshold"));
        assert_eq!(imported_status(Active, Some(6), &bands), (Active, None));
        assert_eq!(imported_status(Nurture, Some(2), &bands), (Nurture, None));
        // Never reviewed, off-boarded or a prospect: as the file says.
        assert_eq!(imported_status(Active, None, &bands), (Active, None));
        assert_eq!(
            imported_status(Offboarded, Some(9), &bands),
            (Offboarded, None)
        );
        assert_eq!(imported_status(Prospect, Some(9), &bands), (Prospect, None));
    }

    #[test]
    fn the_threshold_follows_the_bands_and_the_consequence_is_named() {
        let gate = Gate::new(&Bands::from_thresholds(8, 4), Consequence::LowestTier);
        assert_eq!(gate.threshold, 8);
        assert!(gate.held_reason(PartnerStatus::Nurture, Some(7)).is_some());
        assert!(!gate
            .held_reason(PartnerStatus::Nurture, Some(7))
            .unwrap()
            .contains("no 1:1"));
        assert!(gate.consequence.owes_one_to_one());
        assert!(!Consequence::default().owes_one_to_one());
        for c in Consequence::ALL {
            assert_eq!(Consequence::parse(c.as_str()), Some(c));
        }
        assert_eq!(Consequence::parse("nothing"), None);
    }
}
