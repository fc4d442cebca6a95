//! Documents written from a workspace, beside the charts: what a person hands to someone else.

pub mod cells;
pub mod file;
pub mod operating_model;
pub mod records;
