#!/usr/bin/env bash
# Scores search quality on the shared query set (builtin and cncf-en rows): @1, @3, each miss.
#
#   bash benches/quality.sh            # builds the release binary, then scores it
#
# The cncf-en rows search ../shared/corpora/cncf-en.yaml, which is not part of the project;
# the builtin rows are also a test (tests/quality.rs). Uses its own cache folder under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
[ -d "$SHARED/queries" ] || SHARED=/work/shared
cargo build --release --quiet
export XDG_CACHE_HOME="$PWD/target/bench/quality-cache"
unset TECHLEAD_GLOSSARY TECHLEAD_GLOSSARY_CACHE
python3 "$SHARED/queries/eval.py" target/release/techlead-glossary
