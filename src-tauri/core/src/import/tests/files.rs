//! Files as spreadsheets and CRMs write them: German Excel (Windows-1252, `;`, CRLF, decimal
//! commas), HubSpot (UTF-8 with BOM), Excel CRLF with cells holding line breaks, stray bad
//! bytes, and exports joined into one file.

use super::*;

#[test]
fn a_german_excel_export_lands_with_its_marks_and_every_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let before = deals(&ws);
    let path = fixture(dir.path(), "german_excel_cp1252.csv");
    let opts = options(
        None,
        "Konto=account,Partner=partner,Betrag=amount,Phase=stage,Erstellt=created,Abschluss=expected_close,Inhaber=owner",
        "",
    );
    let r = run(&mut ws, &path, &opts);
    assert_eq!(
        (r.encoding.as_str(), r.delimiter.as_str(), r.rows),
        ("windows-1252", ";", 6)
    );
    assert_eq!((r.inserted, r.rejected), (4, 2), "{:?}", r.rejected_rows);
    assert_eq!((r.kept.no_account, r.kept.created_as_of), (1, 1));
    assert_eq!(
        r.kept_note.as_deref(),
        Some("Kept with a mark: 1 deal without an account (under “(none)”); 1 open deal without a created date (created on the export's as-of date).")
    );
    assert_eq!(
        reasons(&r),
        [
            (5, "Betrag".into(), "“5k” is not an amount: write digits with at most one decimal separator, such as 1.234,56".into()),
            (
                8,
                "Betrag, Erstellt, Phase".into(),
                "“1e3” is not an amount: write digits with at most one decimal separator, such as 1.234,56; \
                 “31.04.2026” is not a date (use YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY); \
                 unknown stage “Nirgendwo”; map it to one of: Registered, Qualified, Joint working, Proposal, Commit"
                    .into()
            ),
        ]
    );
    let stored: Vec<(String, f64, String, String)> = ws
        .conn()
        .prepare("SELECT account, amount, created_on, owner FROM deals WHERE id > (SELECT MAX(id) - 4 FROM deals) ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let row = |a: &str, m: f64, c: &str, o: &str| (a.to_string(), m, c.to_string(), o.to_string());
    assert_eq!(
        stored,
        [
            row("München Rück", 1234.56, "2026-03-04", "Jürgen Weiß"),
            row(
                "Kölner Straßenbahn AG",
                12000.0,
                "2026-03-15",
                "Jürgen Weiß"
            ),
            row("(none)", 1500.0, "2026-04-01", "Anne Müller"),
            row("Düsseldorf Messe", 250.5, "2026-11-25", "Anne Müller"),
        ]
    );
    assert_eq!(deals(&ws) - before, 4);
    // The report names every reason of line 8, joined, beside the row as it was.
    let report = std::fs::read_to_string(r.report_path.unwrap()).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[0],
        "line,column,reason,Konto,Partner,Betrag,Phase,Erstellt,Abschluss,Inhaber"
    );
    assert!(
        lines[2].starts_with("8,\"Betrag, Erstellt, Phase\",\"“1e3” is not an amount"),
        "{}",
        lines[2]
    );
    assert!(
        lines[2].ends_with(",Grünwald GmbH,,1e3,Nirgendwo,31.04.2026,,"),
        "{}",
        lines[2]
    );
}

#[test]
fn a_hubspot_export_with_a_bom_keeps_open_deals_and_names_both_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let path = fixture(dir.path(), "hubspot_bom.csv");
    let r = run(&mut ws, &path, &options(Some("hubspot"), "", ""));
    assert_eq!(r.encoding, "UTF-8 with BOM");
    assert_eq!(
        (r.rows, r.inserted, r.rejected),
        (6, 4, 2),
        "{:?}",
        r.rejected_rows
    );
    assert_eq!((r.kept.no_account, r.kept.created_as_of), (1, 1));
    assert_eq!(
        reasons(&r),
        [
            (
                5,
                "Close Date".into(),
                "the close date 2026-05-05 (Close Date) is before the created date 2026-05-20 (Create Date)".into()
            ),
            (
                6,
                "Amount, Deal Stage".into(),
                "“1e3” is not an amount: write digits with at most one decimal separator, such as 1,234.56; \
                 unknown stage “Nowhere”; map it to one of: Registered, Qualified, Joint working, Proposal, Commit"
                    .into()
            ),
        ]
    );
    let amounts: Vec<(String, f64, String)> = ws
        .conn()
        .prepare("SELECT external_id, amount, created_on FROM deals WHERE external_id IN ('9101', '9102', '9103', '9106') ORDER BY external_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let row = |i: &str, a: f64, c: &str| (i.to_string(), a, c.to_string());
    assert_eq!(
        amounts,
        [
            row("9101", 75000.0, "2026-02-10"),
            row("9102", 41000.5, "2026-03-01"),
            row("9103", 18000.0, "2026-11-25"),
            row("9106", 9500.0, "2026-04-02"),
        ]
    );
}

#[test]
fn line_numbers_are_the_spreadsheets_for_crlf_lf_and_cells_with_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let crlf = std::fs::read(fixture(dir.path(), "excel_crlf.csv")).unwrap();
    assert!(crlf.windows(2).any(|w| w == b"\r\n"));
    let lf = String::from_utf8(crlf.clone())
        .unwrap()
        .replace("\r\n", "\n");
    let cr = String::from_utf8(crlf.clone())
        .unwrap()
        .replace("\r\n", "\r");
    let want: Vec<(usize, String, String)> = [(4, "500-"), (8, "0x10"), (9, "12abc34")]
        .into_iter()
        .map(|(line, text)| {
            (
                line,
                "Amount".to_string(),
                format!("“{text}” is not an amount: write digits with at most one decimal separator, such as 1,234.56"),
            )
        })
        .collect();
    for (name, bytes) in [
        ("CRLF", crlf),
        ("LF", lf.into_bytes()),
        ("CR", cr.into_bytes()),
    ] {
        let r = run_bytes(&mut ws, &bytes, &options(None, "", ""));
        assert_eq!((r.rows, r.rejected), (5, 3), "{name}");
        assert_eq!(reasons(&r), want, "{name}");
    }
    let amount: f64 = ws
        .conn()
        .query_row(
            "SELECT amount FROM deals WHERE account = 'Harbor Foods'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(amount, 48500.0);
}

#[test]
fn stray_bad_bytes_in_a_utf8_file_are_reported_on_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let bytes = b"account,amount,created\n\
        Caf\xc3\xa9 Lumi\xc3\xa8re,100,2026-01-01\n\
        Bad \xff\xfe Name,200,2026-01-02\n\
        Z\xc3\xbcrich Versicherung,300,2026-01-03\n\
        \xe2\x80\x9cQuoted\xe2\x80\x9d Ltd,400,2026-01-04\n";
    let r = run_bytes(&mut ws, bytes, &options(None, "", ""));
    assert_eq!(r.encoding, "UTF-8");
    assert_eq!((r.inserted, r.rejected), (3, 1));
    assert_eq!(r.rejected_rows[0].line, 3);
    assert!(
        r.rejected_rows[0].reason.contains("not UTF-8"),
        "{:?}",
        r.rejected_rows
    );
    let names: Vec<String> = ws
        .conn()
        .prepare("SELECT account FROM deals WHERE amount IN (100, 300, 400) AND created_on < '2026-01-05' AND created_on > '2025-12-31' ORDER BY amount")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        names,
        ["Café Lumière", "Zürich Versicherung", "“Quoted” Ltd"]
    );

    // A file whose accented letters are single bytes is Windows-1252, read whole.
    let cp1252 =
        b"account,amount,created\nM\xfcnchen,100,2026-02-01\nK\xf6ln \x80 Partner,200,2026-02-02\n";
    let r = run_bytes(&mut ws, cp1252, &options(None, "", ""));
    assert_eq!(
        (r.encoding.as_str(), r.inserted, r.rejected),
        ("windows-1252", 2, 0)
    );
    let name: String = ws
        .conn()
        .query_row(
            "SELECT account FROM deals WHERE created_on = '2026-02-02'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Köln € Partner");
}

#[test]
fn exports_joined_into_one_file_lose_their_inner_bom_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let mut bytes = b"\xef\xbb\xbfaccount,amount,created\nAlpha Joined,100,2026-03-01\n".to_vec();
    bytes.extend_from_slice(b"\xef\xbb\xbfaccount,amount,created\nBeta Joined,200,2026-03-02\n");
    bytes.extend_from_slice(b"\xef\xbb\xbfGamma Joined,300,2026-03-03\n");
    let r = run_bytes(&mut ws, &bytes, &options(None, "", ""));
    assert_eq!((r.inserted, r.rejected), (3, 0), "{:?}", r.rejected_rows);
    let names: Vec<String> = ws
        .conn()
        .prepare("SELECT account FROM deals WHERE account LIKE '%Joined' ORDER BY account")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, ["Alpha Joined", "Beta Joined", "Gamma Joined"]);
}
