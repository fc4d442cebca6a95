use super::*;
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rate(currency: &str, to_home: f64, on: NaiveDate) -> Rate {
    Rate {
        currency: currency.into(),
        to_home,
        on,
    }
}

fn table() -> Currencies {
    Currencies {
        home: "USD".into(),
        rates: vec![
            rate("EUR", 1.10, day(2026, 1, 1)),
            rate("EUR", 1.20, day(2026, 6, 1)),
            rate("GBP", 1.25, day(2026, 3, 1)),
        ],
    }
}

struct D(f64, &'static str, Option<NaiveDate>);

impl Priced for D {
    fn amount(&self) -> f64 {
        self.0
    }
    fn currency(&self) -> &str {
        self.1
    }
    fn closed_on(&self) -> Option<NaiveDate> {
        self.2
    }
}

#[test]
fn home_converts_to_itself_and_others_at_the_latest_rate_on_or_before_the_day() {
    let c = table();
    assert_eq!(c.to_home(100.0, "USD", day(2020, 1, 1)), Some(100.0));
    assert_eq!(c.to_home(100.0, "usd", day(2020, 1, 1)), Some(100.0));
    assert_eq!(
        c.to_home(100.0, "EUR", day(2026, 1, 1)),
        Some(110.00000000000001)
    );
    assert_eq!(
        c.to_home(100.0, "EUR", day(2026, 5, 31)),
        Some(110.00000000000001)
    );
    assert_eq!(c.to_home(100.0, "EUR", day(2026, 6, 1)), Some(120.0));
    assert_eq!(c.to_home(100.0, "EUR", day(2027, 1, 1)), Some(120.0));
    // Before every rate: the earliest one.
    assert_eq!(
        c.to_home(100.0, "EUR", day(2025, 1, 1)),
        Some(110.00000000000001)
    );
    assert_eq!(c.to_home(200.0, "GBP", day(2025, 1, 1)), Some(250.0));
    assert_eq!(c.to_home(100.0, "JPY", day(2026, 6, 1)), None);
}

#[test]
fn validation_upper_cases_sorts_and_refuses_bad_rates() {
    let c = Currencies {
        home: " usd ".into(),
        rates: vec![
            rate("gbp", 1.25, day(2026, 3, 1)),
            rate("eur", 1.1, day(2026, 1, 1)),
        ],
    }
    .validated()
    .unwrap();
    assert_eq!(c.home, "USD");
    assert_eq!(c.rates[0].currency, "EUR");
    assert_eq!(c.rates[1].currency, "GBP");
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let mut t = table();
        t.rates[0].to_home = bad;
        let e = t.validated().unwrap_err();
        assert_eq!(e.field, "rate", "{bad}");
    }
    assert_eq!(code("currency", " chf").unwrap(), "CHF");
    assert!(code("currency", "EUO")
        .unwrap_err()
        .message
        .contains("ISO 4217"));
    for bad in ["", "US", "USDX", "U$D", "€", "XYZ"] {
        assert_eq!(code("home", bad).unwrap_err().field, "home", "{bad}");
    }
    let mut home_rate = table();
    home_rate.rates.push(rate("USD", 1.0, day(2026, 1, 1)));
    assert!(home_rate
        .validated()
        .unwrap_err()
        .message
        .contains("home currency"));
    let mut twice = table();
    twice.rates.push(rate("EUR", 1.3, day(2026, 1, 1)));
    assert!(twice
        .validated()
        .unwrap_err()
        .message
        .contains("two EUR rates"));
}

#[test]
fn split_converts_what_it_can_and_counts_the_rest_with_a_sentence() {
    let c = table();
    let as_of = day(2026, 7, 1);
    let deals = vec![
        D(1000.0, "USD", None),
        D(1000.0, "EUR", None),
        D(1000.0, "EUR", Some(day(2026, 2, 1))),
        D(500.0, "JPY", None),
        D(500.0, "JPY", None),
        D(700.0, "CHF", None),
        D(300.0, "JPY", None),
    ];
    let s = c.split(deals, as_of);
    assert_eq!(s.kept.len(), 3);
    assert!((s.total() - (1000.0 + 1200.0 + 1100.0)).abs() < 1e-9);
    assert_eq!(s.left_out.deals, 4);
    assert_eq!(s.left_out.by_currency["JPY"], 3);
    assert_eq!(
        s.left_out.note.as_deref(),
        Some("1 deal in CHF and 3 in JPY are left out: no CHF or JPY rate in Settings.")
    );
    let one = c.split(vec![D(1.0, "EUR", None), D(2.0, "JPY", None)], as_of);
    assert_eq!(
        one.left_out.note.as_deref(),
        Some("1 deal in JPY is left out: no JPY rate in Settings.")
    );
    let three = LeftOut::new([("EUR".to_string(), 3)].into());
    assert_eq!(
        three.note.as_deref(),
        Some("3 deals in EUR are left out: no EUR rate in Settings.")
    );
    let all = c.split(vec![D(5.0, "USD", None)], as_of);
    assert_eq!(all.left_out, LeftOut::default());
    assert_eq!(three.merged(&one.left_out).deals, 4);
}

fn codes() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["EUR", "GBP", "JPY", "CHF", "CAD"]).prop_map(String::from)
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..2000).prop_map(|n| day(2022, 1, 1) + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn home_to_home_is_identity(amount in -1e12f64..1e12, on in any_day()) {
        prop_assert_eq!(table().to_home(amount, "USD", on), Some(amount));
    }

    #[test]
    fn a_valid_table_never_yields_a_negative_or_nan_amount(
        rates in prop::collection::vec((codes(), 1e-6f64..1e6, any_day()), 0..20),
        amount in 0f64..1e9,
        currency in codes(),
        on in any_day(),
    ) {
        let t = Currencies {
            home: "USD".into(),
            rates: rates.into_iter().map(|(c, r, d)| rate(&c, r, d)).collect(),
        };
        let Ok(t) = t.validated() else { return Ok(()) };
        let has_rate = t.rates.iter().any(|r| r.currency == currency);
        match t.to_home(amount, &currency, on) {
            Some(v) => {
                prop_assert!(has_rate);
                prop_assert!(v.is_finite() && v >= 0.0, "{}", v);
            }
            None => prop_assert!(!has_rate),
        }
    }
}
