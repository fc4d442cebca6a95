//! The capacity screen's read model: the plan of the ranked roster over tiers and people, who
//! is held back, which owners move, and the plan in one sentence. The command line's
//! `allocate` prints the same plan in its compact [`Allocation`] form.

use crate::domain::capacity::{self, Member, MemberLoad, TierLoad};
use crate::domain::capacity_plan::{capacity_plan, CapacityPlan};
use crate::domain::format::decimal_ungrouped;
use crate::domain::roster::ScoredRoster;
use crate::domain::tiers::{same_service_warnings, Tier};
use crate::store::{self, Workspace};
use serde::Serialize;
use std::collections::HashMap;

/// A partner its tier rule admits but the team's hours cannot serve there.
#[derive(Debug, Serialize)]
pub struct HeldBack {
    /// The partner.
    pub partner_id: i64,
    /// Its name.
    pub name: String,
    /// Its rank under the saved model.
    pub rank: usize,
    /// The tier its rule admits it to.
    pub rule_tier: String,
    /// The tier the plan places it in.
    pub placed_tier: String,
}

/// A proposed change of owner, with names for the screen.
#[derive(Debug, Serialize)]
pub struct MoveView {
    /// The partner changing owner.
    pub partner_id: i64,
    /// Its name.
    pub name: String,
    /// Today's owner, if any.
    pub from: Option<String>,
    /// The proposed owner.
    pub to: String,
    /// Hours a month the partner costs its owner.
    pub hours: f64,
}

/// The whole capacity screen.
#[derive(Debug, Serialize)]
pub struct CapacityView {
    /// The team the plan spends.
    pub members: Vec<Member>,
    /// The tiers the plan fills.
    pub tiers: Vec<Tier>,
    /// The team's partner-facing hours a month.
    pub capacity: f64,
    /// Hours the rules ask for beyond the team's hours.
    pub shortfall: f64,
    /// Hours the team has left over.
    pub slack: f64,
    /// The most partners the top tier can hold; `None` when it costs no hours.
    pub max_top_tier: Option<usize>,
    /// The plan in one sentence, e.g. "At 400 h/month, once the other tiers have their 80 h,
    /// Tier 1 holds at most 40 partners at 8 h each."
    pub statement: String,
    /// Demand and use per tier, top first.
    pub tier_loads: Vec<TierLoad>,
    /// Planned and current hours per member.
    pub member_loads: Vec<MemberLoad>,
    /// Partners placed below the tier their rule admits them to.
    pub held_back: Vec<HeldBack>,
    /// Proposed owner changes.
    pub moves: Vec<MoveView>,
    /// Tiers that promise the same service level.
    pub warnings: Vec<String>,
}

fn statement(tiers: &[Tier], a: &capacity::Allocation) -> String {
    let (capacity, max_top_tier, others) = (a.capacity, a.max_top_tier, a.other_tiers_hours);
    let partners = |n: usize| format!("{n} partner{}", if n == 1 { "" } else { "s" });
    if let (Some(top), true) = (tiers.first(), others > 0.0 && others >= capacity) {
        // The other tiers alone ask for every hour: say so, and what filling from the top gives.
        let placed = a.tiers.first().map_or(0, |l| l.placed);
        return format!(
            "At {} h/month, the other tiers' rules alone ask {} h; filled from the top, {} holds \
             {} at {} h each.",
            decimal_ungrouped(capacity),
            decimal_ungrouped(others),
            top.name,
            partners(placed),
            decimal_ungrouped(top.hours_per_partner)
        );
    }
    let others = if others > 0.0 {
        format!(
            ", once the other tiers have their {} h",
            decimal_ungrouped(others)
        )
    } else {
        String::new()
    };
    match (tiers.first(), max_top_tier) {
        (Some(top), Some(n)) => format!(
            "At {} h/month{others}, {} holds at most {} at {} h each.",
            decimal_ungrouped(capacity),
            top.name,
            partners(n),
            decimal_ungrouped(top.hours_per_partner)
        ),
        (Some(top), None) => format!(
            "{} costs no hours: every partner its rule admits fits.",
            top.name
        ),
        (None, _) => "No tiers are defined.".to_string(),
    }
}

/// The capacity screen for `plan`, made under `tiers` and `members`.
pub fn view(plan: CapacityPlan, tiers: Vec<Tier>, members: Vec<Member>) -> CapacityView {
    let a = plan.allocation;
    let name_of = |i: usize| tiers.get(i).map(|t| t.name.clone()).unwrap_or_default();
    let member_name: HashMap<i64, String> = members
        .iter()
        .filter_map(|m| Some((m.id?, m.name.clone())))
        .collect();
    CapacityView {
        held_back: a
            .held_back()
            .map(|p| HeldBack {
                partner_id: p.partner_id,
                name: p.name.clone(),
                rank: p.rank,
                rule_tier: name_of(p.eligible),
                placed_tier: name_of(p.tier),
            })
            .collect(),
        moves: plan
            .assignment
            .moves
            .iter()
            .map(|m| MoveView {
                partner_id: m.partner_id,
                name: m.name.clone(),
                from: m.from.and_then(|f| member_name.get(&f).cloned()),
                to: member_name.get(&m.to).cloned().unwrap_or_default(),
                hours: m.hours,
            })
            .collect(),
        statement: statement(&tiers, &a),
        capacity: a.capacity,
        shortfall: a.shortfall,
        slack: a.slack,
        max_top_tier: a.max_top_tier,
        tier_loads: a.tiers,
        member_loads: plan.assignment.members,
        warnings: same_service_warnings(&tiers),
        members,
        tiers,
    }
}

/// The capacity screen of the saved tiers and team of `ws`.
pub fn saved(ws: &Workspace, scored: &ScoredRoster) -> store::Result<CapacityView> {
    let members = ws.team()?;
    let plan = capacity_plan(scored, &scored.tiers, &members, &ws.owners()?);
    Ok(view(plan, scored.tiers.clone(), members))
}

/// The capacity screen under `tiers` and `members` that are not saved (validated drafts).
pub fn draft(
    ws: &Workspace,
    scored: &ScoredRoster,
    tiers: Vec<Tier>,
    members: Vec<Member>,
) -> store::Result<CapacityView> {
    // A member not saved yet has no id to own partners; it still adds hours.
    let mut numbered = members;
    for (i, m) in numbered.iter_mut().enumerate() {
        if m.id.is_none() {
            m.id = Some(-(i as i64) - 1);
        }
    }
    let plan = capacity_plan(scored, &tiers, &numbered, &ws.owners()?);
    Ok(view(plan, tiers, numbered))
}

/// A tier's line of [`Allocation`]: how full it is.
#[derive(Debug, Serialize)]
pub struct TierLine {
    /// The tier's name.
    pub tier: String,
    /// Partners placed in it.
    pub partners: usize,
    /// Partners its rule admits.
    pub eligible: usize,
    /// Hours the admitted partners would need.
    pub hours_needed: f64,
    /// Hours the placed partners use.
    pub hours_used: f64,
}

/// A member's line of [`Allocation`]: what the plan asks of them.
#[derive(Debug, Serialize)]
pub struct MemberLine {
    /// The member's name.
    pub member: String,
    /// Partners the plan gives them.
    pub partners: usize,
    /// Hours those partners need.
    pub hours_needed: f64,
    /// Their partner-facing hours a month.
    pub hours_available: f64,
    /// Hours needed beyond what they have (0 when it fits).
    pub shortfall: f64,
    /// Hours of the partners they own today.
    pub hours_today: f64,
}

/// A held-back partner's line of [`Allocation`].
#[derive(Debug, Serialize)]
pub struct HeldBackLine {
    /// The partner's name.
    pub partner: String,
    /// Its rank.
    pub rank: usize,
    /// The tier its rule admits it to.
    pub rule_tier: String,
    /// The tier the plan places it in.
    pub placed_tier: String,
}

/// The capacity plan in the compact form the command line's `allocate` prints: totals, one line
/// per tier, member and held-back partner, and how many owners would move.
#[derive(Debug, Serialize)]
pub struct Allocation {
    /// The team's partner-facing hours a month.
    pub capacity: f64,
    /// Hours the rules ask for beyond the team's hours.
    pub shortfall: f64,
    /// Hours the team has left over.
    pub slack: f64,
    /// The most partners the top tier can hold; `None` when it costs no hours.
    pub max_top_tier: Option<usize>,
    /// One line per tier, top first.
    pub tiers: Vec<TierLine>,
    /// One line per member.
    pub members: Vec<MemberLine>,
    /// Partners placed below the tier their rule admits them to.
    pub held_back: Vec<HeldBackLine>,
    /// How many partners the plan would give another owner.
    pub owner_moves: usize,
}

impl From<&CapacityView> for Allocation {
    fn from(v: &CapacityView) -> Self {
        Self {
            capacity: v.capacity,
            shortfall: v.shortfall,
            slack: v.slack,
            max_top_tier: v.max_top_tier,
            tiers: v
                .tier_loads
                .iter()
                .map(|t| TierLine {
                    tier: t.name.clone(),
                    partners: t.placed,
                    eligible: t.eligible,
                    hours_needed: t.hours_needed,
                    hours_used: t.hours_used,
                })
                .collect(),
            members: v
                .member_loads
                .iter()
                .map(|m| MemberLine {
                    member: m.name.clone(),
                    partners: m.partners_planned,
                    hours_needed: m.hours_planned,
                    hours_available: m.hours_available,
                    shortfall: (m.hours_planned - m.hours_available).max(0.0),
                    hours_today: m.hours_today,
                })
                .collect(),
            held_back: v
                .held_back
                .iter()
                .map(|p| HeldBackLine {
                    partner: p.name.clone(),
                    rank: p.rank,
                    rule_tier: p.rule_tier.clone(),
                    placed_tier: p.placed_tier.clone(),
                })
                .collect(),
            owner_moves: v.moves.len(),
        }
    }
}
