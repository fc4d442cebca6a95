//! The workspace's settings: one text value per key, read and written in one place.

use super::history::Recorder;
use super::{Result, Workspace};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

impl Workspace {
    /// The value saved under `key`; `None` until one is saved.
    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Saves `value` under `key` as one undoable edit named `label`; saving the value already
    /// there changes nothing and adds no undo step.
    pub(crate) fn put_setting(&mut self, label: &str, key: &str, value: &str) -> Result<()> {
        if self.setting(key)?.as_deref() == Some(value) {
            return Ok(());
        }
        self.edit(label, |rec| rec.put_setting(key, value))
    }
}

impl Recorder<'_> {
    /// Saves `value` under `key` as part of the edit being recorded.
    pub(crate) fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let existing: Option<i64> = self
            .tx()
            .query_row("SELECT id FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        let text = Value::Text(value.to_string());
        match existing {
            Some(id) => self.update("settings", id, &[("value", text)]),
            None => self
                .insert(
                    "settings",
                    &[("key", Value::Text(key.to_string())), ("value", text)],
                )
                .map(|_| ()),
        }
    }
}
