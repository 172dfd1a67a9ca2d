//! `--help`: ends with examples, and wraps to the terminal it is shown in.

use crate::support::{DONE, Terminal, bin, have, sh_quote, stdout, then_done, tool};

#[test]
fn help_ends_with_examples_of_every_command() {
    let help = stdout(&tool().arg("--help").output().unwrap());
    let (_, examples) = help
        .split_once("\nExamples:\n")
        .expect("an Examples section");
    let lines: Vec<&str> = examples.lines().collect();
    assert!(lines.iter().all(|l| l.starts_with("  ")), "{examples}");
    for command in [
        "show",
        "search",
        "list",
        "related",
        "check",
        "export",
        "graph",
        "completions",
        "manpage",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(&format!(" {command} "))
                || l.ends_with(&format!(" {command}"))),
            "no example of {command}"
        );
    }
    assert_eq!(help.lines().last(), lines.last().copied());
}

/// The commands `--help` lists, but `help` itself.
fn commands() -> Vec<String> {
    let help = stdout(&tool().arg("--help").output().unwrap());
    let (_, list) = help
        .split_once("\nCommands:\n")
        .expect("a Commands section");
    list.lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect()
}

#[test]
fn every_command_help_ends_with_its_examples() {
    let commands = commands();
    assert!(commands.len() >= 12, "{commands:?}");
    for command in commands {
        let output = tool().args([command.as_str(), "--help"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{command}");
        let help = stdout(&output);
        let (_, tail) = help
            .rsplit_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("{command} --help has no examples:\n{help}"));
        let examples: Vec<&str> = tail.lines().collect();
        assert!(!examples.is_empty(), "{command}");
        for line in &examples {
            assert!(line.starts_with("  "), "{command}: {line:?}");
            // Each example uses the command it is the help of.
            assert!(
                line.contains(&format!(" {command} ")) || line.ends_with(&format!(" {command}")),
                "{command}: {line:?}"
            );
        }
    }
}

#[test]
fn global_options_have_a_heading_of_their_own() {
    let help = stdout(&tool().args(["list", "--help"]).output().unwrap());
    let (own, rest) = help.split_once("\nGlobal options:\n").expect("a heading");
    let (_, own) = own
        .split_once("\nOptions:\n")
        .expect("the command's options");
    assert!(
        own.contains("--sort <SORT_KEY>") || own.contains("--sort"),
        "{help}"
    );
    for global in [
        "--glossary",
        "--color",
        "--show-sources",
        "--no-pager",
        "--no-cache",
    ] {
        assert!(
            !own.contains(global),
            "{global} among list's own options:\n{help}"
        );
        assert!(rest.contains(global), "{global} missing:\n{help}");
    }
}

#[test]
fn arguments_say_what_they_take() {
    let related = stdout(&tool().args(["related", "--help"]).output().unwrap());
    assert!(
        related.contains(
            "  <TERM>  The entry whose relatives to list: a slug, title or alias, as `show` takes\n"
        ),
        "{related}"
    );
    // Case and punctuation do not matter; spelling does (a misspelt term gets suggestions).
    let show = stdout(&tool().args(["show", "--help"]).output().unwrap());
    assert!(
        show.contains("Case and punctuation do not matter"),
        "{show}"
    );
    assert!(!show.contains("spelling, case"), "{show}");
}

#[test]
fn help_help_explains_help() {
    for flag in ["--help", "-h"] {
        let output = tool().args(["help", flag]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(output.stderr.is_empty());
        let text = stdout(&output);
        assert!(
            text.starts_with(
                "Print this message or the help of the given subcommand(s)\n\n\
                 Usage: techlead-glossary help [COMMAND]\n"
            ),
            "{text}"
        );
    }
    // `help COMMAND` is unchanged.
    let output = tool().args(["help", "related"]).output().unwrap();
    assert!(stdout(&output).starts_with("List related entries"));
}

#[test]
fn help_wraps_to_a_narrow_terminal() {
    if !have("tmux") {
        return;
    }
    for width in [50u16, 72] {
        let command = then_done(&format!(
            "{} --help",
            sh_quote(&bin().display().to_string())
        ));
        let terminal = Terminal::start(width, 200, &command);
        terminal.wait_for(&format!("{DONE} 0"));
        let screen = terminal.screen(false);
        let longest = screen.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= usize::from(width), "{screen}");
        // Wrapped, not cut: a long description continues on the next line, indented.
        assert!(screen.contains("glossary file"), "{screen}");
        assert!(
            screen
                .lines()
                .any(|l| l.starts_with("          ")
                    && l.trim_start().starts_with(char::is_alphabetic)),
            "{screen}"
        );
    }
}
