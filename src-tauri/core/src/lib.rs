#![warn(missing_docs)]
//! Partnerboard's core: a partner program run as a measurable system, without a window.
//!
//! Layers, each using only those before it in this list (`clock` and `disk`, the wall clock and
//! durable renames, sit beneath them all):
//! `domain` (plain rules) → `store` (SQLite) → `charts`, `import`, `export` → `views` (the read
//! models the app and the CLI return, and the `{kind, message}` every error becomes).
//! The app's commands and `partnerboard-cli` both stand on this crate.

pub mod charts;
pub mod clock;
pub mod disk;
pub mod domain;
pub mod export;
pub mod import;
pub mod store;
pub mod views;
