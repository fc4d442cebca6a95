//! Amounts and dates as CRM exports write them.

use super::decode::Trimmed;
use chrono::NaiveDate;

/// Whether a file writes amounts with a decimal comma (`1.234,56`): always with `;` as the
/// delimiter, otherwise when any amount in the column shows it.
pub(crate) fn uses_decimal_comma(delimiter: u8, amounts: &[&str]) -> bool {
    if delimiter == b';' {
        return true;
    }
    amounts.iter().any(|a| {
        let a = a.trimmed();
        let last_comma = a.rfind(',');
        let last_dot = a.rfind('.');
        match (last_comma, last_dot) {
            (Some(c), Some(d)) => c > d,
            (Some(c), None) => {
                let decimals = a.len() - c - 1;
                decimals == 1 || decimals == 2
            }
            _ => false,
        }
    })
}

/// Parses an amount: currency signs and codes, spaces and thousands separators are dropped;
/// `(100)` is negative.
pub(crate) fn parse_amount(raw: &str, decimal_comma: bool) -> Result<f64, String> {
    let text = raw.trimmed();
    if text.is_empty() {
        return Err("the amount is empty".into());
    }
    let negative = text.starts_with('-') || (text.starts_with('(') && text.ends_with(')'));
    // One pass: digits kept, the thousands separator dropped, the decimal one written as `.`.
    let mut number = String::with_capacity(text.len());
    let (mut any_digit, mut letters, mut points) = (false, 0, 0);
    for c in text.chars() {
        match c {
            '0'..='9' => {
                any_digit = true;
                number.push(c);
            }
            ',' if decimal_comma => {
                points += 1;
                number.push('.');
            }
            '.' if !decimal_comma => {
                points += 1;
                number.push('.');
            }
            ',' | '.' => {}
            c if c.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    if !any_digit || letters > 3 {
        return Err(format!("“{text}” is not an amount"));
    }
    if points > 1 {
        return Err(format!("“{text}” has more than one decimal separator"));
    }
    let value: f64 = number
        .parse()
        .map_err(|_| format!("“{text}” is not an amount"))?;
    if !value.is_finite() || value > 1e13 {
        return Err(format!("“{text}” is too large"));
    }
    Ok(if negative { -value } else { value })
}

/// The order of day and month in a column of slash dates, when the column itself tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayOrder {
    MonthFirst,
    DayFirst,
    Unknown,
}

/// `a/b/yyyy` (or with `-`): one or two digits, one or two digits, four digits.
fn split_slash(text: &str) -> Option<(u32, u32, i32)> {
    let (mut parts, mut digits, mut at) = ([0u32; 3], [0usize; 3], 0);
    for &c in text.as_bytes() {
        match c {
            b'0'..=b'9' if digits[at] < 4 => {
                parts[at] = parts[at] * 10 + u32::from(c - b'0');
                digits[at] += 1;
            }
            b'/' | b'-' if at < 2 => at += 1,
            _ => return None,
        }
    }
    let fits = at == 2 && (1..=2).contains(&digits[0]) && (1..=2).contains(&digits[1]);
    if !fits || digits[2] != 4 {
        return None;
    }
    Some((parts[0], parts[1], i32::try_from(parts[2]).ok()?))
}

/// `YYYY-MM-DD` written with exactly those digits: read without the general parser.
fn plain_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

fn date_part(raw: &str) -> &str {
    let t = raw.trimmed();
    t.bytes()
        .position(|b| b == b'T' || b == b' ')
        .map_or(t, |i| &t[..i])
}

/// Looks at every slash date in a column: a first number above 12 means day first, a second
/// above 12 means month first; both, or neither, leave it unknown.
pub(crate) fn day_order(values: &[&str]) -> DayOrder {
    let mut day_first = false;
    let mut month_first = false;
    for v in values {
        if let Some((a, b, _)) = split_slash(date_part(v)) {
            day_first |= a > 12;
            month_first |= b > 12;
        }
    }
    match (day_first, month_first) {
        (true, false) => DayOrder::DayFirst,
        (false, true) => DayOrder::MonthFirst,
        _ => DayOrder::Unknown,
    }
}

/// Parses ISO (`2026-03-04`), European (`04.03.2026`) and slash dates (`03/04/2026`). A slash
/// date that could be either order is refused unless the column settles it.
pub(crate) fn parse_date(raw: &str, order: DayOrder) -> Result<NaiveDate, String> {
    let text = date_part(raw);
    if text.is_empty() {
        return Err("the date is empty".into());
    }
    let bad = || {
        format!(
            "“{}” is not a date (use YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY)",
            raw.trim()
        )
    };
    if text.len() == 10 && text.as_bytes()[4] == b'-' {
        if let Some(date) = plain_iso(text) {
            return Ok(date);
        }
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad());
    }
    if text.len() == 10 && text.as_bytes()[4] == b'/' {
        return NaiveDate::parse_from_str(text, "%Y/%m/%d").map_err(|_| bad());
    }
    if text.contains('.') {
        return NaiveDate::parse_from_str(text, "%d.%m.%Y").map_err(|_| bad());
    }
    let (a, b, y) = split_slash(text).ok_or_else(bad)?;
    let (day, month) = match (a > 12, b > 12, order) {
        (true, false, _) => (a, b),
        (false, true, _) => (b, a),
        (false, false, _) if a == b => (a, b),
        (false, false, DayOrder::DayFirst) => (a, b),
        (false, false, DayOrder::MonthFirst) => (b, a),
        _ => {
            return Err(format!(
                "“{}” is ambiguous: it could be day/month or month/day; write it as YYYY-MM-DD",
                raw.trim()
            ))
        }
    };
    NaiveDate::from_ymd_opt(y, month, day).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn amounts_in_both_notations() {
        assert_eq!(parse_amount("1.234,56", true).unwrap(), 1234.56);
        assert_eq!(parse_amount("$1,234.56", false).unwrap(), 1234.56);
        assert_eq!(parse_amount("USD 12,000", false).unwrap(), 12000.0);
        assert_eq!(parse_amount("€ 12.000", true).unwrap(), 12000.0);
        assert_eq!(parse_amount("(500)", false).unwrap(), -500.0);
        assert_eq!(parse_amount("-5", false).unwrap(), -5.0);
        assert!(parse_amount("", false).is_err());
        assert!(parse_amount("lots", false).is_err());
        assert!(parse_amount("1.2.3", false).is_err());
        assert!(uses_decimal_comma(b',', &["1.234,56"]));
        assert!(uses_decimal_comma(b',', &["12,5"]));
        assert!(!uses_decimal_comma(b',', &["$1,234.56", "12,000"]));
        assert!(uses_decimal_comma(b';', &["100"]));
    }

    #[test]
    fn dates_in_iso_us_and_european_forms_with_ambiguity_reported() {
        assert_eq!(
            parse_date("2026-03-04", DayOrder::Unknown).unwrap(),
            d("2026-03-04")
        );
        assert_eq!(
            parse_date("2026-03-04T10:00:00Z", DayOrder::Unknown).unwrap(),
            d("2026-03-04")
        );
        assert_eq!(
            parse_date("04.03.2026", DayOrder::Unknown).unwrap(),
            d("2026-03-04")
        );
        assert_eq!(
            parse_date("12/31/2026", DayOrder::Unknown).unwrap(),
            d("2026-12-31")
        );
        assert_eq!(
            parse_date("31/12/2026", DayOrder::Unknown).unwrap(),
            d("2026-12-31")
        );
        assert!(parse_date("03/04/2026", DayOrder::Unknown)
            .unwrap_err()
            .contains("ambiguous"));
        assert_eq!(
            parse_date("03/04/2026", DayOrder::MonthFirst).unwrap(),
            d("2026-03-04")
        );
        assert_eq!(
            parse_date("03/04/2026", DayOrder::DayFirst).unwrap(),
            d("2026-04-03")
        );
        assert_eq!(
            parse_date("05/05/2026", DayOrder::Unknown).unwrap(),
            d("2026-05-05")
        );
        assert!(parse_date("02/30/2026", DayOrder::MonthFirst).is_err());
        assert!(
            parse_date("3/4/26", DayOrder::MonthFirst).is_err(),
            "two-digit years are not guessed"
        );
        assert_eq!(day_order(&["03/04/2026", "13/04/2026"]), DayOrder::DayFirst);
        assert_eq!(
            day_order(&["03/04/2026", "04/13/2026"]),
            DayOrder::MonthFirst
        );
        assert_eq!(day_order(&["13/04/2026", "04/13/2026"]), DayOrder::Unknown);
    }
}
