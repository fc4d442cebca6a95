//! Turning a file's bytes into rows: encoding (UTF-8 with or without BOM, UTF-16 LE/BE,
//! Windows-1252), delimiter (`,` `;` tab) and the CSV grammar, quoted newlines included.

use csv::StringRecord;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// A CSV file read into text, whatever it came in: what the preview shows and the checks read.
/// The text is borrowed from the file's bytes when they are UTF-8 already; rows are read from
/// it one at a time (see [`Decoded::rows`]), never all held at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// The encoding detected, shown so a person can spot a mis-saved export.
    pub encoding: &'static str,
    /// The delimiter detected (comma, semicolon, tab, …).
    pub delimiter: u8,
    /// The column names of the first line, trimmed; mapping matches fields against these.
    pub headers: Vec<String>,
    /// The whole text, header line included.
    text: Cow<'a, str>,
    /// Whether the file is UTF-8 with a few bytes that are not: its rows holding them are
    /// reported rather than the whole file read in another encoding.
    bad_bytes: bool,
}

/// Counts how many of the bytes are valid multi-byte UTF-8 characters and how many are bytes
/// no UTF-8 text holds: (valid non-ASCII characters, invalid sequences).
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
}

/// Detects the encoding and returns the text (borrowed when the bytes are UTF-8 already),
/// its encoding's name, and whether it is UTF-8 with a few bad bytes.
pub(crate) fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, &'static str, bool) {
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
            } else {
                (UTF_8, 0)
            }
        }
    };
    let body = &bytes[skip..];
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            let name = if skip == 3 { "UTF-8 with BOM" } else { "UTF-8" };
            return (Cow::Borrowed(text), name, false);
        }
        // Mostly UTF-8 with a few bad bytes (a cell pasted from elsewhere) stays UTF-8; a
        // file whose accented letters are all single bytes is Windows-1252.
        let (valid, invalid) = utf8_evidence(body);
        if skip == 3 || valid > invalid {
            let name = if skip == 3 { "UTF-8 with BOM" } else { "UTF-8" };
            return (String::from_utf8_lossy(body), name, true);
        }
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(body);
        return (Cow::Owned(text.into_owned()), WINDOWS_1252.name(), false);
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    (Cow::Owned(text.into_owned()), encoding.name(), false)
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
    let t = match s.as_bytes() {
        [] => s,
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    };
    // A cell an export wrote as text (`'=…`) is read as the text it was.
    if t.starts_with('\'') {
        crate::export::cells::read_back(t)
    } else {
        t
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

/// Line breaks in `bytes` as a spreadsheet counts them: `\r\n`, `\n` and a lone `\r` each one.
fn line_breaks(bytes: &[u8]) -> usize {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        n += usize::from(b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
    }
    n
}

/// Spreadsheet line numbers of records, from their byte offsets, counted as the reader goes.
struct Lines<'t> {
    text: &'t [u8],
    /// The byte up to which breaks are counted, and the line it is on.
    at: usize,
    line: usize,
}

impl Lines<'_> {
    /// The line a record starting at `byte` begins on: the terminator of the line before and
    /// any blank lines belong before it.
    fn of(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.at {
            self.line += line_breaks(&self.text[self.at..start]);
            self.at = start;
        }
        self.line
    }
}

/// One row as the reader meets it.
pub(crate) enum Row<'r> {
    /// A row read: its first line and its fields, trimmed.
    Good(usize, &'r StringRecord),
    /// A row that cannot be taken as it is: where, why, and what could be read of it.
    Broken(super::Rejected),
}

/// A row refused as a whole, before any of its fields is looked at.
fn broken(line: usize, reason: String, fields: Vec<String>) -> Row<'static> {
    Row::Broken(super::Rejected {
        line,
        column: String::new(),
        reason,
        fields,
    })
}

/// Reads the rows of a [`Decoded`] file one at a time, into one reused buffer.
pub(crate) struct Rows<'t> {
    reader: csv::Reader<&'t [u8]>,
    record: StringRecord,
    lines: Lines<'t>,
    headers: &'t [String],
    bad_bytes: bool,
}

impl Rows<'_> {
    /// The next row, blank lines and repeated header lines (of concatenated exports) skipped.
    pub(crate) fn next(&mut self) -> Option<Row<'_>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = self
                        .lines
                        .of(self.record.position().map_or(0, |p| p.byte() as usize));
                    if self.record.iter().all(|f| trimmed(f).is_empty()) {
                        continue;
                    }
                    if self.record.iter().any(|f| f.len() != trimmed(f).len()) {
                        self.record.trim();
                    }
                    if self.record.len() == self.headers.len()
                        && self.record.iter().zip(self.headers).all(|(f, h)| f == h)
                    {
                        continue;
                    }
                    if self.bad_bytes && self.record.iter().any(|f| f.contains('\u{FFFD}')) {
                        return Some(broken(
                            line,
                            "the line holds bytes that are not UTF-8 text (shown as �): re-save the file as UTF-8".into(),
                            owned(&self.record),
                        ));
                    }
                    return Some(Row::Good(line, &self.record));
                }
                Err(e) => {
                    let line = self.lines.of(e.position().map_or(0, |p| p.byte() as usize));
                    if e.is_io_error() {
                        return None;
                    }
                    let reason = format!("the line cannot be read as CSV: {e}");
                    return Some(broken(line, reason, Vec::new()));
                }
            }
        }
    }
}

impl<'a> Decoded<'a> {
    /// Line breaks in the text: at least the rows after the header, cheaply, for sizing the
    /// write of a file before its rows are read.
    pub(crate) fn line_breaks(&self) -> usize {
        self.text.bytes().filter(|&b| b == b'\n').count()
    }

    /// A reader over the rows after the header line.
    pub(crate) fn rows(&self) -> Rows<'_> {
        let mut reader = reader(self.text.as_bytes(), self.delimiter);
        let mut record = StringRecord::new();
        // The header was read once already; this cannot fail where it did not then.
        let _ = reader.read_record(&mut record);
        Rows {
            reader,
            record,
            lines: Lines {
                text: self.text.as_bytes(),
                at: 0,
                line: 1,
            },
            headers: &self.headers,
            bad_bytes: self.bad_bytes,
        }
    }
}

fn reader(text: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text)
}

/// Reads the file's encoding, delimiter and header line. A byte-order mark inside the file (two
/// exports joined) is dropped.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (mut text, encoding, bad_bytes) = decode_text(bytes);
    if bytes.iter().take(4096).any(|b| *b == 0)
        && !matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
        && text.contains('\0')
    {
        return Err(DecodeError::NotText);
    }
    if text.contains('\u{FEFF}') {
        text = Cow::Owned(text.replace('\u{FEFF}', ""));
    }
    let delimiter = detect_delimiter(&text);
    let mut record = StringRecord::new();
    let headers: Vec<String> = match reader(text.as_bytes(), delimiter).read_record(&mut record) {
        Ok(true) => record.iter().map(|h| h.trim().to_string()).collect(),
        Ok(false) => return Err(DecodeError::Empty),
        Err(e) => return Err(DecodeError::Header(e)),
    };
    if headers.iter().all(String::is_empty) {
        return Err(DecodeError::NoColumnNames);
    }
    Ok(Decoded {
        encoding,
        delimiter,
        headers,
        text,
        bad_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row read: (line, fields), broken ones with their reason as the only field.
    fn all(d: &Decoded<'_>) -> Vec<(usize, Vec<String>)> {
        let mut rows = d.rows();
        let mut out = Vec::new();
        while let Some(row) = rows.next() {
            out.push(match row {
                Row::Good(line, r) => (line, owned(r)),
                Row::Broken(r) => (r.line, vec![r.reason]),
            });
        }
        out
    }

    #[test]
    fn encodings_and_delimiters_are_detected() {
        let text = "Account;Amount\nAcme;1.234,56\n";
        let d = decode(text.as_bytes()).unwrap();
        assert_eq!((d.encoding, d.delimiter), ("UTF-8", b';'));
        assert_eq!(all(&d)[0].1, ["Acme", "1.234,56"]);

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
        assert_eq!(all(&d)[0].1[0], "Zürich");

        let cp1252 = b"name,city\nJos\xe9,M\xfcnchen\n";
        let d = decode(cp1252).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(all(&d)[0].1, ["José", "München"]);
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
        assert_eq!(all(&d)[0].1[0], "line one\nline two");
        assert_eq!(all(&d)[1], (4, vec!["3".to_string()]));
        let spaced = decode(b"a,b\n  x , y\n").unwrap();
        assert_eq!(all(&spaced)[0].1, ["x", "y"], "fields are trimmed");
        assert!(decode(b"").unwrap_err().to_string().contains("empty"));
        assert!(decode(b"\x00\x01\x02\x03binary\x00").is_err());
        assert!(all(&decode(b"a,b\n").unwrap()).is_empty());
    }
}
