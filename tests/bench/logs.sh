#!/usr/bin/env bash
# Log step benchmark: how long one read of the system journal takes the way Checkup reads it
# (one journalctl call, JSON, since an hour ago, the DNS services, newest 5000 lines), on a
# large generated journal read with --file; and one read of the whole kernel ring buffer.
# Prints median and range of N runs. Needs systemd-journal-remote; the kernel part needs root.
#   tests/bench/logs.sh [ENTRIES] [RUNS]
set -euo pipefail
entries=${1:-1000000}
runs=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || remote=/usr/lib/systemd/systemd-journal-remote

stats() { # reads numbers (ms), prints median and range
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

echo "generating a journal of $entries entries over the last day..."
python3 - "$work/stream.export" "$entries" <<'PY'
import sys, time
path, n = sys.argv[1], int(sys.argv[2])
now = int(time.time() * 1e6)
units = [b"NetworkManager.service", b"sshd.service", b"cron.service", b"systemd-resolved.service", b"gdm.service"]
with open(path, "wb") as out:
    for i in range(n):
        ts = now - 86_400_000_000 + i * (86_400_000_000 // n)
        unit = units[i % len(units)]
        out.write(b"__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_SYSTEMD_UNIT=%s\nMESSAGE=entry %d of a busy machine, some words to make it realistic\n\n" % (ts, ts, unit, i))
PY
"$remote" --output="$work/big.journal" "$work/stream.export" >/dev/null 2>&1
du -h "$work"/*.journal | tail -1

since=$(( $(date +%s) - 3600 ))
# Exactly the arguments checks::journal_args gives for the dns excerpt, plus --file.
args=(--output=json --no-pager --quiet "--since=@$since" --lines=5000 "--file=$work/*.journal"
      _SYSTEMD_UNIT=dnsmasq.service + _SYSTEMD_UNIT=systemd-resolved.service)
lines=$(journalctl "${args[@]}" | wc -l)
echo "journalctl, the DNS services, the last hour ($lines lines):"
for _ in $(seq "$runs"); do
  start=$(date +%s%N); journalctl "${args[@]}" >/dev/null; end=$(date +%s%N)
  echo $(((end - start) / 1000000))
done | stats

if [ -r /dev/kmsg ]; then
  echo "the whole kernel ring buffer ($(dd if=/dev/kmsg iflag=nonblock bs=16k 2>/dev/null | wc -l) records):"
  for _ in $(seq "$runs"); do
    start=$(date +%s%N); dd if=/dev/kmsg iflag=nonblock bs=16k of=/dev/null 2>/dev/null || true; end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | stats
fi
