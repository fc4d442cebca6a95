//! What workshop mode judges: the program, profiles, scoring model, tiers, team, capacity plan,
//! sales process, readiness bands and a few counts, read in one go.

use super::{Result, StoreError, Workspace};
use crate::domain::validate;
use crate::domain::workshop::{self, Decision, Inputs, StepStatus, Workshop};
use chrono::NaiveDate;
use std::collections::HashMap;

const DECISIONS_KEY: &str = "workshop_decisions";

impl Workspace {
    /// The inputs of every workshop step. A saved model or tiers that no longer validate are
    /// reported by the steps, not as an error here.
    pub fn workshop_inputs(&self) -> Result<Inputs> {
        let program = self.program()?;
        let factors = self.factors()?;
        let scored = self.scored_roster().ok();
        let allocation = match &scored {
            Some(s) => Some(self.saved_capacity_plan(s)?.allocation),
            None => None,
        };
        let (ranked, unscored) = scored.as_ref().map_or((0, 0), |s| {
            let ranked = s.entries.iter().filter(|e| e.rank.is_some()).count();
            (ranked, s.entries.len() - ranked)
        });
        let closed_deals: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM deals WHERE outcome IN ('won', 'lost')",
            [],
            |r| r.get(0),
        )?;
        Ok(Inputs {
            company: program.company,
            thesis: program.thesis,
            currency: program.currency,
            targets: program.targets,
            types: program.types,
            profiles: self.profiles()?,
            factors,
            tiers: self.tiers()?,
            members: self.team()?,
            allocation,
            stages: self.stages()?,
            bands: self.bands()?,
            ranked,
            unscored,
            closed_deals: closed_deals.max(0) as usize,
            decisions: self.workshop_decisions()?,
        })
    }

    /// Every workshop step: open, proposed or decided.
    pub fn workshop(&self) -> Result<Workshop> {
        Ok(workshop::assess(&self.workshop_inputs()?))
    }

    /// The recorded decisions, by step id.
    fn workshop_decisions(&self) -> Result<HashMap<String, Decision>> {
        match self.setting(DECISIONS_KEY)? {
            None => Ok(HashMap::new()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                StoreError::Conflict(format!("The saved workshop decisions are unreadable: {e}"))
            }),
        }
    }

    fn save_workshop_decisions(
        &mut self,
        label: &str,
        decisions: &HashMap<String, Decision>,
    ) -> Result<()> {
        // Sorted by step, so the same decisions are always stored as the same text.
        let sorted: std::collections::BTreeMap<_, _> = decisions.iter().collect();
        let json =
            serde_json::to_string(&sorted).map_err(|e| StoreError::Conflict(e.to_string()))?;
        self.put_setting(label, DECISIONS_KEY, &json)
    }

    /// Decides a workshop step as it stands, as one undoable edit: `by` and `today` are kept
    /// with what the step says now. A step with open questions cannot be decided.
    pub fn workshop_decide(&mut self, step: &str, by: &str, today: NaiveDate) -> Result<Workshop> {
        let by = validate::text("by", "Who decides", by, 1, 80)?;
        let current = self.workshop()?;
        let found =
            current.steps.iter().find(|s| s.id == step).ok_or_else(|| {
                StoreError::NotFound(format!("There is no workshop step “{step}”."))
            })?;
        if found.status == StepStatus::Open {
            return Err(StoreError::Conflict(format!(
                "Step {} ({}) still has open questions: {}",
                found.number,
                found.title,
                found.open.join(" ")
            )));
        }
        let mut decisions = self.workshop_decisions()?;
        decisions.insert(
            step.to_string(),
            Decision {
                on: today.to_string(),
                by,
                content: found.decisions.clone(),
            },
        );
        let label = format!("Decide workshop step {}", found.number);
        self.save_workshop_decisions(&label, &decisions)?;
        self.workshop()
    }

    /// Takes a step's decision back, as one undoable edit: the step is proposed again.
    pub fn workshop_reopen(&mut self, step: &str) -> Result<Workshop> {
        let mut decisions = self.workshop_decisions()?;
        if decisions.remove(step).is_some() {
            self.save_workshop_decisions("Reopen a workshop step", &decisions)?;
        }
        self.workshop()
    }
}
