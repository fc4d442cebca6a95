//! Partnerboard: a partner program run as a measurable system.
//!
//! Layers, each using only those before it in this list:
//! `domain` (plain rules) → `store` (SQLite) → `charts`, `import`, `export` → `commands` (what the UI calls) → `app` (window, menu).

mod app;
pub mod charts;
pub mod commands;
pub mod domain;
pub mod export;
pub mod import;
pub mod store;

pub use app::{run, DEMO_FILE};
