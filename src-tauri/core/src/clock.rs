//! The wall clock, read in one place. Every date that changes what a rule, a report or an
//! export says is an argument: the edges (the app's commands, the CLI) ask the clock once per
//! request and pass the answer in. The only reads below the edges are stamps of when something
//! was written (an undo entry, a backup's name, the day a workspace was created), and an
//! import told no as-of day, which means the day it runs.

use chrono::NaiveDate;

/// The user's local date: what "today" means for reviews, due lists and default as-of dates.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The local time to the second, as stamped on undo history and edits.
pub fn now_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The local time as backup file names carry it (sortable, no separators a file system minds).
pub fn file_stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}
