#!/usr/bin/env bash
# The whole test suite: Rust unit, golden and end-to-end tests, then the
# real-browser search tests against the example archive, built at / and
# under a project subpath (and the paging test against a synthetic archive
# of 40 transcripts). Installs the browser and npm packages the
# browser tests need when they are missing (see install-browser-deps.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-browser-deps.sh

cargo test --release

site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
cargo run --release --quiet -- build --output "$site/root"
cargo run --release --quiet -- build --output "$site/sub" --base-url /nato-archive/
# search/single.json: the unsharded index, for the ranking comparison test.
for out in "$site/root" "$site/sub"; do
  cargo run --release --quiet --example single_index -- . "$out" >/dev/null
done
# More transcripts than a page of search results shows, for the paging test.
cargo run --release --quiet --example synth -- --transcripts 40 --seed 3 --out "$site/synth-archive" >/dev/null
cargo run --release --quiet -- build --root "$site/synth-archive" --output "$site/synth" >/dev/null

export PRESSROOM_QUERY=Srebrenica
export PRESSROOM_EXPECT='2022-01-12-nato-russia-council/#q4'
PRESSROOM_SITE="$site/root" PRESSROOM_BASE=/ PRESSROOM_PAGING_SITE="$site/synth" node --test tests/browser/
PRESSROOM_SITE="$site/sub" PRESSROOM_BASE=/nato-archive/ node --test tests/browser/
