//! Amounts read strictly: what a locale writes parses back to its value; anything else is
//! refused with the text shown.

use crate::import::values::parse_amount;
use proptest::prelude::*;

#[test]
fn amounts_as_locales_write_them() {
    let cases: &[(&str, bool, f64)] = &[
        ("1234.56", false, 1234.56),
        ("1,234.56", false, 1234.56),
        ("1.234,56", true, 1234.56),
        ("1 234,56", true, 1234.56),
        ("1\u{a0}234,56", true, 1234.56),
        ("1\u{202f}234\u{202f}567,5", true, 1_234_567.5),
        ("1'234.56", false, 1234.56),
        ("$1,234.56", false, 1234.56),
        ("US$ 1,234.56", false, 1234.56),
        ("1.500,00\u{a0}€", true, 1500.0),
        ("EUR 1.500,00", true, 1500.0),
        ("1500 eur", false, 1500.0),
        ("-5", false, -5.0),
        ("-$5.00", false, -5.0),
        ("$-5.00", false, -5.0),
        ("(1,234.00)", false, -1234.0),
        ("($1,234.00)", false, -1234.0),
        ("+12", false, 12.0),
        ("0.5", false, 0.5),
        ("12,000", false, 12000.0),
        ("12.000", true, 12000.0),
    ];
    for (text, comma, want) in cases {
        assert_eq!(parse_amount(text, *comma), Ok(*want), "{text}");
    }
}

#[test]
fn anything_else_is_refused_with_the_text_shown() {
    for (text, comma) in [
        ("1e3", false),
        ("5k", false),
        ("0x10", false),
        ("12abc34", false),
        ("500-", false),
        ("1,2,3.4.5", false),
        ("1.2.3", false),
        ("1,23", false),
        ("1,234,56", false),
        ("1.234,56", false),
        ("1,234.56", true),
        ("12,5.3", true),
        ("1 234.56", true),
        ("$", false),
        ("USD", false),
        ("XYZ 100", false),
        ("--5", false),
        ("(5", false),
        ("5.", false),
        ("lots", false),
        ("1.000.00", false),
        ("١٢٣", false),
        ("12 34", false),
        ("Infinity", false),
        ("NaN", false),
    ] {
        let err = parse_amount(text, comma).unwrap_err();
        assert!(
            err.starts_with(&format!("“{text}” is not an amount")),
            "{text}: {err}"
        );
    }
    assert_eq!(parse_amount("", false).unwrap_err(), "the amount is empty");
    assert!(parse_amount("99999999999999", false)
        .unwrap_err()
        .contains("too large"));
}

/// How a locale writes an amount: (thousands separator, decimal separator).
const LOCALES: [(&str, char); 6] = [
    ("", '.'),
    (",", '.'),
    ("'", '.'),
    ("", ','),
    (".", ','),
    ("\u{a0}", ','),
];

/// `cents` written as the locale writes it, with or without decimals.
fn written(cents: u64, (group, decimal): (&str, char), decimals: bool) -> String {
    let units = (cents / 100).to_string();
    let mut int = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            int.push_str(group);
        }
        int.push(c);
    }
    if decimals {
        format!("{int}{decimal}{:02}", cents % 100)
    } else {
        int
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(500),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_amount_written_in_a_locale_reads_back(
        cents in 0u64..100_000_000_000,
        locale in 0usize..LOCALES.len(),
        decimals in any::<bool>(),
        currency in prop_oneof![Just(""), Just("$"), Just("€ "), Just("USD "), Just(" EUR"), Just(" €"), Just("£")],
        sign in prop_oneof![Just(0u8), Just(1), Just(2)],
    ) {
        let cents = if decimals { cents } else { cents / 100 * 100 };
        let number = written(cents, LOCALES[locale], decimals);
        let with_currency = if currency.starts_with(' ') {
            format!("{number}{currency}")
        } else {
            format!("{currency}{number}")
        };
        let text = match sign {
            1 => format!("-{with_currency}"),
            2 => format!("({with_currency})"),
            _ => with_currency,
        };
        let comma = LOCALES[locale].1 == ',';
        let value = parse_amount(&text, comma).map_err(TestCaseError::fail)?;
        let want = cents as f64 / 100.0;
        prop_assert_eq!(value, if sign == 0 { want } else { -want }, "{}", text);
    }

    #[test]
    fn junk_in_an_amount_never_reads_as_a_number(
        cents in 1u64..100_000_000_000,
        locale in 0usize..LOCALES.len(),
        junk in prop_oneof![Just("e"), Just("k"), Just("x"), Just("0x"), Just("abc"), Just("e3"), Just("?"), Just("#"), Just("/"), Just("%")],
        at in any::<prop::sample::Index>(),
    ) {
        let number = written(cents, LOCALES[locale], true);
        let chars: Vec<char> = number.chars().collect();
        let i = at.index(chars.len() + 1);
        let text: String = chars[..i].iter().chain(junk.chars().collect::<Vec<_>>().iter()).chain(chars[i..].iter()).collect();
        let comma = LOCALES[locale].1 == ',';
        let result = parse_amount(&text, comma);
        prop_assert!(result.is_err(), "{} read as {:?}", text, result);
    }

    #[test]
    fn random_text_that_reads_as_a_number_keeps_every_digit(
        text in "[-+ (),.'$€0-9a-zA-Z]{0,14}",
        comma in any::<bool>(),
    ) {
        if let Ok(value) = parse_amount(&text, comma) {
            // Every digit of the text is the value's, in order: nothing dropped or joined.
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let decimal = if comma { ',' } else { '.' };
            let plain = text.replace("Fr.", "");
            let places = plain.rsplit_once(decimal).map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
            let whole: f64 = digits.parse().unwrap();
            let want = whole / 10f64.powi(places as i32);
            prop_assert!((value.abs() - want).abs() <= want * 1e-12, "{} read as {}", text, value);
            // Letters only as one currency mark: a single run of at most three.
            let runs: Vec<&str> = text.split(|c: char| !c.is_ascii_alphabetic()).filter(|r| !r.is_empty()).collect();
            prop_assert!(runs.len() <= 1 && runs.iter().all(|r| r.len() <= 3), "{}: only a currency's letters", text);
        }
    }
}
