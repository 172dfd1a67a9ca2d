#!/usr/bin/env bash
# Makes the README's pictures with the tool's own commands:
#   show-terminal.png   `show "tech lead"` in a 92×38 terminal (tmux), paged by less, as drawn
#   html-export.png     `export` opened in Chromium at the technical-lead entry
#   graph-technical-lead.png   `graph technical-lead | dot -Tpng`
# Needs tmux, less, graphviz, chromium, node (tests/browser's npm packages).
# Usage: docs/make-images.sh [OUTPUT_DIR]      (default: docs/images)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/docs/images}" && cd "${1:-$root/docs/images}" && pwd)"
work="$(mktemp -d)"
trap 'tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --quiet --locked --manifest-path "$root/Cargo.toml"
bin_dir="$root/target/debug"

# The terminal: an interactive bash in tmux; type the command, let less draw the first page.
tmux -S "$work/tmux.sock" -f /dev/null new-session -d -x 92 -y 38 \
    "env -u PAGER -u TECHLEAD_GLOSSARY_PAGER -u LESS -u NO_COLOR TERM=xterm-256color PATH='$bin_dir':\"\$PATH\" PS1='\$ ' bash --norc --noprofile -i"
sleep 0.5
tmux -S "$work/tmux.sock" send-keys -l 'techlead-glossary show "tech lead"'
tmux -S "$work/tmux.sock" send-keys Enter
for _ in $(seq 100); do
    tmux -S "$work/tmux.sock" capture-pane -p | grep -q '^:' && break
    sleep 0.1
done
tmux -S "$work/tmux.sock" capture-pane -p -e >"$work/screen.ansi"
tmux -S "$work/tmux.sock" send-keys q

"$bin_dir/techlead-glossary" export >"$work/glossary.html"
"$bin_dir/techlead-glossary" graph technical-lead | dot -Tpng -Gdpi=96 -o "$out/graph-technical-lead.png"

browser="$root/tests/browser"
[[ -d "$browser/node_modules/playwright-core" ]] || (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
node "$browser/readme-images.mjs" "$work/screen.ansi" "$work/glossary.html" "$out"
echo "made: $out/show-terminal.png $out/html-export.png $out/graph-technical-lead.png"
