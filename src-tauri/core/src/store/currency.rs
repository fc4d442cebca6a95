//! The home currency (the program's currency) and the rate table kept in settings.

use super::{DealRow, Result, StoreError, Workspace};
use crate::domain::currency::{Currencies, Priced, Rate};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

const RATES_KEY: &str = "currency_rates";

impl Workspace {
    /// The home currency and the rates the user keeps; no rates until some are saved.
    pub fn currencies(&self) -> Result<Currencies> {
        let home = self.currency()?;
        let stored: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [RATES_KEY],
                |r| r.get(0),
            )
            .optional()?;
        let rates: Vec<Rate> = match stored {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                StoreError::Conflict(format!("The saved currency rates are unreadable: {e}"))
            })?,
            None => Vec::new(),
        };
        Ok(Currencies { home, rates }.validated()?)
    }

    /// Saves the home currency and the rate table in one undoable edit; returns them as stored.
    pub fn set_currencies(&mut self, currencies: &Currencies) -> Result<Currencies> {
        let c = currencies.validated()?;
        let json =
            serde_json::to_string(&c.rates).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let existing: Option<i64> = self
            .conn()
            .query_row("SELECT id FROM settings WHERE key = ?1", [RATES_KEY], |r| {
                r.get(0)
            })
            .optional()?;
        let home = Value::Text(c.home.clone());
        self.edit("Change currencies", |rec| {
            rec.update("program", 1, &[("currency", home)])?;
            let value = Value::Text(json);
            match existing {
                Some(id) => rec.update("settings", id, &[("value", value)]),
                None => rec
                    .insert(
                        "settings",
                        &[("key", Value::Text(RATES_KEY.into())), ("value", value)],
                    )
                    .map(|_| ()),
            }
        })?;
        Ok(c)
    }
}

impl Priced for DealRow {
    fn amount(&self) -> f64 {
        self.amount
    }

    fn currency(&self) -> &str {
        &self.currency
    }

    fn closed_on(&self) -> Option<NaiveDate> {
        self.closed_on
            .as_deref()
            .and_then(|c| NaiveDate::parse_from_str(c, "%Y-%m-%d").ok())
    }
}

impl Priced for &DealRow {
    fn amount(&self) -> f64 {
        self.amount
    }

    fn currency(&self) -> &str {
        &self.currency
    }

    fn closed_on(&self) -> Option<NaiveDate> {
        (*self).closed_on()
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::currency::{Currencies, Rate};
    use crate::store::create_new;
    use chrono::NaiveDate;

    #[test]
    fn currencies_default_to_usd_save_in_one_edit_and_undo() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = create_new(&dir.path().join("c.partnerboard"), "Acme").unwrap();
        let start = ws.currencies().unwrap();
        assert_eq!(start.home, "USD");
        assert!(start.rates.is_empty());
        let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let saved = ws
            .set_currencies(&Currencies {
                home: "eur".into(),
                rates: vec![Rate {
                    currency: "usd".into(),
                    to_home: 0.9,
                    on,
                }],
            })
            .unwrap();
        assert_eq!(saved.home, "EUR");
        let back = ws.currencies().unwrap();
        assert_eq!(back, saved);
        assert_eq!(ws.currency().unwrap(), "EUR");
        assert_eq!(back.to_home(100.0, "USD", on), Some(90.0));
        ws.undo().unwrap();
        assert_eq!(ws.currencies().unwrap(), start);
        let bad = Currencies {
            home: "EUR".into(),
            rates: vec![Rate {
                currency: "GBP".into(),
                to_home: -1.0,
                on,
            }],
        };
        assert!(ws.set_currencies(&bad).is_err());
        assert_eq!(ws.currencies().unwrap(), start);
    }
}
