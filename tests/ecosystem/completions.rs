//! `completions`: scripts for five shells, whose completions come from the active glossary.

use crate::harness;
use crate::support::{Terminal, bin, fixture, have, sh_quote, stdout, tool};

/// Completes `words` (the last one being completed) with the bash script, as bash's
/// programmable completion calls it, and returns what it offers.
fn bash_complete(words: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let script = stdout(&tool().args(["completions", "bash"]).output().unwrap());
    let quoted: Vec<String> = words.iter().map(|w| sh_quote(w)).collect();
    let current = sh_quote(words[words.len() - 1]);
    let previous = sh_quote(if words.len() > 1 {
        words[words.len() - 2]
    } else {
        "techlead-glossary"
    });
    let program = format!(
        "{script}\n\
         COMP_WORDS=(techlead-glossary {words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9\n\
         handler=$(complete -p techlead-glossary | sed 's/.*-F \\([^ ]*\\) .*/\\1/')\n\
         \"$handler\" techlead-glossary {current} {previous}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        cword = words.len(),
    );
    let mut cmd = harness::command("bash");
    cmd.args(["--norc", "--noprofile", "-c", &program]);
    cmd.envs(env.iter().copied());
    let output = cmd.output().expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// What is offered besides the flags (which an empty word also completes to).
fn values(offered: Vec<String>) -> Vec<String> {
    offered
        .into_iter()
        .filter(|o| !o.starts_with('-'))
        .collect()
}

#[test]
fn bash_completes_slugs_of_the_bundled_glossary() {
    if !have("bash") {
        return;
    }
    assert_eq!(
        bash_complete(&["show", "tech"], &[]),
        [
            "tech-lead-manager",
            "tech-radar",
            "technical-debt",
            "technical-due-diligence",
            "technical-hiring",
            "technical-lead",
            "technical-program-manager"
        ]
    );
    assert_eq!(
        bash_complete(&["related", "technical-l"], &[]),
        ["technical-lead"]
    );
    assert_eq!(bash_complete(&["graph", "kube"], &[]), ["kubernetes"]);
}

#[test]
fn bash_completes_categories_tags_commands_and_flags() {
    if !have("bash") {
        return;
    }
    assert_eq!(
        bash_complete(&["search", "lead", "--category", "Car"], &[]),
        ["Careers"]
    );
    assert_eq!(
        bash_complete(&["list", "--tag", "leaders"], &[]),
        ["leadership"]
    );
    assert_eq!(bash_complete(&["gr"], &[]), ["graph"]);
    assert_eq!(
        bash_complete(&["export", "--format", ""], &[]),
        ["html", "markdown", "json"]
    );
    assert!(bash_complete(&["show", "--no-"], &[]).contains(&"--no-pager".to_string()));
}

#[test]
fn completions_follow_the_glossary_the_command_line_names() {
    if !have("bash") {
        return;
    }
    let short = fixture("short.yaml");
    assert_eq!(
        values(bash_complete(&["--glossary", &short, "show", ""], &[])),
        ["short"]
    );
    assert_eq!(
        values(bash_complete(&["show", "-g", &short, ""], &[])),
        ["short"]
    );
    assert_eq!(
        values(bash_complete(
            &["show", ""],
            &[("TECHLEAD_GLOSSARY", &short)]
        )),
        ["short"]
    );
    assert_eq!(
        bash_complete(
            &["list", "--category", ""],
            &[("TECHLEAD_GLOSSARY", &short)]
        ),
        ["Tests"]
    );
    // A glossary that cannot be read offers nothing, and prints nothing into the command line.
    assert_eq!(
        bash_complete(&["-g", "/no/such/file.yaml", "show", "t"], &[]),
        Vec::<String>::new()
    );
}

/// Pressing Tab twice in an interactive bash, as a person would.
#[test]
fn tab_in_an_interactive_bash_offers_technical_lead() {
    if !have("bash") || !have("tmux") {
        return;
    }
    let dir = bin().parent().unwrap().display().to_string();
    let terminal = Terminal::start(100, 20, "PS1='ready> ' exec bash --norc --noprofile -i");
    terminal.wait_for("ready>");
    let setup = format!(
        "export PATH={}:\"$PATH\"; source <(techlead-glossary completions bash); clear",
        sh_quote(&dir)
    );
    terminal.keys(&["-l", &setup]);
    terminal.keys(&["Enter"]);
    terminal.keys(&["-l", "techlead-glossary show technical-"]);
    terminal.keys(&["Tab", "Tab"]);
    let screen = terminal.wait_for("technical-lead");
    assert!(screen.contains("technical-debt"), "{screen}");
    assert!(screen.contains("technical-hiring"), "{screen}");
    // A unique prefix completes in place.
    terminal.keys(&["C-u"]);
    terminal.keys(&["-l", "techlead-glossary related technical-le"]);
    terminal.keys(&["Tab"]);
    let screen = terminal.wait_for("related technical-lead");
    assert!(
        screen.contains("ready> techlead-glossary related technical-lead"),
        "{screen}"
    );
}

#[test]
fn every_shell_gets_a_script_that_asks_this_tool() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = tool().args(["completions", shell]).output().unwrap();
        assert!(output.status.success());
        let script = stdout(&output);
        assert!(
            script.contains("_TECHLEAD_GLOSSARY_COMPLETE"),
            "{shell}: {script}"
        );
        assert!(
            script.contains(&bin().display().to_string()),
            "{shell}: {script}"
        );
    }
    if have("bash") {
        let script = stdout(&tool().args(["completions", "bash"]).output().unwrap());
        let status = harness::command("bash")
            .args(["-n", "-c", &script])
            .status()
            .unwrap();
        assert!(status.success(), "bash cannot parse the script");
    }
}

#[test]
fn other_shells_get_slugs_with_titles() {
    let output = tool()
        .env("_TECHLEAD_GLOSSARY_COMPLETE", "fish")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .args(["--", "techlead-glossary", "show", "technical-l"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "technical-lead\tTechnical Lead Jobs\n");
}

#[test]
fn an_unrelated_complete_variable_changes_nothing() {
    let output = tool()
        .env("COMPLETE", "bash")
        .args(["show", "technical-lead", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).contains("\"slug\": \"technical-lead\""));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = tool().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid value 'tcsh'"));
}

/// The shells completion is tested in for real: how to start each with a `ready> ` prompt and
/// nothing of the user's (the terminal's harness gives them a home of their own), and how to
/// load the script there.
fn shell_session(shell: &str) -> (&'static str, &'static str) {
    match shell {
        "bash" => (
            "PS1='ready> ' exec bash --norc --noprofile -i",
            "source <(techlead-glossary completions bash)",
        ),
        "zsh" => (
            "exec zsh -f -i",
            "PS1='ready> '; autoload -Uz compinit; compinit -u -d \"$HOME/.zcompdump\"; \
             source <(techlead-glossary completions zsh)",
        ),
        "fish" => (
            "exec fish --no-config",
            "function fish_prompt; echo -n 'ready> '; end; set fish_autosuggestion_enabled 0; \
             techlead-glossary completions fish | source",
        ),
        _ => unreachable!("no such shell in these tests"),
    }
}

/// Types `typed` and Tab into a fresh `shell` whose glossary is the example team glossary, and
/// returns the terminal once the line reads `expected`.
fn tab_in(shell: &str, typed: &str, expected: &str) -> Terminal {
    let (start, load) = shell_session(shell);
    let terminal = Terminal::start(120, 20, start);
    let dir = bin().parent().unwrap().display().to_string();
    let team = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team.yaml");
    let setup = format!(
        "export PATH={}:\"$PATH\" TECHLEAD_GLOSSARY={}; {load}; clear; printf '%s\\n' load''ed",
        sh_quote(&dir),
        sh_quote(&team.display().to_string())
    );
    // fish reads its first line only once it has drawn its prompt.
    if shell == "fish" {
        terminal.wait_for("#");
    }
    terminal.keys(&["-l", &setup]);
    terminal.keys(&["Enter"]);
    terminal.wait_for("loaded\nready>");
    terminal.keys(&["-l", typed]);
    terminal.keys(&["Tab"]);
    let screen = terminal.wait_for(expected);
    assert!(
        screen
            .lines()
            .any(|l| l.trim_end() == format!("ready> {expected}")),
        "{shell}: {screen}"
    );
    terminal
}

/// A value with a space and a `&` comes out escaped or quoted, whichever way the user began the
/// word, and the completed command line runs as one argument.
fn values_with_spaces_are_quoted(shell: &str) {
    if !have(shell) || !have("tmux") {
        return;
    }
    let cases = [
        ("Cl", r"Cloud\ \&\ Operations"),
        (r"Cloud\ \&\ O", r"Cloud\ \&\ Operations"),
        ("'Cl", "'Cloud & Operations'"),
        ("\"Cloud &", "\"Cloud & Operations\""),
        ("Eng", r"Engineering\ Practices"),
    ];
    for (typed, completed) in cases {
        let line = "techlead-glossary list --category ";
        let terminal = tab_in(
            shell,
            &format!("{line}{typed}"),
            &format!("{line}{completed}"),
        );
        // The line as completed runs: the category arrives whole and selects its entries.
        terminal.keys(&["-l", " --format tsv | cut -f1; echo __done__"]);
        terminal.keys(&["Enter"]);
        let screen = terminal.wait_for("\n__done__");
        let rows: Vec<&str> = screen
            .lines()
            .map(str::trim_end)
            .skip_while(|l| !l.starts_with("ready> "))
            .skip(1)
            .take_while(|l| !l.starts_with("__done__"))
            .filter(|l| !l.is_empty())
            .collect();
        let expected: &[&str] = if typed == "Eng" {
            &["design-review", "feature-flag-policy"]
        } else {
            &["incident-review", "on-call-rotation"]
        };
        assert_eq!(rows, expected, "{shell}, {typed}: {screen}");
        assert!(!screen.contains("not found"), "{shell}, {typed}: {screen}");
        // The shell's home is the terminal's own, not the runner's.
        if shell == "zsh" {
            let dump = terminal.home().join(".zcompdump");
            assert!(dump.is_file(), "{dump:?}");
        }
    }
    // Slugs and commands, which need no quoting, are left as they are.
    let _terminal = tab_in(
        shell,
        "techlead-glossary show incident-r",
        "techlead-glossary show incident-review",
    );
}

#[test]
fn bash_quotes_values_with_spaces() {
    values_with_spaces_are_quoted("bash");
}

#[test]
fn zsh_quotes_values_with_spaces() {
    values_with_spaces_are_quoted("zsh");
}

#[test]
fn fish_quotes_values_with_spaces() {
    values_with_spaces_are_quoted("fish");
}
