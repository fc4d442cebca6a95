//! CSV cells a spreadsheet shows as text. Excel, Numbers and Google Sheets run a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so
//! every CSV the app writes puts an apostrophe in front of such text, as OWASP recommends;
//! a plain number (`-1250.5`) stays a number. The import takes the apostrophe off again, so
//! a file exported and imported keeps its text as it was.

use std::borrow::Cow;

/// The characters a spreadsheet reads as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` is a plain decimal number, such as `-12` or `-1250.50`.
fn plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `cell` as written to a CSV: with an apostrophe in front when a spreadsheet would run it.
pub fn spreadsheet_text(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_START) && !plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The same as bytes, for a CSV writer's record.
pub fn spreadsheet_cell(cell: &str) -> Cow<'_, [u8]> {
    match spreadsheet_text(cell) {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

/// A cell as read back: the apostrophe `spreadsheet_text` put in front taken off.
pub fn read_back(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for live in [
            "=HYPERLINK(\"http://x.example\",\"click\")",
            "=cmd|' /C calc'!A0",
            "+1+cmd",
            "@SUM(A1:A9)",
            "-2+3",
            "\t=1+1",
            "\r=1+1",
            "-",
        ] {
            let safe = spreadsheet_text(live);
            assert_eq!(safe, format!("'{live}"));
            assert_eq!(read_back(&safe), live, "the import reads it back as it was");
        }
        for kept in ["-12", "-1250.50", "1e3", "Acme", "'quoted", "", "42"] {
            assert_eq!(spreadsheet_text(kept), kept);
            assert_eq!(read_back(kept), kept);
        }
    }
}
