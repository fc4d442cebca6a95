//! Amounts and dates as CRM exports write them.

use super::decode::Trimmed;
use crate::domain::currency::code;
use chrono::NaiveDate;

/// What a column's amounts show of their decimal separator, gathered row by row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DecimalEvidence {
    comma: bool,
    point: bool,
}

impl DecimalEvidence {
    /// Looks at one amount: `1.234,56` and `12,5` show a decimal comma, `1,234.56`, `12.5` and
    /// `1,234,567` a decimal point; `12,000` shows neither.
    pub(crate) fn see(&mut self, amount: &str) {
        let a = amount.trimmed().as_bytes();
        let digits_after = |i: usize| a[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        let count = |c: u8| a.iter().filter(|b| **b == c).count();
        let last = |c: u8| a.iter().rposition(|b| *b == c);
        match (last(b','), last(b'.')) {
            (Some(c), Some(d)) if c > d => self.comma = true,
            (Some(_), Some(_)) => self.point = true,
            (Some(_), None) if count(b',') > 1 => self.point = true,
            (Some(c), None) => self.comma |= (1..=2).contains(&digits_after(c)),
            (None, Some(_)) if count(b'.') > 1 => self.comma = true,
            (None, Some(d)) => self.point |= (1..=2).contains(&digits_after(d)),
            (None, None) => {}
        }
    }

    /// Whether the column is read with a decimal comma: when its amounts show one and none
    /// shows a decimal point; with no sign either way, when the file is `;`-separated (as
    /// spreadsheets save it where the comma is the decimal separator).
    pub(crate) fn decimal_comma(self, delimiter: u8) -> bool {
        match (self.comma, self.point) {
            (true, false) => true,
            (false, true) => false,
            _ => delimiter == b';',
        }
    }
}

/// Whether a file writes amounts with a decimal comma (`1.234,56`), from all its amounts.
#[cfg(test)]
pub(crate) fn uses_decimal_comma(delimiter: u8, amounts: &[&str]) -> bool {
    let mut seen = DecimalEvidence::default();
    for a in amounts {
        seen.see(a);
    }
    seen.decimal_comma(delimiter)
}

/// Currency signs an amount may carry before or after its number, besides ISO codes.
const SIGNS: &[&str] = &[
    "US$", "CA$", "AU$", "NZ$", "HK$", "R$", "C$", "A$", "S$", "$", "€", "£", "¥", "₹", "₽", "₩",
    "₪", "₫", "₺", "₴", "₦", "¢", "฿", "₱", "zł", "kr", "Fr.",
];

/// Spaces a locale groups thousands with: plain, no-break and narrow no-break.
const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// `s` without a currency sign or ISO code at its start, when it has one.
fn without_prefix(s: &str) -> &str {
    if let Some(rest) = SIGNS.iter().find_map(|sign| s.strip_prefix(sign)) {
        return rest.trim_start_matches(SPACES);
    }
    match s.as_bytes() {
        [a, b, c, rest @ ..]
            if [a, b, c].iter().all(|x| x.is_ascii_alphabetic())
                && !rest.first().is_some_and(u8::is_ascii_alphabetic)
                && code("", &s[..3]).is_ok() =>
        {
            s[3..].trim_start_matches(SPACES)
        }
        _ => s,
    }
}

/// `s` without a currency sign or ISO code at its end, when it has one.
fn without_suffix(s: &str) -> &str {
    if let Some(rest) = SIGNS.iter().find_map(|sign| s.strip_suffix(sign)) {
        return rest.trim_end_matches(SPACES);
    }
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 3..].iter().all(u8::is_ascii_alphabetic)
        && !(n > 3 && b[n - 4].is_ascii_alphabetic())
        && code("", &s[n - 3..]).is_ok()
    {
        return s[..n - 3].trim_end_matches(SPACES);
    }
    s
}

/// What `(…)` holds, the accounting way of writing a negative amount.
fn parenthesised(s: &str) -> Option<&str> {
    s.strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .map(|t| t.trim_matches(SPACES))
}

/// `s` without a leading `-`, `−` or `+`: (the rest, whether it was a minus).
fn without_sign(s: &str) -> Option<(&str, bool)> {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        return Some((rest.trim_start_matches(SPACES), true));
    }
    s.strip_prefix('+')
        .map(|rest| (rest.trim_start_matches(SPACES), false))
}

/// A number written in one locale: digits, thousands grouped by one separator (`,` `.` a
/// space or `'`, never the decimal one) in threes, and at most one decimal separator.
fn number(s: &str, decimal: char) -> Option<f64> {
    let (int, frac) = match s.split_once(decimal) {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    } else if int.is_empty() {
        return None;
    }
    // Digits (and the decimal point) copied into a buffer on the stack: no allocation a row.
    let mut buf = [0u8; 40];
    let mut n = 0;
    let mut push = |b: u8| -> Option<()> {
        *buf.get_mut(n)? = b;
        n += 1;
        Some(())
    };
    if int.bytes().all(|b| b.is_ascii_digit()) {
        int.bytes().try_for_each(&mut push)?;
    } else {
        let separator = int.chars().find(|c| !c.is_ascii_digit())?;
        let groups_by = [',', '.', '\''].contains(&separator) || SPACES.contains(&separator);
        if !groups_by || separator == decimal {
            return None;
        }
        for (i, group) in int.split(separator).enumerate() {
            let fits = if i == 0 {
                (1..=3).contains(&group.len())
            } else {
                group.len() == 3
            };
            if !fits || !group.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            group.bytes().try_for_each(&mut push)?;
        }
    }
    if let Some(frac) = frac {
        push(b'.')?;
        frac.bytes().try_for_each(&mut push)?;
    }
    std::str::from_utf8(&buf[..n]).ok()?.parse().ok()
}

/// Parses an amount strictly: digits with at most one decimal separator and thousands grouped
/// as one locale writes them (`1,234.56`, `1.234,56`, `1 234,56`), a currency sign or ISO code
/// before or after, a sign in front or accounting parentheses for a negative. Anything else
/// (`1e3`, `5k`, `0x10`, `12abc34`, `500-`) is refused with the text shown.
pub(crate) fn parse_amount(raw: &str, decimal_comma: bool) -> Result<f64, String> {
    let text = raw.trimmed();
    if text.is_empty() {
        return Err("the amount is empty".into());
    }
    let refused = || {
        format!(
            "“{text}” is not an amount: write digits with at most one decimal separator, such as {}",
            if decimal_comma { "1.234,56" } else { "1,234.56" }
        )
    };
    // A sign or parentheses around the whole, or else just after a leading currency.
    let (mut s, mut negative, mut signed) = (text, false, false);
    for step in 0..2 {
        if step == 1 {
            s = without_prefix(s);
        }
        if signed {
            continue;
        }
        if let Some(inner) = parenthesised(s) {
            (s, negative, signed) = (inner, true, true);
        } else if let Some((rest, minus)) = without_sign(s) {
            (s, negative, signed) = (rest, minus, true);
        }
    }
    s = without_suffix(s);
    let value = number(s, if decimal_comma { ',' } else { '.' }).ok_or_else(refused)?;
    if !value.is_finite() || value > 1e13 {
        return Err(format!("“{text}” is too large"));
    }
    Ok(if negative && value != 0.0 {
        -value
    } else {
        value
    })
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

/// What a column's slash dates show of their order, gathered row by row: a first number above
/// 12 means day first, a second above 12 means month first.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DaysSeen {
    day_first: bool,
    month_first: bool,
}

impl DaysSeen {
    /// Looks at one date.
    pub(crate) fn see(&mut self, value: &str) {
        if let Some((a, b, _)) = split_slash(date_part(value)) {
            self.day_first |= a > 12;
            self.month_first |= b > 12;
        }
    }

    /// The column's order; both, or neither, leave it unknown.
    pub(crate) fn order(self) -> DayOrder {
        match (self.day_first, self.month_first) {
            (true, false) => DayOrder::DayFirst,
            (false, true) => DayOrder::MonthFirst,
            _ => DayOrder::Unknown,
        }
    }
}

/// The order of a whole column of dates.
#[cfg(test)]
pub(crate) fn day_order(values: &[&str]) -> DayOrder {
    let mut seen = DaysSeen::default();
    for v in values {
        seen.see(v);
    }
    seen.order()
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
