//! Partnerboard's desktop app: the commands the window calls and the window itself, over
//! `partnerboard_core` (domain, store, import, charts, export).
//!
//! Layers, each using only those before it: the core → `commands` (what the UI calls) →
//! `app` (window, menu).

mod app;
pub mod commands;

pub use app::{run, DEMO_FILE};
