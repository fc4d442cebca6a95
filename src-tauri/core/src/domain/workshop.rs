//! Workshop mode: the pre-hire design session as eight steps, each either decided (with the
//! decided values in words) or open (with the questions still to answer), from the workspace's
//! real data. A step is decided when it has no open question; notes never block.
//!
//! What counts as decided, step by step:
//! 1. Thesis and target: a written thesis, and one or two target metrics each with a quarterly
//!    value above zero.
//! 2. Partner types: at least one type, and every type has a motion, an incentive above zero and
//!    an enablement path of at least one step.
//! 3. Ideal partner profiles: every type has a profile with a joint solution and 3–7 traits, each
//!    verifiable before signing (the profile editor's own rules).
//! 4. Scoring: 3–5 factors with positive weights (the weights editor's rules), each with a
//!    description of how a partner is scored on it.
//! 5. Tiers: 2–4 valid tiers, each with written benefits, no two promising the same cadence.
//! 6. Capacity: team members with partner-facing hours, enough to carry what the tier rules ask.
//! 7. Sales stages: 4–6 stages, each with an owner and a written exit criterion.
//! 8. Scoreboard: a quarterly target to measure against, and a valid sales process for the
//!    90-day forecast line.

use super::capacity::{Allocation, Member};
use super::deals::{validate_stages, Stage};
use super::defaults;
use super::profile::Profile;
use super::program::{IncentiveKind, PartnerType, ProgramTarget, TargetMetric};
use super::readiness::{Band, Bands};
use super::scoring::{Factor, FactorModel};
use super::tiers::{same_service_warnings, validate_tiers, Tier, TierRule};
use serde::Serialize;

/// Everything the steps are judged on, gathered by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    pub company: String,
    pub thesis: String,
    pub currency: String,
    pub targets: Vec<ProgramTarget>,
    pub types: Vec<PartnerType>,
    /// One per type (an unsaved profile has no traits).
    pub profiles: Vec<Profile>,
    /// The saved factors, as stored.
    pub factors: Vec<Factor>,
    pub tiers: Vec<Tier>,
    pub members: Vec<Member>,
    /// The saved capacity plan's allocation, when the model and tiers are valid.
    pub allocation: Option<Allocation>,
    pub stages: Vec<Stage>,
    pub bands: Bands,
    /// Signed partners that are ranked, and those missing a factor score.
    pub ranked: usize,
    pub unscored: usize,
    /// Deals closed (won or lost), which the forecast learns from.
    pub closed_deals: usize,
}

/// One step of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Stable id: thesis, types, profiles, scoring, tiers, capacity, stages, scoreboard.
    pub id: &'static str,
    pub number: usize,
    pub title: &'static str,
    /// The question the step answers.
    pub question: &'static str,
    /// The screen where it is edited (a navigation id).
    pub screen: &'static str,
    pub screen_label: &'static str,
    pub decided: bool,
    /// What is decided, in words with the decided values.
    pub decisions: Vec<String>,
    /// What is still undecided, in words.
    pub open: Vec<String>,
    /// Observations that do not block the step.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workshop {
    pub company: String,
    pub steps: Vec<Step>,
    pub decided: usize,
    pub total: usize,
    /// "5 of 8 steps decided; 3 open questions remain."
    pub summary: String,
}

struct Meta {
    id: &'static str,
    title: &'static str,
    question: &'static str,
    screen: &'static str,
    screen_label: &'static str,
}

const STEPS: [Meta; 8] = [
    Meta {
        id: "thesis",
        title: "Thesis and target metric",
        question: "Why will partners win deals we cannot win alone, and which number proves it?",
        screen: "program",
        screen_label: "Program design",
    },
    Meta {
        id: "types",
        title: "Partner types and motions",
        question: "Which kinds of partners will the program run, and how does each one sell, earn and ramp?",
        screen: "program",
        screen_label: "Program design",
    },
    Meta {
        id: "profiles",
        title: "Ideal partner profiles",
        question: "For each type, which observable traits predict that a partner will produce?",
        screen: "profiles",
        screen_label: "Partner profiles",
    },
    Meta {
        id: "scoring",
        title: "Scoring factors and weights",
        question: "Which 3 to 5 factors rank partners by likely return, and how much does each count?",
        screen: "prioritization",
        screen_label: "Prioritization",
    },
    Meta {
        id: "tiers",
        title: "Tiers and service levels",
        question: "How is the ranking cut into tiers, and what does each tier actually receive?",
        screen: "tiers",
        screen_label: "Tiers & capacity",
    },
    Meta {
        id: "capacity",
        title: "Capacity",
        question: "Whose partner-facing hours carry the tiers, and do they add up?",
        screen: "tiers",
        screen_label: "Tiers & capacity",
    },
    Meta {
        id: "stages",
        title: "Sales stages",
        question: "Which stages does a partner deal pass, who owns each, and what moves a deal out?",
        screen: "deals",
        screen_label: "Deals & process",
    },
    Meta {
        id: "scoreboard",
        title: "Scoreboard",
        question: "Which revenue lines will the board see, measured against what?",
        screen: "scoreboard",
        screen_label: "Scoreboard",
    },
];

/// The revenue lines every scoreboard carries.
pub const SCOREBOARD_LINES: &str = "sourced pipeline created; sourced bookings and their share of the total; win rate and cycle days, partner vs direct; the 90-day forecast with its P10–P90 range; active partners; tier coverage vs capacity";

/// Judges every step.
pub fn assess(i: &Inputs) -> Workshop {
    let mut steps = Vec::with_capacity(STEPS.len());
    for (n, meta) in STEPS.iter().enumerate() {
        let mut s = Findings::default();
        match meta.id {
            "thesis" => thesis(i, &mut s),
            "types" => types(i, &mut s),
            "profiles" => profiles(i, &mut s),
            "scoring" => scoring(i, &mut s),
            "tiers" => tiers(i, &mut s),
            "capacity" => capacity(i, &mut s),
            "stages" => stages(i, &mut s),
            _ => scoreboard(i, &mut s),
        }
        steps.push(Step {
            id: meta.id,
            number: n + 1,
            title: meta.title,
            question: meta.question,
            screen: meta.screen,
            screen_label: meta.screen_label,
            decided: s.open.is_empty(),
            decisions: s.decided,
            open: s.open,
            notes: s.notes,
        });
    }
    let decided = steps.iter().filter(|s| s.decided).count();
    let total = steps.len();
    let questions: usize = steps.iter().map(|s| s.open.len()).sum();
    let summary = if questions == 0 {
        format!("All {total} steps decided: the operating model is ready to hand to the hire.")
    } else {
        format!(
            "{decided} of {total} steps decided; {} still open.",
            plural(questions, "question", "questions")
        )
    };
    Workshop {
        company: i.company.clone(),
        steps,
        decided,
        total,
        summary,
    }
}

#[derive(Default)]
struct Findings {
    decided: Vec<String>,
    open: Vec<String>,
    notes: Vec<String>,
}

fn thesis(i: &Inputs, s: &mut Findings) {
    let thesis = i.thesis.trim();
    if thesis.is_empty() {
        s.open.push("No thesis is written yet: one sentence on why partners win deals the company cannot win alone.".into());
    } else {
        s.decided.push(format!("Thesis: {thesis}"));
    }
    if i.targets.is_empty() {
        s.open.push(
            "No target metric is chosen: name the one or two outcomes the program exists to produce."
                .into(),
        );
    }
    for t in &i.targets {
        if t.quarterly_value > 0.0 {
            s.decided.push(format!(
                "Target: {}",
                target_text(t.metric, t.quarterly_value, &i.currency)
            ));
        } else {
            s.open.push(format!(
                "The {} target has no quarterly value yet.",
                metric_label(t.metric).to_lowercase()
            ));
        }
    }
}

fn types(i: &Inputs, s: &mut Findings) {
    if i.types.is_empty() {
        s.open.push("No partner types yet: name which kinds of partners the program will run and the motion for each.".into());
        return;
    }
    let names: Vec<String> = i.types.iter().map(|t| t.name.clone()).collect();
    s.decided.push(format!(
        "{}: {}",
        plural(i.types.len(), "partner type", "partner types"),
        names.join(", ")
    ));
    for t in &i.types {
        let motion = t.motion.trim();
        if motion.is_empty() {
            s.open
                .push(format!("{} has no motion written yet.", t.name));
        }
        if t.incentive_value <= 0.0 {
            s.open.push(format!(
                "{} earns nothing yet: set its {}.",
                t.name,
                incentive_label(t.incentive_kind)
            ));
        }
        if t.enablement.is_empty() {
            s.open.push(format!(
                "{} has no enablement path: the steps from signed to productive.",
                t.name
            ));
        }
        let mut parts = Vec::new();
        if !motion.is_empty() {
            parts.push(sentence(motion));
        }
        if t.incentive_value > 0.0 {
            parts.push(format!(
                "Incentive: {}.",
                incentive_text(t.incentive_kind, t.incentive_value, &i.currency)
            ));
        }
        if !t.enablement.is_empty() {
            parts.push(format!(
                "Enablement: {}.",
                t.enablement
                    .iter()
                    .map(|e| e.trim_end_matches('.'))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ));
        }
        if !parts.is_empty() {
            s.decided.push(format!("{}: {}", t.name, parts.join(" ")));
        }
    }
}

fn profiles(i: &Inputs, s: &mut Findings) {
    if i.types.is_empty() {
        s.open.push(
            "Partner types come first: each ideal partner profile describes one type.".into(),
        );
        return;
    }
    for t in &i.types {
        let profile = i.profiles.iter().find(|p| p.type_id == t.id);
        let Some(p) = profile.filter(|p| !p.traits.is_empty()) else {
            s.open
                .push(format!("{} has no ideal partner profile yet.", t.name));
            continue;
        };
        match p.validated() {
            Err(e) => s.open.push(format!("{}'s profile: {}", t.name, e.message)),
            Ok(p) => {
                if p.joint_solution.is_empty() {
                    s.open.push(format!(
                        "{}'s profile has no joint solution: what the partner sells or delivers with the product.",
                        t.name
                    ));
                }
                let traits: Vec<&str> = p.traits.iter().map(|t| t.name.as_str()).collect();
                let mut line = format!(
                    "{}: {} ({}). Walk away at {} missed.",
                    t.name,
                    plural(traits.len(), "trait", "traits"),
                    traits.join(", "),
                    p.walk_away_count
                );
                if !p.joint_solution.is_empty() {
                    line.push_str(&format!(" Joint solution: {}", sentence(&p.joint_solution)));
                }
                s.decided.push(line);
                for g in p.guidance() {
                    s.notes.push(format!("{}: {g}", t.name));
                }
            }
        }
    }
}

fn scoring(i: &Inputs, s: &mut Findings) {
    let model = match FactorModel::validated(&i.factors) {
        Ok(m) => m,
        Err(e) => {
            s.open.push(e.message);
            return;
        }
    };
    let parts: Vec<String> = model
        .factors
        .iter()
        .zip(model.shares())
        .map(|(f, share)| format!("{} {share:.0}%", f.name))
        .collect();
    s.decided.push(format!(
        "{}, weighted: {}",
        plural(model.factors.len(), "factor", "factors"),
        parts.join(", ")
    ));
    for f in &model.factors {
        if f.description.is_empty() {
            s.open.push(format!(
                "“{}” has no description: say what a 1 and a 5 mean, so every cycle scores the same way.",
                f.name
            ));
        }
    }
    let is_default = model.factors.len() == defaults::FACTORS.len()
        && model
            .factors
            .iter()
            .zip(defaults::FACTORS.iter())
            .all(|(f, d)| f.name == d.name && (f.weight - d.weight).abs() < 1e-9);
    if is_default {
        s.notes
            .push("These are the starting factors and weights; keep them or change them.".into());
    }
    if i.unscored > 0 {
        s.notes.push(format!(
            "{} of {} signed partners miss a factor score and are not ranked yet.",
            count(i.unscored as f64),
            count((i.ranked + i.unscored) as f64)
        ));
    }
}

fn tiers(i: &Inputs, s: &mut Findings) {
    let tiers = match validate_tiers(&i.tiers) {
        Ok(t) => t,
        Err(e) => {
            s.open.push(e.message);
            return;
        }
    };
    for t in &tiers {
        let mut line = format!(
            "{}: {}, {}, {} per partner a month.",
            t.name,
            rule_text(t.rule),
            cadence_text(t.cadence),
            hours(t.hours_per_partner)
        );
        if !t.benefits.is_empty() {
            line = format!("{line} Benefits: {}", sentence(&t.benefits));
        } else {
            s.open.push(format!(
                "{} has no benefits written: a tier must change what a partner receives.",
                t.name
            ));
        }
        s.decided.push(line);
    }
    s.open.extend(same_service_warnings(&tiers));
}

fn capacity(i: &Inputs, s: &mut Findings) {
    let capacity: f64 = i.members.iter().map(|m| m.hours_per_month).sum();
    if i.members.is_empty() {
        s.open.push("No team members yet: add the people who will work with partners and their hours a month.".into());
        return;
    }
    if capacity <= 0.0 {
        s.open.push("No team member has capacity hours.".into());
        return;
    }
    let people: Vec<String> = i
        .members
        .iter()
        .map(|m| format!("{} {}", m.name, hours(m.hours_per_month)))
        .collect();
    s.decided.push(format!(
        "{}, {} of partner-facing time a month: {}",
        plural(i.members.len(), "team member", "team members"),
        hours(capacity),
        people.join(", ")
    ));
    for m in i.members.iter().filter(|m| m.hours_per_month <= 0.0) {
        s.notes
            .push(format!("{} has no partner-facing hours.", m.name));
    }
    let Ok(tiers) = validate_tiers(&i.tiers) else {
        s.open
            .push("The tiers are not valid yet, so their demand on the team is unknown.".into());
        return;
    };
    // Demand as the tier rules are written: top-N tiers ask for N partners' hours even before
    // there is a roster.
    let mut planned = 0.0;
    let mut above = 0;
    for t in &tiers {
        if let TierRule::TopN(n) = t.rule {
            let count = (n - above).max(0);
            planned += count as f64 * t.hours_per_partner;
            above = n;
        }
    }
    match &i.allocation {
        Some(a) if !a.placements.is_empty() => {
            for load in a.tiers.iter().filter(|l| l.hours_used > 0.0) {
                s.decided.push(format!(
                    "{}: {} use {} of {}",
                    load.name,
                    plural(load.placed, "partner", "partners"),
                    hours(load.hours_used),
                    hours(capacity)
                ));
            }
            if a.shortfall > 0.5 {
                let held = a.held_back().count();
                s.open.push(format!(
                    "The tier rules ask for {} a month and the team has {}: {} short, {} held back a tier.",
                    hours(capacity + a.shortfall),
                    hours(capacity),
                    hours(a.shortfall),
                    plural(held, "partner", "partners")
                ));
            }
        }
        _ => {
            if planned > capacity + 0.5 {
                s.open.push(format!(
                    "The tier rules ask for {} a month at full tiers and the team has {}.",
                    hours(planned),
                    hours(capacity)
                ));
            } else if planned > 0.0 {
                s.decided.push(format!(
                    "Full tiers ask for {} of {} a month.",
                    hours(planned),
                    hours(capacity)
                ));
            }
        }
    }
    if let Some(top) = tiers.first().filter(|t| t.hours_per_partner > 0.0) {
        let most = (capacity / top.hours_per_partner + 1e-9).floor() as usize;
        s.decided.push(format!(
            "The hours carry at most {} in {}.",
            plural(most, "partner", "partners"),
            top.name
        ));
    }
}

fn stages(i: &Inputs, s: &mut Findings) {
    let stages = match validate_stages(&i.stages) {
        Ok(st) => st,
        Err(e) => {
            s.open.push(e.message);
            return;
        }
    };
    let names: Vec<&str> = stages.iter().map(|st| st.name.as_str()).collect();
    s.decided.push(format!(
        "{}: {}",
        plural(stages.len(), "stage", "stages"),
        names.join(" → ")
    ));
    for st in &stages {
        s.decided.push(format!(
            "{}: owned by {}. Exits when {}. {:.0}% win probability, {} expected.",
            st.name,
            st.owner,
            lower_first(st.exit_criterion.trim().trim_end_matches('.')),
            st.probability * 100.0,
            plural(st.expected_days.max(0) as usize, "day", "days")
        ));
    }
    let is_default = stages.len() == defaults::STAGES.len()
        && stages
            .iter()
            .zip(defaults::STAGES.iter())
            .all(|(a, d)| a.name == d.name && a.owner == d.owner);
    if is_default {
        s.notes
            .push("These are the starting stages and owners; keep them or change them.".into());
    }
}

fn scoreboard(i: &Inputs, s: &mut Findings) {
    s.decided
        .push(format!("Revenue lines: {SCOREBOARD_LINES}."));
    let set: Vec<String> = i
        .targets
        .iter()
        .filter(|t| t.quarterly_value > 0.0)
        .map(|t| target_text(t.metric, t.quarterly_value, &i.currency))
        .collect();
    if set.is_empty() {
        s.open.push("The scoreboard has nothing to be measured against: set a target metric with a quarterly value (step 1).".into());
    } else {
        s.decided
            .push(format!("Measured against: {}", set.join("; ")));
    }
    if let Some(active) = i.bands.ranges.iter().find(|r| r.band == Band::Active) {
        s.decided.push(format!(
            "An active partner scores {} to 9 on readiness (capability, capacity, motion commitment).",
            active.min
        ));
    }
    if validate_stages(&i.stages).is_err() {
        s.open.push(
            "The 90-day forecast needs a valid sales process: finish the sales stages (step 7)."
                .into(),
        );
    }
    if i.closed_deals == 0 {
        s.notes.push("No closed deals yet: win rates, cycle days and the calibrated forecast fill in as deals close.".into());
    }
}

// ---- words --------------------------------------------------------------------------------

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n as f64), if n == 1 { one } else { many })
}

/// The text as a sentence: ends with a full stop (or its own ! or ?).
fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms and names ("SI", "CRO") as written.
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

fn count(n: f64) -> String {
    let digits = format!("{:.0}", n.abs().round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < -0.5 {
        format!("-{out}")
    } else {
        out
    }
}

fn hours(h: f64) -> String {
    if h.fract().abs() > 1e-9 {
        format!("{h:.1} h")
    } else {
        format!("{} h", count(h))
    }
}

/// An amount in the workspace currency, whole units: `$1,500,000`, `€2,500`, `2,500 CHF`.
pub fn money(amount: f64, currency: &str) -> String {
    let digits = count(amount);
    match currency {
        "USD" => format!("${digits}"),
        "EUR" => format!("€{digits}"),
        "GBP" => format!("£{digits}"),
        other => format!("{digits} {other}"),
    }
}

fn number(v: f64) -> String {
    if v.fract().abs() > 1e-9 {
        format!("{v:.1}")
    } else {
        count(v)
    }
}

pub fn metric_label(m: TargetMetric) -> &'static str {
    match m {
        TargetMetric::SourcedPipeline => "Partner-sourced pipeline",
        TargetMetric::AttachedRevenue => "Partner-attached revenue",
        TargetMetric::Retention => "Retention of partner-touched customers",
    }
}

fn target_text(m: TargetMetric, value: f64, currency: &str) -> String {
    match m {
        TargetMetric::Retention => format!("{} of {}%", metric_label(m), number(value)),
        _ => format!(
            "{} of {} a quarter",
            metric_label(m),
            money(value, currency)
        ),
    }
}

fn incentive_label(k: IncentiveKind) -> &'static str {
    match k {
        IncentiveKind::Margin => "resale margin %",
        IncentiveKind::ReferralFee => "referral fee",
        IncentiveKind::CoSellCredit => "co-sell credit %",
    }
}

fn incentive_text(k: IncentiveKind, v: f64, currency: &str) -> String {
    match k {
        IncentiveKind::Margin => format!("{}% resale margin", number(v)),
        IncentiveKind::ReferralFee => {
            format!("{} referral fee per closed deal", money(v, currency))
        }
        IncentiveKind::CoSellCredit => format!("{}% co-sell credit", number(v)),
    }
}

fn rule_text(r: TierRule) -> String {
    match r {
        TierRule::TopN(n) => format!("top {}", count(n as f64)),
        TierRule::MinScore(v) => format!("score {} or more", number(v)),
        TierRule::Rest => "everyone else".into(),
    }
}

fn cadence_text(c: super::tiers::Cadence) -> String {
    use super::tiers::Cadence;
    match c {
        Cadence::SelfServe => "self-serve".into(),
        other => format!("{} cadence", other.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::ProfileTrait;
    use crate::domain::tiers::Cadence;

    fn full() -> Inputs {
        let tier = |name: &str, rule, cadence, hours: f64| Tier {
            id: Some(1),
            name: name.into(),
            rule,
            cadence,
            hours_per_partner: hours,
            benefits: format!("{name} benefits"),
        };
        let trait_ = |name: &str| ProfileTrait {
            id: Some(1),
            name: name.into(),
            evidence: "3 shared accounts".into(),
            verification: "Account mapping".into(),
        };
        Inputs {
            company: "Acme".into(),
            thesis: "Partners bring us into deals we cannot reach.".into(),
            currency: "USD".into(),
            targets: vec![ProgramTarget {
                id: 1,
                metric: TargetMetric::SourcedPipeline,
                quarterly_value: 1_500_000.0,
            }],
            types: vec![PartnerType {
                id: 7,
                position: 0,
                name: "Reseller".into(),
                motion: "Resell annual plans".into(),
                incentive_kind: IncentiveKind::Margin,
                incentive_value: 20.0,
                enablement: vec!["Certify".into(), "First deal".into()],
                partner_count: 3,
            }],
            profiles: vec![Profile {
                type_id: 7,
                joint_solution: "A packaged rollout".into(),
                walk_away_count: 2,
                traits: ["Overlap", "Champion", "Registration", "Co-sell", "Targets"]
                    .into_iter()
                    .map(trait_)
                    .collect(),
            }],
            factors: defaults::FACTORS
                .iter()
                .map(|f| Factor {
                    id: Some(1),
                    name: f.name.into(),
                    description: f.description.into(),
                    weight: f.weight,
                })
                .collect(),
            tiers: vec![
                tier("Strategic", TierRule::TopN(10), Cadence::Weekly, 8.0),
                tier("Growth", TierRule::TopN(40), Cadence::Monthly, 2.0),
                tier("Community", TierRule::Rest, Cadence::SelfServe, 0.0),
            ],
            members: vec![Member {
                id: Some(1),
                name: "Maya".into(),
                role: "Head of partnerships".into(),
                hours_per_month: 200.0,
            }],
            allocation: None,
            stages: defaults::STAGES
                .iter()
                .map(|d| Stage {
                    id: Some(1),
                    name: d.name.into(),
                    owner: d.owner.into(),
                    exit_criterion: d.exit_criterion.into(),
                    probability: d.probability,
                    expected_days: d.expected_days,
                })
                .collect(),
            bands: Bands::default(),
            ranked: 0,
            unscored: 0,
            closed_deals: 0,
        }
    }

    fn step<'a>(w: &'a Workshop, id: &str) -> &'a Step {
        w.steps.iter().find(|s| s.id == id).unwrap()
    }

    fn has(list: &[String], needle: &str) -> bool {
        list.iter().any(|l| l.contains(needle))
    }

    #[test]
    fn a_complete_design_decides_every_step_with_its_values() {
        let w = assess(&full());
        assert_eq!((w.decided, w.total), (8, 8), "{:#?}", w.steps);
        assert!(w.summary.starts_with("All 8 steps decided"));
        let ids: Vec<&str> = w.steps.iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            [
                "thesis",
                "types",
                "profiles",
                "scoring",
                "tiers",
                "capacity",
                "stages",
                "scoreboard"
            ]
        );
        assert!(has(
            &step(&w, "thesis").decisions,
            "Thesis: Partners bring us"
        ));
        assert!(has(
            &step(&w, "thesis").decisions,
            "Partner-sourced pipeline of $1,500,000 a quarter"
        ));
        assert!(has(
            &step(&w, "types").decisions,
            "1 partner type: Reseller"
        ));
        assert!(has(
            &step(&w, "types").decisions,
            "Reseller: Resell annual plans. Incentive: 20% resale margin. Enablement: Certify → First deal."
        ));
        assert!(has(&step(&w, "profiles").decisions, "Reseller: 5 traits"));
        assert!(has(&step(&w, "scoring").decisions, "ICP overlap 35%"));
        assert!(has(
            &step(&w, "tiers").decisions,
            "Strategic: top 10, weekly cadence, 8 h per partner a month."
        ));
        assert!(has(&step(&w, "capacity").decisions, "200 h"));
        // Top 10 × 8 h + 30 × 2 h = 140 h of 200 h.
        assert!(has(&step(&w, "capacity").decisions, "140 h of 200 h"));
        assert!(has(
            &step(&w, "stages").decisions,
            "Registered → Qualified → Joint working → Proposal → Commit"
        ));
        assert!(has(&step(&w, "scoreboard").decisions, "Measured against"));
        assert!(has(&step(&w, "scoreboard").decisions, "scores 6 to 9"));
    }

    #[test]
    fn thesis_and_targets_need_words_and_a_value() {
        let mut i = full();
        i.thesis = "  ".into();
        i.targets.clear();
        let w = assess(&i);
        let s = step(&w, "thesis");
        assert!(!s.decided);
        assert!(has(&s.open, "No thesis"));
        assert!(has(&s.open, "No target metric"));
        assert!(
            !step(&w, "scoreboard").decided,
            "nothing to measure against"
        );
        i.targets.push(ProgramTarget {
            id: 2,
            metric: TargetMetric::Retention,
            quarterly_value: 0.0,
        });
        i.thesis = "Why".into();
        let s = assess(&i).steps[0].clone();
        assert_eq!(
            s.open,
            ["The retention of partner-touched customers target has no quarterly value yet."]
        );
    }

    #[test]
    fn types_need_a_motion_an_incentive_and_an_enablement_path() {
        let mut i = full();
        i.types[0].motion = String::new();
        i.types[0].incentive_value = 0.0;
        i.types[0].enablement.clear();
        let w = assess(&i);
        let s = step(&w, "types");
        assert_eq!(s.open.len(), 3, "{:?}", s.open);
        assert!(has(&s.open, "Reseller has no motion"));
        assert!(has(&s.open, "resale margin %"));
        assert!(has(&s.open, "no enablement path"));
        i.types.clear();
        let w = assess(&i);
        assert!(has(&step(&w, "types").open, "No partner types yet"));
        assert!(has(&step(&w, "profiles").open, "Partner types come first"));
    }

    #[test]
    fn every_type_needs_a_valid_profile_with_a_joint_solution() {
        let mut i = full();
        i.types.push(PartnerType {
            id: 8,
            name: "Referral partner".into(),
            ..i.types[0].clone()
        });
        let w = assess(&i);
        assert_eq!(
            step(&w, "profiles").open,
            ["Referral partner has no ideal partner profile yet."]
        );
        i.profiles.push(Profile {
            type_id: 8,
            joint_solution: String::new(),
            walk_away_count: 2,
            traits: i.profiles[0].traits[..2].to_vec(),
        });
        let w = assess(&i);
        assert!(has(&step(&w, "profiles").open, "3 to 7 production traits"));
        i.profiles[1].traits = i.profiles[0].traits.clone();
        let w = assess(&i);
        assert!(has(&step(&w, "profiles").open, "no joint solution"));
    }

    #[test]
    fn scoring_follows_the_weights_editor_rules() {
        let mut i = full();
        i.factors.truncate(2);
        let w = assess(&i);
        assert!(has(&step(&w, "scoring").open, "at least 3 factors"));
        let mut i = full();
        i.factors[0].weight = 0.0;
        assert!(has(&step(&assess(&i), "scoring").open, "positive number"));
        let mut i = full();
        i.factors[1].description = String::new();
        assert!(has(&step(&assess(&i), "scoring").open, "no description"));
        // Weights are relative: shares are shown as % of the total, whatever they add up to.
        let mut i = full();
        for f in &mut i.factors {
            f.weight = 1.0;
        }
        let w = assess(&i);
        assert!(step(&w, "scoring").decided);
        assert!(has(&step(&w, "scoring").decisions, "ICP overlap 25%"));
    }

    #[test]
    fn tiers_must_change_what_a_partner_receives() {
        let mut i = full();
        i.tiers[1].cadence = Cadence::Weekly;
        let w = assess(&i);
        assert!(has(&step(&w, "tiers").open, "decoration"));
        let mut i = full();
        i.tiers[2].benefits = String::new();
        assert!(has(&step(&assess(&i), "tiers").open, "no benefits"));
        let mut i = full();
        i.tiers.truncate(1);
        assert!(has(&step(&assess(&i), "tiers").open, "2 to 4 tiers"));
    }

    #[test]
    fn capacity_needs_hours_that_carry_the_tiers() {
        let mut i = full();
        i.members.clear();
        assert!(has(&step(&assess(&i), "capacity").open, "No team members"));
        let mut i = full();
        i.members[0].hours_per_month = 0.0;
        assert_eq!(
            step(&assess(&i), "capacity").open,
            ["No team member has capacity hours."]
        );
        let mut i = full();
        i.members[0].hours_per_month = 100.0;
        assert!(has(
            &step(&assess(&i), "capacity").open,
            "ask for 140 h a month at full tiers and the team has 100 h"
        ));
    }

    #[test]
    fn stages_need_owners_and_exit_criteria() {
        let mut i = full();
        i.stages[2].owner = String::new();
        let w = assess(&i);
        assert!(has(&step(&w, "stages").open, "needs an owner"));
        assert!(has(&step(&w, "scoreboard").open, "valid sales process"));
        let mut i = full();
        i.stages.truncate(3);
        assert!(has(&step(&assess(&i), "stages").open, "4 to 6 stages"));
    }

    #[test]
    fn the_summary_counts_steps_and_questions() {
        let mut i = full();
        i.thesis.clear();
        i.members.clear();
        let w = assess(&i);
        assert_eq!(w.decided, 6);
        assert_eq!(w.summary, "6 of 8 steps decided; 2 questions still open.");
    }
}
