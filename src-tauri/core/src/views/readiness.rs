//! The readiness screen's read model: every signed partner's latest review, band and whether a
//! review is due. The command line's `readiness` prints the same rows, one flat line each.

use crate::domain::gate::Gate;
use crate::domain::readiness::{Band, Bands, ReviewReason, Scores};
use crate::store::{self, ReadinessRow, Workspace};
use chrono::NaiveDate;
use serde::Serialize;

/// The whole readiness screen.
#[derive(Debug, Serialize)]
pub struct ReadinessView {
    /// The day the list is as of.
    pub today: String,
    /// The score bands that place a partner.
    pub bands: Bands,
    /// The service threshold (the active band's start) and what falling below it costs.
    pub gate: Gate,
    /// One row per signed partner.
    pub partners: Vec<ReadinessRow>,
    /// How many partners are due a review.
    pub due: usize,
}

/// The readiness screen of `ws` as of `today`.
pub fn readiness(ws: &Workspace, today: NaiveDate) -> store::Result<ReadinessView> {
    let partners = ws.readiness(today)?;
    Ok(ReadinessView {
        today: today.to_string(),
        bands: ws.bands()?,
        gate: ws.readiness_gate()?,
        due: partners.iter().filter(|p| p.due.is_some()).count(),
        partners,
    })
}

/// A partner's readiness as one flat line, the latest review's scores lifted to the top: what
/// the command line's `readiness` prints per partner.
#[derive(Debug, Serialize)]
pub struct ReadinessLine {
    /// The partner.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: String,
    /// The latest review's scores, if reviewed.
    pub scores: Option<Scores>,
    /// Their sum.
    pub total: Option<i64>,
    /// The band that sum puts the partner in.
    pub band: Option<Band>,
    /// Days since the latest review.
    pub days_since_review: Option<i64>,
    /// Why a review is due, if one is.
    pub due: Option<ReviewReason>,
}

impl From<&ReadinessRow> for ReadinessLine {
    fn from(r: &ReadinessRow) -> Self {
        Self {
            id: r.partner_id,
            name: r.name.clone(),
            status: r.status.clone(),
            scores: r.last.as_ref().map(|l| l.scores),
            total: r.last.as_ref().map(|l| l.total),
            band: r.band,
            days_since_review: r.days_since,
            due: r.due.clone(),
        }
    }
}
