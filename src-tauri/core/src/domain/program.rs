//! Program design: partner types with their motion, incentive and enablement path, and the
//! one or two outcomes the whole program is built to produce.

use super::validate::{self, InvalidInput};
use serde::{Deserialize, Serialize};

/// Longest name a person may type, so names fit on charts and exports.
pub const MAX_NAME: usize = 80;
/// Longest free text (thesis, motion), a few paragraphs at most.
pub const MAX_TEXT: usize = 2_000;
/// Most enablement steps a type may have; a longer path is not a path.
pub const MAX_STEPS: usize = 20;
/// A program is judged on one or two numbers, no more.
pub const MAX_TARGETS: usize = 2;

/// How a partner of this type makes money with the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncentiveKind {
    /// Resale margin, % of the deal.
    Margin,
    /// A flat fee per referred deal that closes, in the workspace currency.
    ReferralFee,
    /// Co-sell credit, % of the deal credited to the partner team.
    CoSellCredit,
}

impl IncentiveKind {
    /// The stored code of the incentive.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Margin => "margin",
            Self::ReferralFee => "referral_fee",
            Self::CoSellCredit => "co_sell_credit",
        }
    }

    /// Reads a stored code; `None` when unknown.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "margin" => Some(Self::Margin),
            "referral_fee" => Some(Self::ReferralFee),
            "co_sell_credit" => Some(Self::CoSellCredit),
            _ => None,
        }
    }

    fn limit(self) -> (f64, &'static str) {
        match self {
            Self::Margin => (100.0, "Margin %"),
            Self::CoSellCredit => (100.0, "Co-sell credit %"),
            Self::ReferralFee => (10_000_000.0, "Referral fee"),
        }
    }
}

/// A partner type as the person edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerTypeDraft {
    /// Shown on the roster and charts; unique in the workspace.
    pub name: String,
    /// How this kind of partner sells with the company.
    pub motion: String,
    /// What the partner earns.
    pub incentive_kind: IncentiveKind,
    /// The incentive's size: a percentage, or a fee in the workspace currency.
    pub incentive_value: f64,
    /// Ordered steps from signed to productive.
    pub enablement: Vec<String>,
}

impl PartnerTypeDraft {
    /// Returns the cleaned draft, or the first field that is wrong.
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        let name = validate::text("name", "The type's name", &self.name, 1, MAX_NAME)?;
        let motion = validate::text("motion", "The motion", &self.motion, 0, MAX_TEXT)?;
        let (max, label) = self.incentive_kind.limit();
        let incentive_value =
            validate::number("incentive_value", label, self.incentive_value, 0.0, max)?;
        if self.enablement.len() > MAX_STEPS {
            return Err(InvalidInput::new(
                "enablement",
                format!(
                    "An enablement path holds at most {MAX_STEPS} steps; this one has {}.",
                    self.enablement.len()
                ),
            ));
        }
        let mut enablement = Vec::with_capacity(self.enablement.len());
        for (i, step) in self.enablement.iter().enumerate() {
            let label = format!("Enablement step {}", i + 1);
            let step = validate::text("enablement", &label, step, 0, 200)?;
            if !step.is_empty() {
                enablement.push(step);
            }
        }
        Ok(Self {
            name,
            motion,
            incentive_kind: self.incentive_kind,
            incentive_value,
            enablement,
        })
    }
}

/// A stored partner type, with how many partners use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerType {
    /// Stored id, referenced by partners and profiles.
    pub id: i64,
    /// Order on the program screen.
    pub position: i64,
    /// Shown on the roster and charts; unique in the workspace.
    pub name: String,
    /// How this kind of partner sells with the company.
    pub motion: String,
    /// What the partner earns.
    pub incentive_kind: IncentiveKind,
    /// The incentive's size: a percentage, or a fee in the workspace currency.
    pub incentive_value: f64,
    /// Ordered steps from signed to productive.
    pub enablement: Vec<String>,
    /// Partners of this type, so deleting a used type can be refused.
    pub partner_count: i64,
}

/// The outcomes a program can be designed to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMetric {
    /// Pipeline created from partner-sourced deals.
    SourcedPipeline,
    /// Revenue from deals a partner sourced or influenced.
    AttachedRevenue,
    /// Retention of customers a partner touched, in %.
    Retention,
}

impl TargetMetric {
    /// The stored code of the metric.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SourcedPipeline => "sourced_pipeline",
            Self::AttachedRevenue => "attached_revenue",
            Self::Retention => "retention",
        }
    }

    /// Reads a stored code; `None` when unknown.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "sourced_pipeline" => Some(Self::SourcedPipeline),
            "attached_revenue" => Some(Self::AttachedRevenue),
            "retention" => Some(Self::Retention),
            _ => None,
        }
    }
}

/// One program target: a metric and the value to reach per quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramTarget {
    /// Stored id, for editing and removing the target.
    pub id: i64,
    /// What is measured.
    pub metric: TargetMetric,
    /// The value to reach each quarter: money, or % for retention.
    pub quarterly_value: f64,
}

/// A target as the person edits it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProgramTargetDraft {
    /// What is measured.
    pub metric: TargetMetric,
    /// The value to reach each quarter: money, or % for retention.
    pub quarterly_value: f64,
}

impl ProgramTargetDraft {
    /// Refuses a value that is not a number from 0 to the metric's limit (100% for retention).
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        let (max, label) = match self.metric {
            TargetMetric::Retention => (100.0, "A retention target (%)"),
            _ => (1e12, "A quarterly target"),
        };
        let quarterly_value =
            validate::number("quarterly_value", label, self.quarterly_value, 0.0, max)?;
        Ok(Self {
            metric: self.metric,
            quarterly_value,
        })
    }
}

/// Whether one more target may be added, given the metrics already chosen.
pub fn check_new_target(
    existing: &[ProgramTarget],
    draft: &ProgramTargetDraft,
) -> Result<(), InvalidInput> {
    if existing.iter().any(|t| t.metric == draft.metric) {
        return Err(InvalidInput::new(
            "metric",
            "That metric is already a program target; edit its value instead.",
        ));
    }
    if existing.len() >= MAX_TARGETS {
        return Err(InvalidInput::new(
            "metric",
            "A program serves one or two target metrics. Remove one before adding another.",
        ));
    }
    Ok(())
}

/// The program's headline facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// The company running the program, on every export.
    pub company: String,
    /// Why partners win deals the company cannot win alone.
    pub thesis: String,
    /// Currency money is entered and shown in.
    pub currency: String,
    /// The partner types, in screen order.
    pub types: Vec<PartnerType>,
    /// The one or two target metrics.
    pub targets: Vec<ProgramTarget>,
}

/// The company name and thesis as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramHeaderDraft {
    /// The company running the program.
    pub company: String,
    /// Why partners win deals the company cannot win alone.
    pub thesis: String,
}

impl ProgramHeaderDraft {
    /// Refuses an empty company name or text over the length limits.
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        Ok(Self {
            company: validate::text("company", "The company name", &self.company, 1, MAX_NAME)?,
            thesis: validate::text("thesis", "The program thesis", &self.thesis, 0, MAX_TEXT)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PartnerTypeDraft {
        PartnerTypeDraft {
            name: " Resellers ".into(),
            motion: "Resell into the mid-market".into(),
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 20.0,
            enablement: vec![
                "Sales certification".into(),
                "  ".into(),
                "First joint deal".into(),
            ],
        }
    }

    #[test]
    fn a_good_draft_is_cleaned() {
        let d = draft().validated().unwrap();
        assert_eq!(d.name, "Resellers");
        assert_eq!(
            d.enablement,
            vec!["Sales certification", "First joint deal"]
        );
    }

    #[test]
    fn bad_incentives_are_refused() {
        let mut d = draft();
        d.incentive_value = 120.0;
        assert_eq!(d.validated().unwrap_err().field, "incentive_value");
        d.incentive_value = f64::NAN;
        assert!(d
            .validated()
            .unwrap_err()
            .message
            .contains("must be a number"));
        d.incentive_kind = IncentiveKind::ReferralFee;
        d.incentive_value = 2_500.0;
        assert!(d.validated().is_ok());
    }

    #[test]
    fn empty_name_and_too_many_steps_are_refused() {
        let mut d = draft();
        d.name = "  ".into();
        assert_eq!(d.validated().unwrap_err().field, "name");
        let mut d = draft();
        d.enablement = vec!["step".into(); MAX_STEPS + 1];
        assert_eq!(d.validated().unwrap_err().field, "enablement");
    }

    #[test]
    fn at_most_two_distinct_targets() {
        let t = |id, metric| ProgramTarget {
            id,
            metric,
            quarterly_value: 1.0,
        };
        let new = ProgramTargetDraft {
            metric: TargetMetric::Retention,
            quarterly_value: 90.0,
        };
        assert!(check_new_target(&[t(1, TargetMetric::SourcedPipeline)], &new).is_ok());
        assert!(check_new_target(&[t(1, TargetMetric::Retention)], &new).is_err());
        let two = [
            t(1, TargetMetric::SourcedPipeline),
            t(2, TargetMetric::AttachedRevenue),
        ];
        assert!(check_new_target(&two, &new)
            .unwrap_err()
            .message
            .contains("one or two"));
        let bad = ProgramTargetDraft {
            metric: TargetMetric::Retention,
            quarterly_value: 140.0,
        };
        assert!(bad.validated().is_err());
    }
}
