#!/usr/bin/env bash
# Browser checks of `export --format html` and `graph --format mermaid` in a real Chromium:
# screenshots of the bundled glossary's page at desktop and phone widths, then end-to-end tests
# (Playwright driving Debian's /usr/bin/chromium).
#
# Usage: tests/browser/run.sh [OUTPUT_DIR]     (default: target/browser)
# Needs: chromium (Debian package), node and npm; installs its npm packages on first run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-$root/target/browser}" && cd "${1:-$root/target/browser}" && pwd)"
chromium="${CHROMIUM:-$(command -v chromium || true)}"
if [[ -z "$chromium" ]]; then
    echo "error: chromium not found; install Debian's chromium package or set CHROMIUM" >&2
    exit 2
fi

cargo build --quiet --locked --manifest-path "$root/Cargo.toml"
bin="$root/target/debug/techlead-glossary"
"$bin" export >"$out/glossary.html"
"$bin" export --format json >"$out/glossary.json"
"$bin" --glossary "$root/tests/fixtures/markup.yaml" export >"$out/markup.html"
"$bin" graph technical-lead --format mermaid >"$out/technical-lead.mmd"
"$bin" graph --format mermaid >"$out/glossary.mmd"
"$bin" --glossary "$root/tests/fixtures/markup.yaml" graph --format mermaid >"$out/markup.mmd"

# The flags keep a headless Chromium from reaching for the network (there is none here) and
# from reusing any profile.
screenshot() { # WIDTH HEIGHT NAME
    local profile
    profile="$(mktemp -d)"
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        --hide-scrollbars --window-size="$1,$2" --screenshot="$out/$3.png" \
        "file://$out/glossary.html" 2>/dev/null
    rm -rf "$profile"
    [[ -s "$out/$3.png" ]] || { echo "error: no screenshot $3.png" >&2; exit 1; }
    echo "screenshot: $out/$3.png (${1}x$2)"
}
screenshot 1280 900 desktop
screenshot 390 844 phone

if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/mermaid" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
cd "$here"
BROWSER_OUT="$out" CHROMIUM="$chromium" node --test --test-reporter=spec e2e.test.mjs
