//! Charts: SVG output that is stable and well-formed, PNG sizes, user text kept as text,
//! empty states, the board pack's all-or-nothing write, and the command line.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::NaiveDate;
use partnerboard_core::charts::{
    self, board_pack, data_csv, render_png, render_svg, Body, Chart, ChartError, RankedBar,
    RankingByTier, Theme, NAMES,
};
use partnerboard_core::domain::demo::generate;
use partnerboard_core::store::{create_demo, create_new, Workspace};
use std::path::Path;
use std::process::Command;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn demo(dir: &Path) -> Workspace {
    create_demo(&dir.join("demo.partnerboard"), &generate(140, 7, as_of())).unwrap()
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

fn parses(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not XML: {e}"))
}

#[test]
fn demo_svgs_are_identical_run_to_run_and_parse_as_xml() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let light = Theme::default();
    let dark = Theme {
        dark: true,
        brand: (14, 165, 233),
    };
    let first = charts::from_workspace(&ws, as_of()).unwrap();
    let second = charts::from_workspace(&ws, as_of()).unwrap();
    let names: Vec<&str> = first.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, NAMES);
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        for theme in [&light, &dark] {
            let svg = render_svg(a, theme, 1920, 1080).unwrap();
            assert_eq!(svg, render_svg(b, theme, 1920, 1080).unwrap(), "{name}");
            let doc = parses(&svg);
            assert_eq!(
                doc.root_element().attribute("viewBox"),
                Some("0 0 1920 1080")
            );
            // Text is drawn as outlines of the embedded font: no <text> for a fallback font.
            assert!(!svg.contains("<text"), "{name}");
            assert!(
                svg.contains(&format!("aria-label=\"{}\"", a.title)),
                "{name}"
            );
        }
        let rows = data_csv(a).lines().count();
        assert!(rows >= 2 || a.body.plot().is_empty(), "{name}");
    }
}

#[test]
fn png_sizes_are_exact_at_1x_and_2x() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let chart = charts::chart(&ws, "pipeline", as_of()).unwrap();
    let theme = Theme::default();
    assert_eq!(
        png_size(&render_png(&chart, &theme, 1920, 1080, 1).unwrap()),
        (1920, 1080)
    );
    assert_eq!(
        png_size(&render_png(&chart, &theme, 1920, 1080, 2).unwrap()),
        (3840, 2160)
    );
    assert_eq!(
        png_size(&render_png(&chart, &theme, 800, 450, 1).unwrap()),
        (800, 450)
    );
    assert!(matches!(
        render_png(&chart, &theme, 1920, 1080, 9),
        Err(ChartError::Size { .. })
    ));
    assert!(matches!(
        render_svg(&chart, &theme, 10, 10),
        Err(ChartError::Size { .. })
    ));
}

fn hostile_ranking() -> Chart {
    let name = "</text><script>alert(1)</script> & \"Q\" 🚀 Ωmega";
    let data = RankingByTier {
        tiers: vec!["Tier <1>".into(), "Tier 2".into()],
        partners: vec![
            RankedBar {
                rank: 1,
                partner: name.into(),
                score: 91.0,
                tier: Some("Tier <1>".into()),
            },
            RankedBar {
                rank: 2,
                partner: "Acme & Co".into(),
                score: 40.0,
                tier: Some("Tier 2".into()),
            },
        ],
        unscored: 0,
    };
    Chart {
        title: "Ranking <b>&amp; \"quotes\" 🚀".into(),
        subtitle: format!("#1 is {name}"),
        as_of: as_of(),
        footnote: "</svg>".into(),
        body: Body::Ranking(data),
    }
}

#[test]
fn markup_and_emoji_in_names_stay_text() {
    let chart = hostile_ranking();
    let svg = render_svg(&chart, &Theme::default(), 1920, 1080).unwrap();
    let doc = parses(&svg);
    assert!(doc
        .descendants()
        .all(|n| !matches!(n.tag_name().name(), "script" | "text" | "b")));
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(title, chart.title);
    // The subtitle is kept as text (emoji the font lacks drawn as a white square).
    let labels: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("aria-label"))
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("#1 is </text><script>alert(1)</script> & \"Q\" \u{25A1} Ωmega")),
        "{labels:?}"
    );
    let png = render_png(&chart, &Theme::default(), 1920, 1080, 1).unwrap();
    assert_eq!(png_size(&png), (1920, 1080));
    let csv = data_csv(&chart);
    assert!(csv.contains("\"</text><script>alert(1)</script> & \"\"Q\"\" 🚀 Ωmega\""));
}

#[test]
fn an_empty_workspace_draws_every_empty_state() {
    let dir = tempfile::tempdir().unwrap();
    let ws = create_new(&dir.path().join("empty.partnerboard"), "Empty").unwrap();
    for (name, chart) in charts::from_workspace(&ws, as_of()).unwrap() {
        let body = chart.body.plot();
        assert!(body.is_empty(), "{name} should be empty");
        let svg = render_svg(&chart, &Theme::default(), 1920, 1080).unwrap();
        parses(&svg);
        let first_words: String = body.empty_message().chars().take(20).collect();
        assert!(
            svg.contains(&format!("aria-label=\"{first_words}")),
            "{name}: {first_words}"
        );
        render_png(&chart, &Theme::default(), 1920, 1080, 1).unwrap();
    }
}

#[test]
fn board_pack_writes_every_chart_and_an_escaped_index() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let out = dir.path().join("pack");
    let mut seen = Vec::new();
    let summary = board_pack(&ws, &out, &Theme::default(), as_of(), &mut |p| {
        seen.push(p.done);
        true
    })
    .unwrap();
    assert_eq!(summary.files, NAMES.len() * 3 + 1);
    assert_eq!(seen.last(), Some(&NAMES.len()));
    for name in NAMES {
        for ext in ["png", "svg", "csv"] {
            assert!(out.join(format!("{name}.{ext}")).is_file(), "{name}.{ext}");
        }
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"));
    assert!(html.contains("pipeline.png"));
    // Nothing else is left beside the pack.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
    // A second pack into the same, now full, folder is refused.
    assert!(matches!(
        board_pack(&ws, &out, &Theme::default(), as_of(), &mut |_| true),
        Err(ChartError::Write { .. })
    ));
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn board_pack_to_a_read_only_place_fails_cleanly_with_no_partial_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions; there a file where the parent folder should be does the same.
    let writable = std::fs::write(locked.join("probe"), b"x").is_ok();
    let parent = if writable {
        std::fs::remove_file(locked.join("probe")).unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        file
    } else {
        locked.clone()
    };
    let out = parent.join("pack");
    let err = board_pack(&ws, &out, &Theme::default(), as_of(), &mut |_| true).unwrap_err();
    assert!(matches!(err, ChartError::Write { .. }), "{err}");
    assert!(err.to_string().contains("could not be written"), "{err}");
    assert!(!out.exists());
    if !writable {
        assert!(leftovers(&locked).is_empty());
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();

    // Failing half-way (here: cancelled after two charts) leaves nothing either.
    let out = dir.path().join("half");
    let err = board_pack(&ws, &out, &Theme::default(), as_of(), &mut |p| p.done < 2).unwrap_err();
    assert!(matches!(err, ChartError::Cancelled));
    assert!(!out.exists());
    assert!(
        leftovers(dir.path()).iter().all(|n| !n.contains("half")),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_killed_packs_hidden_folder_goes_at_the_next_pack_but_a_running_ones_stays() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    // Left by a killed run: half its files, its lock file free.
    let dead = dir.path().join(".pack.partial-4000001");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".writing"), b"").unwrap();
    std::fs::write(dead.join("ranking.png"), b"half a png").unwrap();
    // Left by a killed run before it took its lock.
    let bare = dir.path().join(".pack.partial-4000002");
    std::fs::create_dir(&bare).unwrap();
    // Being written right now by someone else: its lock is held.
    let live = dir.path().join(".pack.partial-4000003");
    std::fs::create_dir(&live).unwrap();
    let held = std::fs::File::create(live.join(".writing")).unwrap();
    held.lock().unwrap();
    // Another pack's, and a folder of the person's own that merely looks alike.
    let other = dir.path().join(".other.partial-4000004");
    std::fs::create_dir(&other).unwrap();
    let own = dir.path().join(".pack.partial-notes");
    std::fs::create_dir(&own).unwrap();

    let out = dir.path().join("pack");
    let summary = board_pack(&ws, &out, &Theme::default(), as_of(), &mut |_| true).unwrap();
    assert_eq!(summary.files, summary.charts.len() * 3 + 1);
    assert!(
        !dead.exists() && !bare.exists(),
        "{:?}",
        leftovers(dir.path())
    );
    assert!(live.exists() && other.exists() && own.exists());
    // The finished pack holds no lock file, and nothing of the killed runs.
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(!files.iter().any(|f| f.starts_with('.')), "{files:?}");
    assert_eq!(files.len(), summary.files);
    drop(held);
}

#[cfg(unix)]
#[test]
fn a_board_pack_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let link = dir.path().join("pack");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let err = board_pack(&ws, &link, &Theme::default(), as_of(), &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("through a link"), "{err}");
    assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

fn cli(args: &[&str]) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_partnerboard-cli"))
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn cli_draws_a_chart_and_a_board_pack() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.partnerboard");
    let f = file.to_str().unwrap();
    let (code, _) = cli(&["demo", "--out", f, "--as-of", "2026-11-01"]);
    assert_eq!(code, 0);
    let png = dir.path().join("pipeline.png");
    let (code, json) = cli(&[
        "chart",
        "pipeline",
        f,
        "--out",
        png.to_str().unwrap(),
        "--width",
        "960",
        "--height",
        "540",
        "--scale",
        "2",
        "--as-of",
        "2026-11-01",
        "--dark",
        "--brand",
        "#0ea5e9",
    ]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (1920, 1080));
    let svg = dir.path().join("ranking.svg");
    let (code, _) = cli(&["chart", "ranking", f, "--out", svg.to_str().unwrap()]);
    assert_eq!(code, 0);
    parses(&std::fs::read_to_string(&svg).unwrap());
    let (code, json) = cli(&["chart", "nonsense", f, "--out", svg.to_str().unwrap()]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("invalid_input")));
    let (code, json) = cli(&["chart", "pipeline", f, "--out", "x.gif"]);
    assert_eq!((code, json["kind"].as_str()), (2, Some("invalid_input")));
    let pack = dir.path().join("pack");
    let (code, json) = cli(&[
        "board-pack",
        f,
        "--out",
        pack.to_str().unwrap(),
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"], NAMES.len() * 3 + 1);
    assert!(pack.join("index.html").is_file());
}

#[test]
fn forecast_fan_and_win_rate_on_the_demo_are_stable_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let theme = Theme::default();
    for name in ["forecast-fan", "win-rate"] {
        let a = charts::chart(&ws, name, as_of()).unwrap();
        let b = charts::chart(&ws, name, as_of()).unwrap();
        assert!(!a.body.plot().is_empty(), "{name}");
        let svg = render_svg(&a, &theme, 1920, 1080).unwrap();
        assert_eq!(svg, render_svg(&b, &theme, 1920, 1080).unwrap(), "{name}");
        parses(&svg);
        assert_eq!(
            png_size(&render_png(&a, &theme, 1920, 1080, 1).unwrap()),
            (1920, 1080)
        );
    }
    let fan = charts::chart(&ws, "forecast-fan", as_of()).unwrap();
    let Body::ForecastFan(data) = &fan.body else {
        panic!("not a fan")
    };
    assert_eq!(data.weeks.len(), 13, "a 90-day window is 13 weeks");
    assert!(data
        .weeks
        .windows(2)
        .all(|w| w[0].partner.p50 <= w[1].partner.p50 + 1e-9));
    assert!(data
        .weeks
        .iter()
        .all(|w| w.partner.p10 <= w.partner.p50 && w.partner.p50 <= w.partner.p90));
    assert!(
        fan.footnote.contains("non-overlapping") || fan.footnote.contains("track record"),
        "{}",
        fan.footnote
    );
    assert_eq!(data_csv(&fan).lines().count(), 14);
    let win = charts::chart(&ws, "win-rate", as_of()).unwrap();
    let Body::WinRate(data) = &win.body else {
        panic!("not a win rate")
    };
    assert!(data.partner.closed > 0 && data.direct.closed > 0);
    let rate = data.partner.win_rate.unwrap();
    assert!(rate.low <= rate.value && rate.value <= rate.high);
    assert!(win.subtitle.contains('%'), "{}", win.subtitle);
    let csv = data_csv(&win);
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.starts_with("source,closed,won,win_rate"));
}

#[test]
fn the_fan_moves_its_as_of_date_into_the_deals_span() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let (first, last) = ws.forecast_history().unwrap().known_range().unwrap();
    let late = charts::chart(
        &ws,
        "forecast-fan",
        NaiveDate::from_ymd_opt(2040, 1, 1).unwrap(),
    )
    .unwrap();
    assert_eq!(late.as_of, last);
    let early = charts::chart(
        &ws,
        "forecast-fan",
        NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(),
    )
    .unwrap();
    assert_eq!(early.as_of, first);
}

#[test]
fn the_fan_of_any_forecast_keeps_hostile_text_as_text() {
    use partnerboard_core::domain::forecast::{self, Request};
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let history = ws.forecast_history().unwrap();
    let request = Request {
        as_of: Some(history.known_range().unwrap().1),
        window_days: Some(28),
        ..Request::default()
    };
    let (mut f, _) = forecast::run(&history, &request, as_of()).unwrap();
    f.headline = "</text><script>alert(1)</script> & \"Q\"".into();
    let chart = charts::fan_chart(&f);
    assert!(chart.title.starts_with("28-day forecast"));
    let Body::ForecastFan(data) = &chart.body else {
        panic!("not a fan")
    };
    assert_eq!(data.weeks.len(), 4);
    for theme in [
        Theme::default(),
        Theme {
            dark: true,
            brand: (250, 204, 21),
        },
    ] {
        let svg = render_svg(&chart, &theme, 1920, 1080).unwrap();
        let doc = parses(&svg);
        assert!(doc
            .descendants()
            .all(|n| !matches!(n.tag_name().name(), "script" | "text")));
        assert!(doc
            .descendants()
            .filter_map(|n| n.attribute("aria-label"))
            .any(|l| l.starts_with("</text><script>alert(1)</script> & \"Q\"")));
    }
}

#[test]
fn a_partner_named_like_markup_stays_text_in_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("demo.partnerboard")).unwrap();
    conn.execute(
        "UPDATE partners SET name = '</text><script>alert(1)</script>' WHERE id = (SELECT MIN(id) FROM partners)",
        [],
    )
    .unwrap();
    drop(conn);
    for (name, chart) in charts::from_workspace(&ws, as_of()).unwrap() {
        let svg = render_svg(&chart, &Theme::default(), 1920, 1080).unwrap();
        let doc = parses(&svg);
        assert!(
            doc.descendants()
                .all(|n| !matches!(n.tag_name().name(), "script" | "text")),
            "{name}"
        );
    }
}

#[test]
fn win_rate_without_closed_deals_is_an_empty_state() {
    use partnerboard_core::charts::WinRate;
    use partnerboard_core::domain::forecast::compare::Side;
    let side = Side {
        closed: 0,
        won: 0,
        win_rate: None,
        cycle_days: None,
    };
    let data = WinRate {
        partner: side.clone(),
        direct: side,
    };
    let chart = Chart {
        title: "Win rate".into(),
        subtitle: String::new(),
        as_of: as_of(),
        footnote: String::new(),
        body: Body::WinRate(data),
    };
    assert!(chart.body.plot().is_empty());
    let svg = render_svg(&chart, &Theme::default(), 1920, 1080).unwrap();
    assert!(svg.contains("aria-label=\"No closed deals yet"));
}

#[test]
fn the_fan_draws_every_source_and_their_averages_add_up_to_all_sources() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let fan = charts::chart(&ws, "forecast-fan", as_of()).unwrap();
    let Body::ForecastFan(data) = &fan.body else {
        panic!("not a fan")
    };
    let end = data.weeks.last().unwrap();
    assert!(end.influenced.p50 > 0.0, "partner-influenced is drawn");
    for w in &data.weeks {
        let sum = w.partner.mean + w.influenced.mean + w.direct.mean;
        assert!((sum - w.total.mean).abs() <= 1e-6 * w.total.mean.max(1.0));
    }
    let csv = data_csv(&fan);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("partner_influenced_p50"));
    let svg = render_svg(&fan, &Theme::default(), 1920, 1080).unwrap();
    let labels: Vec<String> = parses(&svg)
        .descendants()
        .filter_map(|n| n.attribute("aria-label").map(str::to_string))
        .collect();
    assert!(labels.iter().any(|l| l == "Partner-influenced"));
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Each line is its own P50") && l.contains("all sources")),
        "the chart says which numbers add up"
    );
}

#[test]
fn a_pack_of_a_history_that_ended_earlier_is_drawn_as_of_its_last_day() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let history = ws.forecast_history().unwrap();
    let (_, last) = history.known_range().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    let want = charts::as_of(&history, today);
    assert!(want <= last, "never the wall clock");
    let out = dir.path().join("pack");
    let summary = board_pack(&ws, &out, &Theme::default(), today, &mut |_| true).unwrap();
    assert_eq!(summary.as_of, want);
    let printed = format!("As of {}", want.format("%-d %b %Y"));
    for name in NAMES {
        let svg = std::fs::read_to_string(out.join(format!("{name}.svg"))).unwrap();
        let doc = parses(&svg);
        let root = doc.root_element();
        assert_eq!(
            root.attribute("data-as-of"),
            Some(&*want.to_string()),
            "{name}"
        );
        assert!(
            doc.descendants()
                .any(|n| n.attribute("aria-label") == Some(&*printed)),
            "{name} prints {printed}"
        );
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(&format!("As of {want}.")));
}

#[test]
fn win_rate_without_partner_deals_says_so_in_a_sentence() {
    use partnerboard_core::charts::{WinRate, NO_PARTNER_CLOSED};
    use partnerboard_core::domain::forecast::compare::Side;
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path());
    let Body::WinRate(real) = charts::chart(&ws, "win-rate", as_of()).unwrap().body else {
        panic!("not a win rate")
    };
    let data = WinRate {
        partner: Side {
            closed: 0,
            won: 0,
            win_rate: None,
            cycle_days: None,
        },
        direct: real.direct,
    };
    let chart = charts::win_rate_chart(data, as_of());
    assert_eq!(chart.subtitle, NO_PARTNER_CLOSED);
    assert!(NO_PARTNER_CLOSED.ends_with('.'));
    assert!(!chart.body.plot().is_empty(), "direct deals still draw");
    let svg = render_svg(&chart, &Theme::default(), 1920, 1080).unwrap();
    assert!(parses(&svg)
        .descendants()
        .any(|n| n.attribute("aria-label") == Some(NO_PARTNER_CLOSED)));
}
