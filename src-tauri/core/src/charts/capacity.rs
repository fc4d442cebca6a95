//! Capacity: hours a month the tier rules ask for against the hours the team can give, per
//! tier and per team member.

use super::canvas::{Align, Area, Canvas, Valign};
use super::draw::{grouped, legend_row};
use super::format::hours;
use super::{Body, Chart, Plot, Result};
use crate::store::Workspace;
use chrono::NaiveDate;

/// Demand and supply of one tier or one member, in hours a month.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// The tier or team member the bar pair stands for.
    pub name: String,
    /// Partners in that tier, or placed with that member.
    pub partners: usize,
    /// Hours a month the partners need at their tier's cadence.
    pub demand: f64,
    /// Hours a month there are to give them.
    pub supply: f64,
}

/// Whether the team can serve the tiers it has promised: the capacity chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// Per tier: hours the eligible partners need vs hours the placed partners get.
    pub tiers: Vec<Load>,
    /// Per member: hours planned vs hours available.
    pub members: Vec<Load>,
    /// Hours a month the whole team has for partners.
    pub team_hours: f64,
    /// Hours a month the tiers need beyond that; zero when the team keeps up.
    pub shortfall: f64,
}

pub fn chart(ws: &Workspace, as_of: NaiveDate) -> Result<Chart> {
    let scored = ws.scored_roster()?;
    let plan = ws.saved_capacity_plan(&scored)?;
    let a = &plan.allocation;
    let data = Capacity {
        tiers: a
            .tiers
            .iter()
            .map(|t| Load {
                name: t.name.clone(),
                partners: t.eligible,
                demand: t.hours_needed,
                supply: t.hours_used,
            })
            .collect(),
        members: plan
            .assignment
            .members
            .iter()
            .map(|m| Load {
                name: m.name.clone(),
                partners: m.partners_planned,
                demand: m.hours_planned,
                supply: m.hours_available,
            })
            .collect(),
        team_hours: a.capacity,
        shortfall: a.shortfall,
    };
    Ok(new(data, as_of))
}

pub fn new(data: Capacity, as_of: NaiveDate) -> Chart {
    let demand: f64 = data.tiers.iter().map(|t| t.demand).sum();
    let subtitle = if data.shortfall > 0.0 {
        format!(
            "The tier rules ask for {} a month; the team has {} — {} short.",
            hours(demand),
            hours(data.team_hours),
            hours(data.shortfall)
        )
    } else {
        format!(
            "The tier rules ask for {} a month and the team has {}: everything fits.",
            hours(demand),
            hours(data.team_hours)
        )
    };
    Chart {
        title: "Capacity: demand vs supply".into(),
        subtitle,
        as_of,
        footnote: "Hours a month: partners' tier service levels against team members' partner-facing hours.".into(),
        body: Body::Capacity(data),
    }
}

fn panel(c: &mut Canvas, area: Area, title: &str, loads: &[Load], series: [(super::Rgb, bool); 2]) {
    let p = c.palette;
    c.text(
        title,
        area.x,
        area.y,
        c.body(),
        true,
        p.text,
        Align::Left,
        Valign::Top,
    );
    let area = Area {
        y: area.y + c.body() * 2.0,
        h: area.h - c.body() * 2.0,
        ..area
    };
    let names: Vec<String> = loads.iter().map(|l| l.name.clone()).collect();
    let values = |demand: bool| -> Vec<f64> {
        loads
            .iter()
            .map(|l| if demand { l.demand } else { l.supply })
            .collect()
    };
    let s: Vec<_> = series
        .iter()
        .map(|(color, demand)| (*color, values(*demand)))
        .collect();
    grouped(c, area, &names, &s, hours);
}

impl Plot for Capacity {
    fn is_empty(&self) -> bool {
        self.team_hours <= 0.0 && self.tiers.iter().all(|t| t.demand <= 0.0)
    }

    fn empty_message(&self) -> &'static str {
        "No team hours or tier service levels yet — set them on the Capacity screen."
    }

    fn draw(&self, c: &mut Canvas, plot: Area) {
        let p = c.palette;
        let area = legend_row(
            c,
            plot,
            &[
                (p.brand, "Hours needed".into()),
                (p.neutral, "Hours the team gives".into()),
            ],
        );
        let (left, right) = area.split_x(0.5, 80.0 * c.u);
        let series = [(p.brand, true), (p.neutral, false)];
        panel(c, left, "By tier", &self.tiers, series);
        panel(c, right, "By team member", &self.members, series);
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "group".to_string(),
            "name".into(),
            "partners".into(),
            "hours_needed".into(),
            "hours_available".into(),
        ]];
        for (group, loads) in [("tier", &self.tiers), ("member", &self.members)] {
            for l in loads {
                rows.push(vec![
                    group.to_string(),
                    l.name.clone(),
                    l.partners.to_string(),
                    format!("{:.1}", l.demand),
                    format!("{:.1}", l.supply),
                ]);
            }
        }
        rows
    }
}
