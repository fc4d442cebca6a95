//! The rejected-rows report beside the source: `<name>.rejected.csv`, written as rows are
//! refused (never held all at once) to a temporary that reaches the disk before the import
//! commits and takes the report's name after; only ever over a report this importer wrote
//! itself, never through a symbolic link, and removed once a later import of the same file
//! refuses nothing.

use super::{ImportError, Rejected};
use crate::export::file;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// How every report's first line starts: what tells a report of ours from a person's file.
const HEADER: [&str; 3] = ["line", "column", "reason"];

/// How many numbered names (`x.rejected-2.csv` …) are tried when the plain one is taken.
const NAMES: usize = 99;

/// `<dir>/<name>.rejected.csv` beside the source.
pub fn report_path(source: &Path) -> PathBuf {
    name(source, 1)
}

/// The `n`th name a report of `source` may take: `x.rejected.csv`, then `x.rejected-2.csv` …
fn name(source: &Path, n: usize) -> PathBuf {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    if n == 1 {
        source.with_file_name(format!("{stem}.rejected.csv"))
    } else {
        source.with_file_name(format!("{stem}.rejected-{n}.csv"))
    }
}

/// Whether `path` is a plain file (not a link) whose first line is a report's header.
fn ours(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.file_type().is_file() {
        return false;
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut first = String::new();
    if BufReader::new(std::io::Read::take(file, 4096))
        .read_line(&mut first)
        .is_err()
    {
        return false;
    }
    first.trim_end().starts_with(&HEADER.join(","))
}

/// Removes the reports of `source` this importer wrote, once an import of it refused nothing.
/// Files of the same name that it did not write are left alone.
pub(crate) fn remove_stale(source: &Path) {
    for n in 1..=NAMES {
        let path = name(source, n);
        match std::fs::symlink_metadata(&path) {
            Err(_) if n > 1 => return,
            Err(_) => {}
            Ok(_) if ours(&path) => {
                // A report that cannot be removed is stale, not harmful: the import stands.
                let _ = std::fs::remove_file(&path);
            }
            Ok(_) => {}
        }
    }
}

/// A report being written: where it goes in the end, and the temporary beside it that it is
/// written to meanwhile (through the one writer's temporaries: locked while written, and
/// removed by a later import of the same file if a killed run left it).
struct Target {
    destination: PathBuf,
    written_at: PathBuf,
}

/// Opens the report's temporary, for the plain name when free or over an older report of
/// ours, else the first free numbered name. Never opens an existing file for writing, so
/// neither a person's file nor a link is written through.
fn open(source: &Path) -> std::io::Result<(File, Target)> {
    for n in 1..=NAMES {
        let destination = name(source, n);
        match std::fs::symlink_metadata(&destination) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
            Ok(_) if ours(&destination) => {}
            Ok(_) => continue,
        }
        let dir = match destination.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        file::remove_abandoned(&dir, &destination);
        let (written_at, file) = file::temporary(&dir, &destination)?;
        return Ok((
            file,
            Target {
                destination,
                written_at,
            },
        ));
    }
    Err(std::io::Error::other(format!(
        "every name from {} to {} is taken",
        name(source, 1).display(),
        name(source, NAMES).display()
    )))
}

/// Where refused rows go as they are found: the first few kept for the screen, every one
/// written to the report file when the import has a source to write it beside.
pub(crate) struct Rejects {
    /// The first refused rows, for the screen.
    pub shown: Vec<Rejected>,
    /// How many rows `shown` keeps.
    keep: usize,
    /// Every refused row so far.
    pub count: usize,
    /// The source file, when refused rows are to be written beside it.
    source: Option<PathBuf>,
    /// The report's columns after line, column and reason: the file's own header.
    headers: Vec<String>,
    writer: Option<(csv::Writer<File>, Target)>,
    /// The first failure to write the report; the import stops on it before committing.
    failed: Option<ImportError>,
}

impl Rejects {
    /// Keeps the first `keep` rows; with `source`, writes every row to a report beside it.
    pub(crate) fn new(keep: usize, source: Option<&Path>, headers: &[String]) -> Self {
        Self {
            shown: Vec::new(),
            keep,
            count: 0,
            source: source.map(Path::to_path_buf),
            headers: headers.to_vec(),
            writer: None,
            failed: None,
        }
    }

    /// A refused row, with every one of its problems: the columns and the reasons each
    /// joined. Leaves `problems` empty for the next row.
    pub(crate) fn push_problems(
        &mut self,
        line: usize,
        fields: Vec<String>,
        problems: &mut Vec<(String, String)>,
    ) {
        let mut columns: Vec<&str> = Vec::new();
        for (c, _) in problems.iter() {
            if !c.is_empty() && !columns.contains(&c.as_str()) {
                columns.push(c);
            }
        }
        let column = columns.join(", ");
        let reason = problems
            .iter()
            .map(|(_, r)| r.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        problems.clear();
        self.push(Rejected {
            line,
            column,
            reason,
            fields,
        });
    }

    /// Takes one refused row.
    pub(crate) fn push(&mut self, r: Rejected) {
        self.count += 1;
        if self.failed.is_none() {
            if let Err(e) = self.write(&r) {
                self.failed = Some(e);
            }
        }
        if self.shown.len() < self.keep {
            self.shown.push(r);
        }
    }

    fn write(&mut self, r: &Rejected) -> Result<(), ImportError> {
        let Some(source) = &self.source else {
            return Ok(());
        };
        if self.writer.is_none() {
            let (file, target) = open(source).map_err(|source_err| ImportError::Report {
                path: Some(name(source, 1)),
                source: source_err,
            })?;
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
            let head = HEADER
                .iter()
                .copied()
                .chain(self.headers.iter().map(String::as_str))
                .map(crate::export::cells::spreadsheet_cell);
            w.write_record(head).map_err(|e| failure(e, &target))?;
            self.writer = Some((w, target));
        }
        if let Some((w, target)) = &mut self.writer {
            let line = r.line.to_string();
            // The report's cells are the file's, as text a spreadsheet will not run.
            let fields = [line.as_str(), &r.column, &r.reason]
                .into_iter()
                .chain(r.fields.iter().map(String::as_str))
                .map(crate::export::cells::spreadsheet_cell);
            w.write_record(fields).map_err(|e| failure(e, target))?;
        }
        Ok(())
    }

    /// Everything written and flushed, before the import commits: `Err` stops the import.
    pub(crate) fn ready(&mut self) -> Result<(), ImportError> {
        if let Some(e) = self.failed.take() {
            self.abandon();
            return Err(e);
        }
        if let Some((w, target)) = &mut self.writer {
            // On the disk before the import commits.
            if let Err(source) = w.flush().and_then(|()| w.get_ref().sync_all()) {
                let path = Some(target.destination.clone());
                self.abandon();
                return Err(ImportError::Report { path, source });
            }
        }
        Ok(())
    }

    /// The import did not commit: the report written for it goes.
    pub(crate) fn abandon(&mut self) {
        if let Some((w, target)) = self.writer.take() {
            drop(w);
            let _ = std::fs::remove_file(&target.written_at);
        }
    }

    /// The import committed: the report takes its place, and its path is returned. With no
    /// row refused, older reports of ours for this source are removed instead.
    pub(crate) fn finish(mut self) -> Option<PathBuf> {
        let Some((w, target)) = self.writer.take() else {
            if let Some(source) = &self.source {
                remove_stale(source);
            }
            return None;
        };
        drop(w);
        // Takes its name only while the name is free or still one of our reports; else it
        // stays under its temporary name, which is returned so the person can find it.
        let absent = std::fs::symlink_metadata(&target.destination).is_err();
        if (absent || ours(&target.destination))
            && std::fs::rename(&target.written_at, &target.destination).is_ok()
        {
            if let Some(dir) = target.destination.parent() {
                file::sync_dir(dir);
            }
            return Some(target.destination);
        }
        Some(target.written_at)
    }
}

/// A write to the report that failed, as the import's error.
fn failure(e: csv::Error, target: &Target) -> ImportError {
    ImportError::Report {
        path: Some(target.destination.clone()),
        source: match e.into_kind() {
            csv::ErrorKind::Io(source) => source,
            other => std::io::Error::other(format!("{other:?}")),
        },
    }
}
