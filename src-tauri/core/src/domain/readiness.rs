//! Readiness: capability, capacity and motion commitment, each 0–3, total 0–9, against bands
//! that decide whether a partner is active, in nurture, or should be off-boarded.

use super::status::PartnerStatus;
use super::validate::InvalidInput;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A review older than this is due again.
pub const REVIEW_DAYS: i64 = 31;

/// Where a partner's readiness total puts it: decides whether it is served or let go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Ready to produce: served at its tier's level.
    Active,
    /// Not ready yet: sits in the lowest tier and is worked on.
    Nurture,
    /// Not worth serving: a candidate to let go.
    Offboard,
}

impl Band {
    /// The partner status this band gives.
    pub fn status(self) -> &'static str {
        match self {
            Self::Active => PartnerStatus::Active.as_str(),
            Self::Nurture => PartnerStatus::Nurture.as_str(),
            Self::Offboard => PartnerStatus::Offboarded.as_str(),
        }
    }

    /// The band a stored partner status stands for; `None` for prospects.
    pub fn from_status(status: &str) -> Option<Self> {
        match PartnerStatus::parse(status)? {
            PartnerStatus::Active => Some(Self::Active),
            PartnerStatus::Nurture => Some(Self::Nurture),
            PartnerStatus::Offboarded => Some(Self::Offboard),
            PartnerStatus::Prospect => None,
        }
    }
}

/// One band's inclusive range of totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandRange {
    /// The band the range gives.
    pub band: Band,
    /// Lowest total in the band, inclusive.
    pub min: i64,
    /// Highest total in the band, inclusive.
    pub max: i64,
}

/// The three bands, which together cover 0–9 with no overlap and no gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    /// One range per band, in any order.
    pub ranges: Vec<BandRange>,
}

impl Default for Bands {
    fn default() -> Self {
        Self::from_thresholds(
            super::defaults::READINESS_ACTIVE_MIN,
            super::defaults::READINESS_NURTURE_MIN,
        )
    }
}

impl Bands {
    /// Active from `active_min`, nurture from `nurture_min`, off-board below.
    pub fn from_thresholds(active_min: i64, nurture_min: i64) -> Self {
        Self {
            ranges: vec![
                BandRange {
                    band: Band::Offboard,
                    min: 0,
                    max: nurture_min - 1,
                },
                BandRange {
                    band: Band::Nurture,
                    min: nurture_min,
                    max: active_min - 1,
                },
                BandRange {
                    band: Band::Active,
                    min: active_min,
                    max: 9,
                },
            ],
        }
    }

    /// Checks that the three bands each appear once and tile 0–9 exactly.
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        let mut ranges = self.ranges.clone();
        ranges.sort_by_key(|r| r.min);
        for b in [Band::Active, Band::Nurture, Band::Offboard] {
            if ranges.iter().filter(|r| r.band == b).count() != 1 {
                return Err(InvalidInput::new(
                    "bands",
                    "Readiness has exactly three bands: active, nurture and off-board.",
                ));
            }
        }
        let mut next = 0;
        for r in &ranges {
            if r.min > r.max {
                return Err(InvalidInput::new(
                    "bands",
                    format!(
                        "A band runs from {} to {}: its start is after its end.",
                        r.min, r.max
                    ),
                ));
            }
            if r.min < next {
                return Err(InvalidInput::new(
                    "bands",
                    format!(
                        "Bands overlap at {}: each total belongs to one band.",
                        r.min
                    ),
                ));
            }
            if r.min > next {
                return Err(InvalidInput::new(
                    "bands",
                    format!("Bands leave a gap at {next}: every total from 0 to 9 needs a band."),
                ));
            }
            next = r.max + 1;
        }
        if next != 10 {
            return Err(InvalidInput::new(
                "bands",
                "The bands must reach 9, the highest total.",
            ));
        }
        let order: Vec<Band> = ranges.iter().map(|r| r.band).collect();
        if order != [Band::Offboard, Band::Nurture, Band::Active] {
            return Err(InvalidInput::new(
                "bands",
                "From low to high the bands run off-board, nurture, active.",
            ));
        }
        Ok(Self { ranges })
    }

    /// The band a readiness total (0–9) falls in.
    pub fn band(&self, total: i64) -> Band {
        self.ranges
            .iter()
            .find(|r| total >= r.min && total <= r.max)
            .map_or(Band::Offboard, |r| r.band)
    }
}

/// One review's three scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    /// Can the partner deliver the motion (0–3).
    pub capability: i64,
    /// Does it have the people and time for it (0–3).
    pub capacity: i64,
    /// Has it committed to running the motion (0–3).
    pub motion_commitment: i64,
}

impl Scores {
    /// Refuses a score outside 0–3.
    pub fn validated(self) -> Result<Self, InvalidInput> {
        for (name, v) in [
            ("Capability", self.capability),
            ("Capacity", self.capacity),
            ("Motion commitment", self.motion_commitment),
        ] {
            if !(0..=3).contains(&v) {
                return Err(InvalidInput::new(
                    "score",
                    format!("{name} is scored 0 to 3; got {v}."),
                ));
            }
        }
        Ok(self)
    }

    /// The readiness total (0–9) the bands are cut on.
    pub fn total(self) -> i64 {
        self.capability + self.capacity + self.motion_commitment
    }
}

/// Why a partner is on the monthly review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// A signed partner with no review yet.
    NeverReviewed,
    /// The latest scores put the partner in a band other than its status.
    BandWouldChange,
    /// The latest review is older than the review interval.
    Stale,
}

/// The monthly review: never reviewed; or the latest scores put the partner in a band other
/// than its status; or the latest review is older than 31 days. `None` when no review is due.
pub fn review_reason(
    status: &str,
    last: Option<(NaiveDate, Scores)>,
    bands: &Bands,
    today: NaiveDate,
) -> Option<ReviewReason> {
    let Some((date, scores)) = last else {
        return Some(ReviewReason::NeverReviewed);
    };
    if Band::from_status(status) != Some(bands.band(scores.total())) {
        return Some(ReviewReason::BandWouldChange);
    }
    ((today - date).num_days() > REVIEW_DAYS).then_some(ReviewReason::Stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn band_edges_at_2_3_5_6() {
        let b = Bands::default();
        assert_eq!(b.band(2), Band::Offboard);
        assert_eq!(b.band(3), Band::Nurture);
        assert_eq!(b.band(5), Band::Nurture);
        assert_eq!(b.band(6), Band::Active);
        assert_eq!(b.band(0), Band::Offboard);
        assert_eq!(b.band(9), Band::Active);
        assert!(b.validated().is_ok());
    }

    #[test]
    fn bands_that_overlap_or_leave_a_gap_are_refused() {
        let r = |band, min, max| BandRange { band, min, max };
        let overlap = Bands {
            ranges: vec![
                r(Band::Offboard, 0, 3),
                r(Band::Nurture, 3, 5),
                r(Band::Active, 6, 9),
            ],
        };
        assert!(overlap.validated().unwrap_err().message.contains("overlap"));
        let gap = Bands {
            ranges: vec![
                r(Band::Offboard, 0, 2),
                r(Band::Nurture, 4, 5),
                r(Band::Active, 6, 9),
            ],
        };
        assert!(gap.validated().unwrap_err().message.contains("gap at 3"));
        let short = Bands {
            ranges: vec![
                r(Band::Offboard, 0, 2),
                r(Band::Nurture, 3, 5),
                r(Band::Active, 6, 8),
            ],
        };
        assert!(short.validated().is_err());
        let upside_down = Bands {
            ranges: vec![
                r(Band::Active, 0, 2),
                r(Band::Nurture, 3, 5),
                r(Band::Offboard, 6, 9),
            ],
        };
        assert!(upside_down.validated().is_err());
        assert!(Bands::from_thresholds(7, 4).validated().is_ok());
    }

    #[test]
    fn scores_are_zero_to_three() {
        let s = |a, b, c| Scores {
            capability: a,
            capacity: b,
            motion_commitment: c,
        };
        assert!(s(4, 0, 0).validated().is_err());
        assert!(s(0, -1, 0).validated().is_err());
        assert_eq!(s(2, 2, 2).validated().unwrap().total(), 6);
    }

    #[test]
    fn monthly_review_across_month_ends() {
        let bands = Bands::default();
        let ok = Scores {
            capability: 2,
            capacity: 2,
            motion_commitment: 2,
        };
        assert_eq!(
            review_reason("active", None, &bands, d("2026-03-01")),
            Some(ReviewReason::NeverReviewed)
        );
        // 31 Jan to 3 Mar is 31 days in 2026: not yet stale; one more day is.
        assert_eq!(
            review_reason(
                "active",
                Some((d("2026-01-31"), ok)),
                &bands,
                d("2026-03-03")
            ),
            None
        );
        assert_eq!(
            review_reason(
                "active",
                Some((d("2026-01-31"), ok)),
                &bands,
                d("2026-03-04")
            ),
            Some(ReviewReason::Stale)
        );
        assert_eq!(
            review_reason(
                "active",
                Some((d("2025-12-31"), ok)),
                &bands,
                d("2026-01-31")
            ),
            None
        );
        assert_eq!(
            review_reason(
                "active",
                Some((d("2025-12-31"), ok)),
                &bands,
                d("2026-02-01")
            ),
            Some(ReviewReason::Stale)
        );
        assert_eq!(
            review_reason(
                "nurture",
                Some((d("2026-03-01"), ok)),
                &bands,
                d("2026-03-02")
            ),
            Some(ReviewReason::BandWouldChange)
        );
    }
}
