//! The domain: plain data in, plain data out. No Tauri, no SQL, no I/O.

pub mod cadence;
pub mod capacity;
pub mod cycles;
pub mod deals;
pub mod defaults;
pub mod demo;
pub mod forecast;
pub mod format;
pub mod profile;
pub mod program;
pub mod readiness;
pub mod records;
pub mod scoreboard;
pub mod scoring;
pub mod tiers;
pub mod validate;
pub mod workshop;

pub use validate::InvalidInput;
