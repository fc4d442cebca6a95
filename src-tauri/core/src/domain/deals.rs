//! Partner deals through defined stages: the sales process, deals as imported, stalls and
//! where deals pile up.

use super::validate::{self, InvalidInput};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Fewer stages cannot show where deals pile up.
pub const MIN_STAGES: usize = 4;
/// More stages than this turn the process into bookkeeping.
pub const MAX_STAGES: usize = 6;

/// One step of the sales process a partner deal passes, as stored and edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// `None` for a stage not saved yet.
    pub id: Option<i64>,
    /// Shown on the pipeline and in charts.
    pub name: String,
    /// Who moves a deal out of the stage.
    pub owner: String,
    /// What must be true for a deal to leave the stage.
    pub exit_criterion: String,
    /// Default win probability, 0–1.
    pub probability: f64,
    /// Days a deal is expected to spend here; longer means stalled.
    pub expected_days: i64,
}

#[cfg(test)]
impl Stage {
    /// A stage with only what the forecast reads: for tests.
    pub fn named(name: &str, probability: f64, expected_days: i64) -> Self {
        Self {
            id: None,
            name: name.into(),
            owner: String::new(),
            exit_criterion: String::new(),
            probability,
            expected_days,
        }
    }
}

/// Checks 4–6 stages, each with an owner and a written exit criterion.
pub fn validate_stages(stages: &[Stage]) -> Result<Vec<Stage>, InvalidInput> {
    if !(MIN_STAGES..=MAX_STAGES).contains(&stages.len()) {
        return Err(InvalidInput::new(
            "stages",
            format!(
                "A partner sales process has {MIN_STAGES} to {MAX_STAGES} stages; this one has {}.",
                stages.len()
            ),
        ));
    }
    let mut out: Vec<Stage> = Vec::with_capacity(stages.len());
    for (i, s) in stages.iter().enumerate() {
        let name = validate::text("name", &format!("Stage {}'s name", i + 1), &s.name, 1, 60)?;
        if out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(InvalidInput::new(
                "name",
                format!("Two stages are called “{name}”."),
            ));
        }
        let owner =
            validate::text("owner", &format!("{name}'s owner"), &s.owner, 1, 80).map_err(|_| {
                InvalidInput::new(
                    "owner",
                    format!(
                        "“{name}” needs an owner: a stage owned by everyone is owned by no one."
                    ),
                )
            })?;
        let exit = validate::text(
            "exit_criterion",
            &format!("{name}'s exit criterion"),
            &s.exit_criterion,
            1,
            500,
        )
        .map_err(|_| {
            InvalidInput::new(
                "exit_criterion",
                format!("“{name}” needs a written exit criterion: what moves a deal out of it."),
            )
        })?;
        let probability = validate::number(
            "probability",
            &format!("{name}'s probability"),
            s.probability,
            0.0,
            1.0,
        )?;
        if s.expected_days < 0 || s.expected_days > 3650 {
            return Err(InvalidInput::new(
                "expected_days",
                format!("{name}'s expected days are between 0 and 3650."),
            ));
        }
        out.push(Stage {
            id: s.id,
            name,
            owner,
            exit_criterion: exit,
            probability,
            expected_days: s.expected_days,
        });
    }
    Ok(out)
}

/// Who brought a deal, which sets the partner's credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The partner brought the deal.
    PartnerSourced,
    /// The partner helped a deal already in motion.
    PartnerInfluenced,
    /// No partner involved.
    Direct,
}

impl Source {
    /// The stored code of the source.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartnerSourced => "partner_sourced",
            Self::PartnerInfluenced => "partner_influenced",
            Self::Direct => "direct",
        }
    }

    /// Reads the ways exports write a source.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
            "partner sourced" | "sourced" | "partner" | "partner referral" => {
                Some(Self::PartnerSourced)
            }
            "partner influenced" | "influenced" => Some(Self::PartnerInfluenced),
            "direct" | "inbound" | "outbound" => Some(Self::Direct),
            _ => None,
        }
    }

    /// The credit rule recorded at entry.
    pub fn credit(self) -> (&'static str, f64) {
        match self {
            Self::PartnerSourced => ("sourced", 100.0),
            Self::PartnerInfluenced => ("influenced", 20.0),
            Self::Direct => ("none", 0.0),
        }
    }
}

/// Whether a deal is still open or has closed, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still in the pipeline.
    Open,
    /// Closed and booked.
    Won,
    /// Closed without a booking.
    Lost,
}

impl Outcome {
    /// The stored code of the outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }
}

/// Where a deal's amount came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountSource {
    /// The import gave it.
    Given,
    /// The import gave none: the median won amount of the deal's product, else of every product.
    Estimated,
    /// The import gave none and there was no won deal to estimate from: stored as 0.
    Missing,
}

impl AmountSource {
    /// The stored code, so the deals list can mark estimated amounts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Estimated => "estimated",
            Self::Missing => "missing",
        }
    }
}

/// One deal as an import delivers it, checked and resolved against the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct DealImport {
    /// CSV line number, so a refused row can be pointed at.
    pub line: usize,
    /// The source system's id; a reimport updates the deal that carries it.
    pub external_id: Option<String>,
    /// The customer account.
    pub account: String,
    /// The deal's own name (the CRM's opportunity name); `None` when the file has no such
    /// column, so an update keeps the name the deal had.
    pub name: Option<String>,
    /// The partner of record, if any.
    pub partner_id: Option<i64>,
    /// Sourced, influenced or direct.
    pub source: Source,
    /// Deal value in the workspace currency.
    pub amount: f64,
    /// Whether the amount was given, estimated or missing.
    pub amount_source: AmountSource,
    /// Currency the export gave, checked against the workspace's.
    pub currency: String,
    /// What the deal sells, as the export names it ("" when it does not say).
    pub product: String,
    /// The stage the row resolved to, if any.
    pub stage_id: Option<i64>,
    /// When the deal entered the pipeline.
    pub created_on: NaiveDate,
    /// When it is expected to close.
    pub expected_close: Option<NaiveDate>,
    /// Open, won or lost.
    pub outcome: Outcome,
    /// Close date of a won or lost deal.
    pub closed_on: Option<NaiveDate>,
    /// The company's seller on the deal.
    pub owner: String,
}

#[cfg(test)]
impl DealImport {
    /// An open direct deal of `account` with its amount given, created 4 March 2026, on line 2:
    /// what tests start from and vary.
    pub(crate) fn example(account: &str, amount: f64) -> Self {
        Self {
            line: 2,
            external_id: None,
            account: account.into(),
            name: None,
            partner_id: None,
            source: Source::Direct,
            amount,
            amount_source: AmountSource::Given,
            currency: "USD".into(),
            product: String::new(),
            stage_id: None,
            created_on: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap_or_default(),
            expected_close: None,
            outcome: Outcome::Open,
            closed_on: None,
            owner: String::new(),
        }
    }
}

/// A won deal's amount as given, for estimating the deals that came without one.
#[derive(Debug, Clone, PartialEq)]
pub struct WonAmount {
    /// The product, grouped case-insensitively.
    pub product: String,
    /// The won amount.
    pub amount: f64,
}

/// How the deals that came without an amount got one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AmountEstimates {
    /// Given the median won amount of their product.
    pub by_product: usize,
    /// Given the median won amount of every product: their own has no won deal.
    pub overall: usize,
    /// Left at 0 and marked missing: there is no won deal at all.
    pub missing: usize,
}

impl AmountEstimates {
    /// Deals that came without an amount.
    pub fn without_amount(&self) -> usize {
        self.by_product + self.overall + self.missing
    }

    /// Deals given an estimated amount, by product or overall.
    pub fn estimated(&self) -> usize {
        self.by_product + self.overall
    }

    /// One sentence on what was done, or `None` when every deal had its amount.
    pub fn note(&self) -> Option<String> {
        let n = self.without_amount();
        if n == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if self.by_product > 0 {
            parts.push(format!(
                "{} got the median won amount of their product",
                self.by_product
            ));
        }
        if self.overall > 0 {
            parts.push(format!(
                "{} got the median won amount of all products, as their product has no won deal",
                self.overall
            ));
        }
        if self.missing > 0 {
            parts.push(format!(
                "{} stay at 0, marked missing, as there is no won deal to estimate from",
                self.missing
            ));
        }
        let deals = if n == 1 {
            "1 deal".to_string()
        } else {
            format!("{n} deals")
        };
        Some(format!("{deals} had no amount: {}.", parts.join("; ")))
    }
}

/// The median of amounts, or `None` for none.
pub fn median_amount(mut amounts: Vec<f64>) -> Option<f64> {
    median_of(&mut amounts)
}

/// The median of `values`, sorting them in place (no copy: the bootstrap calls it thousands
/// of times); `None` for none.
pub fn median_of(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// A product name as deals are grouped by it: trimmed, case ignored.
fn product_key(product: &str) -> String {
    product.trim().to_lowercase()
}

/// What deals that came without an amount get, one per product in `missing` (in order): the
/// median won amount of won deals of the same product, else of all of them; `None` (left at 0
/// and `Missing`) with no won deal at all. `won` holds the won deals whose amount was given.
pub fn amount_estimates<P: AsRef<str>>(
    missing: &[P],
    won: impl IntoIterator<Item = (P, f64)>,
) -> (Vec<Option<f64>>, AmountEstimates) {
    let mut estimates = AmountEstimates::default();
    if missing.is_empty() {
        return (Vec::new(), estimates);
    }
    let mut by_product: std::collections::HashMap<String, Vec<f64>> =
        std::collections::HashMap::new();
    let mut all = Vec::new();
    for (product, amount) in won {
        all.push(amount);
        let key = product_key(product.as_ref());
        if !key.is_empty() {
            by_product.entry(key).or_default().push(amount);
        }
    }
    let medians: std::collections::HashMap<String, f64> = by_product
        .into_iter()
        .filter_map(|(k, v)| median_amount(v).map(|m| (k, m)))
        .collect();
    let overall = median_amount(all);
    let amounts = missing
        .iter()
        .map(|product| {
            if let Some(m) = medians.get(&product_key(product.as_ref())) {
                estimates.by_product += 1;
                Some(*m)
            } else if let Some(m) = overall {
                estimates.overall += 1;
                Some(m)
            } else {
                estimates.missing += 1;
                None
            }
        })
        .collect();
    (amounts, estimates)
}

/// Gives every deal marked [`AmountSource::Missing`] an amount (see [`amount_estimates`]),
/// from the won deals in `deals` with their amount given plus `won_elsewhere`.
pub fn estimate_missing_amounts(
    deals: &mut [DealImport],
    won_elsewhere: &[WonAmount],
) -> AmountEstimates {
    let missing: Vec<&str> = deals
        .iter()
        .filter(|d| d.amount_source == AmountSource::Missing)
        .map(|d| d.product.as_str())
        .collect();
    let won = deals
        .iter()
        .filter(|d| d.outcome == Outcome::Won && d.amount_source == AmountSource::Given)
        .map(|d| (d.product.as_str(), d.amount))
        .chain(won_elsewhere.iter().map(|w| (w.product.as_str(), w.amount)));
    let (amounts, estimates) = amount_estimates(&missing, won);
    set_estimates(deals, amounts);
    estimates
}

/// Gives the deals of `deals` marked [`AmountSource::Missing`], in order, the amounts
/// [`amount_estimates`] found for them.
pub fn set_estimates(deals: &mut [DealImport], amounts: Vec<Option<f64>>) {
    let missing_deals = deals
        .iter_mut()
        .filter(|d| d.amount_source == AmountSource::Missing);
    for (d, amount) in missing_deals.zip(amounts) {
        match amount {
            Some(a) => {
                d.amount = a;
                d.amount_source = AmountSource::Estimated;
            }
            None => d.amount = 0.0,
        }
    }
}

/// Days a deal has been in its stage past the stage's expected days, when it is stalled.
pub fn days_over(entered: NaiveDate, expected_days: i64, today: NaiveDate) -> Option<i64> {
    let over = (today - entered).num_days() - expected_days;
    (over > 0).then_some(over)
}

/// The median of whole days, or `None` for no values.
pub fn median_days(mut days: Vec<i64>) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stalls_across_month_ends() {
        // Entered 31 Jan with 14 expected days: due out by 14 Feb; on 1 Mar it is 15 days over.
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-02-14")), None);
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-02-15")), Some(1));
        assert_eq!(days_over(d("2026-01-31"), 14, d("2026-03-01")), Some(15));
        assert_eq!(
            days_over(d("2028-02-28"), 1, d("2028-03-01")),
            Some(1),
            "leap day counts"
        );
        assert_eq!(median_days(vec![5, 1, 9]), Some(5.0));
        assert_eq!(median_days(vec![4, 1, 9, 2]), Some(3.0));
        assert_eq!(median_days(vec![]), None);
    }

    fn deal(product: &str, outcome: Outcome, amount: Option<f64>) -> DealImport {
        DealImport {
            amount_source: if amount.is_some() {
                AmountSource::Given
            } else {
                AmountSource::Missing
            },
            product: product.into(),
            created_on: d("2026-01-05"),
            outcome,
            ..DealImport::example("Acme", amount.unwrap_or(0.0))
        }
    }

    #[test]
    fn missing_amounts_get_the_median_won_amount_of_their_product_else_of_all() {
        let mut deals = vec![
            deal("GTX Pro", Outcome::Won, Some(100.0)),
            deal("GTX Pro", Outcome::Won, Some(300.0)),
            deal("gtx pro ", Outcome::Open, None),
            deal("MG Special", Outcome::Won, Some(50.0)),
            deal("MG Special", Outcome::Lost, Some(0.0)),
            deal("MG Special", Outcome::Open, None),
            deal("GTK 500", Outcome::Open, None),
            deal("", Outcome::Open, None),
            deal("GTX Pro", Outcome::Open, Some(999.0)),
        ];
        let elsewhere = [WonAmount {
            product: "GTX Pro".into(),
            amount: 1000.0,
        }];
        let e = estimate_missing_amounts(&mut deals, &elsewhere);
        assert_eq!(
            e,
            AmountEstimates {
                by_product: 2,
                overall: 2,
                missing: 0
            }
        );
        // GTX Pro: 100, 300 and 1000 won elsewhere → 300. A lost deal's 0 and an open deal's
        // amount are not won amounts.
        assert_eq!(deals[2].amount, 300.0);
        assert_eq!(deals[2].amount_source, AmountSource::Estimated);
        assert_eq!(deals[5].amount, 50.0);
        // All won: 50, 100, 300, 1000 → (100 + 300) / 2.
        assert_eq!((deals[6].amount, deals[7].amount), (200.0, 200.0));
        assert_eq!(deals[8].amount_source, AmountSource::Given);
        assert_eq!(
            e.note().unwrap(),
            "4 deals had no amount: 2 got the median won amount of their product; 2 got the median won amount of all products, as their product has no won deal."
        );

        let mut none_won = vec![
            deal("A", Outcome::Open, None),
            deal("A", Outcome::Lost, Some(0.0)),
        ];
        let e = estimate_missing_amounts(&mut none_won, &[]);
        assert_eq!((e.missing, e.estimated()), (1, 0));
        assert_eq!(none_won[0].amount, 0.0);
        assert_eq!(none_won[0].amount_source, AmountSource::Missing);
        assert!(e
            .note()
            .unwrap()
            .starts_with("1 deal had no amount: 1 stay at 0"));
        assert_eq!(AmountEstimates::default().note(), None);
        assert_eq!(median_amount(vec![]), None);
        assert_eq!(median_amount(vec![3.0, 1.0, 2.0]), Some(2.0));
    }

    #[test]
    fn stages_need_owner_and_exit_criterion_and_four_to_six_of_them() {
        let s = |name: &str, owner: &str, exit: &str| Stage {
            id: None,
            name: name.into(),
            owner: owner.into(),
            exit_criterion: exit.into(),
            probability: 0.3,
            expected_days: 10,
        };
        let good: Vec<Stage> = (0..5)
            .map(|i| s(&format!("S{i}"), "AE", "Signed"))
            .collect();
        assert!(validate_stages(&good).is_ok());
        assert!(validate_stages(&good[..3])
            .unwrap_err()
            .message
            .contains("4 to 6"));
        let mut no_owner = good.clone();
        no_owner[2].owner = " ".into();
        assert!(validate_stages(&no_owner)
            .unwrap_err()
            .message
            .contains("needs an owner"));
        let mut no_exit = good.clone();
        no_exit[1].exit_criterion = String::new();
        assert!(validate_stages(&no_exit)
            .unwrap_err()
            .message
            .contains("exit criterion"));
        let mut bad_p = good;
        bad_p[0].probability = 1.5;
        assert!(validate_stages(&bad_p).is_err());
        assert_eq!(
            Source::parse("Partner-Sourced"),
            Some(Source::PartnerSourced)
        );
        assert_eq!(Source::parse("telepathy"), None);
    }
}
