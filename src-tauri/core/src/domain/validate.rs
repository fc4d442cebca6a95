//! Checks every value that comes from a person or a file before it reaches the store.

use chrono::NaiveDate;
use std::fmt;

/// A value that was refused, with the field it came from and a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The form field or CSV column to point at.
    pub field: String,
    /// What is wrong and how to fix it, shown next to the field.
    pub message: String,
}

impl InvalidInput {
    /// Refuses a value of `field`, saying why.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidInput {}

/// Trims `value` and checks it holds between `min` and `max` characters.
pub fn text(
    field: &str,
    label: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<String, InvalidInput> {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    if len < min {
        return Err(InvalidInput::new(
            field,
            format!("{label} cannot be empty."),
        ));
    }
    if len > max {
        return Err(InvalidInput::new(
            field,
            format!("{label} is {len} characters long; the limit is {max}."),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(InvalidInput::new(
            field,
            format!("{label} contains control characters."),
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks a finite number inside `min..=max`.
pub fn number(
    field: &str,
    label: &str,
    value: f64,
    min: f64,
    max: f64,
) -> Result<f64, InvalidInput> {
    if !value.is_finite() {
        return Err(InvalidInput::new(
            field,
            format!("{label} must be a number."),
        ));
    }
    if value < min || value > max {
        return Err(InvalidInput::new(
            field,
            format!("{label} must be between {min} and {max}; got {value}."),
        ));
    }
    Ok(value)
}

/// Parses an ISO date (YYYY-MM-DD) between 1990 and 2100.
pub fn date(field: &str, label: &str, value: &str) -> Result<NaiveDate, InvalidInput> {
    let parsed = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        InvalidInput::new(
            field,
            format!(
                "{label} must be a date written as YYYY-MM-DD; got \"{}\".",
                value.trim()
            ),
        )
    })?;
    let low = NaiveDate::from_ymd_opt(1990, 1, 1);
    let high = NaiveDate::from_ymd_opt(2100, 12, 31);
    if Some(parsed) < low || Some(parsed) > high {
        return Err(InvalidInput::new(
            field,
            format!("{label} must fall between 1990 and 2100."),
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            text("name", "Name", "  Resellers ", 1, 80).unwrap(),
            "Resellers"
        );
        assert_eq!(
            text("name", "Name", "   ", 1, 80).unwrap_err().message,
            "Name cannot be empty."
        );
        let long = "x".repeat(81);
        assert!(text("name", "Name", &long, 1, 80)
            .unwrap_err()
            .message
            .contains("limit is 80"));
        assert!(text("name", "Name", "a\u{0007}b", 1, 80).is_err());
    }

    #[test]
    fn numbers_refuse_nan_infinity_and_out_of_range() {
        assert!(number("m", "Margin", f64::NAN, 0.0, 100.0).is_err());
        assert!(number("m", "Margin", f64::INFINITY, 0.0, 100.0).is_err());
        assert!(number("m", "Margin", -1.0, 0.0, 100.0).is_err());
        assert_eq!(number("m", "Margin", 20.0, 0.0, 100.0).unwrap(), 20.0);
    }

    #[test]
    fn dates_must_be_iso_and_plausible() {
        assert_eq!(
            date("d", "Date", "2026-11-25").unwrap().to_string(),
            "2026-11-25"
        );
        assert!(date("d", "Date", "25/11/2026").is_err());
        assert!(date("d", "Date", "2026-02-30").is_err());
        assert!(date("d", "Date", "1800-01-01").is_err());
    }
}
