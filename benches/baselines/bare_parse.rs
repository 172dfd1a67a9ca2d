//! A baseline for SPEC §8: read a glossary file and parse it with serde_yaml into the raw model
//! (`glossary::yaml::parse`, the one place serde_yaml is called), and nothing else.

use std::process::ExitCode;

use techlead_glossary::glossary::yaml;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bare-parse FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match yaml::parse(&text) {
        Ok(glossary) => {
            println!("{} entries", glossary.entries.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {}", e.message);
            ExitCode::from(2)
        }
    }
}
