//! `partnerboard-cli`: the same core as the app, for scripts and tests.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use partnerboard::domain::demo::{generate, DEFAULT_PARTNERS, DEFAULT_SEED};
use partnerboard::store::{self, StoreError};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Largest demo the generator will write.
const MAX_PARTNERS: usize = 200_000;

#[derive(Parser)]
#[command(
    name = "partnerboard-cli",
    version,
    about = "Partnerboard workspaces from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// Print a workspace's schema version, integrity and row counts as JSON.
    Check {
        /// The workspace file to check.
        file: PathBuf,
    },
}

fn fail(kind: &str, message: String) -> ExitCode {
    println!("{}", json!({ "ok": false, "kind": kind, "error": message }));
    eprintln!("partnerboard-cli: {message}");
    ExitCode::from(2)
}

fn store_failure(e: StoreError) -> ExitCode {
    let kind = match e {
        StoreError::NewerVersion { .. } => "newer_version",
        StoreError::NotAWorkspace { .. } | StoreError::Corrupt { .. } => "corrupt",
        StoreError::Missing { .. } => "not_found",
        StoreError::AlreadyExists { .. } => "conflict",
        StoreError::Invalid(_) => "invalid_input",
        _ => "workspace",
    };
    fail(kind, e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::New { file, company } => {
            let company = company.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "My company".into())
            });
            let company = match partnerboard::domain::validate::text(
                "company",
                "The company name",
                &company,
                1,
                80,
            ) {
                Ok(c) => c,
                Err(e) => return fail("invalid_input", e.message),
            };
            match store::create_new(&file, &company) {
                Ok(ws) => report(&ws),
                Err(e) => store_failure(e),
            }
        }
        Command::Demo {
            out,
            partners,
            seed,
            as_of,
        } => {
            if partners == 0 || partners > MAX_PARTNERS {
                return fail(
                    "invalid_input",
                    format!("--partners must be between 1 and {MAX_PARTNERS}; got {partners}."),
                );
            }
            let as_of = match as_of {
                None => chrono::Local::now().date_naive(),
                Some(text) => match partnerboard::domain::validate::date("as_of", "--as-of", &text)
                {
                    Ok(d) => d,
                    Err(e) => return fail("invalid_input", e.message),
                },
            };
            write_demo(&out, partners, seed, as_of)
        }
        Command::Check { file } => match store::check_file(&file) {
            Ok(report) if report.integrity == "ok" => {
                println!("{}", json!({ "ok": true, "check": report }));
                ExitCode::SUCCESS
            }
            Ok(report) => fail(
                "corrupt",
                format!(
                    "{} failed its integrity check: {}",
                    report.path, report.integrity
                ),
            ),
            Err(e) => store_failure(e),
        },
    }
}

fn write_demo(out: &std::path::Path, partners: usize, seed: u64, as_of: NaiveDate) -> ExitCode {
    let demo = generate(partners, seed, as_of);
    match store::create_demo(out, &demo) {
        Ok(ws) => report(&ws),
        Err(e) => store_failure(e),
    }
}

fn report(ws: &store::Workspace) -> ExitCode {
    match ws.row_counts() {
        Ok(counts) => {
            let counts: std::collections::BTreeMap<_, _> = counts.into_iter().collect();
            println!(
                "{}",
                json!({ "ok": true, "path": ws.path().display().to_string(), "row_counts": counts })
            );
            ExitCode::SUCCESS
        }
        Err(e) => store_failure(e),
    }
}
