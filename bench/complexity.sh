#!/usr/bin/env bash
# The complexity benchmark of issue 18: for each dimension an input can grow
# along (speakers and exchanges in a transcript, people and outlets across
# the archive, paragraph length, characters to escape, HTML nesting, number
# of files), build (or import) at size n and 4n with the release binary and
# compare wall time and peak memory (/usr/bin/time). Linear work grows about
# 4×; a row above 5× is marked SUPERLINEAR.
#
#   bench/complexity.sh [DIMENSION...]      (default: all)
#
# Prints a Markdown table (bench/COMPLEXITY.md keeps the last one). Env:
# PRESSROOM (the binary; default target/release/pressroom), SCALE (divides
# every n, for a quick run: SCALE=4).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${PRESSROOM:-target/release/pressroom}
SCALE=${SCALE:-1}
[ -x "$BIN" ] || { echo "build the binary first: cargo build --release" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# dimension, n, what is run (build | import | import-refused)
ROWS=(
  "speakers 1000 build"
  "exchanges 10000 build"
  "people 2000 build"
  "outlets 2000 build"
  "paragraph 1000000 build"
  "escapes 1000000 build"
  "html-depth 100 import"
  "html-depth 25000 import-refused"
  "files 1000 build"
)

# run KIND INPUT: prints "seconds peak_kB" of one run.
run() {
  local kind=$1 input=$2 status=0
  case $kind in
    build) /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" build --quiet --root "$input" --output "$WORK/out" >/dev/null 2>"$WORK/err" || status=$? ;;
    import*) rm -rf "$WORK/imported"
      /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" import --quiet --content-dir "$WORK/imported" "$input" >/dev/null 2>"$WORK/err" || status=$? ;;
  esac
  if [ "$kind" = import-refused ]; then
    [ $status -ne 0 ] && grep -q "max-html-depth" "$WORK/err" || { echo "expected a refusal: $(cat "$WORK/err")" >&2; exit 1; }
  elif [ $status -ne 0 ]; then
    echo "$kind $input failed: $(cat "$WORK/err")" >&2; exit 1
  fi
  tail -1 "$WORK/time"
}

echo "| dimension | run | n | 4n | time n (s) | time 4n (s) | × time | peak n (MB) | peak 4n (MB) | × memory | |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do
  read -r dim n kind <<<"$row"
  if [ $# -gt 0 ] && [[ " $* " != *" $dim "* ]]; then continue; fi
  n=$((n / SCALE))
  results=()
  for size in $n $((4 * n)); do
    input="$WORK/$dim-$size"
    [ "$dim" = html-depth ] && input="$input.html"
    rm -rf "$input" "$WORK/out"
    python3 bench/complexity_inputs.py "$dim" "$size" "$input"
    results+=("$(run "$kind" "$input")")
    rm -rf "$input" "$WORK/out"
  done
  read -r t1 m1 <<<"${results[0]}"
  read -r t4 m4 <<<"${results[1]}"
  awk -v dim="$dim" -v kind="$kind" -v n="$n" -v t1="$t1" -v t4="$t4" -v m1="$m1" -v m4="$m4" 'BEGIN {
    # Times under 0.05 s are mostly start-up: compared from 0.05 s.
    bt1 = t1 < 0.05 ? 0.05 : t1; bt4 = t4 < 0.05 ? 0.05 : t4
    rt = bt4 / bt1; rm = m4 / m1
    verdict = (rt > 5 || rm > 5) ? "SUPERLINEAR" : "ok"
    printf "| %s | %s | %d | %d | %.2f | %.2f | %.1f | %.0f | %.0f | %.1f | %s |\n", dim, kind, n, 4 * n, t1, t4, rt, m1 / 1024, m4 / 1024, rm, verdict
  }'
done
