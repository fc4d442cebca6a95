//! The operating model document: names, escaping, atomic writes and both formats.

use super::*;
use crate::domain::demo::generate;
use crate::store::{create_demo, create_new};

const HOSTILE: &str = "<script>alert(1)</script> & \"quotes\"";

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

/// Every decided item and every open question of `doc` appears, escaped, in `text`.
fn holds_every_item(doc: &OperatingModel, text: &str, esc: fn(&str) -> String) {
    for s in &doc.workshop.steps {
        assert!(text.contains(&esc(s.title)), "{}", s.title);
        for line in s.decisions.iter().chain(&s.open) {
            let parts: Vec<String> = match label_split(line) {
                Some((l, v)) => vec![esc(l), esc(v)],
                None => vec![esc(line)],
            };
            for p in parts {
                assert!(text.contains(&p), "missing from the document: {p}");
            }
        }
    }
}

fn well_formed(html: &str) {
    // The page parses as XML once the doctype is removed: every element closed and nested.
    let body = html.trim_start_matches("<!DOCTYPE html>\n");
    let doc = roxmltree::Document::parse_with_options(
        body,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the HTML is not well-formed: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "html");
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "script"),
        "no script element"
    );
    let csp = doc
        .descendants()
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .expect("a CSP meta tag");
    assert!(csp
        .attribute("content")
        .unwrap()
        .contains("default-src 'none'"));
}

#[test]
fn the_demo_document_holds_every_decision_and_the_charts() {
    let dir = tempfile::tempdir().unwrap();
    let ws = create_demo(&dir.path().join("d.partnerboard"), &generate(80, 9, date())).unwrap();
    let doc = gather(&ws, date()).unwrap();
    let page = html(&doc);
    well_formed(&page);
    holds_every_item(&doc, &page, escape);
    assert!(page.contains("Northwind Analytics"));
    assert!(page.contains("Dated 1 November 2026"));
    assert_eq!(page.matches("<svg").count(), 3, "three key charts");
    let md = markdown(&doc);
    holds_every_item(&doc, &md, md_escape);
    assert!(md.starts_with("# Northwind Analytics — partner operating model"));
    assert!(md.contains("not embedded in this Markdown file"));
}

#[test]
fn a_new_workspace_lists_what_is_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let ws = create_new(&dir.path().join("n.partnerboard"), "Acme Data").unwrap();
    let doc = gather(&ws, date()).unwrap();
    let w = &doc.workshop;
    assert!(w.decided < w.total / 2, "most is open: {}", w.summary);
    let page = html(&doc);
    well_formed(&page);
    holds_every_item(&doc, &page, escape);
    assert!(page.contains("class=\"badge open\""));
    assert!(page.contains("No thesis is written yet"));
    assert!(page.contains("No partner types yet"));
    assert!(page.contains("No team members yet"));
    // Nothing to chart yet: each chart says what fills it instead.
    assert_eq!(page.matches("<svg").count(), 0);
    assert!(page.contains("not drawn yet"));
    let md = markdown(&doc);
    holds_every_item(&doc, &md, md_escape);
    assert!(md.contains("## 1. Thesis and target metric (open)"));
    assert!(md.contains("- Open: No thesis is written yet"));
}

#[test]
fn hostile_names_are_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = create_new(&dir.path().join("h.partnerboard"), "Acme").unwrap();
    ws.program_header_update(&crate::domain::program::ProgramHeaderDraft {
        company: HOSTILE.into(),
        thesis: "Partners </li></ul><b>win</b>".into(),
    })
    .unwrap();
    ws.partner_type_create(&crate::domain::program::PartnerTypeDraft {
        name: HOSTILE.into(),
        motion: "*bold* [link](http://x) <img src=x>".into(),
        incentive_kind: crate::domain::program::IncentiveKind::Margin,
        incentive_value: 10.0,
        enablement: vec!["Step | one".into()],
    })
    .unwrap();
    let doc = gather(&ws, date()).unwrap();
    let page = html(&doc);
    well_formed(&page);
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<b>win"));
    assert!(!page.contains("<img"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    let md = markdown(&doc);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\& \"quotes\""));
    assert!(md.contains("\\*bold\\* \\[link\\](http://x)"));
    let name = file_name(HOSTILE, date(), Format::Html);
    assert!(!name.contains('<') && !name.contains('/') && !name.contains('"'));
    assert!(name.ends_with("operating model 2026-11-01.html"), "{name}");
}

#[test]
fn writes_through_a_temporary_name_and_reports_a_bad_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ws = create_new(&dir.path().join("w.partnerboard"), "Acme").unwrap();
    let out = dir.path().join("model.md");
    write(&ws, &out, Format::Markdown, date(), Replace::No).unwrap();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# Acme"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty());
    let missing = dir.path().join("no such folder").join("model.html");
    let e = write(&ws, &missing, Format::Html, date(), Replace::No).unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    assert!(e.to_string().contains("Nothing was written"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gets_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ws = create_new(&dir.path().join("r.partnerboard"), "Acme").unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        // Running as root: permissions do not stop writes here.
        let _ = std::fs::remove_file(&probe);
        return;
    }
    let e = write(
        &ws,
        &locked.join("m.html"),
        Format::Html,
        date(),
        Replace::No,
    )
    .unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn formats_parse_and_name_their_files() {
    assert_eq!(Format::parse("HTML"), Some(Format::Html));
    assert_eq!(Format::parse("md"), Some(Format::Markdown));
    assert_eq!(Format::parse("pdf"), None);
    assert_eq!(
        Format::from_path(Path::new("/x/a.md")),
        Some(Format::Markdown)
    );
    assert_eq!(
        file_name("Northwind Analytics", date(), Format::Markdown),
        "Northwind Analytics operating model 2026-11-01.md"
    );
}
