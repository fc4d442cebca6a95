//! The domain: plain data in, plain data out. No Tauri, no SQL, no I/O.
//!
//! Words the domain uses:
//! - **Partner type**: a kind of partner (reseller, SI, ISV, referral…) with its own sales
//!   motion, incentive and enablement path.
//! - **IPP** (ideal partner profile): per type, the joint solution and the 3–7 traits,
//!   checkable before signing, that predict a partner will produce.
//! - **Readiness**: capability, capacity and motion commitment, 0–3 each (0–9 in all);
//!   its **bands** (active, nurture, off-board) decide whether a partner is served.
//! - **Tier**: a slice of the ranking with an entry rule, a service cadence and the team
//!   hours each partner in it costs.
//! - **Scoring cycle**: a dated, named snapshot of every score, rank and tier; tiers move
//!   only when one closes.
//! - **Sourced / influenced**: the credit a deal gives its partner: the partner brought
//!   the deal, or helped one already in motion.
//! - **Origin**: the date a forecast or backtest window starts from; it may use only what
//!   was known on that date.
//! - **As-of**: the date a number is computed for; later rows are ignored.

pub mod cadence;
pub mod capacity;
pub mod capacity_plan;
pub mod currency;
pub mod cycles;
pub mod deals;
pub mod defaults;
pub mod demo;
pub mod forecast;
pub mod format;
pub mod gate;
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
