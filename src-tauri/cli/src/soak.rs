//! `partnerboard-cli soak`: a long run of ordinary edits, one transaction each, for checking
//! that a workspace survives being killed at any moment. Each edit prints a line naming it
//! before it starts (`intent`) and another once its transaction has returned (`done`), so
//! whoever kills the process knows exactly which edits must be in the file and which one
//! may or may not be.
//!
//! Edit `n` is always of kind `n % 4`: a new partner "Soak partner n", a new contact
//! "Soak contact n", a touch noted "soak n", or a deal moved to another stage.

use partnerboard_core::store::{self, ContactDraft, PartnerDraft, TouchDraft, Workspace};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;

pub fn run(file: &Path, start: u64, edits: u64, seed: u64) -> ExitCode {
    match soak(file, start, edits, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say!("{}", json!({ "ok": false, "error": e.to_string() }));
            ExitCode::FAILURE
        }
    }
}

/// One line of the log; the harness reads each the moment it is written.
fn log(line: Value) {
    say!("{line}");
}

fn soak(file: &Path, start: u64, edits: u64, seed: u64) -> store::Result<()> {
    let mut ws = store::open_for_editing(file)?;
    let mut targets = ws.edit_targets()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ start.rotate_left(17));
    let today = partnerboard_core::clock::today();
    for n in start..start.saturating_add(edits) {
        let intent = plan(n, &mut targets, &mut rng);
        let Some(intent) = intent else {
            log(json!({ "n": n, "skipped": "nothing to edit" }));
            continue;
        };
        log(json!({ "n": n, "intent": intent }));
        let id = apply(&mut ws, &intent, today)?;
        match intent["kind"].as_str() {
            Some("partner") => targets.partner_ids.push(id),
            Some("contact") => targets.contact_ids.push(id),
            _ => {}
        }
        log(json!({ "n": n, "done": true, "id": id }));
    }
    Ok(())
}

fn pick(rng: &mut ChaCha8Rng, ids: &[i64]) -> Option<i64> {
    (!ids.is_empty()).then(|| ids[rng.random_range(0..ids.len())])
}

/// What edit `n` will be, as a JSON object the log carries.
fn plan(n: u64, targets: &mut store::EditTargets, rng: &mut ChaCha8Rng) -> Option<Value> {
    match n % 4 {
        0 => {
            let type_id = pick(rng, &targets.type_ids)?;
            Some(
                json!({ "kind": "partner", "name": format!("Soak partner {n}"), "type_id": type_id }),
            )
        }
        1 => {
            let partner = pick(rng, &targets.partner_ids)?;
            Some(
                json!({ "kind": "contact", "name": format!("Soak contact {n}"), "partner_id": partner }),
            )
        }
        2 => {
            let contact = pick(rng, &targets.contact_ids)?;
            Some(json!({ "kind": "touch", "note": format!("soak {n}"), "contact_id": contact }))
        }
        _ => {
            if targets.open_deals.is_empty() || targets.stage_ids.len() < 2 {
                return None;
            }
            let slot = rng.random_range(0..targets.open_deals.len());
            let (deal, current) = targets.open_deals[slot];
            let choices: Vec<i64> = targets
                .stage_ids
                .iter()
                .copied()
                .filter(|s| Some(*s) != current)
                .collect();
            let stage = pick(rng, &choices)?;
            targets.open_deals[slot].1 = Some(stage);
            Some(json!({ "kind": "move", "deal_id": deal, "stage_id": stage }))
        }
    }
}

fn apply(ws: &mut Workspace, intent: &Value, today: chrono::NaiveDate) -> store::Result<i64> {
    let int = |key: &str| intent[key].as_i64().unwrap_or_default();
    let text = |key: &str| intent[key].as_str().unwrap_or_default().to_string();
    match intent["kind"].as_str() {
        Some("partner") => ws.partner_create(
            &PartnerDraft {
                name: text("name"),
                type_id: int("type_id"),
                status: "active".into(),
            },
            today,
        ),
        Some("contact") => ws.contact_save(&ContactDraft {
            id: None,
            partner_id: int("partner_id"),
            name: text("name"),
            role: String::new(),
            email: String::new(),
        }),
        Some("touch") => ws.touch_log(
            &TouchDraft {
                contact_id: int("contact_id"),
                touched_on: today.to_string(),
                channel: "call".into(),
                note: text("note"),
            },
            today,
        ),
        _ => ws
            .move_deal(int("deal_id"), int("stage_id"), today)
            .map(|()| int("deal_id")),
    }
}
