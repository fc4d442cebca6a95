//! Workshop mode: the pre-hire design session as eight steps, from the workspace's real data.
//! A step is open while it has questions; with none it is only proposed (a default is not a
//! decision), until someone decides it explicitly, which records the day, the name and what was
//! decided. A decided step whose content changes since is proposed again. Notes never block.
//!
//! What a step needs before it can be decided, step by step:
//! 1. Thesis and target: a written thesis, and one or two target metrics each with a quarterly
//!    value above zero.
//! 2. Partner types: at least one type, and every type has a motion, an incentive above zero and
//!    an enablement path of at least one step.
//! 3. Ideal partner profiles: every type has a profile with a joint solution and 3–7 traits, each
//!    verifiable before signing (the profile editor's own rules).
//! 4. Scoring: 3–5 factors with positive weights (the weights editor's rules), each with a
//!    description of how a partner is scored on it.
//! 5. Tiers: 2–4 valid tiers, each with written benefits, no two promising the same cadence.
//! 6. Capacity: team members with partner-facing hours, enough to carry what the tier rules ask.
//! 7. Sales stages: 4–6 stages, each with an owner and a written exit criterion.
//! 8. Scoreboard: a quarterly target to measure against, and a valid sales process for the
//!    90-day forecast line.

mod steps;
mod words;

use super::capacity::{Allocation, Member};
use super::deals::Stage;
use super::profile::Profile;
use super::program::{PartnerType, ProgramTarget};
use super::readiness::Bands;
use super::scoring::Factor;
use super::tiers::Tier;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use steps::{capacity, profiles, scoreboard, scoring, stages, thesis, tiers, types};
pub use words::metric_label;
use words::plural;

/// Everything the steps are judged on, gathered by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// Named in the operating model's title and summary.
    pub company: String,
    /// Step 1 is open until the why-partners sentence is written.
    pub thesis: String,
    /// Money in decisions is written in this currency (ISO code).
    pub currency: String,
    /// The one or two numbers the program exists to move (step 1).
    pub targets: Vec<ProgramTarget>,
    /// The kinds of partners the program runs (step 2).
    pub types: Vec<PartnerType>,
    /// One per type (an unsaved profile has no traits).
    pub profiles: Vec<Profile>,
    /// The saved factors, as stored.
    pub factors: Vec<Factor>,
    /// The tiers as saved, judged in step 5 and costed in step 6.
    pub tiers: Vec<Tier>,
    /// Whose partner-facing hours carry the tiers (step 6).
    pub members: Vec<Member>,
    /// The saved capacity plan's allocation, when the model and tiers are valid.
    pub allocation: Option<Allocation>,
    /// The sales process a partner deal passes (step 7).
    pub stages: Vec<Stage>,
    /// Readiness bands, to say which partners are served.
    pub bands: Bands,
    /// Signed partners that are ranked, and those missing a factor score.
    pub ranked: usize,
    /// Signed partners missing a factor score, so not yet ranked.
    pub unscored: usize,
    /// Deals closed (won or lost), which the forecast learns from.
    pub closed_deals: usize,
    /// The recorded decisions, by step id.
    pub decisions: HashMap<String, Decision>,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Questions remain.
    Open,
    /// Nothing is open, but nobody has decided it: a default or a draft.
    Proposed,
    /// Decided explicitly, and unchanged since.
    Decided,
}

/// An explicit decision of one step: who, when, and what it said then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The day it was decided (YYYY-MM-DD).
    pub on: String,
    /// Who decided it.
    pub by: String,
    /// The step's decisions in words as they stood, so a later change shows.
    pub content: Vec<String>,
}

/// One step of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Stable id: thesis, types, profiles, scoring, tiers, capacity, stages, scoreboard.
    pub id: &'static str,
    /// Position in the session, 1 to 8, as the screen numbers it.
    pub number: usize,
    /// The step's heading on the workshop screen and in the export.
    pub title: &'static str,
    /// The question the step answers.
    pub question: &'static str,
    /// The screen where it is edited (a navigation id).
    pub screen: &'static str,
    /// The name of that screen, for the link that opens it.
    pub screen_label: &'static str,
    /// Open, proposed or decided.
    pub status: StepStatus,
    /// True when decided explicitly and unchanged since: the step can be handed over as is.
    pub decided: bool,
    /// The recorded decision, when there is one (also when the step changed since).
    pub decision: Option<Decision>,
    /// What is decided, in words with the decided values.
    pub decisions: Vec<String>,
    /// What is still undecided, in words.
    pub open: Vec<String>,
    /// Observations that do not block the step.
    pub notes: Vec<String>,
}

/// The whole session judged: what the workshop screen shows and the operating model exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workshop {
    /// Whose operating model this is.
    pub company: String,
    /// The eight steps, in session order.
    pub steps: Vec<Step>,
    /// How many steps are decided, for the progress count.
    pub decided: usize,
    /// How many have no open question but are not decided yet.
    pub proposed: usize,
    /// How many steps there are (eight).
    pub total: usize,
    /// "5 of 8 steps decided; 3 open questions remain."
    pub summary: String,
}

struct Meta {
    id: &'static str,
    title: &'static str,
    question: &'static str,
    screen: &'static str,
    screen_label: &'static str,
}

const STEPS: [Meta; 8] = [
    Meta {
        id: "thesis",
        title: "Thesis and target metric",
        question: "Why will partners win deals we cannot win alone, and which number proves it?",
        screen: "program",
        screen_label: "Program design",
    },
    Meta {
        id: "types",
        title: "Partner types and motions",
        question: "Which kinds of partners will the program run, and how does each one sell, earn and ramp?",
        screen: "program",
        screen_label: "Program design",
    },
    Meta {
        id: "profiles",
        title: "Ideal partner profiles",
        question: "For each type, which observable traits predict that a partner will produce?",
        screen: "profiles",
        screen_label: "Partner profiles",
    },
    Meta {
        id: "scoring",
        title: "Scoring factors and weights",
        question: "Which 3 to 5 factors rank partners by likely return, and how much does each count?",
        screen: "prioritization",
        screen_label: "Prioritization",
    },
    Meta {
        id: "tiers",
        title: "Tiers and service levels",
        question: "How is the ranking cut into tiers, and what does each tier actually receive?",
        screen: "tiers",
        screen_label: "Tiers & capacity",
    },
    Meta {
        id: "capacity",
        title: "Capacity",
        question: "Whose partner-facing hours carry the tiers, and do they add up?",
        screen: "tiers",
        screen_label: "Tiers & capacity",
    },
    Meta {
        id: "stages",
        title: "Sales stages",
        question: "Which stages does a partner deal pass, who owns each, and what moves a deal out?",
        screen: "deals",
        screen_label: "Deals & process",
    },
    Meta {
        id: "scoreboard",
        title: "Scoreboard",
        question: "Which revenue lines will the board see, measured against what?",
        screen: "scoreboard",
        screen_label: "Scoreboard",
    },
];

/// The revenue lines every scoreboard carries.
pub const SCOREBOARD_LINES: &str = "sourced pipeline created; sourced bookings and their share of the total; win rate and cycle days, partner vs direct; the 90-day forecast with its P10–P90 range; active partners; tier coverage vs capacity";

/// Judges every step.
pub fn assess(i: &Inputs) -> Workshop {
    let mut steps = Vec::with_capacity(STEPS.len());
    for (n, meta) in STEPS.iter().enumerate() {
        let mut s = Findings::default();
        match meta.id {
            "thesis" => thesis(i, &mut s),
            "types" => types(i, &mut s),
            "profiles" => profiles(i, &mut s),
            "scoring" => scoring(i, &mut s),
            "tiers" => tiers(i, &mut s),
            "capacity" => capacity(i, &mut s),
            "stages" => stages(i, &mut s),
            _ => scoreboard(i, &mut s),
        }
        let decision = i.decisions.get(meta.id).cloned();
        let status = match &decision {
            _ if !s.open.is_empty() => StepStatus::Open,
            Some(d) if d.content == s.decided => StepStatus::Decided,
            _ => StepStatus::Proposed,
        };
        if let (Some(d), false) = (&decision, status == StepStatus::Decided) {
            s.notes.push(format!(
                "Decided on {} by {}, but it has changed since: decide it again.",
                d.on, d.by
            ));
        }
        steps.push(Step {
            id: meta.id,
            number: n + 1,
            title: meta.title,
            question: meta.question,
            screen: meta.screen,
            screen_label: meta.screen_label,
            status,
            decided: status == StepStatus::Decided,
            decision,
            decisions: s.decided,
            open: s.open,
            notes: s.notes,
        });
    }
    let count = |st: StepStatus| steps.iter().filter(|s| s.status == st).count();
    let (decided, proposed) = (count(StepStatus::Decided), count(StepStatus::Proposed));
    let total = steps.len();
    let questions: usize = steps.iter().map(|s| s.open.len()).sum();
    let summary = if decided == total {
        format!("All {total} steps decided: the operating model is ready to hand to the hire.")
    } else {
        let mut parts = vec![format!("{decided} of {total} steps decided")];
        if proposed > 0 {
            parts.push(format!("{proposed} proposed, waiting for a decision"));
        }
        if questions > 0 {
            parts.push(format!(
                "{} still open",
                plural(questions, "question", "questions")
            ));
        }
        format!("{}.", parts.join("; "))
    };
    Workshop {
        company: i.company.clone(),
        steps,
        decided,
        proposed,
        total,
        summary,
    }
}

#[derive(Default)]
struct Findings {
    decided: Vec<String>,
    open: Vec<String>,
    notes: Vec<String>,
}

#[cfg(test)]
mod tests;
