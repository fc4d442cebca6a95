//! Turning a file's bytes into rows: encoding (UTF-8 with or without BOM, UTF-16 LE/BE,
//! Windows-1252), delimiter (`,` `;` tab) and the CSV grammar, quoted newlines included.

use csv::StringRecord;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// A CSV file read into text, whatever it came in: what the preview shows and the checks read.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The encoding detected, shown so a person can spot a mis-saved export.
    pub encoding: &'static str,
    /// The delimiter detected (comma, semicolon, tab, …).
    pub delimiter: u8,
    /// The column names of the first line, trimmed; mapping matches fields against these.
    pub headers: Vec<String>,
    /// (line number in the file, fields trimmed): one buffer a row, not one a field.
    pub rows: Vec<(usize, StringRecord)>,
    /// Rows the CSV grammar could not read: (line, reason).
    pub broken: Vec<(usize, String)>,
}

/// Detects the encoding and returns the text.
pub(crate) fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    let (encoding, skip): (&'static Encoding, usize) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (UTF_8, 3),
        [0xFF, 0xFE, ..] => (UTF_16LE, 2),
        [0xFE, 0xFF, ..] => (UTF_16BE, 2),
        _ => {
            // UTF-16 without a BOM shows as every other byte zero in ASCII text.
            let sample = &bytes[..bytes.len().min(400)];
            let zeros_odd = sample
                .iter()
                .skip(1)
                .step_by(2)
                .filter(|b| **b == 0)
                .count();
            let zeros_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
            if sample.len() >= 4 && zeros_odd * 3 > sample.len() {
                (UTF_16LE, 0)
            } else if sample.len() >= 4 && zeros_even * 3 > sample.len() {
                (UTF_16BE, 0)
            } else if std::str::from_utf8(bytes).is_ok() {
                (UTF_8, 0)
            } else {
                (WINDOWS_1252, 0)
            }
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[skip..]);
    let name = match encoding.name() {
        "UTF-8" if skip == 3 => "UTF-8 with BOM",
        other => other,
    };
    (text.into_owned(), name)
}

/// The delimiter that splits the header line into the most fields (`,` `;` or tab).
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |d: char| {
        let mut n = 0;
        let mut quoted = false;
        for c in header.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if c == d && !quoted {
                n += 1;
            }
        }
        n
    };
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d as char), *d == b','))
        .unwrap_or(b',')
}

/// `str::trim`, without the scan when both ends are plain ASCII (as nearly every cell is):
/// an import trims each cell several times.
#[inline(always)]
pub(crate) fn trimmed(s: &str) -> &str {
    match s.as_bytes() {
        [] => s,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `trimmed` as a method, to read like `str::trim`.
pub(crate) trait Trimmed {
    fn trimmed(&self) -> &str;
}

impl Trimmed for str {
    #[inline(always)]
    fn trimmed(&self) -> &str {
        trimmed(self)
    }
}

/// A row's fields as owned text, for a report.
pub(crate) fn owned(row: &StringRecord) -> Vec<String> {
    row.iter().map(String::from).collect()
}

/// Why a file cannot be read as CSV at all, before any row is looked at.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// Nothing to import: no bytes, or no line at all.
    #[error("The file is empty.")]
    Empty,
    /// NUL bytes in what should be text: most likely a spreadsheet or other binary file.
    #[error("The file is not text: it looks like a binary file, not CSV.")]
    NotText,
    /// The first line breaks the CSV grammar, so no column can be named.
    #[error("The header line cannot be read: {0}")]
    Header(#[source] csv::Error),
    /// The first line is there but every column name in it is blank.
    #[error("The first line holds no column names.")]
    NoColumnNames,
}

/// Reads the whole file into headers and rows. Blank lines are skipped.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 0
        && !matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
    {
        let (text, _) = decode_text(bytes);
        if text.contains('\0') {
            return Err(DecodeError::NotText);
        }
    }
    let (text, encoding) = decode_text(bytes);
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => return Err(DecodeError::Header(e)),
        None => return Err(DecodeError::Empty),
    };
    if headers.iter().all(String::is_empty) {
        return Err(DecodeError::NoColumnNames);
    }
    let mut rows = Vec::new();
    let mut broken = Vec::new();
    for record in records {
        match record {
            Ok(mut r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                if r.iter().all(|f| trimmed(f).is_empty()) {
                    continue;
                }
                if r.iter().any(|f| f.len() != trimmed(f).len()) {
                    r.trim();
                }
                rows.push((line, r));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                broken.push((line, format!("the line cannot be read as CSV: {e}")));
            }
        }
    }
    Ok(Decoded {
        encoding,
        delimiter,
        headers,
        rows,
        broken,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_and_delimiters_are_detected() {
        let text = "Account;Amount\nAcme;1.234,56\n";
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!((d.encoding, d.delimiter), ("UTF-8", b';'));
        assert_eq!(owned(&d.rows[0].1), ["Acme", "1.234,56"]);

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(b"a,b\n1,2\n");
        assert_eq!(decode(&bom).unwrap().encoding, "UTF-8 with BOM");
        assert_eq!(decode(&bom).unwrap().headers, ["a", "b"]);

        let mut utf16 = vec![0xFF, 0xFE];
        for u in "a\tb\nZ\u{fc}rich\t2\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&utf16).unwrap();
        assert_eq!((d.encoding, d.delimiter), ("UTF-16LE", b'\t'));
        assert_eq!(&d.rows[0].1[0], "Zürich");

        let cp1252 = b"name,city\nJos\xe9,M\xfcnchen\n";
        let d = decode(cp1252).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(owned(&d.rows[0].1), ["José", "München"]);
    }

    #[test]
    fn trimmed_is_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}x",
            "x\u{2003}",
            "a b",
            "\tq\n",
            "é",
            " é ",
        ] {
            assert_eq!(trimmed(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn quoted_newlines_ragged_rows_and_empty_files() {
        let d = decode(b"a,b\n\"line one\nline two\",2\n3\n").unwrap();
        assert_eq!(&d.rows[0].1[0], "line one\nline two");
        assert_eq!(
            (d.rows[1].0, owned(&d.rows[1].1)),
            (4, vec!["3".to_string()])
        );
        let spaced = decode(b"a,b\n  x , y\n").unwrap();
        assert_eq!(owned(&spaced.rows[0].1), ["x", "y"], "fields are trimmed");
        assert!(decode(b"").unwrap_err().to_string().contains("empty"));
        assert!(decode(b"\x00\x01\x02\x03binary\x00").is_err());
        assert!(decode(b"a,b\n").unwrap().rows.is_empty());
    }
}
