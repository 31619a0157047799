#!/usr/bin/env bash
# Search benchmark (not a test; see bench/RESULTS.md): builds synthetic
# archives of 1,000 and 10,000 transcripts and the wh-briefings corpus in
# $BENCH_DIR (default /tmp/pressroom-bench), then measures index size, bytes
# transferred and query time in Chromium with bench/measure.mjs, for the
# test queries and the common-word queries, as served and with 50 ms a
# request (<name>.json, <name>-50ms.json; bench/report.py --search puts the
# two side by side).
#
#   bash scripts/bench-search.sh [1000|10000|wh ...]   (default: all three)
#
# Needs what scripts/test.sh needs (Chromium, tests/browser/node_modules),
# about 3 GB of disk for 10,000 transcripts, and some minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir="${BENCH_DIR:-/tmp/pressroom-bench}"
corpus="${CORPUS:-/work/shared/corpora/wh-briefings}"
mkdir -p "$dir"
bash scripts/install-browser-deps.sh
cargo build --release --quiet --bin pressroom --example synth --example single_index
bin=target/release/pressroom

for what in "${@:-1000 10000 wh}"; do
  for w in $what; do
    case "$w" in
      wh)
        rm -rf "$dir/wh"
        python3 bench/wh_archive.py "$corpus" "$dir/wh"
        ;;
      *)
        rm -rf "$dir/$w"
        target/release/examples/synth --transcripts "$w" --out "$dir/$w"
        ;;
    esac
    rm -rf "$dir/$w-site"
    "$bin" build --root "$dir/$w" --output "$dir/$w-site" --verbose
    # The unsharded index (search/single.json) for the relevance comparison;
    # skipped at 10,000 transcripts, where it is too big to load in node.
    [ "$w" = 10000 ] || target/release/examples/single_index "$dir/$w" "$dir/$w-site"
    node bench/measure.mjs "$dir/$w-site" bench/queries.json bench/queries-common-words.json > "$dir/$w.json"
    LATENCY=50 node bench/measure.mjs "$dir/$w-site" bench/queries.json bench/queries-common-words.json > "$dir/$w-50ms.json"
    echo "results: $dir/$w.json $dir/$w-50ms.json"
    rm -rf "$dir/$w"
  done
done
