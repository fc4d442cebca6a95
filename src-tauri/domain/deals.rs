//! Partner deals through defined stages: the sales process, deals as imported, stalls and
//! where deals pile up.

use super::validate::{self, InvalidInput};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MIN_STAGES: usize = 4;
pub const MAX_STAGES: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Option<i64>,
    pub name: String,
    pub owner: String,
    pub exit_criterion: String,
    /// Default win probability, 0–1.
    pub probability: f64,
    pub expected_days: i64,
}

/// Checks 4–6 stages, each with an owner and a written exit criterion.
pub fn validate_stages(stages: &[Stage]) -> Result<Vec<Stage>, InvalidInput> {
    if !(MIN_STAGES..=MAX_STAGES).contains(&stages.len()) {
        return Err(InvalidInput::new(
            "stages",
            format!(
                "A partner sales process has {MIN_STAGES} to {MAX_STAGES} stages; this one has {}.",
                stages.len()
            ),
        ));
    }
    let mut out: Vec<Stage> = Vec::with_capacity(stages.len());
    for (i, s) in stages.iter().enumerate() {
        let name = validate::text("name", &format!("Stage {}'s name", i + 1), &s.name, 1, 60)?;
        if out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(InvalidInput::new(
                "name",
                format!("Two stages are called “{name}”."),
            ));
        }
        let owner =
            validate::text("owner", &format!("{name}'s owner"), &s.owner, 1, 80).map_err(|_| {
                InvalidInput::new(
                    "owner",
                    format!(
                        "“{name}” needs an owner: a stage owned by everyone is owned by no one."
                    ),
                )
            })?;
        let exit = validate::text(
            "exit_criterion",
            &format!("{name}'s exit criterion"),
            &s.exit_criterion,
            1,
            500,
        )
        .map_err(|_| {
            InvalidInput::new(
                "exit_criterion",
                format!("“{name}” needs a written exit criterion: what moves a deal out of it."),
            )
        })?;
        let probability = validate::number(
            "probability",
            &format!("{name}'s probability"),
            s.probability,
            0.0,
            1.0,
        )?;
        if s.expected_days < 0 || s.expected_days > 3650 {
            return Err(InvalidInput::new(
                "expected_days",
                format!("{name}'s expected days are between 0 and 3650."),
            ));
        }
        out.push(Stage {
            id: s.id,
            name,
            owner,
            exit_criterion: exit,
            probability,
            expected_days: s.expected_days,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    PartnerSourced,
    PartnerInfluenced,
    Direct,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartnerSourced => "partner_sourced",
            Self::PartnerInfluenced => "partner_influenced",
            Self::Direct => "direct",
        }
    }

    /// Reads the ways exports write a source.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
            "partner sourced" | "sourced" | "partner" | "partner referral" => {
                Some(Self::PartnerSourced)
            }
            "partner influenced" | "influenced" => Some(Self::PartnerInfluenced),
            "direct" | "inbound" | "outbound" => Some(Self::Direct),
            _ => None,
        }
    }

    /// The credit rule recorded at entry.
    pub fn credit(self) -> (&'static str, f64) {
        match self {
            Self::PartnerSourced => ("sourced", 100.0),
            Self::PartnerInfluenced => ("influenced", 20.0),
            Self::Direct => ("none", 0.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }
}

/// One deal as an import delivers it, checked and resolved against the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct DealImport {
    pub line: usize,
    pub external_id: Option<String>,
    pub account: String,
    pub partner_id: Option<i64>,
    pub source: Source,
    pub amount: f64,
    pub currency: String,
    pub stage_id: Option<i64>,
    pub created_on: NaiveDate,
    pub expected_close: Option<NaiveDate>,
    pub outcome: Outcome,
    pub closed_on: Option<NaiveDate>,
    pub owner: String,
}

/// Days a deal has been in its stage past the stage's expected days, when it is stalled.
pub fn days_over(entered: NaiveDate, expected_days: i64, today: NaiveDate) -> Option<i64> {
    let over = (today - entered).num_days() - expected_days;
    (over > 0).then_some(over)
}

/// The median of whole days, or `None` for no values.
pub fn median_days(mut days: Vec<i64>) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stalls_across_month_ends() {
        // Entered 31 Jan with 14 expected days: due out by 14 Feb; on 1 Mar it is 15 days over.
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-02-14")), None);
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-02-15")), Some(1));
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-03-01")), Some(15));
        assert_eq!(
            days_over(d("2028-02-28"), 1, d("2028-03-01")),
            Some(1),
            "leap day counts"
        );
        assert_eq!(median_days(vec![5, 1, 9]), Some(5.0));
        assert_eq!(median_days(vec![4, 1, 9, 2]), Some(3.0));
        assert_eq!(median_days(vec![]), None);
    }

    #[test]
    fn stages_need_owner_and_exit_criterion_and_four_to_six_of_them() {
        let s = |name: &str, owner: &str, exit: &str| Stage {
            id: None,
            name: name.into(),
            owner: owner.into(),
            exit_criterion: exit.into(),
            probability: 0.3,
            expected_days: 10,
        };
        let good: Vec<Stage> = (0..5)
            .map(|i| s(&format!("S{i}"), "AE", "Signed"))
            .collect();
        assert!(validate_stages(&good).is_ok());
        assert!(validate_stages(&good[..3])
            .unwrap_err()
            .message
            .contains("4 to 6"));
        let mut no_owner = good.clone();
        no_owner[2].owner = " ".into();
        assert!(validate_stages(&no_owner)
            .unwrap_err()
            .message
            .contains("needs an owner"));
        let mut no_exit = good.clone();
        no_exit[1].exit_criterion = String::new();
        assert!(validate_stages(&no_exit)
            .unwrap_err()
            .message
            .contains("exit criterion"));
        let mut bad_p = good;
        bad_p[0].probability = 1.5;
        assert!(validate_stages(&bad_p).is_err());
        assert_eq!(
            Source::parse("Partner-Sourced"),
            Some(Source::PartnerSourced)
        );
        assert_eq!(Source::parse("telepathy"), None);
    }
}
