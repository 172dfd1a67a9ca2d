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

#[test]
fn new_commands_have_examples_in_their_help() {
    for command in ["export", "graph", "completions", "manpage"] {
        let help = stdout(&tool().args([command, "--help"]).output().unwrap());
        let tail = help
            .rsplit_once("Examples:\n")
            .map(|(_, t)| t)
            .unwrap_or("");
        assert!(
            tail.contains(&format!("techlead-glossary {command}"))
                || tail.contains(&format!("techlead-glossary --glossary team.yaml {command}")),
            "{command}: {help}"
        );
    }
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
