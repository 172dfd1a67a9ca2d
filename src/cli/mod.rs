//! The command line: clap types and nothing else.

pub mod complete;
pub mod manpage;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::ArgValueCandidates;

/// Examples at the end of `--help`, and in the manual page.
pub const EXAMPLES: &str = "\
Examples:
  techlead-glossary show technical-lead
  techlead-glossary show \"tech lead\" --format json
  techlead-glossary search kuberntes
  techlead-glossary search lead --category Careers --limit 5
  techlead-glossary --glossary examples/team.yaml list --sort published
  techlead-glossary related technical-lead
  techlead-glossary --glossary examples/team.yaml check --strict
  techlead-glossary search lead | cut -f1 | xargs -n1 techlead-glossary show --format json
  techlead-glossary export > glossary.html
  techlead-glossary graph technical-lead | dot -Tsvg > technical-lead.svg
  source <(techlead-glossary completions bash)
  techlead-glossary manpage > techlead-glossary.1 && man -l techlead-glossary.1";

/// The heading of the options every command takes, apart from each command's own.
pub const GLOBAL: &str = "Global options";

/// A glossary for tech leads at the command line: look terms up, search them with typo-tolerant
/// matching, and follow related articles.
#[derive(Debug, Parser)]
#[command(name = "techlead-glossary", version, arg_required_else_help = true, after_help = EXAMPLES)]
pub struct Cli {
    /// A glossary file, a folder of them, `-` for standard input, or `builtin`; repeat to merge
    /// (later sources win). Overrides TECHLEAD_GLOSSARY, a `:`-separated list.
    #[arg(long, short = 'g', global = true, help_heading = GLOBAL, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub glossary: Vec<String>,

    /// When to use colours: auto means when stdout is a terminal and NO_COLOR is unset or empty.
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print the active sources on stderr before the results.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub show_sources: bool,

    /// Never page `show` output. On a terminal, output taller than the screen goes through
    /// TECHLEAD_GLOSSARY_PAGER, else PAGER, else `less -FRX`; a variable that is empty or `cat`
    /// turns paging off too.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_pager: bool,
    /// Neither read nor write the cache of compiled glossaries (also: TECHLEAD_GLOSSARY_CACHE=off).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show entries by slug, title or alias.
    #[command(after_help = "\
Examples:
  techlead-glossary show technical-lead
  techlead-glossary show \"Technical Lead Jobs\"    # quote a term that has spaces
  techlead-glossary show TECHNICAL_LEAD k8s tdd    # several; any case and punctuation
  techlead-glossary show \"tech lead\" --format markdown")]
    Show {
        /// Terms to show, in order: a slug, title or alias. Case and punctuation do not matter
        /// (`Tech Lead` finds `tech-lead`); a misspelt term gets suggestions.
        #[arg(required = true, value_name = "TERM", add = ArgValueCandidates::new(complete::slugs))]
        terms: Vec<String>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Search titles, aliases and text, ranked, with typo tolerance.
    #[command(after_help = "\
Examples:
  techlead-glossary search kuberntes                         # typos are fine
  techlead-glossary search \"lead tech\"                       # words in any order
  techlead-glossary search lead --category Careers --limit 5
  techlead-glossary search lead --limit 0 | cut -f1          # every match, slugs only")]
    Search {
        /// What to look for; several words are one query.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filter: Filter,
        /// Show at most N results; 0 shows all.
        #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Leave out typo-tolerant (fuzzy) matches.
        #[arg(long)]
        exact: bool,
        /// Also search section headings and text.
        #[arg(long)]
        full_text: bool,
        #[command(flatten)]
        output: ListOutput,
    },
    /// List entries, by title unless told otherwise.
    #[command(after_help = "\
Examples:
  techlead-glossary list
  techlead-glossary list --category Careers --sort slug
  techlead-glossary --glossary examples/team.yaml list --sort published
  techlead-glossary list --format jsonl | jq -r .slug")]
    List {
        #[command(flatten)]
        filter: Filter,
        /// Order of the entries (`published`: newest first).
        #[arg(long, value_enum, default_value_t = SortKey::Title)]
        sort: SortKey,
        #[command(flatten)]
        output: ListOutput,
    },
    /// List categories with their entry counts.
    #[command(after_help = "\
Examples:
  techlead-glossary categories
  techlead-glossary categories --format json")]
    Categories {
        #[command(flatten)]
        output: ListOutput,
    },
    /// List tags with their entry counts.
    #[command(after_help = "\
Examples:
  techlead-glossary tags
  techlead-glossary tags --format json")]
    Tags {
        #[command(flatten)]
        output: ListOutput,
    },
    /// List related entries: its links, then backlinks, then similar entries.
    #[command(after_help = "\
Examples:
  techlead-glossary related technical-lead
  techlead-glossary related k8s --limit 5 --format jsonl")]
    Related {
        /// The entry whose relatives to list: a slug, title or alias, as `show` takes.
        #[arg(value_name = "TERM", add = ArgValueCandidates::new(complete::slugs))]
        term: String,
        /// Show at most N entries; 0 shows all.
        #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
        limit: usize,
        #[command(flatten)]
        output: ListOutput,
    },
    /// List the glossary terms a text or Markdown document uses, in order of first use.
    ///
    /// Titles and aliases match as whole words in any case, except abbreviations of up to five
    /// capitals (`PR`, `SLO`), which match only in capitals; plurals count (`ADRs`); the longest
    /// name wins. Markdown is read as Markdown: code, link targets, autolinks, HTML and comments
    /// are left out.
    #[command(after_help = "\
Examples:
  techlead-glossary scan design.md
  techlead-glossary scan docs/ --format json
  techlead-glossary scan design.md --format markdown >> design.md
  techlead-glossary --glossary team.yaml scan --unknown design.md
  git show HEAD:design.md | techlead-glossary scan")]
    Scan {
        /// Documents: files, folders (their *.md, *.markdown and *.txt files), `-` for standard
        /// input (read as Markdown); none means standard input.
        #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
        paths: Vec<String>,
        /// Also list abbreviations of two to six capitals that no entry names.
        #[arg(long)]
        unknown: bool,
        /// Output format: a listing, a Glossary section to paste under the document (markdown),
        /// or each entry's title and summary (text) [default: table on a terminal, tsv otherwise].
        #[arg(long, short = 'f', value_enum)]
        format: Option<ScanFormat>,
    },
    /// Validate glossary files (default: the active sources).
    #[command(after_help = "\
Examples:
  techlead-glossary check examples/team.yaml
  techlead-glossary check --strict builtin
  techlead-glossary --glossary examples/team.yaml check       # the active sources")]
    Check {
        /// Files or folders to check, `-` for standard input, `builtin` for the bundled glossary.
        #[arg(value_name = "PATH")]
        paths: Vec<String>,
        /// Count warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to report problems: text for people, json for scripts, github for GitHub Actions
        /// annotations, sarif (2.1.0) for code-scanning pages.
        #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// List the active sources with their entry counts.
    #[command(after_help = "\
Examples:
  techlead-glossary sources
  techlead-glossary --glossary builtin --glossary examples/team.yaml sources
  TECHLEAD_GLOSSARY=builtin:examples/team.yaml techlead-glossary sources")]
    Sources {
        #[command(flatten)]
        output: ListOutput,
    },
    /// Write the whole glossary as one page: HTML (self-contained, works offline), Markdown or JSON.
    #[command(after_help = "\
Examples:
  techlead-glossary export > glossary.html
  techlead-glossary --glossary examples/team.yaml export --format markdown > GLOSSARY.md
  techlead-glossary export --format json | jq '.entries | length'")]
    Export {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Html)]
        format: ExportFormat,
    },
    /// Print the graph of related links, whole or around one entry, for Graphviz or Mermaid.
    ///
    /// Nodes are entries, filled by category; an arrow goes from an entry to each entry its
    /// `related` list names (both ways when they name each other).
    #[command(after_help = "\
Examples:
  techlead-glossary graph technical-lead | dot -Tsvg > technical-lead.svg
  techlead-glossary graph technical-lead --depth 2 --format mermaid
  techlead-glossary graph | dot -Tpng > glossary.png")]
    Graph {
        /// Only this entry and its neighbourhood (links and backlinks); without it, every entry.
        #[arg(value_name = "TERM", add = ArgValueCandidates::new(complete::slugs))]
        term: Option<String>,
        /// How many links away from TERM to go.
        #[arg(
            long,
            short = 'd',
            default_value_t = 1,
            value_name = "N",
            requires = "term"
        )]
        depth: usize,
        /// Output format: Graphviz DOT or a Mermaid flowchart.
        #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Print a shell completion script; it completes slugs, categories and tags too.
    #[command(after_help = "\
Examples:
  source <(techlead-glossary completions bash)                   # in ~/.bashrc
  source <(techlead-glossary completions zsh)                    # in ~/.zshrc
  techlead-glossary completions fish | source                    # in ~/.config/fish/config.fish
  eval (techlead-glossary completions elvish | slurp)            # in ~/.config/elvish/rc.elv
  techlead-glossary completions powershell | Out-String | Invoke-Expression   # in $PROFILE")]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "\
Examples:
  techlead-glossary manpage | man -l -
  techlead-glossary manpage > ~/.local/share/man/man1/techlead-glossary.1")]
    Manpage,
}

#[derive(Debug, Args)]
pub struct Filter {
    /// Only entries of this category.
    #[arg(long, short = 'c', value_name = "CATEGORY", value_parser = a_name, add = ArgValueCandidates::new(complete::categories))]
    pub category: Option<String>,
    /// Only entries with this tag; repeat to require several.
    #[arg(long, short = 't', value_name = "TAG", value_parser = a_name, add = ArgValueCandidates::new(complete::tags))]
    pub tag: Vec<String>,
}

/// A category or tag to filter by: one that normalises to nothing would match no entry, so it
/// is a mistake on the command line, not a filter.
fn a_name(value: &str) -> Result<String, String> {
    if crate::glossary::key::normalize(value).is_empty() {
        Err("names nothing (no letters or digits); give a name or leave the flag out".into())
    } else {
        Ok(value.to_string())
    }
}

#[derive(Debug, Args)]
pub struct ListOutput {
    /// Output format [default: table on a terminal, tsv otherwise].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ListFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Html,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Tsv,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Title,
    Slug,
    Category,
    Published,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Table,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    Text,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
