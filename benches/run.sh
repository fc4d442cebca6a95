#!/usr/bin/env bash
# The whole benchmark run, end to end: builds the release binaries, runs the core suite (with
# the sqlite3 and matplotlib peers and the scaling runs), then the window's cold start, idle
# memory and slider under Xvfb beside a minimal Tauri window, and prints one table at the end.
#
#   benches/run.sh            # everything
#   benches/run.sh --quick    # without the 100× scaling runs
#
# Nothing here uses the network. Peers that are missing are named in the table, not faked.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--quick" ]]; then
  export PARTNERBOARD_BENCH_QUICK=1
fi
table="$(mktemp -t partnerboard-bench.XXXXXX)"
export PARTNERBOARD_BENCH_TABLE="$table"
trap 'rm -f "$table"' EXIT

say() { printf '\n== %s\n' "$*" >&2; }

say "peers available on this machine"
if command -v sqlite3 >/dev/null; then
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1)" >&2
else
  echo "sqlite3 shell: absent (apt-get install sqlite3); the import peer will be skipped" >&2
fi
if python3 -c 'import matplotlib' 2>/dev/null; then
  echo "matplotlib $(python3 -c 'import matplotlib; print(matplotlib.__version__)')" >&2
else
  echo "matplotlib: absent (pip install matplotlib); the chart peer will be skipped" >&2
fi

{
  echo "# Partnerboard benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores · $(uname -sr)"
  echo "# ratio = measured cost / budget: at most 1.00 meets the budget (throughput inverted)"
} >>"$table"

say "building (release): the app, the floor window, the benches"
cargo build --release --bin partnerboard
# The shipped build's size, before the bench build (with test-only features) replaces it.
size="$(stat -c %s target/release/partnerboard)"
awk -v b="$size" 'BEGIN { printf "release binary, cargo build --release: %.1f MB (budget ≤ 20 MB, ratio %.2f)\n", b / 1048576, b / 1048576 / 20 }' >>"$table"
cargo build --release --example floor_window
cargo bench --no-run

say "core suite: cargo bench --bench core"
cargo bench --bench core

say "import memory: cargo bench -p partnerboard-core --bench import_memory"
cargo bench -p partnerboard-core --bench import_memory

say "window: cargo bench --bench startup"
cargo bench --bench startup

say "the full table"
cat "$table"
