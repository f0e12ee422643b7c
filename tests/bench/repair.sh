#!/usr/bin/env bash
# Repair benchmark: what offering and making the trash repair costs over a 10,000-entry trash.
#  - disk.space's duration with the trash listed (every disk counts as low, by the profile);
#  - the wall time of `checkup run --only disk.space --fix --yes disk.empty_trash`, which
#    deletes the 10,000 entries and checks again.
# Prints median and range of N runs.
#   tests/bench/repair.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
cargo build --quiet --release -p checkup-checks --bin checkup
bin=target/release/checkup
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The runs keep their history, their trash and their caches in the work folder.
export XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
mkdir -p "$HOME"

stats() { # reads numbers (ms), prints median and range
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

fill_trash() {
  python3 - "$XDG_DATA_HOME/Trash" <<'PY'
import os, sys
trash = sys.argv[1]
os.makedirs(os.path.join(trash, "files"), exist_ok=True)
os.makedirs(os.path.join(trash, "info"), exist_ok=True)
for n in range(10000):
    name = f"old-{n:05}.txt"
    with open(os.path.join(trash, "files", name), "wb") as out:
        out.write(b"x" * 2000)
    with open(os.path.join(trash, "info", name + ".trashinfo"), "w") as out:
        out.write(f"[Trash Info]\nPath=/home/x/{name}\nDeletionDate=2026-12-01T10:00:00\n")
PY
}

cat > "$work/profile.toml" <<'TOML'
[disk]
warn_free_percent = 100
warn_free_bytes = 9000000000000000000
TOML

fill_trash
echo "disk.space with a 10,000-entry trash listed (its duration, from the report):"
for _ in $(seq "$runs"); do
  "$bin" run --only disk.space --format json --no-history --profile "$work/profile.toml" \
    | python3 -c '
import json, sys
r = json.load(sys.stdin)
home = [f for f in r["findings"] if f["id"] == "disk.space" and any(e["key"] == "trash_entries" for e in f["evidence"])][0]
e = {x["key"]: x["value"] for x in home["evidence"]}
assert e["trash_entries"] == 10000, e
assert any(o["id"] == "disk.empty_trash" for o in home["repairs_offered"]), home
print(home["duration_ms"])'
done | stats

echo "emptying it: checkup run --only disk.space --fix --yes disk.empty_trash (wall time):"
for _ in $(seq "$runs"); do
  fill_trash
  start=$(date +%s%N)
  "$bin" run --only disk.space --format json --no-history --profile "$work/profile.toml" \
    --fix --yes disk.empty_trash > "$work/out.json" || true
  end=$(date +%s%N)
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert [d["id"] for d in r["repairs_done"]] == ["disk.empty_trash"], r["repairs_done"]
' "$work/out.json"
  left=$(find "$XDG_DATA_HOME/Trash/files" -mindepth 1 | wc -l)
  [ "$left" = 0 ] || { echo "the trash still holds $left entries" >&2; exit 1; }
  echo $(((end - start) / 1000000))
done | stats
