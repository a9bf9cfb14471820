#!/usr/bin/env bash
# Whole-process scan benchmark.
#
#   benches/scan.sh DIR [DIR…]
#
# For each DIR: Strata's full scan (best of 5 runs, wall time and peak RSS),
# the parse-only cost of the same Terraform files (examples/parse_only.rs),
# and Checkov on the same directory when `checkov` is on PATH (install it in
# a throwaway virtualenv: `python3 -m venv /tmp/peers && /tmp/peers/bin/pip
# install checkov`, then `PATH=/tmp/peers/bin:$PATH benches/scan.sh …`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin strata --example parse_only
strata=target/release/strata
parse_only=target/release/examples/parse_only

now() { date +%s.%N; }

for dir in "$@"; do
  files=$(find "$dir" -name '*.tf' -not -path '*/.terraform/*' -not -path '*/.git/*' | wc -l)
  bytes=$(find "$dir" -name '*.tf' -not -path '*/.terraform/*' -not -path '*/.git/*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  if [ "$files" -eq 0 ]; then
    echo "== $dir: no Terraform files"
    continue
  fi
  best=999999
  for _ in 1 2 3 4 5; do
    start=$(now)
    "$strata" scan "$dir" --format json --output /tmp/strata-bench.json >/dev/null 2>&1 || true
    end=$(now)
    best=$(echo "$end - $start" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  # strata exits 1 when it finds something: not a failure here.
  rss=$( (/usr/bin/time -f '%M' "$strata" scan "$dir" --format json --output /tmp/strata-bench.json 2>&1 >/dev/null || true) | tail -1)
  findings=$(python3 -c 'import json;print(json.load(open("/tmp/strata-bench.json"))["summary"]["findings"])')
  echo "== $dir: $files .tf files, $((bytes / 1024)) KiB"
  awk -v t="$best" -v f="$files" -v b="$bytes" -v r="$rss" -v n="$findings" 'BEGIN {
    printf "strata scan     %8.3f s  %9.0f files/s  %7.1f MB/s  peak RSS %d MB  %d findings\n", t, f/t, b/t/1e6, r/1024, n }'
  "$parse_only" "$dir"
  if command -v checkov >/dev/null 2>&1; then
    start=$(now)
    checkov -d "$dir" --framework terraform --quiet --compact -o json >/tmp/checkov-bench.json 2>/dev/null || true
    end=$(now)
    awk -v t="$(echo "$end - $start" | bc -l)" -v s="$best" 'BEGIN {
      printf "checkov         %8.3f s  (strata is %.0fx faster)\n", t, t/s }'
  fi
done
