//! Partnerboard: a partner program run as a measurable system.
//!
//! Layers, each using only those above it in this list:
//! `domain` (plain rules) → `store` (SQLite) → `commands` (what the UI calls) → `app` (window, menu).

pub mod domain;
pub mod store;

pub fn run() {}
