//! Names a file refers to that the workspace lacks. Unless the person asked for strict
//! matching, the import creates them in the same transaction as its rows, and says which.

use crate::domain::records::NewNames;
use crate::store::CreatedIds;
use serde::Serialize;
use std::collections::HashMap;

/// One kind of name (partners, partner types, team members): those the workspace has, and
/// those this import will create, each compared in any case with the spaces around it trimmed.
#[derive(Debug, Default)]
pub(crate) struct NameList {
    known: HashMap<String, i64>,
    new: Vec<String>,
    new_ids: HashMap<String, i64>,
}

impl NameList {
    /// The workspace's names: lower-cased name → id.
    pub fn new(known: HashMap<String, i64>) -> Self {
        Self {
            known,
            ..Self::default()
        }
    }

    /// The id `name` has, or the stand-in of a name this import already creates.
    pub fn find(&self, name: &str) -> Option<i64> {
        let key = name.trim().to_lowercase();
        self.known
            .get(&key)
            .or_else(|| self.new_ids.get(&key))
            .copied()
    }

    /// The stand-in id of `name`, queued to be created if it is not already.
    pub fn create(&mut self, name: &str) -> i64 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = NewNames::id(self.new.len());
        self.new.push(name.trim().to_string());
        self.new_ids.insert(name.trim().to_lowercase(), id);
        id
    }

    /// The names queued, in the order the file first named them.
    pub fn into_new(self) -> Vec<String> {
        self.new
    }

    /// The names queued so far, in that order.
    pub fn queued(&self) -> &[String] {
        &self.new
    }
}

/// Names an import created (or, in a preview, will create), for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Created {
    /// How many.
    pub count: usize,
    /// Their names, in the order the file first named them.
    pub names: Vec<String>,
    /// Their ids in the workspace, in the same order; empty in a preview.
    pub ids: Vec<i64>,
}

impl Created {
    pub(crate) fn listed(names: &[String], ids: &[i64]) -> Self {
        Self {
            count: names.len(),
            names: names.to_vec(),
            ids: ids.to_vec(),
        }
    }
}

/// Everything an import created, list by list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreatedNames {
    /// Partners a deal or contact named that the roster lacked: prospects with no type yet.
    pub partners: Created,
    /// Partner types a partner row named that the program lacked.
    pub types: Created,
    /// Owners a partner row named that the team lacked.
    pub members: Created,
}

impl CreatedNames {
    /// The lists, with ids once the store has created them.
    pub(crate) fn from(new: &NewNames, ids: &CreatedIds) -> Self {
        Self {
            partners: Created::listed(&new.partners, &ids.partners),
            types: Created::listed(&new.types, &ids.types),
            members: Created::listed(&new.members, &ids.members),
        }
    }

    /// One sentence per list that is not empty, saying what was created (`done`) or will be,
    /// and what the person should do next.
    pub fn note(&self, done: bool) -> Option<String> {
        let verb = |one: bool| match (done, one) {
            (true, true) => "was",
            (true, false) => "were",
            (false, _) => "will be",
        };
        let listed = |c: &Created| {
            let mut shown: Vec<String> = c.names.iter().take(5).map(|n| format!("“{n}”")).collect();
            if c.count > 5 {
                shown.push(format!("and {} more", c.count - 5));
            }
            shown.join(", ")
        };
        let mut parts = Vec::new();
        let p = &self.partners;
        if p.count == 1 {
            parts.push(format!(
                "1 partner not on the roster {} added as a prospect with no type yet ({}): choose its type.",
                verb(true),
                listed(p)
            ));
        } else if p.count > 1 {
            parts.push(format!(
                "{} partners not on the roster {} added as prospects with no type yet ({}): choose their type.",
                p.count,
                verb(false),
                listed(p)
            ));
        }
        let t = &self.types;
        if t.count > 0 {
            parts.push(format!(
                "{} new partner type{} ({}) {} added: set {} motion and incentive under Program design.",
                t.count,
                if t.count == 1 { "" } else { "s" },
                listed(t),
                verb(t.count == 1),
                if t.count == 1 { "its" } else { "their" },
            ));
        }
        let m = &self.members;
        if m.count > 0 {
            parts.push(format!(
                "{} new team member{} ({}) {} added with no hours yet: set their monthly hours under Program design.",
                m.count,
                if m.count == 1 { "" } else { "s" },
                listed(m),
                verb(m.count == 1),
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}
