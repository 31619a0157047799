#!/usr/bin/env bash
# One-file rebuild under `pressroom serve`: time from changing one transcript
# to /__pressroom/status reporting a new build version.
#
#   bash bench/incremental.sh ARCHIVE_DIR [--edits N]
#
# Copies nothing: it appends a sentence to the last paragraph of one
# transcript of ARCHIVE_DIR and restores the file afterwards. Prints the time
# of the first (full) build as `serve` reports it, then each edit's time to a
# new version. $PRESSROOM (default target/release/pressroom) is the binary.
# The time includes serve's change detection (it polls every 300 ms and
# walks content/ to fingerprint it), which is what a user waits for.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
archive="" edits=3
while [ $# -gt 0 ]; do
  case "$1" in
    --edits) edits="$2"; shift 2 ;;
    *) archive="$1"; shift ;;
  esac
done
[ -f "$archive/site.toml" ] || { echo "usage: bench/incremental.sh ARCHIVE_DIR [--edits N]" >&2; exit 2; }
pressroom="${PRESSROOM:-$here/../target/release/pressroom}"
file="$(find "$archive/content" -name '*.md' | sort | tail -1)"
backup="$(mktemp)"
cp -p "$file" "$backup"
log="$(mktemp)"

"$pressroom" serve --root "$archive" --port 0 >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  cp -p "$backup" "$file"
  rm -rf "/tmp/pressroom-serve-$pid" "$backup"
}
trap cleanup EXIT

t0="$(date +%s.%N)"
until grep -q '^Serving' "$log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
url="$(grep -o 'http://[^/ ]*' "$log" | head -1)"
echo "first build (full, as serve runs it): $(grep -o 'Built in [0-9]* ms' "$log" | head -1), serving after $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-6) s"

version() { curl -s "$url/__pressroom/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }
for i in $(seq 1 "$edits"); do
  v="$(version)"
  sleep 1
  t0="$(date +%s.%N)"
  printf '\n\nPress Secretary: An edit for the rebuild benchmark, number %s.\n' "$i" >> "$file"
  while [ "$(version)" = "$v" ]; do sleep 0.02; done
  t1="$(date +%s.%N)"
  echo "edit $i: new version after $(echo "($t1 - $t0) * 1000" | bc -l | cut -d. -f1) ms (load $(cut -d' ' -f1 /proc/loadavg))"
done
grep -o 'Built in [0-9]* ms' "$log" | tail -n +2 | sed 's/^/  serve: /'
