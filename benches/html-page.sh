#!/usr/bin/env bash
# Times the exported web page in headless Chromium on generated glossaries of 2,000 and 10,000
# entries: when the filter box is usable after navigation starts, the slowest keystroke of a
# typed query to an updated list, and Escape (clear). Prints one JSON line per size, medians of
# RUNS page loads. A benchmark, not a test: it measures the machine it runs on.
#
#   bash benches/html-page.sh                 # both sizes, 3 runs each
#   SIZES=2000 RUNS=5 bash benches/html-page.sh
#   BIN=/path/to/older/techlead-glossary bash benches/html-page.sh   # the same for another build
#
# Needs chromium, node and npm (tests/browser's packages, installed on first run) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=target/bench-html
GEN=${GEN:-../shared/bench/gen-glossary.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen-glossary.py
mkdir -p "$WORK"
export XDG_CACHE_HOME="$PWD/$WORK/cache"
unset TECHLEAD_GLOSSARY TECHLEAD_GLOSSARY_CACHE

if [[ -z "${BIN:-}" ]]; then
    cargo build --quiet --locked --release
    BIN=target/release/techlead-glossary
fi
if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
for n in ${SIZES:-2000 10000}; do
    [[ -s "$WORK/g$n.yaml" ]] || python3 "$GEN" "$n" >"$WORK/g$n.yaml"
    "$BIN" --glossary "$WORK/g$n.yaml" export >"$WORK/g$n.html"
    (cd tests/browser && node bench-page.mjs "$PWD/../../$WORK/g$n.html" "${RUNS:-3}")
done
