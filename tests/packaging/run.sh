#!/usr/bin/env bash
# Where teams keep their glossaries, tried for real (run by .ci/run, as root):
#   1. the crate packs, and its verify build from the unpacked crate succeeds;
#   2. the Debian package builds, lintian finds no error, it installs, and then `show`, `man -w`
#      and bash completion from the installed file work as a user would use them;
#   3. the pre-commit hook passes a good glossary and fails a broken one, printing check's lines.
# Needs: cargo-deb, lintian, man-db, bash-completion-free bash, git, pre-commit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "packaging: FAIL: $*" >&2; exit 1; }
step() { echo "packaging: $*"; }

step "cargo package"
cargo package --locked --quiet
crate=$(ls target/package/techlead-glossary-*.crate)
step "packed crate: $(du -k "$crate" | cut -f1) KiB ($crate)"
if tar -tzf "$crate" | grep -E '/(tests|docs|benches|fuzz)/' >/dev/null; then
    fail "the crate holds test corpora, screenshots or benchmarks"
fi

step "Debian package"
bash packaging/deb.sh --quiet
deb=$(ls -t target/debian/techlead-glossary_*.deb | head -n 1)
step "built $deb"
# Errors fail the build; warnings and notes are printed for the record.
lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" || fail "lintian reports errors"
dpkg -i "$deb" >/dev/null
installed() { dpkg -s techlead-glossary >/dev/null 2>&1; }
cleanup_pkg() { installed && dpkg -r techlead-glossary >/dev/null; rm -rf "$work"; }
trap cleanup_pkg EXIT
[ "$(command -v techlead-glossary)" = /usr/bin/techlead-glossary ] || fail "not installed in /usr/bin"
(cd "$work" && env -u TECHLEAD_GLOSSARY HOME="$work" XDG_CACHE_HOME="$work/cache" \
    /usr/bin/techlead-glossary show technical-lead --no-pager | head -n 1 | grep -qx 'Technical Lead Jobs') \
    || fail "show technical-lead from the installed binary"
[ "$(man -w techlead-glossary)" = /usr/share/man/man1/techlead-glossary.1.gz ] || fail "man -w"
for f in /usr/share/bash-completion/completions/techlead-glossary \
         /usr/share/zsh/vendor-completions/_techlead-glossary \
         /usr/share/fish/vendor_completions.d/techlead-glossary.fish \
         /usr/share/doc/techlead-glossary/copyright; do
    [ -s "$f" ] || fail "missing $f"
done
# bash completes `show tech<Tab>` through the installed completion file.
got=$(cd "$work" && env -u TECHLEAD_GLOSSARY HOME="$work" XDG_CACHE_HOME="$work/cache" bash --norc -c '
    source /usr/share/bash-completion/completions/techlead-glossary
    COMP_WORDS=(techlead-glossary show tech); COMP_CWORD=2; COMP_LINE="techlead-glossary show tech"
    COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
    _clap_complete_techlead_glossary techlead-glossary tech show
    printf "%s\n" "${COMPREPLY[@]}"')
grep -qx 'technical-lead' <<<"$got" || fail "bash completion of 'show tech' gave: $got"
step "installed: show, man -w and bash completion work"
dpkg -r techlead-glossary >/dev/null

step "pre-commit hook"
repo="$work/team-repo"
mkdir -p "$repo"
cd "$repo"
git init -q
git config user.email ci@example.invalid
git config user.name CI
printf 'entries:\n  - slug: a\n    title: A\n    category: c\n    summary: An entry.\n    related: [b]\n  - slug: b\n    title: B\n    category: c\n    summary: Another.\n    related: [a]\n' > glossary.yaml
printf 'entries:\n  - slug: c\n    title: C\n    category: c\n    summary: Broken.\n    related: [nowhere]\n' > glossary-broken.yaml
git add . && git commit -qm glossaries
export PRE_COMMIT_HOME="$work/pre-commit-home"
if ! out=$(pre-commit try-repo "$root" techlead-glossary-check --files glossary.yaml 2>&1); then
    echo "$out"; fail "the hook failed a good glossary"
fi
if out=$(pre-commit try-repo "$root" techlead-glossary-check --files glossary-broken.yaml 2>&1); then
    echo "$out"; fail "the hook passed a broken glossary"
fi
grep -q "glossary-broken.yaml:6: error: entry 1 (c): related 'nowhere' matches no entry" <<<"$out" \
    || { echo "$out"; fail "the hook did not print check's line"; }
step "pre-commit: good passes, broken fails with check's lines"
echo "packaging: ok"
