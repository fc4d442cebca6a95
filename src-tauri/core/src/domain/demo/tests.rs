use super::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

#[test]
fn same_seed_same_workspace_other_seed_other_workspace() {
    let a = generate(140, 7, as_of());
    let b = generate(140, 7, as_of());
    assert_eq!(a, b);
    let c = generate(140, 8, as_of());
    assert_ne!(a.deals, c.deals);
}

#[test]
fn the_default_demo_has_the_shape_the_product_describes() {
    let w = generate(DEFAULT_PARTNERS, DEFAULT_SEED, as_of());
    assert_eq!(w.types.len(), 4);
    assert_eq!(w.team.len(), 4);
    assert_eq!(w.team.iter().map(|m| m.hours_per_month).sum::<f64>(), 400.0);
    assert_eq!(w.partners.len(), 140);
    assert_eq!(w.deals.len(), 140 * 5 / 2 + 140 * 6 / 5 + 140 * 4);
    for source in [
        DealSource::PartnerSourced,
        DealSource::PartnerInfluenced,
        DealSource::Direct,
    ] {
        assert!(w.deals.iter().any(|d| d.source == source));
    }
    for outcome in [Outcome::Open, Outcome::Won, Outcome::Lost] {
        assert!(
            w.deals.iter().filter(|d| d.outcome == outcome).count() > 20,
            "{outcome:?}"
        );
    }
    let names: std::collections::HashSet<_> = w.partners.iter().map(|p| &p.name).collect();
    assert_eq!(names.len(), 140, "partner names are unique");
    assert!(w
        .partners
        .iter()
        .any(|p| p.status == PartnerStatus::Prospect));
    assert!(w
        .partners
        .iter()
        .any(|p| p.scores.iter().any(Option::is_none)));
    assert!(!w.contacts.is_empty() && !w.touches.is_empty() && !w.reviews.is_empty());
}

#[test]
fn deal_history_is_ordered_and_inside_the_window() {
    let w = generate(60, 3, as_of());
    let start = as_of() - Duration::days(HISTORY_DAYS);
    for d in &w.deals {
        assert!(d.created_on >= start && d.created_on <= as_of());
        assert!(d
            .history
            .windows(2)
            .all(|p| p[0].1 <= p[1].1 && p[0].0 + 1 == p[1].0));
        assert_eq!(d.history.last().map(|h| h.0), Some(d.stage_index));
        match d.outcome {
            Outcome::Open => assert!(d.closed_on.is_none() && d.expected_close > as_of()),
            _ => assert!(d
                .closed_on
                .is_some_and(|c| c <= as_of() && c >= d.created_on)),
        }
        assert_eq!(d.partner_index.is_none(), d.source == DealSource::Direct);
    }
}

#[test]
fn partner_sourced_deals_win_more_often_than_direct() {
    let w = generate(400, 11, as_of());
    let rate = |s: DealSource| {
        let closed: Vec<_> = w
            .deals
            .iter()
            .filter(|d| d.source == s && d.outcome != Outcome::Open)
            .collect();
        closed.iter().filter(|d| d.outcome == Outcome::Won).count() as f64 / closed.len() as f64
    };
    assert!(rate(DealSource::PartnerSourced) > rate(DealSource::Direct) + 0.05);
}
