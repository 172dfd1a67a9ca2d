#!/usr/bin/env bash
# Builds the Debian package: target/debian/techlead-glossary_VERSION_ARCH.deb.
# The man page and the completion scripts are written by the binary itself, so they always match
# it; cargo-deb (`cargo install --locked cargo-deb`) then packs them with the binary.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
assets=target/assets
rm -rf "$assets"
mkdir -p "$assets"
# Run by its bare name, so the completion scripts call the installed `techlead-glossary` on PATH.
PATH="$PWD/target/release:$PATH"
techlead-glossary manpage | gzip -9n > "$assets/techlead-glossary.1.gz"
techlead-glossary completions bash > "$assets/techlead-glossary.bash"
techlead-glossary completions zsh > "$assets/_techlead-glossary"
techlead-glossary completions fish > "$assets/techlead-glossary.fish"
cargo deb --locked --no-build "$@"
