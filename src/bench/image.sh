#!/usr/bin/env bash
# Size of the exporter image, and start time and memory of its container with the image's JVM flags and without.
# Usage: bash src/bench/image.sh [jobs] [scrapes]   (after ./mvnw -B package; needs podman: apt-get install podman)
# Runs podman as ImageIT does (runc, host network, explicit ulimits) on a private storage in a temp dir. The RSS is
# the container's java process as the host sees it (/proc/PID/status VmRSS), after the scrapes and 5 s of rest.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tar="$repo/exporter/target/runner-metrics-exporter-image.tar"
jobs="${1:-1000}"
scrapes="${2:-500}"
port="${METRICS_PORT:-19191}"
[[ -f "$tar" ]] || { echo "image.sh: $tar missing; run ./mvnw -B package first" >&2; exit 1; }
command -v podman >/dev/null || { echo "image.sh: podman is required (apt-get install podman)" >&2; exit 1; }
work="$(mktemp -d)"
pod=(podman --root "$work/storage" --runroot "$work/run")
cleanup() {
  "${pod[@]}" rm -af >/dev/null 2>&1 || true
  "${pod[@]}" rmi -af >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

java "$repo/src/bench/History.java" "$work/runner" "$jobs"
image="$("${pod[@]}" load -q -i "$tar" | sed -n 's/^Loaded image: //p' | head -1)"
defaults="$("${pod[@]}" image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" \
  | sed -n 's/^JDK_JAVA_OPTIONS=//p')"
no_cds="$(echo "$defaults" | sed 's/ *-XX:SharedArchiveFile=[^ ]*//')"

# measure LABEL [podman run options…]
measure() {
  local label="$1"; shift
  rm -rf "$work/state"; mkdir -m 777 "$work/state"
  local start; start=$(date +%s%N)
  "${pod[@]}" --runtime runc run -d --name bench --network host \
    --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
    -e METRICS_PORT="$port" -v "$work/runner:/runner:ro" -v "$work/state:/var/lib/runner-metrics" \
    "$@" "$image" >/dev/null
  local tries=0
  until curl -sf -o /dev/null "localhost:$port/q/health/ready"; do
    sleep 0.02; tries=$((tries + 1))
    if (( tries > 3000 )); then "${pod[@]}" logs bench >&2; exit 1; fi
  done
  local ready; ready=$(date +%s%N)
  for _ in $(seq 1 "$scrapes"); do curl -s -o /dev/null -H 'Accept: text/plain' "localhost:$port/metrics"; done
  sleep 5
  local pid; pid="$("${pod[@]}" inspect --format '{{.State.Pid}}' bench)"
  local rss; rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  local uid; uid=$(awk '/^Uid/ {print $2}' "/proc/$pid/status")
  local quarkus; quarkus="$("${pod[@]}" logs bench 2>&1 | grep -o 'started in [0-9.]*s' | head -1)"
  "${pod[@]}" rm -f -t 10 bench >/dev/null
  printf '%-44s RSS %4s MiB   run -> ready %5d ms (%s)   uid %s\n' "$label" "$rss" \
    $(( (ready - start) / 1000000 )) "$quarkus" "$uid"
}

echo "image:        $image"
echo "tar:          $(( $(stat -c %s "$tar") / 1000000 )) MB ($(stat -c %s "$tar") bytes, gzip layers)"
echo "loaded:       $(( $("${pod[@]}" image inspect --format '{{.Size}}' "$image") / 1000000 )) MB (uncompressed, podman images)"
echo "flags:        JDK_JAVA_OPTIONS=$defaults"
echo "history:      $jobs jobs; $scrapes scrapes before the RSS is read"
measure "image defaults (flags above, AppCDS)"
measure "same flags without AppCDS" -e JDK_JAVA_OPTIONS="$no_cds"
measure "JVM defaults (JDK_JAVA_OPTIONS empty)" -e JDK_JAVA_OPTIONS=
measure "JVM defaults, container limit 256 MiB" -e JDK_JAVA_OPTIONS= --memory 256m
echo "runtime:      jlinked from $(java -version 2>&1 | head -1) (the build JDK)"
echo "cpus:         $(nproc); memory: $(free -m | awk '/Mem:/ {print $2}') MiB"
