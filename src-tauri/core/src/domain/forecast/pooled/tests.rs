use super::*;

fn deal(amount: f64, cum: Vec<f64>, source: usize, buckets: Vec<u32>) -> Item {
    Item {
        draw: Draw::Once { cum },
        amount: Amount::Fixed(amount),
        source,
        buckets,
        shock: None,
    }
}

#[test]
fn the_factor_reproduces_the_covariance_even_when_singular() {
    // Weeks 0 and 2 carry all the variance; week 1 has none.
    let cov = [4.0, 0.0, -1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 2.5];
    let l = cholesky(&cov, 3);
    for i in 0..3 {
        for j in 0..3 {
            let got: f64 = (0..3).map(|k| l[i * 3 + k] * l[j * 3 + k]).sum();
            assert!((got - cov[i * 3 + j]).abs() < 1e-12, "{i},{j}: {got}");
        }
    }
    assert_eq!((l[0], l[4], l[8]), (2.0, 0.0, 1.5));
}

#[test]
fn large_groups_are_pooled_keeping_the_deals_that_dominate() {
    let mut plan = Plan {
        weeks: 2,
        buckets: 2,
        ..Plan::default()
    };
    for i in 0..300u32 {
        plan.items
            .push(deal(1_000.0 + f64::from(i), vec![0.2, 0.5], 0, vec![0]));
    }
    // One giant deal in the group, a small group, a shocked deal and a pooled-amount deal.
    plan.items
        .push(deal(5_000_000.0, vec![0.1, 0.5], 0, vec![0]));
    for _ in 0..20 {
        plan.items.push(deal(800.0, vec![0.3, 0.6], 1, vec![1]));
    }
    let mut shocked = deal(1_000.0, vec![0.2, 0.5], 0, vec![0]);
    shocked.shock = Some(0);
    plan.items.push(shocked);
    let out = pool_groups(&plan);
    // 300 pooled into one; the giant, the 20, the shocked one stay.
    assert_eq!(out.items.len(), 1 + 20 + 1 + 1);
    assert!(out
        .items
        .iter()
        .any(|i| i.amount == Amount::Fixed(5_000_000.0)));
    let Some(Draw::Weekly { mean, factor }) = out.items.last().map(|i| &i.draw) else {
        panic!("the pool comes last");
    };
    let expected: f64 = (0..300).map(|i| 1_000.0 + f64::from(i)).sum::<f64>();
    assert!((mean[0] - 0.2 * expected).abs() < 1e-6);
    assert!((mean[1] - 0.3 * expected).abs() < 1e-6);
    // Week-0 variance: Σ a² · 0.2 · 0.8.
    let v0: f64 = (0..300)
        .map(|i| (1_000.0 + f64::from(i)).powi(2) * 0.16)
        .sum();
    assert!((factor[0] * factor[0] / v0 - 1.0).abs() < 1e-9);
    assert_eq!(out.items.last().map(|i| i.buckets.clone()), Some(vec![0]));
}

#[test]
fn a_group_too_uneven_or_too_small_stays_deal_by_deal() {
    let mut plan = Plan {
        weeks: 1,
        ..Plan::default()
    };
    // Doubling amounts: each deal dominates all below it.
    for i in 0..120 {
        plan.items
            .push(deal(2f64.powi(i % 60), vec![0.5], 2, Vec::new()));
    }
    assert_eq!(pool_groups(&plan).items.len(), 120);
    plan.items.truncate(99);
    assert_eq!(pool_groups(&plan).items.len(), 99);
}
