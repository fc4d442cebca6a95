//! The workshop's phrasing: plurals, sentences and the labels of metrics, incentives, tier
//! rules and cadences, so every step speaks the same way.

use crate::domain::format::{decimal, money, whole};
use crate::domain::program::{IncentiveKind, TargetMetric};
use crate::domain::tiers::{Cadence, TierRule};

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", whole(n as f64), if n == 1 { one } else { many })
}

/// The text as a sentence: ends with a full stop (or its own ! or ?).
pub(super) fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms and names ("SI", "CRO") as written.
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// How a target metric is named in sentences and on the program screen.
pub fn metric_label(m: TargetMetric) -> &'static str {
    match m {
        TargetMetric::SourcedPipeline => "Partner-sourced pipeline",
        TargetMetric::AttachedRevenue => "Partner-attached revenue",
        TargetMetric::Retention => "Retention of partner-touched customers",
    }
}

pub(super) fn target_text(m: TargetMetric, value: f64, currency: &str) -> String {
    match m {
        TargetMetric::Retention => format!("{} of {}%", metric_label(m), decimal(value)),
        _ => format!(
            "{} of {} a quarter",
            metric_label(m),
            money(value, currency)
        ),
    }
}

pub(super) fn incentive_label(k: IncentiveKind) -> &'static str {
    match k {
        IncentiveKind::Margin => "resale margin %",
        IncentiveKind::ReferralFee => "referral fee",
        IncentiveKind::CoSellCredit => "co-sell credit %",
    }
}

pub(super) fn incentive_text(k: IncentiveKind, v: f64, currency: &str) -> String {
    match k {
        IncentiveKind::Margin => format!("{}% resale margin", decimal(v)),
        IncentiveKind::ReferralFee => {
            format!("{} referral fee per closed deal", money(v, currency))
        }
        IncentiveKind::CoSellCredit => format!("{}% co-sell credit", decimal(v)),
    }
}

pub(super) fn rule_text(r: TierRule) -> String {
    match r {
        TierRule::TopN(n) => format!("top {}", whole(n as f64)),
        TierRule::MinScore(v) => format!("score {} or more", decimal(v)),
        TierRule::Rest => "everyone else".into(),
    }
}

pub(super) fn cadence_text(c: Cadence) -> String {
    match c {
        Cadence::SelfServe => "self-serve".into(),
        other => format!("{} cadence", other.label()),
    }
}
