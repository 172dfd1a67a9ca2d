//! The registration scripts for bash, zsh and fish: clap_complete's, plus quoting.
//!
//! Completed values may hold spaces and shell syntax (`Cloud & Operations`). clap_complete's
//! scripts hand the tool the word as typed (`Cloud\ \&\ O`, `'Cl`) and insert values as they
//! come, so a value with a space became two words. These scripts unquote the word before asking
//! and let the shell quote what it inserts: bash escapes each value with `printf %q` (or, after an
//! opening quote, leaves it to readline, which closes the quote), zsh and fish quote for the
//! context themselves once they match. The protocol with the tool (variables, `--`, separators)
//! is clap_complete's, so its answering side is used unchanged.

use std::borrow::Cow;
use std::io::{self, Write};

const BASH: &str = r#"
_clap_complete_NAME() {
    local IFS=$'\013'
    local _CLAP_COMPLETE_INDEX=${COMP_CWORD}
    local _CLAP_COMPLETE_COMP_TYPE=${COMP_TYPE}
    if compopt +o nospace 2> /dev/null; then
        local _CLAP_COMPLETE_SPACE=false
    else
        local _CLAP_COMPLETE_SPACE=true
    fi
    local words=("${COMP_WORDS[@]}")
    # After an opening quote readline passes the word unquoted and quotes what it inserts;
    # otherwise the word comes as typed, backslashes and all, and the values need escaping.
    local quoted=false
    case ${COMP_WORDS[COMP_CWORD]} in
        \"* | \'*) quoted=true ;;
    esac
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        local word="$2"
        if [[ $quoted == false ]]; then
            word=
            local i
            for ((i = 0; i < ${#2}; i++)); do
                if [[ "${2:i:1}" == '\' ]]; then
                    ((i++))
                fi
                word+="${2:i:1}"
            done
        fi
        words[COMP_CWORD]="$word"
    fi
    COMPREPLY=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$_CLAP_COMPLETE_INDEX" \
        _CLAP_COMPLETE_COMP_TYPE="$_CLAP_COMPLETE_COMP_TYPE" \
        _CLAP_COMPLETE_SPACE="$_CLAP_COMPLETE_SPACE" \
        VAR="bash" \
        "COMPLETER" -- "${words[@]}" \
    ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ $quoted == false ]]; then
        local j
        for j in "${!COMPREPLY[@]}"; do
            printf -v 'COMPREPLY[j]' '%q' "${COMPREPLY[j]}"
        done
    fi
    if [[ $_CLAP_COMPLETE_SPACE == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_NAME BIN
else
    complete -o nospace -o bashdefault -F _clap_complete_NAME BIN
fi
"#;

const ZSH: &str = r#"#compdef BIN
function _clap_dynamic_completer_NAME() {
    local _CLAP_COMPLETE_INDEX=$(expr $CURRENT - 1)
    local _CLAP_IFS=$'\n'
    # The word as typed may hold quotes and backslashes; the tool matches its plain text, and
    # compadd quotes each value for where it goes.
    local -a args=("${words[@]}")
    args[CURRENT]="${(Q)PREFIX}"

    local completions=("${(@f)$( \
        _CLAP_IFS="$_CLAP_IFS" \
        _CLAP_COMPLETE_INDEX="$_CLAP_COMPLETE_INDEX" \
        VAR="zsh" \
        COMPLETER -- "${args[@]}" 2>/dev/null \
    )}")

    if [[ -n $completions ]]; then
        local -a dirs=()
        local -a other=()
        local completion
        for completion in $completions; do
            local value="${completion%%:*}"
            if [[ "$value" == */ ]]; then
                local dir_no_slash="${value%/}"
                if [[ "$completion" == *:* ]]; then
                    local desc="${completion#*:}"
                    dirs+=("$dir_no_slash:$desc")
                else
                    dirs+=("$dir_no_slash")
                fi
            else
                other+=("$completion")
            fi
        done
        [[ -n $dirs ]] && _describe -V 'values' dirs -S '/' -r '/'
        [[ -n $other ]] && _describe -V 'values' other
    fi
}

compdef _clap_dynamic_completer_NAME BIN"#;

/// Writes the bash script: `name` names its function, `bin` is the command completed and
/// `completer` the program run on Tab.
pub fn bash(
    out: &mut dyn Write,
    var: &str,
    name: &str,
    bin: &str,
    completer: &str,
) -> io::Result<()> {
    writeln!(out, "{}", fill(BASH, var, name, bin, completer))
}

/// A script template with its names filled in, in one pass (a path holding `BIN` or `VAR` stays
/// as it is): the completer shell-quoted, the function name made of word characters.
fn fill(template: &str, var: &str, name: &str, bin: &str, completer: &str) -> String {
    let completer = shlex::try_quote(completer).unwrap_or(Cow::Borrowed(completer));
    let function = name.replace('-', "_");
    let values = [
        ("NAME", function.as_str()),
        ("COMPLETER", &completer),
        ("BIN", bin),
        ("VAR", var),
    ];
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some((at, placeholder, value)) = values
        .iter()
        .filter_map(|&(p, v)| rest.find(p).map(|at| (at, p, v)))
        .min_by_key(|&(at, ..)| at)
    {
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + placeholder.len()..];
    }
    out.push_str(rest);
    out
}

/// Writes the zsh script, as [`bash`].
pub fn zsh(
    out: &mut dyn Write,
    var: &str,
    name: &str,
    bin: &str,
    completer: &str,
) -> io::Result<()> {
    let bin = shlex::try_quote(bin).unwrap_or(Cow::Borrowed(bin));
    writeln!(out, "{}", fill(ZSH, var, name, &bin, completer))
}

/// Writes the fish script, as [`bash`]. `string unescape` turns the token as typed (`'Cl`,
/// `Cloud\ \&\ O`) into its text; fish quotes the values it inserts.
pub fn fish(out: &mut dyn Write, var: &str, bin: &str, completer: &str) -> io::Result<()> {
    writeln!(
        out,
        r#"complete --keep-order --exclusive --command {bin} --arguments "({var}=fish {completer} -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token | string unescape))""#,
        bin = fish_quote(bin, false),
        completer = fish_quote(completer, true),
    )
}

/// Quotes `s` for fish. `twice`: for the `--arguments` string, which fish reads once when the
/// script is sourced and again on each Tab, so each special character is escaped for both.
fn fish_quote(s: &str, twice: bool) -> Cow<'_, str> {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '/' | '_' | '-' | '.' | ',' | '+' | '=' | ':' | '@')
        });
    if plain {
        return Cow::Borrowed(s);
    }
    let mut quoted = String::from("'");
    for c in s.chars() {
        match (c, twice) {
            ('\\', false) => quoted.push_str(r"\\"),
            ('\'', false) => quoted.push_str(r"\'"),
            ('\\', true) => quoted.push_str(r"\\\\"),
            ('\'', true) => quoted.push_str(r"\\'"),
            ('"', true) => quoted.push_str(r#"\""#),
            ('$', true) => quoted.push_str(r"\$"),
            _ => quoted.push(c),
        }
    }
    quoted.push('\'');
    Cow::Owned(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        let filled = fill(
            "NAME BIN VAR=x COMPLETER",
            "COMPLETE",
            "tech-lead",
            "tl",
            "/opt/BIN/VAR dir/tl",
        );
        assert_eq!(filled, "tech_lead tl COMPLETE=x '/opt/BIN/VAR dir/tl'");
    }
}
