//! Numbers as the product prints them, in one place: money with and without a currency,
//! counts grouped by thousands, hours, percentages.
//!
//! Two families exist on purpose. Charts and decks use the short forms (`$1.2M`, `34%`,
//! `1,234`) and print `—` for a value that is not a number. Sentences in workshop and
//! scoreboard use full figures (`$1,500,000`, `2.5 h`) and keep the value as written.

/// Marks a value that is not a number (NaN, infinite) on a chart, so a bad figure never
/// prints as `NaN`.
const NOT_A_NUMBER: &str = "—";

/// Puts a comma between each group of three digits: `1234567` → `1,234,567`.
fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The size of a number rounded to whole units, grouped by thousands, without its sign.
fn grouped_magnitude(n: f64) -> String {
    group_digits(&format!("{:.0}", n.abs().round()))
}

/// A whole number of things (partners, trials) grouped by thousands: 10000 → `10,000`.
pub fn thousands(n: usize) -> String {
    group_digits(&n.to_string())
}

/// A count on a chart, rounded and grouped: 1234 → `1,234`, -1234 → `-1,234`, NaN → `—`.
pub fn count(n: f64) -> String {
    if !n.is_finite() {
        return NOT_A_NUMBER.into();
    }
    let rounded = n.round();
    let digits = grouped_magnitude(rounded);
    if rounded < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// A figure in a sentence, rounded and grouped: 1234 → `1,234`. Unlike [`count`] it keeps a
/// non-number as written (`NaN`) and prints exactly -0.5 as `1`, as workshop text always has.
pub fn whole(n: f64) -> String {
    let digits = grouped_magnitude(n);
    if n < -0.5 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// A figure in a sentence with its tenth when it has one: `2.5`, `1,200` (grouped only when
/// whole), so a typed value reads back as typed.
pub fn decimal(v: f64) -> String {
    if v.fract().abs() > 1e-9 {
        format!("{v:.1}")
    } else {
        whole(v)
    }
}

/// A figure as a form shows it: `2.5`, `1200` (whole when whole, never grouped), so a value
/// prints the way it would be typed back in.
pub fn decimal_ungrouped(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Hours a month on a chart, rounded to whole hours: `1,234 h`.
pub fn hours(h: f64) -> String {
    format!("{} h", count(h))
}

/// Hours in a sentence, with the tenth a plan may hold: `2.5 h`, `1,200 h`.
pub fn hours_to_tenth(h: f64) -> String {
    format!("{} h", decimal(h))
}

/// An amount in the workspace currency, whole units, for sentences and exports:
/// `$1,500,000`, `€2,500`, `£80`, `2,500 CHF`.
pub fn money(amount: f64, currency: &str) -> String {
    let digits = whole(amount);
    match currency {
        "USD" => format!("${digits}"),
        "EUR" => format!("€{digits}"),
        "GBP" => format!("£{digits}"),
        other => format!("{digits} {other}"),
    }
}

/// An amount shortened for a chart label, in dollars: `$950`, `$350K`, `$1.2M`, `$3.4B`.
pub fn compact_money(amount: f64) -> String {
    if !amount.is_finite() {
        return NOT_A_NUMBER.into();
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    for (size, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "K")] {
        if a >= size * 0.9995 {
            let v = a / size;
            let text = if v < 9.95 {
                let tenth = format!("{v:.1}");
                tenth
                    .strip_suffix(".0")
                    .map(str::to_string)
                    .unwrap_or(tenth)
            } else {
                format!("{v:.0}")
            };
            return format!("{sign}${text}{suffix}");
        }
    }
    format!("{sign}${a:.0}")
}

/// A fraction as a whole percentage: 0.342 → `34%`; tiny non-zero shares show as `<1%` so
/// they do not read as nothing.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return NOT_A_NUMBER.into();
    }
    let p = fraction * 100.0;
    if p > 0.0 && p < 0.5 {
        return "<1%".into();
    }
    format!("{p:.0}%")
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
