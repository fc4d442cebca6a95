//! `partnerboard-cli`: the same core as the app, for scripts and tests.

use args::{Cli, Command};
use clap::Parser;
use partnerboard_core::export::file::Replace;
use std::process::ExitCode;

#[macro_use]
mod output;
mod allocate;
mod args;
mod check;
#[path = "charts.rs"]
mod cli_charts;
mod currency;
mod demo;
mod export;
mod failure;
mod forecast;
mod import;
mod ipp_check;
mod new;
mod operating_model;
mod rank;
mod readiness;
mod rescore;
mod soak;
mod workshop;

pub(crate) use failure::{fail, invalid};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::New { file, company } => new::run(file, company),
        Command::Demo {
            out,
            partners,
            seed,
            as_of,
        } => demo::run(out, partners, seed, as_of),
        Command::Rank { file, json } => rank::run(file, json),
        Command::Soak {
            file,
            edits,
            start,
            seed,
        } => soak::run(&file, start, edits, seed),
        Command::Rescore { file, name, date } => rescore::run(file, name, date),
        Command::Allocate { file, json: _ } => allocate::run(file),
        Command::Readiness { file, json: _ } => readiness::run(file),
        Command::Workshop { file, json: _ } => workshop::run(file),
        Command::IppCheck {
            file,
            json: _,
            from,
            to,
        } => ipp_check::run(file, from, to),
        Command::Import {
            kind,
            file,
            csv,
            preset,
            map,
            stage_map,
            as_of,
            no_create_partners,
            json: _,
        } => import::run(
            kind,
            file,
            csv,
            import::Options {
                preset,
                map,
                stage_map,
                as_of,
                strict: no_create_partners,
            },
        ),
        Command::Export {
            table,
            file,
            out,
            force,
        } => export::run(table, file, out, replace(force)),
        Command::Forecast {
            file,
            as_of,
            method,
            window_days,
            seed,
            json: _,
        } => forecast::print(
            &file,
            &forecast::Options {
                as_of,
                method,
                window_days,
                seed,
            },
            false,
        ),
        Command::Backtest {
            file,
            as_of,
            window_days,
            seed,
            json: _,
        } => forecast::print(
            &file,
            &forecast::Options {
                as_of,
                method: "auto".into(),
                window_days,
                seed,
            },
            true,
        ),
        Command::Chart {
            name,
            file,
            out,
            force,
            width,
            height,
            scale,
            look,
        } => cli_charts::chart(
            &name,
            &file,
            (&out, replace(force)),
            cli_charts::Size {
                width,
                height,
                scale,
            },
            &look,
        ),
        Command::BoardPack { file, out, look } => cli_charts::board_pack(&file, &out, &look),
        Command::OperatingModel {
            file,
            out,
            force,
            as_of,
        } => operating_model::write(&file, &out, replace(force), as_of.as_deref()),
        Command::Currency { file, action } => currency::run(&file, action),
        Command::Check { file } => check::run(file),
    }
}

/// `--force` as the file writer takes it.
fn replace(force: bool) -> Replace {
    if force {
        Replace::Yes
    } else {
        Replace::No
    }
}
