use super::*;
use crate::domain::forecast::plan::{Amount, Draw, Item};

fn plan() -> Plan {
    Plan {
        weeks: 2,
        items: vec![
            Item {
                draw: Draw::Once {
                    cum: vec![0.2, 0.5],
                },
                amount: Amount::Fixed(100.0),
                source: 0,
                buckets: vec![0],
                shock: None,
            },
            Item {
                draw: Draw::Repeat {
                    mean: 3.0,
                    weeks: vec![0.5, 1.0],
                },
                amount: Amount::Pool(0),
                source: 2,
                buckets: vec![],
                shock: None,
            },
        ],
        pools: vec![vec![10.0, 20.0]],
        buckets: 1,
        shocks: Vec::new(),
    }
}

#[test]
fn same_seed_same_numbers_and_means_match_the_plan() {
    let a = simulate(&plan(), 10_000, 42, true);
    let b = simulate(&plan(), 10_000, 42, true);
    assert_eq!(a, b);
    let c = simulate(&plan(), 10_000, 43, true);
    assert_ne!(a.total.mean, c.total.mean);
    // Expected: 0.5 × 100 + 3 × 15 = 95.
    assert!((a.total.mean - 95.0).abs() < 2.0, "{}", a.total.mean);
    assert!((a.sources[0].mean - 50.0).abs() < 1.5);
    assert!((a.buckets[0].mean - 50.0).abs() < 1.5);
    assert!(a.total.p10 <= a.total.p50 && a.total.p50 <= a.total.p90);
    // The deal is won in week 1 with probability 0.2: cumulative week-1 mean ≈ 20 + 22.5.
    assert!((a.weekly[0][1].mean - 20.0).abs() < 1.5);
    assert!((a.weekly[1][0].mean - a.total.mean).abs() < 1e-9);
}

#[test]
fn large_groups_summed_normally_match_the_item_by_item_draw() {
    let mut plan = Plan {
        weeks: 1,
        shocks: vec![0.1],
        ..Plan::default()
    };
    for i in 0..600 {
        let amount = 1_000.0 + f64::from(i % 7) * 500.0;
        plan.items.push(Item {
            draw: Draw::Once {
                cum: vec![0.2 + f64::from(i % 5) * 0.1],
            },
            amount: Amount::Fixed(amount),
            source: 0,
            buckets: vec![],
            shock: None,
        });
        plan.items.push(Item {
            draw: Draw::Repeat {
                mean: 1.0,
                weeks: vec![1.0],
            },
            amount: Amount::Fixed(amount),
            source: 2,
            buckets: vec![],
            shock: Some(0),
        });
    }
    assert_eq!(aggregate(&plan).items.len(), 2, "two groups of 600");
    let exact = run(&plan, 4_000, 3, true, true).total;
    let fast = simulate(&plan, 4_000, 3, false).total;
    for (a, b) in [
        (exact.mean, fast.mean),
        (exact.p10, fast.p10),
        (exact.p50, fast.p50),
        (exact.p90, fast.p90),
    ] {
        assert!((a / b - 1.0).abs() < 0.02, "{exact:?} vs {fast:?}");
    }
}

/// Every line of a detail run: total, sources, buckets, then each week's cumulative lines.
fn lines(s: &Simulated) -> Vec<Range> {
    let mut all = vec![s.total];
    all.extend(s.sources);
    all.extend(s.buckets.iter().copied());
    all.extend(s.weekly.iter().flatten().copied());
    all
}

#[test]
fn pooled_groups_give_the_deal_by_deal_lines() {
    let mut plan = Plan {
        weeks: 4,
        buckets: 3,
        ..Plan::default()
    };
    for i in 0..900u32 {
        // Skewed amounts, chances from 5% to 95%, wins spread unevenly over the weeks.
        let amount = 2_000.0 * (1.0 + f64::from(i % 17).powi(2) / 8.0);
        let p = 0.05 + 0.9 * f64::from(i % 19) / 18.0;
        let shape = [0.1, 0.4, 0.7, 1.0];
        let early = [0.4, 0.7, 0.9, 1.0];
        let cum = if i % 3 == 0 { shape } else { early };
        plan.items.push(Item {
            draw: Draw::Once {
                cum: cum.iter().map(|c| c * p).collect(),
            },
            amount: Amount::Fixed(amount),
            source: (i % 2) as usize,
            buckets: vec![(i % 2), 2],
            shock: None,
        });
    }
    let pooled = super::super::pooled::pool_groups(&plan);
    assert!(pooled.items.len() < 100, "{} items", pooled.items.len());
    let exact = lines(&run(&plan, 10_000, 5, true, true));
    let fast = lines(&simulate(&plan, 10_000, 5, true));
    assert_eq!(exact.len(), 4 + 3 + 4 * 4);
    for (e, f) in exact.iter().zip(&fast) {
        // Within 1% of the line's mean, or of the total's for a small line.
        let tolerance = 0.01 * e.mean.max(exact[0].mean / 10.0);
        for (a, b) in [
            (e.p10, f.p10),
            (e.p50, f.p50),
            (e.p90, f.p90),
            (e.mean, f.mean),
        ] {
            assert!((a - b).abs() < tolerance, "{e:?} vs {f:?}");
        }
    }
}

#[test]
fn the_flat_path_gives_the_general_paths_numbers() {
    let mut plan = Plan {
        weeks: 3,
        buckets: 3,
        shocks: vec![0.2],
        pools: vec![vec![5.0, 7.0, 11.0]],
        ..Plan::default()
    };
    for i in 0..400u32 {
        let p = f64::from(i % 11) / 10.0;
        plan.items.push(Item {
            draw: Draw::Once {
                // Certain wins (p = 1), zero weeks and, once in a while, weeks out of order.
                cum: if i % 37 == 0 {
                    vec![p, p / 2.0, p]
                } else {
                    vec![p / 3.0, p / 3.0, p]
                },
            },
            amount: if i % 13 == 0 {
                Amount::Pool(0)
            } else {
                Amount::Fixed(100.0 + f64::from(i))
            },
            source: (i % 3) as usize,
            buckets: (0..i % 4).collect(),
            shock: (i % 5 == 0).then_some(0),
        });
    }
    plan.items.push(Item {
        draw: Draw::Repeat {
            mean: 2.5,
            weeks: vec![0.3, 0.6, 1.0],
        },
        amount: Amount::Pool(0),
        source: 2,
        buckets: vec![1],
        shock: Some(0),
    });
    for detail in [true, false] {
        let plan = if detail {
            super::super::pooled::pool_groups(&plan)
        } else {
            aggregate(&plan)
        };
        let flat = run(&plan, 3_000, 11, detail, true);
        let general = run(&plan, 3_000, 11, detail, false);
        // The same draws; only the order of adding up differs.
        let (a, b) = (lines(&flat), lines(&general));
        assert_eq!(a.len(), b.len());
        assert!(a.len() > 4 || !detail);
        for (x, y) in a.iter().zip(&b) {
            for (p, q) in [
                (x.p10, y.p10),
                (x.p50, y.p50),
                (x.p90, y.p90),
                (x.mean, y.mean),
            ] {
                assert!((p - q).abs() <= 1e-9 * q.abs().max(1.0), "{x:?} vs {y:?}");
            }
        }
    }
}

#[test]
fn quantiles_are_nearest_rank() {
    let mut v: Vec<f64> = (1..=11).map(f64::from).rev().collect();
    let r = range_of(&mut v);
    assert_eq!((r.p10, r.p50, r.p90, r.mean), (2.0, 6.0, 10.0, 6.0));
}
