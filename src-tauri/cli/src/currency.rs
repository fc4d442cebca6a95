//! `partnerboard-cli currency FILE show|set-home|add-rate|remove-rate`: the home currency and
//! the rate table every total is converted with.

use clap::Subcommand;
use partnerboard_core::domain::currency::{code, Currencies, Rate};
use partnerboard_core::domain::validate;
use partnerboard_core::store::{self, StoreError};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// What to do with the workspace's currencies.
#[derive(Subcommand)]
pub(crate) enum Action {
    /// Print the home currency and every rate as JSON.
    Show,
    /// Make CODE the home currency every total is stated in.
    SetHome {
        /// An ISO 4217 code such as EUR.
        code: String,
    },
    /// Keep a rate: one CODE is worth RATE of the home currency from DATE on.
    AddRate {
        /// An ISO 4217 code such as EUR.
        code: String,
        /// Home-currency units one unit of CODE buys.
        rate: f64,
        /// The day the rate was read (YYYY-MM-DD).
        date: String,
    },
    /// Drop the rate of CODE dated DATE.
    RemoveRate {
        /// An ISO 4217 code such as EUR.
        code: String,
        /// The rate's day (YYYY-MM-DD).
        date: String,
    },
}

fn changed(c: &Currencies, action: Action) -> Result<Option<Currencies>, StoreError> {
    let mut c = c.clone();
    match action {
        Action::Show => return Ok(None),
        Action::SetHome { code } => c.home = code,
        Action::AddRate { code, rate, date } => c.rates.push(Rate {
            currency: code,
            to_home: rate,
            on: validate::date("on", "the rate's date", &date)?,
        }),
        Action::RemoveRate { code: raw, date } => {
            let currency = code("currency", &raw)?;
            let on = validate::date("on", "the rate's date", &date)?;
            let before = c.rates.len();
            c.rates.retain(|r| !(r.currency == currency && r.on == on));
            if c.rates.len() == before {
                return Err(StoreError::NotFound(format!(
                    "There is no {currency} rate dated {on}."
                )));
            }
        }
    }
    Ok(Some(c))
}

pub(crate) fn run(file: &Path, action: Action) -> ExitCode {
    let done = store::open_for_editing(file).and_then(|mut ws| {
        let now = ws.currencies()?;
        match changed(&now, action)? {
            Some(next) => ws.set_currencies(&next),
            None => Ok(now),
        }
    });
    match done {
        Ok(c) => {
            say!("{}", json!({ "ok": true, "currencies": c }));
            ExitCode::SUCCESS
        }
        Err(e) => crate::fail(e),
    }
}
