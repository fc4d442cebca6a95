//! The command line's words: every subcommand and its options, as `--help` shows them.

use crate::cli_charts;
use clap::{Parser, Subcommand};
use partnerboard_core::domain::demo::{DEFAULT_PARTNERS, DEFAULT_SEED};
use std::path::PathBuf;

/// Largest demo the generator will write.
pub(crate) const MAX_PARTNERS: usize = 200_000;

#[derive(Parser)]
#[command(
    name = "partnerboard-cli",
    version,
    about = "Partnerboard workspaces from the command line"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create an empty workspace with the default sales stages, scoring factors and tiers.
    New {
        /// The workspace file to create (it must not exist).
        file: PathBuf,
        /// The company name (defaults to the file name).
        #[arg(long)]
        company: Option<String>,
    },
    /// Write a generated demo workspace.
    Demo {
        /// The workspace file to create (it must not exist).
        #[arg(long)]
        out: PathBuf,
        /// How many partners to generate.
        #[arg(long, default_value_t = DEFAULT_PARTNERS)]
        partners: usize,
        /// The random seed: the same seed and size give the same workspace.
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// The last day of the generated history (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Every partner's weighted score, rank, tier and, if unscored, what is missing.
    Rank {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Apply a long run of ordinary edits (new partners, contacts, touches, deal moves), one
    /// transaction each, printing a JSON line before each edit and another once it is saved.
    /// For checking that a workspace survives being killed at any moment.
    Soak {
        /// The workspace file.
        file: PathBuf,
        /// How many edits to make.
        #[arg(long, default_value_t = 1000)]
        edits: u64,
        /// The number of the first edit (edit n is always of kind n % 4).
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// The random seed that picks what each edit acts on.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Close a scoring cycle: snapshot every score, rank and tier under a name.
    Rescore {
        /// The workspace file.
        file: PathBuf,
        /// The cycle's name, e.g. "Q4 2026".
        #[arg(long)]
        name: String,
        /// The cycle's date (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        date: Option<String>,
    },
    /// The capacity plan: per tier and per member the partners, hours needed, hours available
    /// and shortfall, plus the partners held back by capacity.
    Allocate {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// The workshop's eight steps, each open, proposed or decided (with the day and the name),
    /// and the summary. Only an explicit decision in the window marks a step decided.
    Workshop {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Per signed partner: the latest readiness scores, total, band and days since review.
    Readiness {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// The profile validity check: do partners that matched their profile at signing produce
    /// more partner-sourced pipeline than those that did not?
    IppCheck {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
        /// Start of the period (YYYY-MM-DD); defaults to 12 months before --to.
        #[arg(long)]
        from: Option<String>,
        /// End of the period (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        to: Option<String>,
    },
    /// Import a CSV export into a workspace: good rows in one transaction, bad rows reported
    /// in `<csv name>.rejected.csv` beside the file.
    #[command(after_help = IMPORT_FIELDS)]
    Import {
        /// What the file holds: deals, partners or contacts.
        kind: String,
        /// The workspace file.
        file: PathBuf,
        /// The CSV file.
        csv: PathBuf,
        /// Column names of a CRM report export: salesforce or hubspot.
        #[arg(long)]
        preset: Option<String>,
        /// Explicit columns: 'csv column=field,...' (the fields of each kind are listed below).
        #[arg(long)]
        map: Option<String>,
        /// CSV stage values to workspace stages: 'csv value=Stage name,...'.
        #[arg(long)]
        stage_map: Option<String>,
        /// The day the export was taken (YYYY-MM-DD), defaulting to today: a deals file is a
        /// snapshot, each row that day's fact. An older snapshot fills in the past.
        #[arg(long)]
        as_of: Option<String>,
        /// Strict matching: refuse rows that name a partner, partner type or owner the
        /// workspace lacks, instead of creating it.
        #[arg(long)]
        no_create_partners: bool,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Write deals, partners or contacts as CSV for people: names instead of ids, ISO dates,
    /// plain amounts with their currency, and the headers `import` reads back as they are.
    Export {
        /// What to export: deals, partners or contacts.
        table: String,
        /// The workspace file.
        file: PathBuf,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
        /// Replace the file at --out if one is there (never a workspace, never through a link).
        #[arg(long)]
        force: bool,
    },
    /// The 90-day forecast: P10/P50/P90 by source, tier, type and partner, the method used and
    /// its backtest track record, as JSON.
    Forecast {
        /// The workspace file.
        file: PathBuf,
        /// The as-of date (YYYY-MM-DD); defaults to the last day of the deal history.
        #[arg(long)]
        as_of: Option<String>,
        /// auto (the backtest picks), stage, calibrated or runrate.
        #[arg(long, default_value = "auto")]
        method: String,
        /// The forecast window in days (1–365).
        #[arg(long, default_value_t = 90)]
        window_days: i64,
        /// The Monte Carlo seed: same data and seed give the same numbers.
        #[arg(long)]
        seed: Option<u64>,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Per method: WAPE, bias, P10–P90 coverage and the number of weekly origins, as JSON.
    Backtest {
        /// The workspace file.
        file: PathBuf,
        /// The as-of date (YYYY-MM-DD); defaults to the last day of the deal history.
        #[arg(long)]
        as_of: Option<String>,
        /// The forecast window in days (1–365).
        #[arg(long, default_value_t = 90)]
        window_days: i64,
        /// The Monte Carlo seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Print JSON (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Draw one chart (forecast-fan, pipeline, ranking, tier-movement, capacity, readiness,
    /// ipp-match, sourced-share, win-rate) as PNG, SVG or its data as CSV, by the extension of
    /// --out.
    Chart {
        /// The chart's name.
        name: String,
        /// The workspace file.
        file: PathBuf,
        /// The file to write: .png, .svg or .csv.
        #[arg(long)]
        out: PathBuf,
        /// Replace the file at --out if one is there (never a workspace, never through a link).
        #[arg(long)]
        force: bool,
        /// Layout width in px.
        #[arg(long, default_value_t = 1920)]
        width: u32,
        /// Layout height in px.
        #[arg(long, default_value_t = 1080)]
        height: u32,
        /// PNG pixels per layout px (2 for retina).
        #[arg(long, default_value_t = 1)]
        scale: u32,
        #[command(flatten)]
        look: cli_charts::Look,
    },
    /// Write every chart as PNG (1920×1080) and SVG with its data as CSV, and an index.html,
    /// into a new folder.
    BoardPack {
        /// The workspace file.
        file: PathBuf,
        /// The folder to create (it must not exist, or be empty).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        look: cli_charts::Look,
    },
    /// The operating model from workshop mode: every decision and open question, dated and
    /// named for the company, as HTML (with the key charts; prints to PDF) or Markdown.
    OperatingModel {
        /// The workspace file.
        file: PathBuf,
        /// The document to write: .html or .md.
        #[arg(long)]
        out: PathBuf,
        /// Replace the file at --out if one is there (never a workspace, never through a link).
        #[arg(long)]
        force: bool,
        /// The date the document carries and the charts are as of (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// The home currency and the rates other currencies convert at, shown or changed.
    Currency {
        /// The workspace file.
        file: PathBuf,
        #[command(subcommand)]
        action: crate::currency::Action,
    },
    /// Print a workspace's schema version, integrity and row counts as JSON.
    Check {
        /// The workspace file to check.
        file: PathBuf,
    },
}

/// Every field of every kind of import, for `import --help`.
const IMPORT_FIELDS: &str = "\
Fields of each kind (columns are matched by these names, any case, or by --map):

deals      id              the CRM's deal id; a re-import updates the deal that has it
           name            the deal's own name (Opportunity Name, Deal Name)
           account *       the customer; an empty one is kept as \"(none)\" and counted
           partner         the partner of record; one not on the roster is added as a
                           prospect with no type (unless --no-create-partners)
           source          partner-sourced, partner-influenced or direct
           amount *        digits, one decimal separator, grouping of one locale, an optional
                           currency symbol or code and sign; empty amounts are estimated
           currency        ISO code; the workspace's home currency when there is no column
           product         what was sold, for estimates and breakdowns
           stage           a workspace stage (or --stage-map), Closed Won or Closed Lost
           created *       the day the deal was created; empty on an open deal means the
                           --as-of day, marked and counted
           expected_close  the day it is expected to close
           outcome         open, won or lost (else taken from the stage)
           closed          the day it closed
           owner           the seller who owns it
partners   id              the CRM's account id
           name *          the partner's name; an existing name or id is updated
           type            the partner type; a new name is created (unless
                           --no-create-partners) and listed in created_types; empty: no type yet
           status          prospect, active, nurture or off-boarded (empty: active)
           owner           the team member who manages the partner; a new name is added to
                           the team with no hours yet and listed in created_members
           region          free text
           signed          the day the partner signed (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY)
           (tier, score and rank, which exports carry, are worked out, not read)
contacts   id              the CRM's contact id
           partner *       the partner they work at; one not on the roster is added as a
                           prospect with no type (unless --no-create-partners)
           name *          the contact's name
           role            their job title
           email           their e-mail address

* required. The JSON result lists created_partners, created_types and created_members
(count, names, ids).";
