//! `manpage`: the manual page in roff, built from the clap definition so it never drifts from `--help`.

use std::env;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Arg, Command, CommandFactory};
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use crate::cli::{Cli, EXAMPLES};

/// Writes techlead-glossary(1).
pub fn write(out: &mut impl Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut page = Roff::new();
    page.control(
        "TH",
        [
            "TECHLEAD-GLOSSARY",
            "1",
            &date(),
            &format!("techlead-glossary {}", env!("CARGO_PKG_VERSION")),
            "User Commands",
        ],
    );
    let mut text = Vec::new();
    page.to_writer(&mut text)?;
    man.render_name_section(&mut text)?;
    man.render_synopsis_section(&mut text)?;
    man.render_description_section(&mut text)?;
    options(&cmd).to_writer(&mut text)?;
    commands(&cmd).to_writer(&mut text)?;
    closing_sections().to_writer(&mut text)?;
    out.write_all(&text)
}

/// The page's date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today (UTC).
fn date() -> String {
    let seconds = env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (y, m, d) = civil_date(seconds / 86_400);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// The options every command takes.
fn options(cmd: &Command) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["OPTIONS"]);
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        option(&mut roff, arg);
    }
    roff
}

/// Every command with its usage, description and options: one page covers the whole tool.
fn commands(cmd: &Command) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        roff.control("SS", [sub.get_name()]);
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            for paragraph in about.to_string().split("\n\n") {
                roff.control("PP", []);
                roff.text([roman(paragraph.replace('\n', " "))]);
            }
        }
        let args: Vec<&Arg> = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
            .collect();
        if !args.is_empty() {
            roff.control("RS", []);
            for arg in args {
                option(&mut roff, arg);
            }
            roff.control("RE", []);
        }
        if let Some(examples) = sub.get_after_help() {
            roff.control("PP", []);
            example_lines(&mut roff, &examples.to_string());
        }
    }
    roff
}

/// Lines of an `Examples:` block, shown as typed.
fn example_lines(roff: &mut Roff, examples: &str) {
    roff.control("nf", []);
    roff.control("RS", []);
    for line in examples.lines().skip(1) {
        roff.text([roman(line.trim())]);
    }
    roff.control("RE", []);
    roff.control("fi", []);
}

fn option(roff: &mut Roff, arg: &Arg) {
    roff.control("TP", []);
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    let mut head = Vec::new();
    if arg.is_positional() {
        head.push(italic(value));
        if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            head.push(roman("..."));
        }
    } else {
        if let Some(short) = arg.get_short() {
            head.push(bold(format!("-{short}")));
            head.push(roman(", "));
        }
        if let Some(long) = arg.get_long() {
            head.push(bold(format!("--{long}")));
        }
        if arg.get_action().takes_values() {
            head.push(roman(" "));
            head.push(italic(value));
        }
    }
    roff.text(head);
    let help = arg
        .get_long_help()
        .or_else(|| arg.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let help = help.trim();
    let mut help = if help.is_empty() || help.ends_with('.') {
        help.to_string()
    } else {
        format!("{help}.")
    };
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() {
        help.push_str(&format!(" One of: {}.", values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        help.push_str(&format!(" Default: {}.", defaults.join(", ")));
    }
    roff.text([roman(help.trim().replace('\n', " "))]);
}

fn closing_sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    example_lines(&mut roff, EXAMPLES);

    roff.control("SH", ["ENVIRONMENT"]);
    let variables = [
        (
            "TECHLEAD_GLOSSARY",
            "A colon-separated list of glossary sources, used when no --glossary is given.",
        ),
        (
            "TECHLEAD_GLOSSARY_CACHE",
            "off (or 0, false, no) turns the cache of compiled glossaries off, like --no-cache. It lives in \
             $XDG_CACHE_HOME/techlead-glossary (or the platform's cache folder).",
        ),
        (
            "TECHLEAD_GLOSSARY_CACHE_MAX",
            "The cache folder's size cap (500M, 1G, or bytes; default 2 GiB).",
        ),
        (
            "TECHLEAD_GLOSSARY_CACHE_WAIT",
            "Seconds a first run waits for another process building the same cache (default 300).",
        ),
        (
            "TECHLEAD_GLOSSARY_PAGER",
            "The pager for show output taller than the terminal; empty or cat turns paging off.",
        ),
        (
            "PAGER",
            "The pager when TECHLEAD_GLOSSARY_PAGER is unset; without either, less -FRX.",
        ),
        (
            "NO_COLOR",
            "When set and not empty, --color auto uses no colours.",
        ),
    ];
    for (name, text) in variables {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }

    roff.control("SH", ["EXIT STATUS"]);
    let codes = [
        ("0", "Success."),
        (
            "1",
            "Nothing found: an unknown term, no search result, an empty list, or check found errors.",
        ),
        (
            "2",
            "A usage error, or a glossary source that cannot be read or parsed.",
        ),
    ];
    for (code, text) in codes {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(text)]);
    }

    roff.control("SH", ["SEE ALSO"]);
    roff.text([bold("less"), roman("(1), "), bold("dot"), roman("(1)")]);
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(19_801), (2024, 3, 19));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(10_956), (1999, 12, 31));
    }
}
