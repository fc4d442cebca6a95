//! Numbers as a board deck prints them: $1.2M, $350K, 34%, 1,234. The forms live in
//! `domain::format`, shared with the rest of the product; charts name them here.

pub use crate::domain::format::{compact_money as money, count, hours, percent};
