//! Ideal partner profile match vs production: sourced pipeline per partner and month signed over
//! the last 12 months, for partners that matched their profile at signing and those that did
//! not, with the ratio's 95% interval.

use super::canvas::{Area, Canvas};
use super::draw::{grouped, legend_row};
use super::format::{count, money};
use super::{Body, Chart, Plot, Result};
use crate::domain::profile::{validity, ValidityCheck, PERMUTATIONS, SEED};
use crate::store::Workspace;
use chrono::{Months, NaiveDate};

/// Whether partners matching the ideal partner profile really win more: the IPP chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct IppMatch {
    /// First day of the year of deals looked at.
    pub from: NaiveDate,
    /// Last day of it (the as-of date).
    pub to: NaiveDate,
    /// Matched vs unmatched win rates, with how sure the difference is.
    pub check: ValidityCheck,
    /// Why some deals are not counted (no rate for their currency), printed in the footnote.
    pub left_out: Option<String>,
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let from = as_of.checked_sub_months(Months::new(12)).unwrap_or(as_of);
    let p = ws.pipeline_by_profile_match(from, as_of)?;
    let check = validity(&p.matched, &p.unmatched, PERMUTATIONS, SEED);
    Ok(new(
        IppMatch {
            from,
            to: as_of,
            check,
            left_out: p.left_out.note,
        },
        as_of,
    ))
}

pub fn new(data: IppMatch, as_of: NaiveDate) -> Chart {
    let c = &data.check;
    let subtitle =
        match (c.ratio, c.p_value, c.interval) {
            (Some(r), Some(pv), Some((lo, hi))) => {
                format!(
            "Matched partners sourced {r:.1}× the pipeline per month of those that did not \
             (95%: {lo:.1}× to {hi:.1}×; {}).",
            if pv < 0.01 { "p < 0.01".to_string() } else { format!("p = {pv:.2}") }
        )
            }
            _ => c.verdict.clone(),
        };
    Chart {
        title: "Ideal partner profile: match vs production".into(),
        subtitle,
        as_of,
        footnote: format!(
            "Partner-sourced pipeline created {} to {} per partner-month signed, by profile match at signing, all types; permutation test, bootstrap interval.{}",
            data.from,
            data.to,
            data.left_out.as_deref().map(|n| format!(" {n}")).unwrap_or_default()
        ),
        body: Body::IppMatch(data),
    }
}

impl Plot for IppMatch {
    fn is_empty(&self) -> bool {
        self.check.matched.size + self.check.unmatched.size == 0
    }

    fn empty_message(&self) -> &'static str {
        "No signed partners with a profile check yet — evaluate prospects against the profile first."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "Median per partner-month".into()),
                (p.neutral, "Mean per partner-month".into()),
            ],
        );
        let m = &self.check.matched;
        let u = &self.check.unmatched;
        let cats = vec![
            format!("Matched profile ({} partners)", count(m.size as f64)),
            format!("Did not match ({} partners)", count(u.size as f64)),
        ];
        let (inner, _) = area.split_x(0.75, 0.0);
        grouped(
            c,
            inner,
            &cats,
            &[
                (p.brand, vec![m.median, u.median]),
                (p.neutral, vec![m.mean, u.mean]),
            ],
            money,
        );
    }

    fn table(&self) -> Vec<Vec<String>> {
        let c = &self.check;
        let row = |group: &str, g: &crate::domain::profile::GroupStats| {
            vec![
                group.to_string(),
                g.size.to_string(),
                format!("{:.2}", g.median),
                format!("{:.2}", g.mean),
            ]
        };
        vec![
            vec![
                "group".to_string(),
                "partners".into(),
                "median_sourced_pipeline_per_month".into(),
                "mean_sourced_pipeline_per_month".into(),
            ],
            row("matched", &c.matched),
            row("not_matched", &c.unmatched),
        ]
    }
}
