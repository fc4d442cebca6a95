//! Prioritization and capacity budgets (release build): re-score + re-rank + re-tier of 10,000
//! partners × 5 factors and allocation + assignment to 25 members in the core, and the weight-slider what-if through the real command on a
//! 10,000-partner workspace (everything but the window's redraw, which `cargo bench --bench
//! startup` measures end to end).
//!
//! `cargo bench --bench scoring`

use partnerboard::commands::{handler, AppState};
use partnerboard::domain::capacity::{allocate, assign, Member};
use partnerboard::domain::defaults::TIERS;
use partnerboard::domain::demo::generate;
use partnerboard::domain::scoring::{assign_tiers, rank, Factor, FactorModel, PartnerScores};
use partnerboard::domain::tiers::{Tier, TierRule};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn row(what: &str, budget: f64, measured: f64) {
    println!(
        "{what:<58} {budget:>7.1} ms {measured:>9.3} ms {:>7.3}",
        measured / budget
    );
}

fn main() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let factors: Vec<Factor> = (0..5)
        .map(|i| Factor {
            id: Some(i + 1),
            name: format!("Factor {i}"),
            description: String::new(),
            weight: rng.random_range(1.0..50.0),
        })
        .collect();
    let model = FactorModel::validated(&factors).expect("model");
    let partners: Vec<PartnerScores> = (0..10_000)
        .map(|i| PartnerScores {
            partner_id: i,
            name: format!("Partner {i:05}"),
            scores: (0..5).map(|_| Some(rng.random_range(1..=5u8))).collect(),
        })
        .collect();
    let tiers: Vec<Tier> = TIERS
        .iter()
        .map(|t| Tier {
            id: None,
            name: t.name.into(),
            rule: t.rule,
            cadence: t.cadence,
            hours_per_partner: t.hours_per_partner,
            benefits: String::new(),
        })
        .collect();
    let core = median_ms(101, || {
        let ranking = rank(black_box(&model), black_box(&partners));
        black_box(assign_tiers(&tiers, &ranking));
    });

    // Allocation + owner assignment: 10,000 ranked partners, 25 members, a plan short of hours.
    let ranking = rank(&model, &partners);
    let mut plan_tiers = tiers.clone();
    plan_tiers[0].rule = TierRule::TopN(300);
    plan_tiers[1].rule = TierRule::TopN(1500);
    let eligible = assign_tiers(&plan_tiers, &ranking);
    let members: Vec<Member> = (0..25)
        .map(|i| Member {
            id: Some(i + 1),
            name: format!("Member {i}"),
            role: String::new(),
            hours_per_month: 120.0,
        })
        .collect();
    let owners: HashMap<i64, i64> = (0..10_000)
        .map(|p| (p, 1 + rng.random_range(0..25)))
        .collect();
    let allocation_ms = median_ms(101, || {
        let a = allocate(&plan_tiers, &ranking, &eligible, 3000.0);
        black_box(assign(&a, &members, &owners));
    });

    // The what-if command on a 10,000-partner demo workspace, through Tauri's IPC.
    let dir = tempfile::tempdir().expect("temp dir");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let ws = partnerboard::store::create_demo(
        &dir.path().join("big.partnerboard"),
        &generate(10_000, 7, as_of),
    )
    .expect("demo");
    let app = mock_builder()
        .manage(AppState::default())
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .expect("app");
    app.state::<AppState>().set_workspace(ws);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    let call = |cmd: &str, args: Value| -> Value {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&window, request)
            .expect("command succeeds")
            .deserialize::<Value>()
            .expect("json")
    };
    let saved = call("prioritization_get", json!({}));
    let mut draft: Vec<Value> = saved["factors"].as_array().expect("factors").clone();
    let mut step = 0;
    let preview = median_ms(31, || {
        step += 1;
        draft[0]["weight"] = json!(1 + step % 90);
        let out = call(
            "prioritization_preview",
            json!({ "factors": draft, "tiers": null }),
        );
        black_box(out["ids"].as_array().map(Vec::len));
    });
    let full = median_ms(11, || {
        black_box(call("prioritization_get", json!({})));
    });

    println!(
        "{:<58} {:>10} {:>12} {:>7}",
        "measure (median)", "budget", "measured", "ratio"
    );
    row(
        "re-score + re-rank + re-tier, 10,000 partners × 5 factors",
        5.0,
        core,
    );
    row(
        "what-if command, 10,000-partner workspace (no redraw)",
        50.0,
        preview,
    );
    row(
        "allocation + owner assignment, 10,000 partners, 25 members",
        20.0,
        allocation_ms,
    );
    row(
        "roster load command, 10,000-partner workspace",
        1000.0,
        full,
    );
}
