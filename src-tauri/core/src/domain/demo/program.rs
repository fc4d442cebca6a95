//! The fictional company's program: its four partner types with their motions, incentives,
//! enablement and ideal partner profiles, and the partnerships team that runs them.

use super::{DemoMember, DemoType};
use crate::domain::program::IncentiveKind;

pub(super) fn demo_types() -> Vec<DemoType> {
    vec![
        DemoType {
            name: "Reseller",
            motion: "Resell annual plans into mid-market accounts the partner already bills; the partner owns the paper and first-line support.",
            incentive_kind: IncentiveKind::Margin,
            incentive_value: 20.0,
            enablement: &["Partner agreement and portal access", "Sales certification (2 reps)", "Demo environment set up", "First registered deal", "First closed deal"],
            joint_solution: "A packaged analytics rollout the reseller sells with its own services hours.",
            traits: &[
                ("Customer overlap", "At least 30 shared accounts in an account mapping", "Account mapping before signing"),
                ("Target-account fit", "A third of its book in our ICP segments", "Review of its customer list"),
                ("Buying-committee presence", "Named relationships with finance or data leaders", "Reference call with two customers"),
                ("Registers deals", "Uses deal registration with its other vendors", "Ask for a registration report"),
                ("Named champion", "An executive who will sponsor the motion", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "SI / services",
            motion: "Bring us into data modernisation projects; we co-sell and the SI delivers the implementation.",
            incentive_kind: IncentiveKind::CoSellCredit,
            incentive_value: 10.0,
            enablement: &["Solution architecture training", "Implementation certification", "Joint reference architecture", "First co-sold project"],
            joint_solution: "A modern reporting stack delivered as a fixed-scope implementation project.",
            traits: &[
                ("Practice in our category", "A data or analytics practice of 10+ consultants", "Practice lead interview"),
                ("Target-account fit", "Active projects in our ICP segments", "Project list review"),
                ("Attach to projects", "Willing to name us in proposals", "Sample proposal"),
                ("Certified delivery", "Two consultants able to certify in 60 days", "Named consultants"),
                ("Named champion", "A practice lead who will sponsor the motion", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "Technology / ISV",
            motion: "Integrate, list in each other's marketplace, and co-sell to shared customers found through account mapping.",
            incentive_kind: IncentiveKind::CoSellCredit,
            incentive_value: 5.0,
            enablement: &["Integration built and certified", "Marketplace listing", "Account mapping", "Joint pitch enablement"],
            joint_solution: "An integration that puts our analytics inside the partner's product workflow.",
            traits: &[
                ("Customer overlap", "At least 50 shared customers in account mapping", "Account mapping"),
                ("Integration value", "A use case customers ask for today", "Three customer requests on record"),
                ("Co-sell motion", "A partner team that co-sells with other ISVs", "Partner team interview"),
                ("Marketplace reach", "A marketplace with active buyers", "Listing traffic figures"),
                ("Named champion", "A product or partner lead who sponsors the integration", "Meeting with the sponsor"),
            ],
        },
        DemoType {
            name: "Referral",
            motion: "Introduce accounts in return for a flat fee on deals that close; we run the sales cycle.",
            incentive_kind: IncentiveKind::ReferralFee,
            incentive_value: 2_500.0,
            enablement: &["Referral agreement", "Ideal customer brief", "First introduction"],
            joint_solution: "Warm introductions to buyers the referrer already advises.",
            traits: &[
                ("Advises our buyers", "Trusted by finance or data leaders", "Two client references"),
                ("Target-account fit", "Clients in our ICP segments", "Client list review"),
                ("Introduces, does not just forward", "Past referrals came with context", "Example introduction"),
                ("Named champion", "One person accountable for introductions", "Meeting with that person"),
                ("Registers deals", "Willing to register before introducing", "Agreement signed"),
            ],
        },
    ]
}

pub(super) fn demo_team() -> Vec<DemoMember> {
    vec![
        DemoMember {
            name: "Maya Lindqvist",
            role: "Head of partnerships",
            hours_per_month: 100.0,
        },
        DemoMember {
            name: "Jonas Ferreira",
            role: "Partner manager",
            hours_per_month: 120.0,
        },
        DemoMember {
            name: "Priya Raman",
            role: "Partner manager",
            hours_per_month: 120.0,
        },
        DemoMember {
            name: "Tomás Adeyemi",
            role: "Partner operations",
            hours_per_month: 60.0,
        },
    ]
}
