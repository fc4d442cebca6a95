//! The ideal partner profile check as the profiles screen, the command line's `ipp-check` and
//! the IPP chart show it: pooled, and per partner type, since each type has its own profile.

use crate::domain::profile::{validity, ValidityCheck, PERMUTATIONS, SEED};
use crate::store::{self, ProfilePipeline, Workspace};
use chrono::NaiveDate;
use serde::Serialize;

/// One partner type's check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeCheck {
    /// The partner type.
    pub type_name: String,
    /// Its matched and unmatched partners compared.
    #[serde(flatten)]
    pub check: ValidityCheck,
}

/// The whole check over one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IppCheck {
    /// First day of the period.
    pub from: String,
    /// Last day of it.
    pub to: String,
    /// Every type together: the headline, though types' profiles differ.
    #[serde(flatten)]
    pub pooled: ValidityCheck,
    /// Each type on its own, by name.
    pub by_type: Vec<TypeCheck>,
    /// Deals not counted for want of a currency rate, in a sentence; absent when none.
    pub left_out: Option<String>,
}

/// The check of `ws` over `from..=to`: production per month signed, matched against not.
pub fn check(ws: &Workspace, from: NaiveDate, to: NaiveDate) -> store::Result<IppCheck> {
    Ok(judge(from, to, &ws.pipeline_by_profile_match(from, to)?))
}

/// The same from a pipeline already read: the tests take a while (10,000 shuffles and 2,000
/// resamples per group), so the app reads under the workspace's lock and judges outside it.
pub fn judge(from: NaiveDate, to: NaiveDate, p: &ProfilePipeline) -> IppCheck {
    IppCheck {
        from: from.to_string(),
        to: to.to_string(),
        pooled: validity(&p.matched, &p.unmatched, PERMUTATIONS, SEED),
        by_type: p
            .by_type
            .iter()
            .map(|t| TypeCheck {
                type_name: t.type_name.clone(),
                check: validity(&t.matched, &t.unmatched, PERMUTATIONS, SEED),
            })
            .collect(),
        left_out: p.left_out.note.clone(),
    }
}
