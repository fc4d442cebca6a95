//! Money across currencies: the workspace's home currency, the rates the user keeps, and the
//! one rule every total follows: convert to home, or leave the deal out and say so.

use super::InvalidInput;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The home currency of a new workspace, until the user picks another.
pub const DEFAULT_HOME: &str = super::defaults::CURRENCY;

/// Rates kept at most; a table longer than this is a paste gone wrong.
pub const MAX_RATES: usize = 1000;

/// What one unit of a currency was worth in the home currency from a given day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// The foreign currency, an ISO 4217 code such as `EUR`.
    pub currency: String,
    /// Home-currency units one unit of `currency` buys: 1.08 for EUR when home is USD.
    pub to_home: f64,
    /// The day the rate was read; it holds until the next rate of the same currency.
    pub on: NaiveDate,
}

/// The workspace's home currency and its rate table: every total is stated in `home`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Currencies {
    /// The currency every total, chart and forecast is stated in.
    pub home: String,
    /// The rates the user keeps, sorted by currency then date once validated.
    pub rates: Vec<Rate>,
}

impl Default for Currencies {
    fn default() -> Self {
        Self {
            home: DEFAULT_HOME.into(),
            rates: Vec::new(),
        }
    }
}

/// Checks a currency code is a known ISO 4217 code and returns it upper-cased.
pub fn code(field: &str, raw: &str) -> Result<String, InvalidInput> {
    let c = raw.trim();
    if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        return Err(InvalidInput::new(
            field,
            format!(
                "A currency is a three-letter code such as USD or EUR; “{}” is not.",
                c.chars().take(20).collect::<String>()
            ),
        ));
    }
    let upper = c.to_ascii_uppercase();
    if !ISO_4217.split(' ').any(|k| k == upper) {
        return Err(InvalidInput::new(
            field,
            format!("“{upper}” is not an ISO 4217 currency code."),
        ));
    }
    Ok(upper)
}

/// The ISO 4217 codes in use, so a typo such as `EUO` is caught at the door.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD \
JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP \
MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD \
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY \
TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";

impl Currencies {
    /// The same table checked: codes upper-cased, rates positive and finite, no rate for the
    /// home currency, one rate per currency and day, sorted by currency then date.
    pub fn validated(&self) -> Result<Currencies, InvalidInput> {
        let home = code("home", &self.home)?;
        if self.rates.len() > MAX_RATES {
            return Err(InvalidInput::new(
                "rates",
                format!(
                    "{} rates is more than the {MAX_RATES} kept; remove old ones first.",
                    self.rates.len()
                ),
            ));
        }
        let mut rates = Vec::with_capacity(self.rates.len());
        for r in &self.rates {
            let currency = code("currency", &r.currency)?;
            if currency == home {
                return Err(InvalidInput::new(
                    "currency",
                    format!("{home} is the home currency: it needs no rate."),
                ));
            }
            if !r.to_home.is_finite() || r.to_home <= 0.0 {
                return Err(InvalidInput::new(
                    "rate",
                    format!(
                        "A rate is a positive number of {home} per {currency}; {} is not.",
                        r.to_home
                    ),
                ));
            }
            rates.push(Rate {
                currency,
                to_home: r.to_home,
                on: r.on,
            });
        }
        rates.sort_by(|a, b| a.currency.cmp(&b.currency).then(a.on.cmp(&b.on)));
        if let Some(w) = rates
            .windows(2)
            .find(|w| w[0].currency == w[1].currency && w[0].on == w[1].on)
        {
            return Err(InvalidInput::new(
                "on",
                format!(
                    "There are two {} rates dated {}; keep one.",
                    w[0].currency, w[0].on
                ),
            ));
        }
        Ok(Currencies { home, rates })
    }

    /// The rate for `currency` on `on`: the latest one dated on or before that day, or, when
    /// every rate is later, the earliest one. `None` when the currency has no rate at all.
    pub fn rate(&self, currency: &str, on: NaiveDate) -> Option<f64> {
        let mut before: Option<&Rate> = None;
        let mut after: Option<&Rate> = None;
        for r in self
            .rates
            .iter()
            .filter(|r| r.currency.eq_ignore_ascii_case(currency))
        {
            if r.on <= on {
                if before.is_none_or(|b| r.on > b.on) {
                    before = Some(r);
                }
            } else if after.is_none_or(|a| r.on < a.on) {
                after = Some(r);
            }
        }
        before.or(after).map(|r| r.to_home)
    }

    /// `amount` of `currency` in the home currency on `on` (see [`Currencies::rate`] for the
    /// rate chosen); the home currency converts to itself, a currency with no rate to `None`.
    pub fn to_home(&self, amount: f64, currency: &str, on: NaiveDate) -> Option<f64> {
        if currency.trim().eq_ignore_ascii_case(&self.home) {
            return Some(amount);
        }
        self.rate(currency.trim(), on).map(|r| amount * r)
    }

    /// Splits deals into those converted to home (with their home amount) and those left out
    /// for want of a rate. Open deals convert on `as_of`, closed ones on their close day.
    pub fn split<T: Priced>(
        &self,
        deals: impl IntoIterator<Item = T>,
        as_of: NaiveDate,
    ) -> Split<T> {
        let mut kept = Vec::new();
        let mut missing: BTreeMap<String, usize> = BTreeMap::new();
        for d in deals {
            let on = d.closed_on().unwrap_or(as_of);
            match self.to_home(d.amount(), d.currency(), on) {
                Some(home) => kept.push((d, home)),
                None => {
                    *missing
                        .entry(d.currency().trim().to_uppercase())
                        .or_default() += 1
                }
            }
        }
        Split {
            kept,
            left_out: LeftOut::new(missing),
        }
    }
}

/// A deal's amount as the currency rules need it.
pub trait Priced {
    /// The amount in the deal's own currency.
    fn amount(&self) -> f64;
    /// The deal's currency code.
    fn currency(&self) -> &str;
    /// The day it closed, whose rate a closed deal is converted at.
    fn closed_on(&self) -> Option<NaiveDate>;
}

/// Deals converted to the home currency, and those left out of every total.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<T> {
    /// Each deal with its amount in the home currency.
    pub kept: Vec<(T, f64)>,
    /// Deals no rate could convert, counted by currency.
    pub left_out: LeftOut,
}

impl<T> Split<T> {
    /// The home-currency total of the deals kept.
    pub fn total(&self) -> f64 {
        self.kept.iter().map(|(_, a)| a).sum()
    }
}

/// Deals left out of a total for want of a rate, so the screen can say how many and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LeftOut {
    /// How many deals were left out in all.
    pub deals: usize,
    /// Per currency code, how many of its deals were left out.
    pub by_currency: BTreeMap<String, usize>,
    /// The same in one sentence, when any deal was left out.
    pub note: Option<String>,
}

impl LeftOut {
    /// Counts per currency, with the sentence that goes beside the total.
    pub fn new(by_currency: BTreeMap<String, usize>) -> Self {
        let deals = by_currency.values().sum();
        let note = (deals > 0).then(|| {
            let parts: Vec<String> = by_currency
                .iter()
                .enumerate()
                .map(|(i, (c, n))| match (i, n) {
                    (0, 1) => format!("1 deal in {c}"),
                    (0, n) => format!("{n} deals in {c}"),
                    (_, n) => format!("{n} in {c}"),
                })
                .collect();
            let codes: Vec<&str> = by_currency.keys().map(String::as_str).collect();
            format!(
                "{} {} left out: no {} rate in Settings.",
                join(&parts, "and"),
                if deals == 1 { "is" } else { "are" },
                join(&codes, "or")
            )
        });
        Self {
            deals,
            by_currency,
            note,
        }
    }

    /// Adds another count in, e.g. to report one sentence for two totals.
    pub fn merged(&self, other: &LeftOut) -> LeftOut {
        let mut all = self.by_currency.clone();
        for (c, n) in &other.by_currency {
            *all.entry(c.clone()).or_default() += n;
        }
        LeftOut::new(all)
    }
}

fn join<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [head @ .., last] => format!(
            "{} {word} {}",
            head.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
#[path = "currency_tests.rs"]
mod tests;
