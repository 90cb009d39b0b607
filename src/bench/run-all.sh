#!/usr/bin/env bash
# The benchmark suite behind docs/PERFORMANCE.md: the exporter side by side with node_exporter's textfile collector.
# Usage: bash src/bench/run-all.sh [--quick] [--only NAME...]   (after ./mvnw -B -DskipTests package)
#   full (default): about 25 minutes; writes target/bench/full/results.json, docs/PERFORMANCE.md and the figures of
#                   README.md's Performance paragraph.
#   --quick:        a few minutes of short runs on small data; writes target/bench/quick/results.json and
#                   target/bench/quick/PERFORMANCE.md only (a smoke test of the suite, not figures to publish).
# Not part of ./mvnw verify. Needs: prometheus promtool prometheus-node-exporter wrk hyperfine python3 taskset curl
# (apt-get install -y prometheus prometheus-node-exporter wrk hyperfine python3 util-linux curl); podman for the
# image start-up row (skipped without it, or without exporter/target/runner-metrics-exporter-image.tar).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode=full
args=()
for a in "$@"; do
  case "$a" in
    --quick) mode=quick; args+=(--quick) ;;
    *) args+=("$a") ;;
  esac
done

missing=()
for tool in java python3 prometheus promtool prometheus-node-exporter wrk hyperfine taskset; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if (( ${#missing[@]} )); then
  echo "run-all.sh: missing ${missing[*]}: apt-get install -y prometheus prometheus-node-exporter wrk hyperfine" \
    "python3 util-linux" >&2
  exit 1
fi
for f in exporter/target/quarkus-app/quarkus-run.jar src/catalogue/target/runner-metrics-catalogue-0.1.0-SNAPSHOT.jar; do
  [[ -f "$repo/$f" ]] || { echo "run-all.sh: $f missing; run ./mvnw -B -DskipTests package first" >&2; exit 1; }
done

out="$repo/target/bench/$mode"
mkdir -p "$out"
echo "run-all.sh: $mode run, load average $(cut -d' ' -f1-3 /proc/loadavg); results in $out" >&2
# suite.py stops every process it started and removes its temp dir on exit, also on Ctrl-C or TERM.
python3 "$repo/src/bench/suite.py" "${args[@]}" --out "$out"
if [[ "$mode" == full ]]; then
  mkdir -p "$repo/docs/performance"
  cp "$out/results.json" "$repo/docs/performance/results.json"
  python3 "$repo/src/bench/render.py" "$out/results.json" "$repo/docs/PERFORMANCE.md" "$repo/README.md"
  echo "run-all.sh: wrote docs/PERFORMANCE.md and README.md's Performance paragraph from $out/results.json" >&2
else
  python3 "$repo/src/bench/render.py" "$out/results.json" "$out/PERFORMANCE.md"
  echo "run-all.sh: wrote $out/PERFORMANCE.md" >&2
fi
