//! The import itself: the file read and checked on one thread while the store writes the
//! chunks before it on another, every good row in one transaction, the refused rows reported.

use super::created::NameList;
use super::{
    count_rows, currency_note, deals, delimiter_name, lookups, read, read_mapped, report,
    roster_rows, status_note, Created, CreatedNames, Decoded, ImportError, ImportOptions,
    ImportReport, KeptWithMarks, Kind, Roster,
};
use crate::domain::deals::{AmountEstimates, DealImport};
use crate::store::{Control, StoreError, Workspace};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Imports a file: every good row in one transaction, the rest reported.
pub fn run(
    ws: &mut Workspace,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    today: NaiveDate,
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    run_bytes(ws, kind, &read(path)?, Some(path), opts, today, cancel)
}

/// The same, telling `control` how far the write has got.
pub fn run_watched(
    ws: &mut Workspace,
    kind: Kind,
    path: &Path,
    opts: &ImportOptions,
    today: NaiveDate,
    control: &Control<'_>,
) -> Result<ImportReport, ImportError> {
    let bytes = read(path)?;
    import_bytes(ws, kind, &bytes, Some(path), opts, today, control)
}

/// The same on bytes already read; with `source`, rejected rows go to a report beside it.
pub fn run_bytes(
    ws: &mut Workspace,
    kind: Kind,
    bytes: &[u8],
    source: Option<&Path>,
    opts: &ImportOptions,
    today: NaiveDate,
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    import_bytes(
        ws,
        kind,
        bytes,
        source,
        opts,
        today,
        &Control {
            cancel,
            progress: &|_, _| {},
        },
    )
}

/// A write the store stopped because the person cancelled it is the import's cancel.
fn cancelled_or(e: StoreError) -> ImportError {
    match e {
        StoreError::Cancelled => ImportError::Cancelled,
        other => other.into(),
    }
}

fn import_bytes(
    ws: &mut Workspace,
    kind: Kind,
    bytes: &[u8],
    source: Option<&Path>,
    opts: &ImportOptions,
    today: NaiveDate,
    control: &Control<'_>,
) -> Result<ImportReport, ImportError> {
    let as_of = opts.as_of.unwrap_or(today);
    if as_of > today {
        return Err(ImportError::AsOfInFuture { as_of, today });
    }
    let opts = &ImportOptions {
        as_of: Some(as_of),
        ..opts.clone()
    };
    if kind == Kind::Deals {
        return import_deals_streamed(ws, bytes, source, opts, as_of, control);
    }
    let (decoded, map, mut rejects) = read_mapped(kind, bytes, opts, source, 100)?;
    let (rows, new) = roster_rows(ws, kind, &decoded, &map, opts.strict, &mut rejects)?;
    // The report is written in full before anything commits: one that cannot be written
    // stops the import.
    rejects.ready()?;
    let written = match &rows {
        Roster::Partners(good) => ws.import_partners(good, &new, today, control),
        Roster::Contacts(good) => ws.import_contacts(good, &new, today, control),
    };
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            rejects.abandon();
            return Err(cancelled_or(e));
        }
    };
    drop(rows);
    let created = CreatedNames::from(&new, &written.created);
    Ok(report(
        &decoded,
        count_rows(&decoded),
        &written,
        rejects,
        created,
        None,
    ))
}

/// What a deals import adds to its report.
struct DealsOutcome {
    as_of: NaiveDate,
    amounts: AmountEstimates,
    currency_note: Option<String>,
    kept: KeptWithMarks,
}

/// The report of a committed import: what was written, what was refused (the report file
/// finished), and what was created.
fn report(
    decoded: &Decoded<'_>,
    rows: usize,
    written: &crate::store::Written,
    mut rejects: report::Rejects,
    created: CreatedNames,
    deals: Option<DealsOutcome>,
) -> ImportReport {
    let rejected = rejects.count;
    let shown = std::mem::take(&mut rejects.shown);
    let report_path = rejects.finish().map(|p| p.display().to_string());
    let amounts = deals.as_ref().map(|d| d.amounts).unwrap_or_default();
    let kept = deals.as_ref().map(|d| d.kept).unwrap_or_default();
    ImportReport {
        encoding: decoded.encoding.into(),
        delimiter: delimiter_name(decoded.delimiter),
        rows,
        inserted: written.inserted,
        updated: written.updated,
        rejected,
        rejected_rows: shown,
        report_path,
        amounts,
        amount_note: amounts.note(),
        as_of: deals.as_ref().map(|d| d.as_of),
        currency_note: deals.and_then(|d| d.currency_note),
        kept,
        kept_note: kept.note(),
        created_note: created.note(true),
        created,
        status_changes: written.status_changes.clone(),
        signed_unreviewed: written.signed_unreviewed,
        status_note: status_note(&written.status_changes, written.signed_unreviewed),
    }
}

/// Deals checked and written in chunks of this many rows, in one transaction.
const CHUNK: usize = 4096;

/// Checked deals on their way from the reading thread to the writer, with the partners their
/// rows named that the import creates and earlier chunks did not.
struct Chunk {
    deals: Vec<DealImport>,
    names: Vec<String>,
}

/// Checks the rows of a deals file and sends the good ones to `chunks` as they come. A send
/// fails only when the writer has stopped, having failed or been cancelled: its own error
/// says why.
fn read_chunks(
    decoded: &Decoded<'_>,
    map: &HashMap<&'static str, usize>,
    lookups: &deals::Lookups,
    as_of: NaiveDate,
    rejects: &mut report::Rejects,
    chunks: std::sync::mpsc::SyncSender<Chunk>,
) -> Result<deals::DealRows, ImportError> {
    let mut named = 0;
    let mut send = |deals: Vec<DealImport>, names: &NameList| {
        let names = names.queued()[named..].to_vec();
        named += names.len();
        chunks
            .send(Chunk { deals, names })
            .map_err(|_| ImportError::Cancelled)
    };
    let mut chunk = Vec::with_capacity(CHUNK);
    let good = deals::rows(decoded, map, lookups, as_of, rejects, &mut |deal, names| {
        chunk.push(deal);
        if chunk.len() >= CHUNK {
            send(
                std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)),
                names,
            )?;
        }
        Ok(())
    })?;
    send(chunk, &good.new_partners)?;
    Ok(good)
}

/// A deals file written as it is read: each chunk of good rows goes to the store as soon as it
/// is checked, so an import holds a few chunks of deals in memory, never the whole file. The
/// rows are read and checked on a thread of their own while the store writes the chunks before
/// them. The rejected-rows report is complete before the one commit; any failure writes nothing.
fn import_deals_streamed(
    ws: &mut Workspace,
    bytes: &[u8],
    source: Option<&Path>,
    opts: &ImportOptions,
    as_of: NaiveDate,
    control: &Control<'_>,
) -> Result<ImportReport, ImportError> {
    let (decoded, map, mut rejects) = read_mapped(Kind::Deals, bytes, opts, source, 100)?;
    let lookups = lookups(ws, opts)?;
    let currency_note = currency_note(ws, Kind::Deals, &map)?;
    let expected = decoded.line_breaks();
    let fed = ws.import_deals_with(as_of, expected, control, |writer| {
        let (chunks, arriving) = std::sync::mpsc::sync_channel::<Chunk>(2);
        let (good, written) = std::thread::scope(|s| {
            // The reader owns the sender, so the writer's loop ends when the reader does.
            let reading =
                s.spawn(|| read_chunks(&decoded, &map, &lookups, as_of, &mut rejects, chunks));
            let mut names: Vec<String> = Vec::new();
            let written = arriving.iter().try_for_each(|chunk| {
                names.extend(chunk.names);
                writer
                    .write(&chunk.deals, &names, control)
                    .map_err(cancelled_or)
            });
            // Dropping the receiver ends a reader still waiting to send.
            drop(arriving);
            let good = reading
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (good, written)
        });
        // The writer's failure is the cause when both stopped.
        written?;
        let good = good?;
        // The report is written in full before anything commits: one that cannot be
        // written stops the import.
        rejects.ready()?;
        Ok::<_, ImportError>(good)
    });
    let (written, amounts, good) = match fed {
        Ok(done) => done,
        Err(e) => {
            rejects.abandon();
            return Err(match e {
                ImportError::Store(s) => cancelled_or(s),
                other => other,
            });
        }
    };
    let created = CreatedNames {
        partners: Created::listed(good.new_partners.queued(), &written.created.partners),
        ..CreatedNames::default()
    };
    let deals = DealsOutcome {
        as_of,
        amounts,
        currency_note,
        kept: good.marks,
    };
    Ok(report(
        &decoded,
        good.rows,
        &written,
        rejects,
        created,
        Some(deals),
    ))
}
