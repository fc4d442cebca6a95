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

    #[test]
    fn stage_totals_convert_to_home_and_count_deals_with_no_rate() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let mut ws = crate::store::create_demo(
            &dir.path().join("d.partnerboard"),
            &crate::domain::demo::generate(60, 2, as_of),
        )
        .unwrap();
        let before = ws.process_summary(as_of).unwrap();
        let stage = before.iter().find(|s| s.open >= 3).unwrap();
        let stage_id = stage.stage.id.unwrap();
        let ids: Vec<(i64, f64)> = ws
            .deals(as_of)
            .unwrap()
            .into_iter()
            .filter(|d| d.outcome == "open" && d.stage_id == Some(stage_id))
            .map(|d| (d.id, d.amount))
            .take(3)
            .collect();
        // Two deals in EUR, one in JPY, written straight to the file as an import would.
        for ((id, _), cur) in ids.iter().zip(["EUR", "EUR", "JPY"]) {
            ws.conn()
                .execute(
                    "UPDATE deals SET currency = ?1 WHERE id = ?2",
                    rusqlite::params![cur, id],
                )
                .unwrap();
        }
        let without = ws.process_summary(as_of).unwrap();
        let s = without
            .iter()
            .find(|s| s.stage.id == Some(stage_id))
            .unwrap();
        assert_eq!(s.open, stage.open);
        assert_eq!(s.left_out.deals, 3);
        assert!((s.amount - (stage.amount - ids.iter().map(|(_, a)| a).sum::<f64>())).abs() < 1e-6);
        assert_eq!(
            s.left_out.note.as_deref(),
            Some("2 deals in EUR and 1 in JPY are left out: no EUR or JPY rate in Settings.")
        );
        ws.set_currencies(&Currencies {
            home: "USD".into(),
            rates: vec![Rate {
                currency: "EUR".into(),
                to_home: 2.0,
                on: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            }],
        })
        .unwrap();
        let with = ws.process_summary(as_of).unwrap();
        let s = with.iter().find(|s| s.stage.id == Some(stage_id)).unwrap();
        assert_eq!(s.left_out.by_currency.get("JPY"), Some(&1));
        assert_eq!(s.left_out.deals, 1);
        let expected = stage.amount + ids[0].1 + ids[1].1 - ids[2].1;
        assert!(
            (s.amount - expected).abs() < 1e-6,
            "{} vs {expected}",
            s.amount
        );
    }

    #[test]
    fn the_profile_check_converts_sourced_pipeline_and_counts_deals_with_no_rate() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let mut ws = crate::store::create_demo(
            &dir.path().join("d.partnerboard"),
            &crate::domain::demo::generate(60, 2, as_of),
        )
        .unwrap();
        let from = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
        let before = ws.pipeline_by_profile_match(from, as_of).unwrap();
        assert_eq!(before.left_out.deals, 0);
        let total = |p: &crate::store::ProfilePipeline| -> f64 {
            p.matched.iter().chain(&p.unmatched).sum()
        };
        // One sourced deal of a signed partner in the window, now said to be in EUR.
        let (id, amount, signed): (i64, f64, String) = ws
            .conn()
            .query_row(
                "SELECT d.id, d.amount, p.signed_on FROM deals d JOIN partners p ON p.id = d.partner_id
                 WHERE d.source = 'partner_sourced' AND p.profile_match_at_signing IS NOT NULL
                   AND p.status != 'prospect' AND d.created_on >= ?1 AND d.created_on <= ?2
                   AND d.amount > 0 ORDER BY d.id LIMIT 1",
                rusqlite::params![from.to_string(), as_of.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        // The check counts production per month signed in the window.
        let signed = NaiveDate::parse_from_str(&signed, "%Y-%m-%d").unwrap();
        let months = (((as_of - signed.max(from)).num_days() + 1) as f64 / 30.436_875).max(1.0);
        let amount = amount / months;
        ws.conn()
            .execute("UPDATE deals SET currency = 'EUR' WHERE id = ?1", [id])
            .unwrap();
        let without = ws.pipeline_by_profile_match(from, as_of).unwrap();
        assert_eq!(without.left_out.deals, 1);
        assert_eq!(
            without.left_out.note.as_deref(),
            Some("1 deal in EUR is left out: no EUR rate in Settings.")
        );
        assert!((total(&without) - (total(&before) - amount)).abs() < 1e-6);
        ws.set_currencies(&Currencies {
            home: "USD".into(),
            rates: vec![Rate {
                currency: "EUR".into(),
                to_home: 1.5,
                on: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            }],
        })
        .unwrap();
        let with = ws.pipeline_by_profile_match(from, as_of).unwrap();
        assert_eq!(with.left_out.deals, 0);
        assert!((total(&with) - (total(&before) + 0.5 * amount)).abs() < 1e-6);
        assert_eq!(
            with.matched.len() + with.unmatched.len(),
            before.matched.len() + before.unmatched.len()
        );
    }
}
