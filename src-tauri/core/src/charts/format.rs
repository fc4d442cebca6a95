//! Numbers as a board deck prints them: $1.2M, $350K, 34%, 1,234.

/// An amount of money, shortened: `$950`, `$350K`, `$1.2M`, `$3.4B`.
pub fn money(amount: f64) -> String {
    if !amount.is_finite() {
        return "—".into();
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    for (size, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "K")] {
        if a >= size * 0.9995 {
            let v = a / size;
            let text = if v < 9.95 {
                trim(format!("{v:.1}"))
            } else {
                format!("{v:.0}")
            };
            return format!("{sign}${text}{suffix}");
        }
    }
    format!("{sign}${a:.0}")
}

/// A fraction as a whole percentage: 0.342 → `34%`; tiny non-zero shares show as `<1%`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".into();
    }
    let p = fraction * 100.0;
    if p > 0.0 && p < 0.5 {
        return "<1%".into();
    }
    format!("{p:.0}%")
}

/// A count with thousands separators: 1234 → `1,234`.
pub fn count(n: f64) -> String {
    if !n.is_finite() {
        return "—".into();
    }
    let rounded = n.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Hours a month: `1,234 h`.
pub fn hours(h: f64) -> String {
    format!("{} h", count(h))
}

fn trim(text: String) -> String {
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_short() {
        assert_eq!(money(1_234_567.0), "$1.2M");
        assert_eq!(money(350_000.0), "$350K");
        assert_eq!(money(1_500.0), "$1.5K");
        assert_eq!(money(950.0), "$950");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(12_300_000.0), "$12M");
        assert_eq!(money(999_999.0), "$1M");
        assert_eq!(money(2_000_000.0), "$2M");
        assert_eq!(money(3_400_000_000.0), "$3.4B");
        assert_eq!(money(-250_000.0), "-$250K");
        assert_eq!(money(f64::NAN), "—");
    }

    #[test]
    fn percent_is_whole() {
        assert_eq!(percent(0.342), "34%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.001), "<1%");
        assert_eq!(percent(f64::INFINITY), "—");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(1234.0), "1,234");
        assert_eq!(count(1_234_567.0), "1,234,567");
        assert_eq!(count(12.0), "12");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(-1234.0), "-1,234");
        assert_eq!(hours(400.0), "400 h");
    }
}
