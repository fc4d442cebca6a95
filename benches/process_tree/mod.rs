//! Memory of a running program and everything it started, read from /proc: the newest
//! process running `exe`, plus its descendants (WebKit's web and network processes).

use std::collections::HashMap;
use std::path::Path;

/// (pid, parent pid, start time in clock ticks) of every process.
fn processes() -> Vec<(u32, u32, u64)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The command name may hold spaces: the fields after it follow its closing paren.
            let rest = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ppid = fields.get(1)?.parse().ok()?;
            let start = fields.get(19)?.parse().ok()?;
            Some((pid, ppid, start))
        })
        .collect()
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// RSS in MB of the newest process running `exe` and all its descendants, summed.
pub fn rss_mb(exe: &Path) -> Option<f64> {
    let exe = exe.canonicalize().ok()?;
    let all = processes();
    let root = all
        .iter()
        .filter(|(pid, _, _)| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe)
        })
        .max_by_key(|p| p.2)?
        .0;
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (pid, ppid, _) in &all {
        children.entry(*ppid).or_default().push(*pid);
    }
    let mut stack = vec![root];
    let mut kb = 0;
    while let Some(pid) = stack.pop() {
        kb += rss_kb(pid);
        if let Some(c) = children.get(&pid) {
            stack.extend(c);
        }
    }
    Some(kb as f64 / 1024.0)
}
