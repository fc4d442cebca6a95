//! The eight step judges: each reads the inputs and records what is decided, what is still
//! open and what is worth noting, in words a head of partnerships can act on.

use super::words::{
    incentive_label, incentive_text, lower_first, metric_label, plural, rule_text, sentence,
    target_text,
};
use super::{Findings, Inputs};
use crate::domain::deals::validate_stages;
use crate::domain::defaults;
use crate::domain::format::{hours_to_tenth as hours, whole};
use crate::domain::readiness::Band;
use crate::domain::scoring::FactorModel;
use crate::domain::tiers::{same_service_warnings, validate_tiers, TierRule};
use crate::domain::workshop::words::cadence_text;
use crate::domain::workshop::SCOREBOARD_LINES;

pub(super) fn thesis(i: &Inputs, s: &mut Findings) {
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

pub(super) fn types(i: &Inputs, s: &mut Findings) {
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

pub(super) fn profiles(i: &Inputs, s: &mut Findings) {
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

pub(super) fn scoring(i: &Inputs, s: &mut Findings) {
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
            whole(i.unscored as f64),
            whole((i.ranked + i.unscored) as f64)
        ));
    }
}

pub(super) fn tiers(i: &Inputs, s: &mut Findings) {
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

pub(super) fn capacity(i: &Inputs, s: &mut Findings) {
    let capacity: f64 = i
        .members
        .iter()
        .filter(|m| m.carries_partners)
        .map(|m| m.hours_per_month)
        .sum();
    if i.members.is_empty() {
        s.open.push("No team members yet: add the people who will work with partners and their hours a month.".into());
        return;
    }
    if capacity <= 0.0 {
        s.open
            .push("No team member who carries partners has capacity hours.".into());
        return;
    }
    let people: Vec<String> = i
        .members
        .iter()
        .map(|m| {
            let own = if m.carries_partners {
                ""
            } else {
                " (carries no partners)"
            };
            format!("{} {}{own}", m.name, hours(m.hours_per_month))
        })
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

pub(super) fn stages(i: &Inputs, s: &mut Findings) {
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

pub(super) fn scoreboard(i: &Inputs, s: &mut Findings) {
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
