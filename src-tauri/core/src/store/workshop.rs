//! What workshop mode judges: the program, profiles, scoring model, tiers, team, capacity plan,
//! sales process, readiness bands and a few counts, read in one go.

use super::{Result, Workspace};
use crate::domain::workshop::{self, Inputs, Workshop};

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
        })
    }

    /// Every workshop step, decided or open.
    pub fn workshop(&self) -> Result<Workshop> {
        Ok(workshop::assess(&self.workshop_inputs()?))
    }
}
