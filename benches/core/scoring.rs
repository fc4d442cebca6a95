//! Prioritization and capacity: re-score + re-rank + re-tier of 10,000 partners × 5 factors,
//! allocation + owner assignment to 25 members, and the weight-slider what-if through the
//! real command on a 10,000-partner workspace (all but the window's redraw, which the startup
//! bench measures end to end); each core step also at 1k, 10k and 100k partners.

use crate::report::{self, median_ms, Unit};
use partnerboard::commands::{handler, AppState};
use partnerboard_core::domain::capacity::{allocate, assign, Member};
use partnerboard_core::domain::defaults::TIERS;
use partnerboard_core::domain::demo::generate;
use partnerboard_core::domain::scoring::{assign_tiers, rank, Factor, FactorModel, PartnerScores};
use partnerboard_core::domain::tiers::{Tier, TierRule};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::hint::black_box;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

struct Roster {
    model: FactorModel,
    partners: Vec<PartnerScores>,
    tiers: Vec<Tier>,
}

fn roster(n: usize) -> Roster {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let factors: Vec<Factor> = (0..5)
        .map(|i| Factor {
            id: Some(i + 1),
            name: format!("Factor {i}"),
            description: String::new(),
            weight: rng.random_range(1.0..50.0),
        })
        .collect();
    let partners = (0..n as i64)
        .map(|i| PartnerScores {
            partner_id: i,
            name: format!("Partner {i:06}"),
            scores: (0..5).map(|_| Some(rng.random_range(1..=5u8))).collect(),
        })
        .collect();
    let tiers = TIERS
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
    Roster {
        model: FactorModel::validated(&factors).expect("model"),
        partners,
        tiers,
    }
}

fn rescore_ms(r: &Roster, runs: usize) -> f64 {
    median_ms(runs, || {
        let ranking = rank(black_box(&r.model), black_box(&r.partners));
        black_box(assign_tiers(&r.tiers, &ranking, &Default::default()));
    })
}

/// Allocation + owner assignment: 25 members, a plan short of hours; the top tiers sized
/// with the roster (3% and 15% of it).
fn allocation_ms(r: &Roster, runs: usize) -> f64 {
    let n = r.partners.len();
    let ranking = rank(&r.model, &r.partners);
    let mut plan_tiers = r.tiers.clone();
    plan_tiers[0].rule = TierRule::TopN(n as i64 * 3 / 100);
    plan_tiers[1].rule = TierRule::TopN(n as i64 * 15 / 100);
    let eligible = assign_tiers(&plan_tiers, &ranking, &Default::default());
    let members: Vec<Member> = (0..25)
        .map(|i| Member {
            id: Some(i + 1),
            name: format!("Member {i}"),
            role: String::new(),
            hours_per_month: 120.0,
            carries_partners: true,
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let owners: HashMap<i64, i64> = (0..n as i64)
        .map(|p| (p, 1 + rng.random_range(0..25)))
        .collect();
    let hours = 3000.0 * n as f64 / 10_000.0;
    median_ms(runs, || {
        let a = allocate(&plan_tiers, &ranking, &eligible, hours);
        black_box(assign(&a, &members, &owners));
    })
}

/// The what-if and roster commands through Tauri's IPC on a 10,000-partner demo workspace.
fn commands_ms() -> (f64, f64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    let ws = partnerboard_core::store::create_demo(
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
    (preview, full)
}

pub fn run() {
    report::section("Prioritization and capacity (core)");
    let sizes = [1_000usize, 10_000, 100_000];
    let rosters: Vec<Roster> = sizes.iter().map(|&n| roster(n)).collect();
    let rescore: Vec<f64> = rosters
        .iter()
        .zip([501, 101, 21])
        .map(|(r, runs)| rescore_ms(r, runs))
        .collect();
    let allocation: Vec<f64> = rosters
        .iter()
        .zip([501, 101, 21])
        .map(|(r, runs)| allocation_ms(r, runs))
        .collect();
    let (preview, full) = commands_ms();
    report::budget(
        "re-score + re-rank + re-tier, 10,000 partners × 5 factors",
        Unit::Ms,
        5.0,
        rescore[1],
    );
    report::budget(
        "what-if command, 10,000 partners (no redraw)",
        Unit::Ms,
        50.0,
        preview,
    );
    report::budget(
        "allocation + owner assignment, 10,000 partners, 25 members",
        Unit::Ms,
        20.0,
        allocation[1],
    );
    report::budget(
        "roster load command, 10,000 partners",
        Unit::Ms,
        1000.0,
        full,
    );
    let points = |v: &[f64]| -> Vec<(f64, f64)> {
        sizes
            .iter()
            .map(|&n| n as f64)
            .zip(v.iter().copied())
            .collect()
    };
    report::scaling(
        "re-score + re-rank + re-tier",
        "partners",
        &points(&rescore),
    );
    report::scaling(
        "allocation + owner assignment",
        "partners",
        &points(&allocation),
    );
}
