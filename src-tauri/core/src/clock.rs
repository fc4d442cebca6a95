//! The wall clock, read in one place. Rules and the store take dates as arguments; only the
//! edges (the app's commands, the CLI) ask the clock, once per request, and pass the answer in.

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
