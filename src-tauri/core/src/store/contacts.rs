//! Partner reps and the 1:1 touches logged with them.

use super::{Result, StoreError, Workspace};
use crate::domain::cadence::check_touch_date;
use crate::domain::{validate, InvalidInput};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The ways a touch can happen; anything else is rejected so reports group cleanly.
pub const CHANNELS: [&str; 5] = ["call", "email", "meeting", "message", "event"];

/// A contact as typed in the form, before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactDraft {
    /// Set when editing an existing contact; empty when adding a new one.
    pub id: Option<i64>,
    /// The partner this person works for.
    pub partner_id: i64,
    /// How the person is called in lists and reports; required.
    pub name: String,
    /// Their job title, to know whom to ask for what; optional.
    #[serde(default)]
    pub role: String,
    /// Where to reach them; optional.
    #[serde(default)]
    pub email: String,
}

/// A touch as entered, before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchDraft {
    /// The person who was talked to.
    pub contact_id: i64,
    /// Day the conversation took place (YYYY-MM-DD), which drives recency.
    pub touched_on: String,
    /// How they were reached; one of CHANNELS.
    pub channel: String,
    /// What was said or agreed, for whoever follows up; optional.
    #[serde(default)]
    pub note: String,
}

/// One recorded conversation with a contact, as shown in their timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touch {
    /// Key used to edit or delete this touch.
    pub id: i64,
    /// Day it took place (YYYY-MM-DD).
    pub touched_on: String,
    /// How the person was reached; one of CHANNELS.
    pub channel: String,
    /// What was said or agreed.
    pub note: String,
}

/// A person at a partner, with the conversations had with them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    /// Key used to edit or delete this contact.
    pub id: i64,
    /// The partner this person works for.
    pub partner_id: i64,
    /// Partner's name, so lists need no second lookup.
    pub partner_name: String,
    /// How the person is called in lists and reports.
    pub name: String,
    /// Their job title, to know whom to ask for what.
    pub role: String,
    /// Where to reach them.
    pub email: String,
    /// Newest first.
    pub touches: Vec<Touch>,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Workspace {
    /// Every contact with its touches (newest first), or only `partner`'s.
    pub fn contacts(&self, partner: Option<i64>) -> Result<Vec<Contact>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.partner_id, p.name, c.name, c.role, c.email FROM contacts c JOIN partners p ON p.id = c.partner_id
             WHERE ?1 IS NULL OR c.partner_id = ?1 ORDER BY p.name COLLATE NOCASE, c.name COLLATE NOCASE, c.id",
        )?;
        let mut contacts: Vec<Contact> = stmt
            .query_map([partner], |r| {
                Ok(Contact {
                    id: r.get(0)?,
                    partner_id: r.get(1)?,
                    partner_name: r.get(2)?,
                    name: r.get(3)?,
                    role: r.get(4)?,
                    email: r.get(5)?,
                    touches: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<i64, usize> = contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let mut stmt = self.conn().prepare("SELECT id, contact_id, touched_on, channel, note FROM touches ORDER BY touched_on DESC, id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                Touch {
                    id: r.get(0)?,
                    touched_on: r.get(2)?,
                    channel: r.get(3)?,
                    note: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (contact, touch) = row?;
            if let Some(&i) = index.get(&contact) {
                contacts[i].touches.push(touch);
            }
        }
        Ok(contacts)
    }

    /// Adds or edits a contact; a contact needs a name.
    pub fn contact_save(&mut self, draft: &ContactDraft) -> Result<i64> {
        let name = validate::text("name", "A contact's name", &draft.name, 1, 120)?;
        let role = validate::text("role", "The contact's role", &draft.role, 0, 80)?;
        let email = validate::text("email", "The e-mail address", &draft.email, 0, 200)?;
        if !email.is_empty() && !email.contains('@') {
            return Err(
                InvalidInput::new("email", format!("“{email}” is not an e-mail address.")).into(),
            );
        }
        let partner: Option<String> = self
            .conn()
            .query_row(
                "SELECT name FROM partners WHERE id = ?1",
                [draft.partner_id],
                |r| r.get(0),
            )
            .optional()?;
        let partner =
            partner.ok_or_else(|| StoreError::NotFound("That partner no longer exists.".into()))?;
        let cols = [
            ("partner_id", Value::Integer(draft.partner_id)),
            ("name", text(&name)),
            ("role", text(&role)),
            ("email", text(&email)),
        ];
        match draft.id {
            Some(id) => self.edit(&format!("Edit contact {name}"), |rec| {
                rec.update("contacts", id, &cols).map(|_| id)
            }),
            None => self.edit(&format!("Add contact {name} at {partner}"), |rec| {
                rec.insert("contacts", &cols)
            }),
        }
    }

    /// Deletes a contact and its touches.
    pub fn contact_delete(&mut self, id: i64) -> Result<()> {
        let name: Option<String> = self
            .conn()
            .query_row("SELECT name FROM contacts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let name =
            name.ok_or_else(|| StoreError::NotFound("That contact no longer exists.".into()))?;
        let touches: Vec<i64> = self
            .conn()
            .prepare("SELECT id FROM touches WHERE contact_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.edit(&format!("Delete contact {name}"), |rec| {
            for t in &touches {
                rec.delete("touches", *t)?;
            }
            rec.delete("contacts", id)
        })
    }

    /// Logs a touch. It may not be dated after `today` or before the partner was added.
    pub fn touch_log(&mut self, draft: &TouchDraft, today: NaiveDate) -> Result<i64> {
        let date = validate::date("touched_on", "The touch date", &draft.touched_on)?;
        if !CHANNELS.contains(&draft.channel.as_str()) {
            return Err(InvalidInput::new(
                "channel",
                "A touch is a call, e-mail, meeting, message or event.",
            )
            .into());
        }
        let note = validate::text("note", "The note", &draft.note, 0, 2000)?;
        let found: Option<(String, String, String)> = self
            .conn()
            .query_row(
                "SELECT c.name, p.name, p.created_on FROM contacts c JOIN partners p ON p.id = c.partner_id WHERE c.id = ?1",
                [draft.contact_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (contact, partner, since) =
            found.ok_or_else(|| StoreError::NotFound("That contact no longer exists.".into()))?;
        let since = NaiveDate::parse_from_str(&since, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
        check_touch_date(date, since, today)?;
        self.edit(&format!("Log touch with {contact} ({partner})"), |rec| {
            rec.insert(
                "touches",
                &[
                    ("contact_id", Value::Integer(draft.contact_id)),
                    ("touched_on", text(&date.to_string())),
                    ("channel", text(&draft.channel)),
                    ("note", text(&note)),
                ],
            )
        })
    }

    /// Removes a touch entered by mistake; can be undone like any edit.
    pub fn touch_delete(&mut self, id: i64) -> Result<()> {
        self.edit("Delete touch", |rec| rec.delete("touches", id))
    }
}
