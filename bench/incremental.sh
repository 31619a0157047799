#!/usr/bin/env bash
# One-file rebuild under `pressroom serve`: time from changing one transcript
# to /__pressroom/status reporting a new build version.
#
#   bash bench/incremental.sh ARCHIVE_DIR [--edits N] [--file NAME] [--output DIR] [--verbose]
#
# Copies nothing: it appends a sentence to the last paragraph of one
# transcript of ARCHIVE_DIR (the last one by name, or content/NAME) and
# restores the file afterwards. Prints the time of the first (full) build as
# `serve` reports it, then each edit's time to a new version. With
# --verbose, serve runs with -v and each rebuild's stage timings are printed
# (the `rebuild` line is the time from the change being noticed to the
# pages written). $PRESSROOM (default target/release/pressroom) is the
# binary. The time to a new version includes serve's change detection and
# this script's 20 ms polling of the status, which is what a user waits for.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
archive="" edits=3 name="" output="" verbose=""
while [ $# -gt 0 ]; do
  case "$1" in
    --edits) edits="$2"; shift 2 ;;
    --file) name="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --verbose) verbose="-v"; shift ;;
    *) archive="$1"; shift ;;
  esac
done
[ -f "$archive/site.toml" ] || { echo "usage: bench/incremental.sh ARCHIVE_DIR [--edits N] [--file NAME] [--output DIR] [--verbose]" >&2; exit 2; }
pressroom="${PRESSROOM:-$here/../target/release/pressroom}"
if [ -n "$name" ]; then file="$archive/content/$name"; else file="$(find "$archive/content" -name '*.md' | sort | tail -1)"; fi
[ -f "$file" ] || { echo "no such transcript: $file" >&2; exit 2; }
backup="$(mktemp)"
cp -p "$file" "$backup"
log="$(mktemp)"

args=(serve --root "$archive" --port 0)
[ -n "$output" ] && args+=(--output "$output")
# shellcheck disable=SC2086
"$pressroom" $verbose "${args[@]}" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  cp -p "$backup" "$file"
  rm -rf "/tmp/pressroom-serve-$pid" "$backup" "$log"
}
trap cleanup EXIT

t0="$(date +%s.%N)"
until grep -q '^Serving' "$log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
url="$(grep -o 'http://[^/ ]*' "$log" | head -1)"
echo "edited file: ${file#"$archive"/}"
echo "first build (full, as serve runs it): $(grep -o 'Built in [0-9]* ms' "$log" | head -1), serving after $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-6) s"

version() { curl -s "$url/__pressroom/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }
indexed() { curl -s "$url/__pressroom/status" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["indexed"] == s["version"])'; }
for i in $(seq 1 "$edits"); do
  until [ "$(indexed)" = True ]; do sleep 0.1; done
  v="$(version)"
  sleep 1
  lines="$(wc -l <"$log")"
  t0="$(date +%s.%N)"
  printf '\n\nPress Secretary: An edit for the rebuild benchmark, number %s.\n' "$i" >> "$file"
  while [ "$(version)" = "$v" ]; do sleep 0.02; done
  t1="$(date +%s.%N)"
  echo "edit $i: new version after $(echo "($t1 - $t0) * 1000" | bc -l | cut -d. -f1) ms (load $(cut -d' ' -f1 /proc/loadavg))"
  if [ -n "$verbose" ]; then
    until tail -n +"$((lines + 1))" "$log" | grep -q '^Built in'; do sleep 0.1; done
    tail -n +"$((lines + 1))" "$log" | sed 's/^/  /'
  fi
done
grep -o 'Built in [0-9]* ms.*' "$log" | tail -n +2 | sed 's/^/  serve: /'
