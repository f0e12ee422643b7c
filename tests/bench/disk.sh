#!/usr/bin/env bash
# Disk benchmark: wall time of `checkup run --only disk` on this machine, and the time the
# usage scan takes over a 100,000-file home folder. Prints median and range of N runs.
#   tests/bench/disk.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
cargo build --quiet --release -p checkup-checks --bin checkup
bin=target/release/checkup
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The runs are kept in a history of their own, never in this user's.
export XDG_DATA_HOME="$work/data"

stats() { # reads numbers (ms), prints median and range
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

wall_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

echo "checkup run --only disk:"
for _ in $(seq "$runs"); do wall_ms "$bin" run --only disk --format json; done | stats

echo "creating a 100,000-file tree..."
python3 - "$work/home" <<'PY'
import os, sys
home = sys.argv[1]
for d in range(200):
    path = os.path.join(home, f"d{d:03}")
    os.makedirs(path)
    for f in range(500):
        with open(os.path.join(path, f"f{f:03}"), "wb") as out:
            out.write(b"x" * 100)
PY
cat > "$work/profile.toml" <<'TOML'
[disk]
warn_free_percent = 100
warn_free_bytes = 9000000000000000000
usage_scan_ms = 8000
TOML
echo "usage scan over 100,000 files (disk.usage duration, from the report):"
for _ in $(seq "$runs"); do
  HOME="$work/home" "$bin" run --only disk.space,disk.usage --format json --profile "$work/profile.toml" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); u=[f for f in r["findings"] if f["id"]=="disk.usage"][0]; e={x["key"]:x["value"] for x in u["evidence"]}; assert e["files_seen"]==100000 and not e["cut_short"], e; print(u["duration_ms"])'
done | stats
