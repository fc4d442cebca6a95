//! The read models the app's windows and the command line both return: each built here once,
//! from the store and the domain rules, and sent as its serde form. Also the one mapping of
//! every error to the `{kind, message}` a person is shown.

pub mod cadence;
pub mod capacity;
pub mod failure;
pub mod ipp;
pub mod preview;
pub mod readiness;
pub mod roster;

pub use failure::{ErrorKind, Failure};

#[cfg(test)]
mod tests;
