//! Capacity: the team's partner-facing hours follow the ranking. Walking the ranking from the
//! top, each partner gets the highest tier its rule allows that the remaining hours can carry;
//! whoever capacity pushes down is *held back*, never dropped. Then placed partners are spread
//! across the team, keeping existing owners where they have room.

use super::scoring::Ranking;
use super::tiers::Tier;
use super::validate::{self, InvalidInput};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most partner-facing hours one person has in a month (31 days × 24 h).
pub const MAX_MEMBER_HOURS: f64 = 744.0;

/// A partnerships team member whose partner-facing hours carry the tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// `None` for a member not saved yet.
    pub id: Option<i64>,
    /// Shown on the team screen and as partner owner.
    pub name: String,
    /// Their job, shown beside the name.
    pub role: String,
    /// Partner-facing hours a month the capacity plan may spend.
    pub hours_per_month: f64,
    /// Whether the member owns partners. One who does not (partner operations, say) is on the
    /// team, but the capacity plan neither counts their hours nor gives them partners.
    #[serde(default = "carries_by_default")]
    pub carries_partners: bool,
}

fn carries_by_default() -> bool {
    true
}

impl Member {
    /// Refuses an empty name or hours outside 0 to a month's hours.
    pub fn validated(&self) -> Result<Self, InvalidInput> {
        let name = validate::text("name", "A team member's name", &self.name, 1, 80)?;
        let role = validate::text("role", "The role", &self.role, 0, 80)?;
        let hours = validate::number(
            "hours_per_month",
            &format!("{name}'s hours per month"),
            self.hours_per_month,
            0.0,
            MAX_MEMBER_HOURS,
        )?;
        Ok(Self {
            id: self.id,
            name,
            role,
            hours_per_month: hours,
            carries_partners: self.carries_partners,
        })
    }
}

/// Where one ranked partner lands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// The partner placed.
    pub partner_id: i64,
    /// Its name, for the plan's lists.
    pub name: String,
    /// Its place in the ranking, which sets who is served first.
    pub rank: usize,
    /// The tier its entry rule allows (index, top first).
    pub eligible: usize,
    /// The tier capacity lets it have.
    pub tier: usize,
    /// Hours a month this placement costs.
    pub hours: f64,
}

impl Placement {
    /// True when capacity put the partner below the tier its rule allows.
    pub fn held_back(&self) -> bool {
        self.tier > self.eligible
    }
}

/// What one tier asks of the team and what it gets, for the demand-vs-supply chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierLoad {
    /// The tier's name.
    pub name: String,
    /// Hours a month each partner in the tier costs.
    pub hours_per_partner: f64,
    /// Partners whose rule puts them here.
    pub eligible: usize,
    /// Partners placed here.
    pub placed: usize,
    /// Hours the eligible partners would need.
    pub hours_needed: f64,
    /// Hours the placed partners use.
    pub hours_used: f64,
}

/// The capacity plan: every ranked partner placed within the team's hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// The team's partner-facing hours a month.
    pub capacity: f64,
    /// One placement per ranked partner, in ranking order.
    pub placements: Vec<Placement>,
    /// Demand and use per tier, top first.
    pub tiers: Vec<TierLoad>,
    /// Hours the rules ask for beyond the team's hours (0 when everything fits).
    pub shortfall: f64,
    /// Hours left over after every placement.
    pub slack: f64,
    /// The most partners the top tier can hold once every other tier has the hours its rule
    /// asks for; `None` when the top tier costs nothing.
    pub max_top_tier: Option<usize>,
    /// The hours the other tiers' rules ask for, which that figure leaves them.
    pub other_tiers_hours: f64,
}

impl Allocation {
    /// The partners capacity kept below their eligible tier.
    pub fn held_back(&self) -> impl Iterator<Item = &Placement> {
        self.placements.iter().filter(|p| p.held_back())
    }
}

/// Places every ranked partner. `eligible[i]` is the tier the rules give `ranking.ranked[i]`
/// (see `scoring::assign_tiers`).
pub fn allocate(
    tiers: &[Tier],
    ranking: &Ranking,
    eligible: &[usize],
    capacity: f64,
) -> Allocation {
    let last = tiers.len().saturating_sub(1);
    let mut remaining = capacity.max(0.0);
    let mut loads: Vec<TierLoad> = tiers
        .iter()
        .map(|t| TierLoad {
            name: t.name.clone(),
            hours_per_partner: t.hours_per_partner,
            eligible: 0,
            placed: 0,
            hours_needed: 0.0,
            hours_used: 0.0,
        })
        .collect();
    let mut placements = Vec::with_capacity(ranking.ranked.len());
    for (r, &want) in ranking.ranked.iter().zip(eligible) {
        let want = want.min(last);
        loads[want].eligible += 1;
        loads[want].hours_needed += tiers[want].hours_per_partner;
        // The highest tier at or below the rule's that the remaining hours can carry; the
        // lowest tier takes anyone left, even if it costs hours nobody has.
        let tier = (want..=last)
            .find(|&t| tiers[t].hours_per_partner <= remaining + 1e-9)
            .unwrap_or(last);
        let hours = tiers[tier].hours_per_partner;
        remaining = (remaining - hours).max(0.0);
        loads[tier].placed += 1;
        loads[tier].hours_used += hours;
        placements.push(Placement {
            partner_id: r.partner_id,
            name: r.name.clone(),
            rank: r.rank,
            eligible: want,
            tier,
            hours,
        });
    }
    let needed: f64 = loads.iter().map(|l| l.hours_needed).sum();
    let used: f64 = loads.iter().map(|l| l.hours_used).sum();
    let other_tiers_hours: f64 = loads.iter().skip(1).map(|l| l.hours_needed).sum();
    let max_top_tier = tiers
        .first()
        .filter(|t| t.hours_per_partner > 0.0)
        .map(|t| {
            ((capacity.max(0.0) - other_tiers_hours).max(0.0) / t.hours_per_partner + 1e-9).floor()
                as usize
        });
    Allocation {
        capacity,
        placements,
        tiers: loads,
        shortfall: (needed - capacity).max(0.0),
        slack: (capacity - used).max(0.0),
        max_top_tier,
        other_tiers_hours,
    }
}

/// One member's planned load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberLoad {
    /// The member.
    pub member_id: i64,
    /// Their name, for the per-member chart.
    pub name: String,
    /// Their partner-facing hours a month.
    pub hours_available: f64,
    /// Hours of the partners the plan gives this member.
    pub hours_planned: f64,
    /// Hours of the partners this member owns today, at their planned tier's cost.
    pub hours_today: f64,
    /// How many partners the plan gives them.
    pub partners_planned: usize,
}

/// A proposed change of owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerMove {
    /// The partner changing owner.
    pub partner_id: i64,
    /// Its name, shown in the proposed moves.
    pub name: String,
    /// Today's owner, if any.
    pub from: Option<i64>,
    /// The proposed owner.
    pub to: i64,
    /// Hours a month the partner costs, moving with it.
    pub hours: f64,
}

/// Who owns which served partner under the plan, and the owner changes that takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    /// Load per member, in team order.
    pub members: Vec<MemberLoad>,
    /// Owner changes the plan proposes.
    pub moves: Vec<OwnerMove>,
    /// Partner → member after the moves, for placements that cost hours.
    pub owners: HashMap<i64, i64>,
}

/// Spreads the placed partners that cost hours across `members`, walking the ranking: a
/// partner keeps its owner when that member has room, otherwise goes to the member with the
/// most hours left. `owners` holds today's owner per partner. Members must have ids.
pub fn assign(
    allocation: &Allocation,
    members: &[Member],
    owners: &HashMap<i64, i64>,
) -> Assignment {
    // Only members who carry partners are given any.
    let carriers: Vec<&Member> = members.iter().filter(|m| m.carries_partners).collect();
    let ids: Vec<i64> = carriers.iter().filter_map(|m| m.id).collect();
    let mut left: HashMap<i64, f64> = carriers
        .iter()
        .filter_map(|m| m.id.map(|id| (id, m.hours_per_month)))
        .collect();
    let mut planned: HashMap<i64, (f64, usize)> = ids.iter().map(|&id| (id, (0.0, 0))).collect();
    let mut today: HashMap<i64, f64> = ids.iter().map(|&id| (id, 0.0)).collect();
    let mut moves = Vec::new();
    let mut result = HashMap::new();
    for p in &allocation.placements {
        let current = owners
            .get(&p.partner_id)
            .copied()
            .filter(|o| left.contains_key(o));
        if let Some(o) = current {
            *today.entry(o).or_default() += p.hours;
        }
        if p.hours <= 0.0 || ids.is_empty() {
            continue;
        }
        let keep = current.filter(|o| left[o] + 1e-9 >= p.hours);
        let to = keep.unwrap_or_else(|| {
            // Most hours left; ties go to the member listed first.
            let mut best = ids[0];
            for &id in &ids[1..] {
                if left[&id] > left[&best] + 1e-9 {
                    best = id;
                }
            }
            best
        });
        if let Some(l) = left.get_mut(&to) {
            *l -= p.hours;
        }
        if let Some(e) = planned.get_mut(&to) {
            e.0 += p.hours;
            e.1 += 1;
        }
        if current != Some(to) {
            moves.push(OwnerMove {
                partner_id: p.partner_id,
                name: p.name.clone(),
                from: owners.get(&p.partner_id).copied(),
                to,
                hours: p.hours,
            });
        }
        result.insert(p.partner_id, to);
    }
    let members = carriers
        .iter()
        .filter_map(|m| {
            let id = m.id?;
            let (hours_planned, partners_planned) = planned.get(&id).copied().unwrap_or_default();
            Some(MemberLoad {
                member_id: id,
                name: m.name.clone(),
                hours_available: m.hours_per_month,
                hours_planned,
                hours_today: today.get(&id).copied().unwrap_or_default(),
                partners_planned,
            })
        })
        .collect();
    Assignment {
        members,
        moves,
        owners: result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::Ranked;
    use crate::domain::tiers::{Cadence, TierRule};

    fn ranking(n: usize) -> Ranking {
        let ranked = (0..n)
            .map(|i| Ranked {
                partner_id: i as i64 + 1,
                name: format!("P{:03}", i + 1),
                weighted: 5.0 - i as f64 / 100.0,
                score: 100.0 - i as f64,
                rank: i + 1,
            })
            .collect();
        Ranking {
            ranked,
            unscored: Vec::new(),
        }
    }

    fn tiers(top1: i64, top2: i64) -> Vec<Tier> {
        let t = |name: &str, rule, cadence, hours| Tier {
            id: None,
            name: name.into(),
            rule,
            cadence,
            hours_per_partner: hours,
            benefits: String::new(),
        };
        vec![
            t("Tier 1", TierRule::TopN(top1), Cadence::Biweekly, 8.0),
            t("Tier 2", TierRule::TopN(top2), Cadence::Monthly, 2.0),
            t("Tier 3", TierRule::Rest, Cadence::SelfServe, 0.0),
        ]
    }

    fn run(tiers: &[Tier], n: usize, capacity: f64) -> Allocation {
        let r = ranking(n);
        let eligible = crate::domain::scoring::assign_tiers(tiers, &r, &Default::default());
        allocate(tiers, &r, &eligible, capacity)
    }

    fn members(hours: &[f64]) -> Vec<Member> {
        hours
            .iter()
            .enumerate()
            .map(|(i, h)| Member {
                id: Some(i as i64 + 1),
                name: format!("M{}", i + 1),
                role: String::new(),
                hours_per_month: *h,
                carries_partners: true,
            })
            .collect()
    }

    #[test]
    fn hand_computed_shortfall_with_140_partners_and_four_members_at_100_hours() {
        // Rules ask for 45 × 8 h + 60 × 2 h = 480 h; the team has 400 h. The top 45 take 360 h,
        // the next 20 take the last 40 h in Tier 2, and partners 66–105 are held back to Tier 3.
        let a = run(&tiers(45, 105), 140, 400.0);
        let placed: Vec<usize> = a.tiers.iter().map(|t| t.placed).collect();
        let eligible: Vec<usize> = a.tiers.iter().map(|t| t.eligible).collect();
        assert_eq!(eligible, [45, 60, 35]);
        assert_eq!(placed, [45, 20, 75]);
        assert_eq!(a.shortfall, 80.0);
        assert_eq!(a.slack, 0.0);
        // Tier 2's rule asks 120 h: (400 − 120) ÷ 8 = 35, not the 50 all 400 h would buy.
        assert_eq!(a.max_top_tier, Some(35));
        assert_eq!(a.other_tiers_hours, 120.0);
        let held: Vec<usize> = a.held_back().map(|p| p.rank).collect();
        assert_eq!(held, (66..=105).collect::<Vec<_>>());
        assert_eq!(a.tiers[0].hours_needed, 360.0);
        assert_eq!(a.tiers[1].hours_needed, 120.0);
        assert_eq!(a.tiers[1].hours_used, 40.0);
    }

    #[test]
    fn capacity_exactly_equal_to_demand_holds_nobody_back() {
        let a = run(&tiers(18, 58), 140, 18.0 * 8.0 + 40.0 * 2.0);
        assert_eq!(
            a.tiers.iter().map(|t| t.placed).collect::<Vec<_>>(),
            [18, 40, 82]
        );
        assert_eq!(a.held_back().count(), 0);
        assert_eq!((a.shortfall, a.slack), (0.0, 0.0));
    }

    #[test]
    fn zero_capacity_puts_everyone_on_the_free_tier_and_says_so() {
        let a = run(&tiers(18, 58), 140, 0.0);
        assert_eq!(
            a.tiers.iter().map(|t| t.placed).collect::<Vec<_>>(),
            [0, 0, 140]
        );
        assert_eq!(a.held_back().count(), 58);
        assert_eq!(a.shortfall, 224.0);
        assert_eq!(a.max_top_tier, Some(0));
    }

    #[test]
    fn a_member_who_carries_no_partners_is_given_none_and_their_partners_move() {
        let a = run(&tiers(18, 58), 140, 400.0);
        let mut team = members(&[100.0, 100.0, 100.0, 100.0]);
        // Member 4 runs partner operations: on the team, but owns no partners.
        team[3].carries_partners = false;
        let today: HashMap<i64, i64> = a
            .placements
            .iter()
            .filter(|p| p.hours > 0.0)
            .map(|p| (p.partner_id, 4))
            .collect();
        let plan = assign(&a, &team, &today);
        assert!(plan.owners.values().all(|o| *o != 4));
        assert_eq!(
            plan.members.len(),
            3,
            "only those who carry partners have a load"
        );
        assert_eq!(
            plan.moves.len(),
            today.len(),
            "every partner leaves member 4"
        );
        let hours: f64 = plan.members.iter().map(|m| m.hours_planned).sum();
        assert_eq!(hours, 224.0);
        // The plan counts only the hours of those who carry partners.
        let roster = crate::domain::roster::ScoredRoster {
            model: crate::domain::scoring::FactorModel::validated(
                &["A", "B", "C"]
                    .iter()
                    .enumerate()
                    .map(|(i, n)| crate::domain::scoring::Factor {
                        id: Some(i as i64 + 1),
                        name: (*n).into(),
                        description: String::new(),
                        weight: 1.0,
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap(),
            tiers: tiers(18, 58),
            roster: Vec::new(),
            entries: Vec::new(),
            live: Vec::new(),
            tier_source: crate::domain::cycles::TierSource::LiveScore,
            gate: crate::domain::gate::Gate::default(),
            held: Default::default(),
        };
        let plan = crate::domain::capacity_plan::capacity_plan(
            &roster,
            &tiers(18, 58),
            &team,
            &HashMap::new(),
        );
        assert_eq!(plan.allocation.capacity, 300.0);
    }

    #[test]
    fn owners_are_kept_where_they_have_room_and_a_removed_member_is_reassigned() {
        let a = run(&tiers(18, 58), 140, 400.0);
        let team = members(&[100.0, 100.0, 100.0, 100.0]);
        // Today every paid partner belongs to member 1 or 2, alternately.
        let today: HashMap<i64, i64> = a
            .placements
            .iter()
            .filter(|p| p.hours > 0.0)
            .map(|p| (p.partner_id, 1 + (p.partner_id % 2)))
            .collect();
        let plan = assign(&a, &team, &today);
        // 224 h in all: member 1 keeps partners until 100 h, then the rest spill to 3 and 4.
        let hours: Vec<f64> = plan.members.iter().map(|m| m.hours_planned).collect();
        assert_eq!(hours.iter().sum::<f64>(), 224.0);
        assert!(hours.iter().all(|h| *h <= 100.0), "{hours:?}");
        let kept = plan
            .owners
            .iter()
            .filter(|(p, o)| today.get(p) == Some(o))
            .count();
        assert_eq!(kept + plan.moves.len(), plan.owners.len());
        assert!(
            plan.moves.iter().all(|m| m.to == 3 || m.to == 4),
            "only overflow moves"
        );
        assert_eq!(
            plan.members[0].hours_today,
            today
                .iter()
                .filter(|(_, o)| **o == 1)
                .map(|(p, _)| a
                    .placements
                    .iter()
                    .find(|x| x.partner_id == *p)
                    .unwrap()
                    .hours)
                .sum::<f64>()
        );

        // Member 2 leaves: each of their partners moves, everyone else's stays put.
        let without: Vec<Member> = team.iter().filter(|m| m.id != Some(2)).cloned().collect();
        let plan = assign(&a, &without, &today);
        for (p, o) in &today {
            let now = plan.owners[p];
            if *o == 2 {
                assert_ne!(now, 2);
            }
        }
        assert_eq!(
            plan.moves.iter().filter(|m| m.from == Some(2)).count(),
            today.values().filter(|o| **o == 2).count()
        );
        assert!(plan.members.iter().all(|m| m.hours_planned <= 100.0 + 1e-9));
    }

    #[test]
    fn hours_are_checked() {
        let m = |h: f64| Member {
            id: None,
            name: "Ana".into(),
            role: String::new(),
            hours_per_month: h,
            carries_partners: true,
        };
        assert!(m(-1.0).validated().is_err());
        assert!(m(f64::NAN).validated().is_err());
        assert!(m(745.0)
            .validated()
            .unwrap_err()
            .message
            .contains("between 0 and 744"));
        assert_eq!(m(744.0).validated().unwrap().hours_per_month, 744.0);
        let mut nameless = m(10.0);
        nameless.name = " ".into();
        assert!(nameless.validated().is_err());
    }
}
