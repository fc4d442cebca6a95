//! The domain: plain data in, plain data out. No Tauri, no SQL, no I/O.

pub mod cadence;
pub mod capacity;
pub mod capacity_plan;
pub mod cycles;
pub mod deals;
pub mod defaults;
pub mod demo;
pub mod forecast;
pub mod profile;
pub mod program;
pub mod readiness;
pub mod records;
pub mod roster;
pub mod scoreboard;
pub mod scoring;
pub mod status;
pub mod tiers;
pub mod validate;
pub mod workshop;

pub use validate::InvalidInput;
