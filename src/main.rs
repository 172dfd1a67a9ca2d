//! techlead-glossary: parse the command line, settle terminal facts, run, map errors to exit codes.

use std::env;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::CompleteEnv;

use techlead_glossary::cli::complete;
use techlead_glossary::cli::{Cli, ColorChoice, Command};
use techlead_glossary::commands::{self, Settings, Streams};
use techlead_glossary::error::{Error, Outcome};
use techlead_glossary::glossary::source::{self, SourceSpec};
use techlead_glossary::pager;
use techlead_glossary::render::Style;
use techlead_glossary::report;
use techlead_glossary::store::cache;

/// Text never wraps wider than this, however wide the terminal.
const MAX_WIDTH: usize = 100;
/// The width assumed when a terminal reports none.
const DEFAULT_WIDTH: usize = 80;
/// The height assumed when a terminal reports none.
const DEFAULT_HEIGHT: usize = 24;

fn main() -> ExitCode {
    // A shell asking for completions gets them and nothing else.
    CompleteEnv::with_factory(Cli::command)
        .var(complete::REQUEST_VAR)
        .bin(complete::BIN)
        .complete();
    if asks_help_of_help() {
        let mut command = Cli::command();
        command.build();
        if let Some(help) = command.find_subcommand_mut("help") {
            let _ = write!(io::stdout(), "{}", help.render_help());
            return Outcome::Success.into();
        }
    }
    let cli = Cli::parse();
    let from_variable = variable_paths(&cli);
    // Diagnostics are a courtesy: a stderr that cannot be written (`2>/dev/full`) must not
    // change what a command writes to stdout or how it exits.
    let mut err = Lenient(io::stderr().lock());
    let outcome = match try_main(cli, &mut err) {
        Ok(outcome) => outcome,
        Err(e) if e.is_broken_pipe() => Outcome::Success,
        Err(e) => {
            let e = name_the_variable(e, &from_variable);
            let _ = report::error(&mut err, &e.to_string());
            if let Some(help) = e.help() {
                let _ = report::help(&mut err, help);
            }
            Outcome::Failure
        }
    };
    outcome.into()
}

fn try_main(cli: Cli, err: &mut impl Write) -> Result<Outcome, Error> {
    let settings = settings(&cli, err)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        // An entry for reading may be taller than the screen: render it whole, then decide.
        Some(command @ Command::Show { .. }) if settings.stdout_is_terminal && !cli.no_pager => {
            let mut text = Vec::new();
            let mut io = Streams {
                out: &mut text,
                err,
            };
            let outcome = commands::run(&settings, Some(command), &mut io)?;
            page(&text, &mut out, err)?;
            outcome
        }
        command => commands::run(&settings, command, &mut Streams { out: &mut out, err })?,
    };
    out.flush()?;
    Ok(outcome)
}

/// A writer whose failures are ignored.
struct Lenient<W>(W);

impl<W: Write> Write for Lenient<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// Writes `text` to the terminal, through a pager when it does not fit on the screen.
fn page(text: &[u8], out: &mut impl Write, err: &mut impl Write) -> Result<(), Error> {
    let (columns, rows) = match crossterm::terminal::size() {
        Ok((columns, rows)) if columns > 0 && rows > 0 => (usize::from(columns), usize::from(rows)),
        _ => (DEFAULT_WIDTH, DEFAULT_HEIGHT),
    };
    // The prompt after the text needs a row too.
    if pager::rows(text, columns) < rows {
        out.write_all(text)?;
        return Ok(());
    }
    let own = env::var_os("TECHLEAD_GLOSSARY_PAGER");
    let general = env::var_os("PAGER");
    match pager::choose(own.as_deref(), general.as_deref()) {
        Ok(Some(pager)) => {
            out.flush()?;
            pager::show(&pager, text, out, err)?;
        }
        Ok(None) => out.write_all(text)?,
        Err(message) => {
            report::warning(err, &format!("{message}; printing directly"))?;
            out.write_all(text)?;
        }
    }
    Ok(())
}

/// The paths the sources came from when `TECHLEAD_GLOSSARY` named them (no `--glossary` flag).
fn variable_paths(cli: &Cli) -> Vec<String> {
    if !cli.glossary.is_empty() {
        return Vec::new();
    }
    let variable = env::var(source::SOURCES_VAR).unwrap_or_default();
    variable
        .split(':')
        .filter(|p| !p.is_empty() && !matches!(*p, "builtin" | "-"))
        .map(String::from)
        .collect()
}

/// A source that cannot be read says it was named by `TECHLEAD_GLOSSARY`: the user typed no
/// path, and may have set the variable long ago.
fn name_the_variable(e: Error, from_variable: &[String]) -> Error {
    match e {
        Error::Source {
            path,
            line: None,
            column,
            message,
        } if from_variable
            .iter()
            .any(|p| Path::new(&path).starts_with(p)) =>
        {
            Error::Source {
                path: format!("{path} (from {})", source::SOURCES_VAR),
                line: None,
                column,
                message,
            }
        }
        e => e,
    }
}

/// Whether the command line is `help --help` (or `-h`): clap's `help` command takes no options,
/// so a user asking how it works would get a usage error.
fn asks_help_of_help() -> bool {
    let mut args = env::args_os().skip(1);
    args.next().is_some_and(|a| a == "help") && args.any(|a| a == "--help" || a == "-h")
}

/// Resolves sources and terminal facts once, before any work.
fn settings(cli: &Cli, err: &mut impl Write) -> Result<Settings, Error> {
    let stdout_is_terminal = io::stdout().is_terminal();
    let no_color = env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && !no_color,
    };
    let width = stdout_is_terminal.then(|| terminal_width().min(MAX_WIDTH));
    Ok(Settings {
        sources: sources(cli, err)?,
        style: Style { color, width },
        stdout_is_terminal,
        show_sources: cli.show_sources,
        cache: !cli.no_cache && cache::enabled_by(env::var(cache::ENV_SWITCH).ok().as_deref()),
        progress: io::stderr().is_terminal(),
        cache_limits: cache::Limits::from_env(
            env::var(cache::ENV_MAX).ok().as_deref(),
            env::var(cache::ENV_WAIT).ok().as_deref(),
        ),
    })
}

/// `--glossary` wins over `TECHLEAD_GLOSSARY`; with neither, the bundled glossary.
fn sources(cli: &Cli, err: &mut impl Write) -> Result<Vec<SourceSpec>, Error> {
    if cli.glossary.iter().any(String::is_empty) {
        return Err(Error::Usage(
            "--glossary \"\": empty path; give a file, a folder, `-` or `builtin`".into(),
        ));
    }
    let variable = match env::var(source::SOURCES_VAR) {
        Ok(v) => Some(v),
        Err(env::VarError::NotPresent) => None,
        // Falling back to the bundled glossary would answer from the wrong source.
        Err(env::VarError::NotUnicode(_)) => {
            return Err(Error::Usage(
                "TECHLEAD_GLOSSARY is not valid UTF-8; glossary paths must be UTF-8".into(),
            ));
        }
    };
    if cli.glossary.is_empty()
        && let Some(value) = &variable
        && value.split(':').all(str::is_empty)
    {
        report::warning(
            err,
            &format!(
                "TECHLEAD_GLOSSARY is {value:?}, which names no source; using the bundled glossary"
            ),
        )?;
    }
    let specs = source::active(&cli.glossary, variable.as_deref());
    if specs.iter().filter(|s| **s == SourceSpec::Stdin).count() > 1 {
        return Err(Error::Usage(
            "standard input (`-`) is named more than once, but can be read only once".into(),
        ));
    }
    Ok(specs)
}

fn terminal_width() -> usize {
    match crossterm::terminal::size() {
        Ok((0, _)) | Err(_) => DEFAULT_WIDTH,
        Ok((columns, _)) => usize::from(columns),
    }
}
