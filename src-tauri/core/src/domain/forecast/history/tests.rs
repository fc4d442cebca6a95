use super::*;

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn deal() -> Deal {
    Deal {
        amount: 100.0,
        amount_source: AmountSource::Given,
        source: Source::Direct,
        partner: None,
        created: day("2026-01-10"),
        outcome: Outcome::Won,
        closed: Some(day("2026-03-01")),
        expected_close: None,
        stage: None,
        moves: vec![(0, day("2026-01-10")), (2, day("2026-02-01"))],
    }
}

#[test]
fn standing_reads_only_the_past() {
    let d = deal();
    assert_eq!(d.standing(day("2026-01-09")), Standing::Unknown);
    assert_eq!(
        d.standing(day("2026-01-20")),
        Standing::Open {
            stage: Some((0, day("2026-01-10")))
        }
    );
    assert_eq!(
        d.standing(day("2026-02-28")),
        Standing::Open {
            stage: Some((2, day("2026-02-01")))
        }
    );
    assert_eq!(
        d.standing(day("2026-03-01")),
        Standing::Closed {
            won: true,
            on: day("2026-03-01")
        }
    );
    let mut open = deal();
    open.outcome = Outcome::Open;
    open.closed = None;
    open.moves.clear();
    open.stage = Some(3);
    assert_eq!(
        open.standing(day("2026-05-01")),
        Standing::Open {
            stage: Some((3, day("2026-01-10")))
        }
    );
}

#[test]
fn won_between_counts_the_window_after_the_origin() {
    let h = History {
        deals: vec![deal()],
        ..History::default()
    };
    assert_eq!(h.won_between(day("2026-03-01"), 90), 0.0);
    assert_eq!(h.won_between(day("2026-02-28"), 1), 100.0);
    assert_eq!(h.won_between(day("2026-01-01"), 59), 100.0);
    assert_eq!(h.won_between(day("2026-01-01"), 58), 0.0);
    assert_eq!(
        h.span(),
        Some((day("2026-01-10"), day("2026-03-01"))),
        "span covers created and closed dates"
    );
}

#[test]
fn lost_deals_recorded_at_zero_take_their_products_median_won_amount() {
    let with = |amount: f64, outcome: Outcome, amount_source: AmountSource| Deal {
        amount,
        outcome,
        amount_source,
        ..deal()
    };
    let mut h = History {
        deals: vec![
            with(100.0, Outcome::Won, AmountSource::Given),
            with(300.0, Outcome::Won, AmountSource::Given),
            with(900.0, Outcome::Won, AmountSource::Given),
            // An estimated amount is no evidence of what deals are worth.
            with(5_000.0, Outcome::Won, AmountSource::Estimated),
            with(0.0, Outcome::Lost, AmountSource::Given),
            with(0.0, Outcome::Lost, AmountSource::Given),
            with(50.0, Outcome::Lost, AmountSource::Given),
            with(0.0, Outcome::Lost, AmountSource::Missing),
        ],
        ..History::default()
    };
    let products: Vec<String> = ["a", "a", "b", "b", "a", "c", "a", "a"]
        .iter()
        .map(|p| (*p).to_string())
        .collect();
    h.value_lost_deals(&products);
    let got: Vec<(f64, AmountSource)> = h
        .deals
        .iter()
        .map(|d| (d.amount, d.amount_source))
        .collect();
    assert_eq!(
        got[4..],
        [
            // Product a: median of 100 and 300.
            (200.0, AmountSource::Estimated),
            // Product c has no wins: the median of all, 300.
            (300.0, AmountSource::Estimated),
            (50.0, AmountSource::Given),
            (0.0, AmountSource::Missing),
        ]
    );
    assert_eq!(got[..4].iter().map(|g| g.0).sum::<f64>(), 6_300.0);
}
