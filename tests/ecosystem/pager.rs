//! Paging `show` in a real terminal (tmux): long entries go through the pager, short ones and
//! piped output never do, and a pager that cannot run falls back to printing.

use std::fs;

use crate::support::{DONE, Terminal, bin, fixture, have, sh_quote, stdout, then_done, tool};

/// Runs `env ASSIGNMENTS techlead-glossary ARGS` in an 80×24 terminal.
fn run(assignments: &str, args: &str) -> Terminal {
    let command = format!(
        "env {assignments} {} {args}",
        sh_quote(&bin().display().to_string())
    );
    Terminal::start(80, 24, &then_done(&command))
}

/// A pager that saves what it is given in the terminal's folder, so a test can see it ran.
fn recording_pager(terminal_dir_hint: &str) -> String {
    sh_quote(&format!("sh -c 'cat > {terminal_dir_hint}/paged'"))
}

#[test]
fn a_long_entry_goes_through_the_pager_with_its_colours() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path().display().to_string();
    let terminal = run(
        &format!("TECHLEAD_GLOSSARY_PAGER={}", recording_pager(&d)),
        "show technical-lead",
    );
    let screen = terminal.wait_for(&format!("{DONE} 0"));
    let paged = fs::read_to_string(dir.path().join("paged")).expect("the pager ran");
    assert!(
        paged.starts_with("\x1b[1;4mTechnical Lead Jobs\x1b[0m\n"),
        "{paged}"
    );
    assert!(paged.contains("Research and Development"));
    // Wrapped to the terminal's 80 columns.
    assert!(paged.lines().all(|l| textwidth(l) <= 80), "{paged}");
    // Nothing went to the screen directly.
    assert!(!screen.contains("Technical Lead Jobs"), "{screen}");
}

#[test]
fn pager_is_the_fallback_for_the_own_variable() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path().display().to_string();
    let terminal = run(
        &format!("PAGER={}", recording_pager(&d)),
        "show technical-lead",
    );
    terminal.wait_for(&format!("{DONE} 0"));
    assert!(dir.path().join("paged").exists());
}

#[test]
fn a_short_entry_is_printed_not_paged() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path().display().to_string();
    let terminal = run(
        &format!("TECHLEAD_GLOSSARY_PAGER={}", recording_pager(&d)),
        &format!("--glossary {} show short", sh_quote(&fixture("short.yaml"))),
    );
    let screen = terminal.wait_for(&format!("{DONE} 0"));
    assert!(
        screen.starts_with("Short Entry\nTests · 1 min read\n\nA short entry.\n"),
        "{screen}"
    );
    assert!(!dir.path().join("paged").exists());
}

#[test]
fn no_pager_and_cat_print_directly() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path().display().to_string();
    for (assignments, args) in [
        (
            format!("TECHLEAD_GLOSSARY_PAGER={}", recording_pager(&d)),
            "show technical-lead --no-pager",
        ),
        (
            format!("TECHLEAD_GLOSSARY_PAGER={}", recording_pager(&d)),
            "--no-pager show technical-lead",
        ),
        (
            format!("TECHLEAD_GLOSSARY_PAGER=cat PAGER={}", recording_pager(&d)),
            "show technical-lead",
        ),
        (
            format!("TECHLEAD_GLOSSARY_PAGER= PAGER={}", recording_pager(&d)),
            "show technical-lead",
        ),
    ] {
        let terminal = run(&assignments, args);
        let screen = terminal.wait_for(&format!("{DONE} 0"));
        // The end of the entry is on the screen.
        assert!(
            screen.contains("  - Technical Hiring\n    (technical-hiring)"),
            "{assignments} {args}:\n{screen}"
        );
        assert!(!dir.path().join("paged").exists(), "{assignments} {args}");
    }
}

#[test]
fn piped_output_is_never_paged() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path().display().to_string();
    let out = dir.path().join("out");
    let command = format!(
        "env TECHLEAD_GLOSSARY_PAGER={} {} show technical-lead > {}",
        recording_pager(&d),
        sh_quote(&bin().display().to_string()),
        sh_quote(&out.display().to_string())
    );
    let terminal = Terminal::start(80, 24, &then_done(&command));
    terminal.wait_for(&format!("{DONE} 0"));
    assert!(!dir.path().join("paged").exists());
    let plain = fs::read_to_string(&out).unwrap();
    let expected = stdout(&tool().args(["show", "technical-lead"]).output().unwrap());
    assert_eq!(plain, expected);
    assert!(!plain.contains('\x1b'));
}

#[test]
fn a_pager_that_cannot_run_falls_back_to_printing_with_a_warning() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let warnings = dir.path().join("warnings");
    let terminal = run(
        "TECHLEAD_GLOSSARY_PAGER=/no/such/pager",
        &format!(
            "show technical-lead 2>{}",
            sh_quote(&warnings.display().to_string())
        ),
    );
    let screen = terminal.wait_for(&format!("{DONE} 0"));
    assert!(
        screen.contains("  - Technical Hiring\n    (technical-hiring)"),
        "{screen}"
    );
    assert_eq!(
        fs::read_to_string(&warnings).unwrap(),
        "warning: cannot run the pager `/no/such/pager` from TECHLEAD_GLOSSARY_PAGER: program not found; printing directly\n"
    );
}

#[test]
fn a_missing_default_less_prints_quietly() {
    if !have("tmux") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let warnings = dir.path().join("warnings");
    // An empty PATH: no `less` to be found.
    let terminal = run(
        &format!("PATH={}", sh_quote(&dir.path().display().to_string())),
        &format!(
            "show technical-lead 2>{}",
            sh_quote(&warnings.display().to_string())
        ),
    );
    let screen = terminal.wait_for(&format!("{DONE} 0"));
    assert!(
        screen.contains("  - Technical Hiring\n    (technical-hiring)"),
        "{screen}"
    );
    assert_eq!(fs::read_to_string(&warnings).unwrap(), "");
}

#[test]
fn less_shows_the_first_screen_and_quits_on_q() {
    if !have("tmux") || !have("less") {
        return;
    }
    let terminal = run("", "show technical-lead");
    let screen = terminal.wait_for("Technical Lead Jobs");
    assert!(!screen.contains(DONE), "less should be waiting:\n{screen}");
    assert!(
        screen.starts_with("Technical Lead Jobs\nCareers · 2024-03-19 · 3 min read\n"),
        "{screen}"
    );
    // The title is drawn bold and underlined: the colours made it through less.
    let painted = terminal.screen(true);
    assert!(
        painted.contains("\x1b[1m\x1b[4mTechnical Lead Jobs")
            || painted.contains("\x1b[1;4mTechnical Lead Jobs"),
        "{painted:?}"
    );
    terminal.keys(&["q"]);
    let screen = terminal.wait_for(&format!("{DONE} 0"));
    // -X: what was shown stays on the screen after quitting (one line up, for the marker).
    assert!(
        screen.starts_with("Careers · 2024-03-19 · 3 min read\n"),
        "{screen}"
    );
}

/// Visible width of a line, without colour codes.
fn textwidth(line: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in line.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}
