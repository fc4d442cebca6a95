//! 1:1 cadence: a tier's cadence says how often each partner rep gets a touch. From the last
//! touch comes the next due date; from the last 90 days comes adherence.

use super::tiers::Cadence;
use super::validate::InvalidInput;
use chrono::{Duration, Months, NaiveDate};
use serde::Serialize;

/// The date a touch is next due after `last`. Weekly and biweekly count days; monthly and
/// quarterly count calendar months, clamped to the month's end (31 Jan + 1 month = 28 Feb).
/// `None` for self-serve, which owes no 1:1 touches.
pub fn next_due(cadence: Cadence, last: NaiveDate) -> Option<NaiveDate> {
    match cadence {
        Cadence::Weekly => Some(last + Duration::days(7)),
        Cadence::Biweekly => Some(last + Duration::days(14)),
        Cadence::Monthly => last.checked_add_months(Months::new(1)),
        Cadence::Quarterly => last.checked_add_months(Months::new(3)),
        Cadence::SelfServe => None,
    }
}

/// The start of the period that ends on `end`: one cadence interval earlier.
fn period_start(cadence: Cadence, end: NaiveDate) -> Option<NaiveDate> {
    match cadence {
        Cadence::Weekly => Some(end - Duration::days(7)),
        Cadence::Biweekly => Some(end - Duration::days(14)),
        Cadence::Monthly => end.checked_sub_months(Months::new(1)),
        Cadence::Quarterly => end.checked_sub_months(Months::new(3)),
        Cadence::SelfServe => None,
    }
}

/// How one contact stands against its cadence on `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueState {
    /// `None` when no touch is owed (self-serve).
    pub due: Option<NaiveDate>,
    /// Positive when overdue.
    pub days_overdue: i64,
}

/// A contact's next due date. A contact never touched is due at once.
pub fn due_state(cadence: Cadence, last_touch: Option<NaiveDate>, today: NaiveDate) -> DueState {
    let due = match last_touch {
        Some(last) => next_due(cadence, last),
        None => (cadence != Cadence::SelfServe).then_some(today),
    };
    DueState {
        due,
        days_overdue: due.map_or(0, |d| (today - d).num_days()),
    }
}

/// Touches due in the 90-day window: 12 weekly, 6 biweekly, 3 monthly, 1 quarterly.
fn periods_due(cadence: Cadence) -> usize {
    match cadence {
        Cadence::Weekly => 12,
        Cadence::Biweekly => 6,
        Cadence::Monthly => 3,
        Cadence::Quarterly => 1,
        Cadence::SelfServe => 0,
    }
}

/// Touches made on time ÷ touches due over the last 90 days. Going back from `today`, the
/// window is cut into the periods the cadence owes (see `periods_due`), each one cadence long;
/// a period with at least one touch counts as on time. Returns (on time, due); self-serve owes
/// nothing and returns (0, 0).
pub fn adherence(cadence: Cadence, touches: &[NaiveDate], today: NaiveDate) -> (usize, usize) {
    let mut on_time = 0;
    let mut due = 0;
    let mut end = today;
    while due < periods_due(cadence) {
        let Some(start) = period_start(cadence, end) else {
            break;
        };
        due += 1;
        if touches.iter().any(|t| *t > start && *t <= end) {
            on_time += 1;
        }
        end = start;
    }
    (on_time, due)
}

/// A touch may not be dated in the future or before its partner existed.
pub fn check_touch_date(
    date: NaiveDate,
    partner_since: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, InvalidInput> {
    if date > today {
        return Err(InvalidInput::new(
            "touched_on",
            format!("A touch cannot be dated in the future ({date} is after today, {today})."),
        ));
    }
    if date < partner_since {
        return Err(InvalidInput::new(
            "touched_on",
            format!("A touch cannot be dated before the partner existed ({date} is before {partner_since})."),
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_dates_across_month_ends() {
        assert_eq!(
            next_due(Cadence::Monthly, d("2026-01-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            next_due(Cadence::Monthly, d("2028-01-31")),
            Some(d("2028-02-29")),
            "leap year"
        );
        assert_eq!(
            next_due(Cadence::Quarterly, d("2026-11-30")),
            Some(d("2027-02-28"))
        );
        assert_eq!(
            next_due(Cadence::Biweekly, d("2026-12-25")),
            Some(d("2027-01-08"))
        );
        assert_eq!(
            next_due(Cadence::Weekly, d("2026-02-26")),
            Some(d("2026-03-05"))
        );
        assert_eq!(next_due(Cadence::SelfServe, d("2026-02-26")), None);
    }

    #[test]
    fn overdue_and_never_touched() {
        let today = d("2026-03-10");
        assert_eq!(
            due_state(Cadence::Biweekly, Some(d("2026-02-20")), today),
            DueState {
                due: Some(d("2026-03-06")),
                days_overdue: 4
            }
        );
        assert_eq!(
            due_state(Cadence::Monthly, Some(d("2026-03-01")), today).days_overdue,
            -22
        );
        assert_eq!(
            due_state(Cadence::Weekly, None, today),
            DueState {
                due: Some(today),
                days_overdue: 0
            }
        );
        assert_eq!(
            due_state(Cadence::SelfServe, None, today),
            DueState {
                due: None,
                days_overdue: 0
            }
        );
    }

    #[test]
    fn adherence_counts_on_time_late_and_missing_touches() {
        let today = d("2026-03-31");
        // Biweekly over 90 days: six periods ending 31 Mar, 17 Mar, 3 Mar, 17 Feb, 3 Feb, 20 Jan.
        let on_time_every_period = [
            d("2026-03-30"),
            d("2026-03-16"),
            d("2026-03-02"),
            d("2026-02-16"),
            d("2026-02-02"),
            d("2026-01-19"),
        ];
        assert_eq!(
            adherence(Cadence::Biweekly, &on_time_every_period, today),
            (6, 6)
        );
        // Two touches in the latest period count once; 10 Mar and 10 Feb cover theirs; three periods have none.
        let late_and_missing = [
            d("2026-03-30"),
            d("2026-03-20"),
            d("2026-03-10"),
            d("2026-02-10"),
        ];
        assert_eq!(
            adherence(Cadence::Biweekly, &late_and_missing, today),
            (3, 6)
        );
        assert_eq!(adherence(Cadence::Biweekly, &[], today), (0, 6));
        // Monthly, in calendar months: (28 Feb, 31 Mar], (28 Jan, 28 Feb], (28 Dec, 28 Jan].
        assert_eq!(
            adherence(Cadence::Monthly, &[d("2026-02-28"), d("2026-01-05")], today),
            (2, 3)
        );
        assert_eq!(adherence(Cadence::Weekly, &[], today).1, 12);
        assert_eq!(
            adherence(Cadence::Quarterly, &[d("2026-01-15")], today),
            (1, 1)
        );
        assert_eq!(
            adherence(Cadence::SelfServe, &[d("2026-03-01")], today),
            (0, 0)
        );
    }

    #[test]
    fn touch_dates_are_checked() {
        let today = d("2026-03-31");
        assert!(check_touch_date(d("2026-04-01"), d("2025-01-01"), today)
            .unwrap_err()
            .message
            .contains("future"));
        assert!(check_touch_date(d("2024-12-31"), d("2025-01-01"), today)
            .unwrap_err()
            .message
            .contains("before the partner existed"));
        assert!(check_touch_date(today, d("2025-01-01"), today).is_ok());
    }
}
