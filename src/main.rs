//! techlead-glossary: parse the command line, settle terminal facts, run, map errors to exit codes.

use std::env;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use techlead_glossary::app::{self, Settings, Streams};
use techlead_glossary::cache;
use techlead_glossary::cli::{Cli, ColorChoice};
use techlead_glossary::error::{Error, exit};
use techlead_glossary::glossary::source::SourceSpec;
use techlead_glossary::render::Style;

/// Text never wraps wider than this, however wide the terminal.
const MAX_WIDTH: usize = 100;
/// The width assumed when a terminal reports none.
const DEFAULT_WIDTH: usize = 80;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr = io::stderr();
    let mut err = stderr.lock();
    let code = match try_main(cli, &mut err) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => exit::OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            exit::ERROR
        }
    };
    ExitCode::from(code)
}

fn try_main(cli: Cli, err: &mut impl Write) -> Result<u8, Error> {
    let settings = settings(&cli);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut streams = Streams { out: &mut out, err };
    let code = match cli.command {
        Some(command) => app::run(&settings, command, &mut streams)?,
        None => app::run_sources(&settings, &mut streams)?,
    };
    out.flush()?;
    Ok(code)
}

/// Resolves sources and terminal facts once, before any work.
fn settings(cli: &Cli) -> Settings {
    let stdout_is_terminal = io::stdout().is_terminal();
    let no_color = env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && !no_color,
    };
    let width = stdout_is_terminal.then(|| terminal_width().min(MAX_WIDTH));
    Settings {
        sources: sources(cli),
        style: Style { color, width },
        stdout_is_terminal,
        show_sources: cli.show_sources,
        cache: !cli.no_cache && cache::enabled_by(env::var(cache::ENV_SWITCH).ok().as_deref()),
        progress: io::stderr().is_terminal(),
    }
}

/// `--glossary` wins over `TECHLEAD_GLOSSARY`; with neither, the bundled glossary.
fn sources(cli: &Cli) -> Vec<SourceSpec> {
    let words: Vec<String> = if !cli.glossary.is_empty() {
        cli.glossary.clone()
    } else {
        env::var("TECHLEAD_GLOSSARY")
            .map(|v| {
                v.split(':')
                    .filter(|p| !p.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    if words.is_empty() {
        vec![SourceSpec::Builtin]
    } else {
        words.iter().map(|w| SourceSpec::parse(w)).collect()
    }
}

fn terminal_width() -> usize {
    match crossterm::terminal::size() {
        Ok((0, _)) | Err(_) => DEFAULT_WIDTH,
        Ok((columns, _)) => usize::from(columns),
    }
}
