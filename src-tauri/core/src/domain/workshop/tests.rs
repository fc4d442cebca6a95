use super::*;
use crate::domain::defaults;
use crate::domain::profile::ProfileTrait;
use crate::domain::program::{IncentiveKind, TargetMetric};
use crate::domain::tiers::Cadence;
use crate::domain::tiers::TierRule;

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
            carries_partners: true,
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
        decisions: HashMap::new(),
    }
}

fn step<'a>(w: &'a Workshop, id: &str) -> &'a Step {
    w.steps.iter().find(|s| s.id == id).unwrap()
}

fn has(list: &[String], needle: &str) -> bool {
    list.iter().any(|l| l.contains(needle))
}

/// `i` with every step that has no open question decided as it stands.
fn decided_all(mut i: Inputs) -> Inputs {
    for s in assess(&i).steps {
        if s.open.is_empty() {
            i.decisions.insert(
                s.id.to_string(),
                Decision {
                    on: "2026-12-01".into(),
                    by: "Dana (CEO)".into(),
                    content: s.decisions,
                },
            );
        }
    }
    i
}

#[test]
fn a_complete_design_is_only_proposed_until_each_step_is_decided_explicitly() {
    let w = assess(&full());
    assert_eq!((w.decided, w.proposed, w.total), (0, 8, 8));
    assert!(w.steps.iter().all(|s| s.status == StepStatus::Proposed));
    assert_eq!(
        w.summary,
        "0 of 8 steps decided; 8 proposed, waiting for a decision."
    );
    let w = assess(&decided_all(full()));
    assert_eq!((w.decided, w.total), (8, 8), "{:#?}", w.steps);
    assert!(w.summary.starts_with("All 8 steps decided"));
    let thesis = &w.steps[0];
    let d = thesis.decision.as_ref().unwrap();
    assert_eq!((d.on.as_str(), d.by.as_str()), ("2026-12-01", "Dana (CEO)"));
}

#[test]
fn a_decided_step_that_changes_is_proposed_again_and_one_with_a_question_is_open() {
    let mut i = decided_all(full());
    i.thesis = "Partners take us into regulated banks.".into();
    let w = assess(&i);
    let thesis = step(&w, "thesis");
    assert_eq!(thesis.status, StepStatus::Proposed);
    assert!(!thesis.decided);
    assert!(has(
        &thesis.notes,
        "Decided on 2026-12-01 by Dana (CEO), but it has changed since"
    ));
    i.thesis.clear();
    assert_eq!(step(&assess(&i), "thesis").status, StepStatus::Open);
    assert_eq!(assess(&i).decided, 7);
}

#[test]
fn a_complete_design_decides_every_step_with_its_values() {
    let w = assess(&decided_all(full()));
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
    assert_eq!(step(&w, "scoring").status, StepStatus::Proposed);
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
        ["No team member who carries partners has capacity hours."]
    );
    // Hours of someone who carries no partners do not carry the tiers.
    let mut i = full();
    i.members[0].carries_partners = false;
    let s = assess(&i);
    let capacity = step(&s, "capacity");
    assert_eq!(
        capacity.open,
        ["No team member who carries partners has capacity hours."]
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
    let mut i = decided_all(full());
    i.thesis.clear();
    i.members.clear();
    let w = assess(&i);
    assert_eq!(w.decided, 6);
    assert_eq!(w.summary, "6 of 8 steps decided; 2 questions still open.");
}
