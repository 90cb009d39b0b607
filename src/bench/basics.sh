#!/usr/bin/env bash
# Start time, memory and scrape latency of the packaged exporter on a generated runner history.
# Usage: bash src/bench/basics.sh [jobs] [scrapes]   (after ./mvnw -B package -DskipTests)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$repo/exporter/target/quarkus-app/quarkus-run.jar"
jobs="${1:-1000}"
scrapes="${2:-500}"
port="${METRICS_PORT:-19091}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# A runner history of $jobs jobs in the runner's own line format (one Runner log, one Worker log per job).
java "$repo/src/bench/History.java" "$work/runner" "$jobs"

start=$(date +%s%N)
RUNNER_DIR="$work/runner" STATE_DIR="$work/state" METRICS_PORT="$port" java -jar "$jar" >"$work/exporter.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "localhost:$port/q/health/ready"; do sleep 0.02; done
ready=$(date +%s%N)
counted=$(curl -s -H 'Accept: text/plain' "localhost:$port/metrics" | awk '/^github_runner_jobs_total/ {s += $2} END {print s}')

for _ in $(seq 1 "$scrapes"); do
  curl -s -o /dev/null -H 'Accept: text/plain' -w '%{time_total}\n' "localhost:$port/metrics"
done | sort -n > "$work/latency.txt"
p50=$(awk -v n="$scrapes" 'NR == int(n * 0.50) {print $1 * 1000}' "$work/latency.txt")
p99=$(awk -v n="$scrapes" 'NR == int(n * 0.99) {print $1 * 1000}' "$work/latency.txt")
size=$(curl -s -H 'Accept: text/plain' "localhost:$port/metrics" | wc -c)

# Event latency: append one more finished job to the Runner log, poll /metrics until it is counted.
total() { curl -s -H 'Accept: text/plain' "localhost:$port/metrics" | awk '/^github_runner_jobs_total/ {s += $2} END {print s}'; }
before=$(total)
log=$(ls "$work"/runner/_diag/Runner_*.log | head -1)
ts=$(date -u '+%Y-%m-%d %H:%M:%SZ')
written=$(date +%s%N)
printf '[%s INFO JobDispatcher] Job request 0 for plan p job latency-probe received.\n[%s INFO JobDispatcher] finish job request for job latency-probe with result: Succeeded\n' "$ts" "$ts" >> "$log"
until [ "$(total)" != "$before" ]; do sleep 0.005; done
seen=$(date +%s%N)
sleep 5
rss=$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$pid/status")

echo "jobs in history:           $jobs (counted: $counted)"
echo "start to ready (first pass done): $(( (ready - start) / 1000000 )) ms"
echo "scrape latency over $scrapes scrapes: p50 ${p50} ms, p99 ${p99} ms (curl, loopback, ${size} bytes)"
echo "job line written -> counted in /metrics: $(( (seen - written) / 1000000 )) ms (poll interval 250 ms)"
echo "RSS after the scrapes:     ${rss} MiB"
echo "java:                      $(java -version 2>&1 | head -1)"
echo "cpus:                      $(nproc)"
