//! Time to close with won and lost as competing outcomes: the Kaplan–Meier survival of
//! "still open" and the cumulative incidence of "won" (Aalen–Johansen), from deals that
//! closed and deals still open (censored at the origin).

/// How one deal's clock ended: closed won, closed lost, or still open when last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Won,
    Lost,
    Open,
}

/// One observation: days on the clock and how it ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub days: i64,
    pub ending: Ending,
}

/// A step curve over whole days. `steps[i]` holds the values just after day `days[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Incidence {
    days: Vec<i64>,
    /// Probability of still being open after the day.
    open: Vec<f64>,
    /// Cumulative probability of having been won by the end of the day.
    won: Vec<f64>,
    /// Closed deals (won or lost) the curve rests on.
    pub closed: usize,
    pub won_count: usize,
}

impl Incidence {
    /// Builds the curve. Deals closed on day 0 count as closing on day 0; a deal still open at
    /// day `d` is at risk through day `d` and leaves after it.
    pub fn fit(observations: &[Observation]) -> Self {
        let mut obs: Vec<Observation> = observations
            .iter()
            .map(|o| Observation {
                days: o.days.max(0),
                ending: o.ending,
            })
            .collect();
        obs.sort_by_key(|o| o.days);
        let mut at_risk = obs.len() as f64;
        let (mut s, mut f) = (1.0_f64, 0.0_f64);
        let mut curve = Incidence {
            days: Vec::new(),
            open: Vec::new(),
            won: Vec::new(),
            closed: 0,
            won_count: 0,
        };
        let mut i = 0;
        while i < obs.len() {
            let day = obs[i].days;
            let (mut won, mut lost, mut censored) = (0.0, 0.0, 0.0);
            while i < obs.len() && obs[i].days == day {
                match obs[i].ending {
                    Ending::Won => won += 1.0,
                    Ending::Lost => lost += 1.0,
                    Ending::Open => censored += 1.0,
                }
                i += 1;
            }
            if won + lost > 0.0 && at_risk > 0.0 {
                f += s * won / at_risk;
                s *= 1.0 - (won + lost) / at_risk;
                curve.days.push(day);
                curve.open.push(s);
                curve.won.push(f);
            }
            curve.closed += (won + lost) as usize;
            curve.won_count += won as usize;
            at_risk -= won + lost + censored;
        }
        curve
    }

    fn index(&self, day: i64) -> Option<usize> {
        // Last step at or before `day`.
        let n = self.days.partition_point(|&d| d <= day);
        n.checked_sub(1)
    }

    /// Probability of still being open after `day` (1 before the first close).
    pub fn open_after(&self, day: i64) -> f64 {
        self.index(day).map_or(1.0, |i| self.open[i])
    }

    /// Probability of having been won by the end of `day`.
    pub fn won_by(&self, day: i64) -> f64 {
        self.index(day).map_or(0.0, |i| self.won[i])
    }

    /// Probability that a deal still open after `age` days is won within the next `days`.
    pub fn won_within(&self, age: i64, days: i64) -> f64 {
        let open = self.open_after(age);
        if open <= 1e-12 {
            return 0.0;
        }
        ((self.won_by(age + days) - self.won_by(age)) / open).clamp(0.0, 1.0)
    }

    /// `won_within(age, days)` for every age from 0 to `max_age`, by age: what a loop over
    /// many deals of one curve looks up instead of searching the curve for each.
    pub fn won_within_by_age(&self, days: i64, max_age: i64) -> Vec<f64> {
        (0..=max_age.max(0))
            .map(|age| self.won_within(age, days))
            .collect()
    }

    /// The overall win rate the curve implies (won incidence at its last step).
    #[cfg(test)]
    pub fn eventual_win(&self) -> f64 {
        self.won.last().copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(days: i64, ending: Ending) -> Observation {
        Observation { days, ending }
    }

    /// Eight deals, worked by hand:
    /// day 10 won, 20 lost, 20 won, 30 open, 40 won, 50 lost, 60 open, 70 won.
    #[test]
    fn eight_deals_by_hand() {
        use Ending::*;
        let c = Incidence::fit(&[
            o(40, Won),
            o(10, Won),
            o(20, Lost),
            o(20, Won),
            o(30, Open),
            o(50, Lost),
            o(60, Open),
            o(70, Won),
        ]);
        // day 10: 8 at risk, 1 won  → S = 7/8,       F = 1/8
        // day 20: 7 at risk, 1 won 1 lost → F += 7/8·1/7 = 1/8 → 2/8; S = 7/8·5/7 = 5/8
        // day 30: censored, 5 → 4 at risk
        // day 40: 4 at risk, 1 won → F += 5/8·1/4 = 5/32 → 13/32; S = 5/8·3/4 = 15/32
        // day 50: 3 at risk, 1 lost → S = 15/32·2/3 = 10/32
        // day 60: censored → 1 at risk
        // day 70: 1 at risk, 1 won → F += 10/32 → 23/32; S = 0
        let eps = 1e-12;
        assert!((c.won_by(9) - 0.0).abs() < eps);
        assert!((c.won_by(10) - 1.0 / 8.0).abs() < eps);
        assert!((c.open_after(10) - 7.0 / 8.0).abs() < eps);
        assert!((c.won_by(25) - 2.0 / 8.0).abs() < eps);
        assert!((c.open_after(20) - 5.0 / 8.0).abs() < eps);
        assert!((c.won_by(40) - 13.0 / 32.0).abs() < eps);
        assert!((c.open_after(45) - 15.0 / 32.0).abs() < eps);
        assert!((c.open_after(50) - 10.0 / 32.0).abs() < eps);
        assert!((c.won_by(70) - 23.0 / 32.0).abs() < eps);
        assert!(c.open_after(70).abs() < eps);
        assert_eq!((c.closed, c.won_count), (6, 4));
        // Lost incidence is what is neither open nor won: 1 - 23/32 at the end = 9/32,
        // i.e. 1/8 (day 20) + 5/32 (day 50).
        assert!((1.0 - c.won_by(70) - c.open_after(70) - 9.0 / 32.0).abs() < eps);
        // Open at day 30: won within 15 days (by day 45) = (13/32 − 8/32) / (5/8) = 1/4.
        assert!((c.won_within(30, 15) - 0.25).abs() < eps);
        // A deal past the last close cannot be won by this curve.
        assert_eq!(c.won_within(80, 30), 0.0);
    }

    #[test]
    fn no_closes_means_no_wins() {
        let c = Incidence::fit(&[o(5, Ending::Open), o(9, Ending::Open)]);
        assert_eq!(c.won_within(0, 90), 0.0);
        assert_eq!(c.open_after(100), 1.0);
        assert_eq!(c.eventual_win(), 0.0);
    }
}
