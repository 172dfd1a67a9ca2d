#!/usr/bin/env bash
# Measures the figures of SPEC §8 on this machine and prints them as a table of ratios.
#
#   bash benches/run.sh            # everything (about 5 minutes, most of it Python on 400 MB)
#   QUICK=1 bash benches/run.sh    # skip the 100,000-entry rows
#
# Needs: cargo, python3, hyperfine (installed from Debian if missing), PyYAML with libyaml
# (installed with pip if missing), GNU time at /usr/bin/time. Writes its files under
# target/bench/ and uses its own cache folder there, so the user's cache is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=target/bench
GEN=${GEN:-../shared/bench/gen-glossary.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen-glossary.py
RUNS=${RUNS:-200}
mkdir -p "$WORK"
export XDG_CACHE_HOME="$PWD/$WORK/cache"
unset TECHLEAD_GLOSSARY TECHLEAD_GLOSSARY_CACHE

say() { printf '\n== %s\n' "$*" >&2; }

if ! command -v hyperfine >/dev/null; then
    say "installing hyperfine"
    apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time"
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if ! python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null; then
    say "installing PyYAML"
    pip install --quiet pyyaml
fi
python3 -c 'import yaml; yaml.CSafeLoader' || {
    echo "PyYAML has no CSafeLoader (libyaml) here; the Python baseline would not be fair" >&2
    exit 1
}

say "building"
cargo build --release --quiet
cargo build --release --quiet --example bare-parse
rustc -C opt-level=3 -o "$WORK/hello" benches/baselines/hello.rs
TOOL=target/release/techlead-glossary
BARE=target/release/examples/bare-parse
HELLO=$WORK/hello

for n in 10000 100000; do
    [ -n "${QUICK:-}" ] && [ "$n" = 100000 ] && continue
    if [ ! -s "$WORK/g$n.yaml" ]; then
        say "generating $n entries"
        python3 "$GEN" "$n" >"$WORK/g$n.yaml"
    fi
done
G10=$WORK/g10000.yaml
G100=$WORK/g100000.yaml
SLUG10=$(grep -m1 -o 'slug: term-5000-[a-z]*' "$G10" | cut -d' ' -f2)
QUERY=observabilty # one letter short of a word the glossary has: found only as a typo
PLAIN="how does the ledger pipeline handle incidents" # a question in plain words

# A file changed a minute ago: its cache is built once and then kept (and written back to disk,
# so that writeback does not run under the timings that follow).
settle() {
    touch -d '-1 minute' "$1"
    # The cache keeps no file whose status changed under two seconds ago (touch changes it).
    sleep 2.1
    "$TOOL" -g "$1" show "$2" >/dev/null
    # A first search writes the search index into the cache file; a first show leaves it out.
    "$TOOL" -g "$1" search "$2" >/dev/null
    sync
}

peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

hf() { # name, hyperfine arguments...
    local name=$1
    shift
    hyperfine -N --style basic --export-json "$WORK/$name.json" "$@" >&2
}

# The commands that read the whole glossary (SPEC §8, issue 14 items 10 and 11), cache warm:
# median times into whole$1.json, peak memory into memory.txt. `check` may find problems in a
# generated glossary, so its exit code is not held against it.
whole() { # suffix, glossary, a slug, runs
    local n=$1 g=$2 slug=$3 runs=$4 c
    hf "whole$n" --warmup 1 --runs "$runs" \
        -n "list$n" "$TOOL -g $g list" \
        -n "categories$n" "$TOOL -g $g categories" \
        -n "tags$n" "$TOOL -g $g tags" \
        -n "related$n" "$TOOL -g $g related $slug" \
        -n "export$n" "$TOOL -g $g export --format html"
    hf "check$n" --warmup 1 --runs "$runs" -i -n "check$n" "$TOOL check $g"
    for c in list categories tags; do
        echo "$c$n $(peak_kb "$TOOL" -g "$g" "$c")" >>"$MEM"
    done
    echo "related$n $(peak_kb "$TOOL" -g "$g" related "$slug")" >>"$MEM"
    echo "export$n $(peak_kb "$TOOL" -g "$g" export --format html)" >>"$MEM"
    echo "check$n $(peak_kb "$TOOL" check "$g")" >>"$MEM"
}

# Eight first runs at once on a cold cache (issue 14 item 6): the sum of their peak memories,
# which bounds what they held together, and the slowest one's time, into parallel.txt.
eight() { # name, glossary, a slug
    local name=$1 g=$2 slug=$3 i
    rm -rf "$XDG_CACHE_HOME/techlead-glossary"
    for i in 1 2 3 4 5 6 7 8; do
        /usr/bin/time -f '%e %M' -o "$WORK/$name.$i.txt" "$TOOL" -g "$g" show "$slug" >/dev/null &
    done
    wait
    cat "$WORK/$name".[1-8].txt |
        awk -v name="$name" '{ kb += $2; if ($1 > s) s = $1 } END { print name, kb, s }' \
            >>"$WORK/parallel.txt"
}

say "repeated lookups, 10,000 entries"
settle "$G10" "$SLUG10"
hf repeated10 --warmup 20 --runs "$RUNS" \
    -n hello "$HELLO" \
    -n bundled "$TOOL show technical-lead" \
    -n show10 "$TOOL -g $G10 show $SLUG10" \
    -n grep10 "grep -F -m1 $SLUG10 $G10" \
    -n search10 "$TOOL -g $G10 search $QUERY" \
    -n plain10 "$TOOL -g $G10 search '$PLAIN'"

say "first show after the file changed, 10,000 entries"
# `touch` before each run: the cache no longer matches, so every run parses and compiles.
hf first10 --warmup 1 --runs 10 \
    -n bare10 "$BARE $G10" \
    -n first10 --prepare "touch $G10" "$TOOL -g $G10 show $SLUG10"
settle "$G10" "$SLUG10"

say "Python and PyYAML (CSafeLoader), 10,000 entries"
hf python10 --runs 3 -n python10 "python3 benches/baselines/pyyaml_show.py $G10 $SLUG10"

MEM="$WORK/memory.txt"
: >"$MEM"
echo "hello $(peak_kb "$HELLO")" >>"$MEM"
echo "show10 $(peak_kb "$TOOL" -g "$G10" show "$SLUG10")" >>"$MEM"
echo "search10 $(peak_kb "$TOOL" -g "$G10" search "$QUERY")" >>"$MEM"
echo "plain10 $(peak_kb "$TOOL" -g "$G10" search "$PLAIN")" >>"$MEM"
echo "bundled $(peak_kb "$TOOL" show technical-lead)" >>"$MEM"
touch "$G10"
echo "first10 $(peak_kb "$TOOL" -g "$G10" show "$SLUG10")" >>"$MEM"
echo "bare10 $(peak_kb "$BARE" "$G10")" >>"$MEM"
: >"$WORK/parallel.txt"
say "eight first runs at once, 10,000 entries"
eight eight10 "$G10" "$SLUG10"
settle "$G10" "$SLUG10"

say "whole-glossary commands, 10,000 entries, cache warm"
whole 10 "$G10" "$SLUG10" 10

say "completion on Tab, 10,000 entries, cache warm"
(
    export _TECHLEAD_GLOSSARY_COMPLETE=fish _CLAP_COMPLETE_INDEX=4
    hf complete10 --warmup 5 --runs 50 -n complete10 "$TOOL -- techlead-glossary -g $G10 show term-50"
)

say "scan: a 1 MB Markdown document against the bundled glossary"
DOC1=$WORK/doc1.md
[ -s "$DOC1" ] || python3 benches/gen-document.py 1 >"$DOC1"
hf scan1 --warmup 5 --runs 50 -n scan1 "$TOOL scan $DOC1"

if [ -z "${QUICK:-}" ]; then
    SLUG100=$(grep -m1 -o 'slug: term-50000-[a-z]*' "$G100" | cut -d' ' -f2)
    say "100,000 entries: first run"
    touch "$G100"
    /usr/bin/time -f '%e %M' -o "$WORK/first100.txt" "$TOOL" -g "$G100" show "$SLUG100" >/dev/null
    echo "first100 $(cut -d' ' -f2 "$WORK/first100.txt")" >>"$MEM"
    settle "$G100" "$SLUG100"
    say "100,000 entries: repeated lookups"
    hf repeated100 --warmup 20 --runs "$RUNS" \
        -n hello "$HELLO" \
        -n show100 "$TOOL -g $G100 show $SLUG100" \
        -n search100 "$TOOL -g $G100 search $QUERY" \
        -n plain100 "$TOOL -g $G100 search '$PLAIN'"
    echo "show100 $(peak_kb "$TOOL" -g "$G100" show "$SLUG100")" >>"$MEM"
    echo "search100 $(peak_kb "$TOOL" -g "$G100" search "$QUERY")" >>"$MEM"
    echo "plain100 $(peak_kb "$TOOL" -g "$G100" search "$PLAIN")" >>"$MEM"
    say "100,000 entries: whole-glossary commands, cache warm (a few minutes)"
    whole 100 "$G100" "$SLUG100" 3
    say "100,000 entries: eight first runs at once"
    eight eight100 "$G100" "$SLUG100"
    settle "$G100" "$SLUG100"
    settle "$G10" "$SLUG10"
    say "scan: a 10 MB Markdown document against 100,000 entries, cache warm"
    DOC10=$WORK/doc10.md
    [ -s "$DOC10" ] || python3 benches/gen-document.py 10 --terms 100000 >"$DOC10"
    hf scan100 --warmup 1 --runs 5 -n scan100 "$TOOL -g $G100 scan $DOC10"
    say "100,000 entries: Python and PyYAML (about a minute and a half)"
    /usr/bin/time -f '%e %M' -o "$WORK/python100.txt" \
        python3 benches/baselines/pyyaml_show.py "$G100" "$SLUG100" >/dev/null
    echo "python100 $(cut -d' ' -f2 "$WORK/python100.txt")" >>"$MEM"
fi

say "results"
python3 benches/report.py "$WORK"
