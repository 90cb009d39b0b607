#!/usr/bin/env bash
# The newcomer's one command: replay a self-hosted runner into a temp dir and run the exporter on it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$repo_root/exporter/target/quarkus-app/quarkus-run.jar"
demo_jar="$repo_root/src/demo/target/runner-metrics-demo.jar"
port="${METRICS_PORT:-9091}"
# The demo plays GitHub too: signed webhook deliveries to the exporter's receiver. A demo value, not a secret.
webhook_secret="runner-metrics-demo-secret"
# ...and its REST API: the organisation's runner listing on the loopback interface, for the exporter's API client.
api_port="${DEMO_GITHUB_API_PORT:-$((port + 1))}"
api_token="runner-metrics-demo-token" # a demo value, not a GitHub token

command -v java >/dev/null || { echo "run.sh: Java 17 or newer is required" >&2; exit 1; }

# app-cds.jsa: the AppCDS archive `package` trains for the jar; the JVM uses it when the jar is run from its own
# folder by this name (JDK 17 checks the class path as given), and says so and starts without it if it does not fit.
if [[ ! -f "$jar" || ! -f "$demo_jar" ]]; then
  echo "Building the exporter and the demo (first run only)..."
  (cd "$repo_root" && ./mvnw -B -q package -DskipTests)
fi

runner_dir="$(mktemp -d "${TMPDIR:-/tmp}/runner-metrics-demo-runner.XXXXXX")"
state_dir="$(mktemp -d "${TMPDIR:-/tmp}/runner-metrics-demo-state.XXXXXX")"
replay_pid=""

cleanup() {
  # Background jobs of a non-interactive shell ignore Ctrl-C, so stop the replay explicitly.
  if [[ -n "$replay_pid" ]]; then
    kill "$replay_pid" 2>/dev/null || true
    wait "$replay_pid" 2>/dev/null || true
  fi
  rm -rf "$runner_dir" "$state_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Copy the bundled runner root ourselves so the exporter's first pass already sees the older
# logs, whatever the start-up race between the two JVMs.
cp -R "$repo_root/src/demo/runner/." "$runner_dir/"
GITHUB_WEBHOOK_SECRET="$webhook_secret" GITHUB_TOKEN="$api_token" java -jar "$demo_jar" "$runner_dir" \
  --webhook "http://127.0.0.1:$port/webhooks/github" --github-api "$api_port" &
replay_pid=$!
# The exporter's first poll comes at once: let the replay's API listen first (a few seconds at most).
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break
  kill -0 "$replay_pid" 2>/dev/null || { echo "run.sh: the replay stopped (is port $api_port free?)" >&2; exit 1; }
  sleep 0.2
done

cat <<INFO

Runner Metrics demo
  simulated runner root : $runner_dir  (logs in _diag/)
  exporter state        : $state_dir
  metrics               : curl -s localhost:$port/metrics | grep ^github_runner
  cache counters        : curl -s localhost:$port/metrics | grep -E 'cache_requests|step_pages'
  GitHub webhooks       : curl -s localhost:$port/metrics | grep -E '^github_(deployment|runner_queue|runner_workflow)|webhook_deliveries'
  GitHub REST API       : curl -s localhost:$port/metrics | grep -E 'fleet|github_api'
  health                : curl -s localhost:$port/health
About 12 jobs are replayed over the next two minutes, then the runner stays idle. What each job
wrote to _diag/pages (cache restores: the ground truth for the counters) is printed as it ends.
The replay also plays GitHub: for each job that runs, workflow_job webhooks (queued, in progress,
completed: queue time), and four production deployments (one fails, the next restores it: DORA).
It serves GitHub's REST API listing of the organisation's runners too (127.0.0.1:$api_port), which the
exporter polls every 10 s: the fleet online and busy, API requests and the rate limit left.
Ctrl-C stops the exporter and the replay and removes both temp dirs.

INFO

RUNNER_DIR="$runner_dir" STATE_DIR="$state_dir" RUNNER_TYPE=standard METRICS_PORT="$port" \
  GITHUB_WEBHOOK_SECRET="$webhook_secret" \
  RUNNER_METRICS_GITHUB_API_ENABLED=true RUNNER_METRICS_GITHUB_API_BASE_URL="http://127.0.0.1:$api_port" \
  RUNNER_METRICS_GITHUB_API_ORG=acme RUNNER_METRICS_GITHUB_API_POLL_INTERVAL=10s GITHUB_TOKEN="$api_token" \
  bash -c 'cd "$(dirname "$1")" && exec java -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar' _ "$jar"
