//! The module layout's rules (ARCHITECTURE.md), held against every `crate::` path in `src/`:
//! imports go one way, commands → query/store/render → glossary → keys, and the command line's
//! types go no further than `commands`.

use std::fs;
use std::path::{Path, PathBuf};

/// The rooms each room may reach into, besides itself.
fn allowed(room: &str) -> &'static [&'static str] {
    match room {
        "error" | "escape" => &[],
        "glossary/key" => &["error"],
        "glossary" => &["error"],
        "report" => &["escape"],
        "pager" => &["error", "report"],
        "store" => &["error", "glossary", "escape"],
        "query" => &["error", "glossary"],
        "render" => &["error", "glossary", "query", "escape"],
        "cli" => &["error", "glossary", "store"],
        "commands" => &[
            "cli", "error", "escape", "glossary", "query", "render", "report", "store",
        ],
        other => panic!("src/ has a room the layout does not know: {other}"),
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `glossary`, `commands`, … for a file in a folder; the file's name for one at the top;
/// `glossary/key` for the keys, which sit below the rest of the glossary.
fn room_of(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [one] => one.clone(),
        [first, second] if first == "glossary" && second == "key" => "glossary/key".into(),
        [first, ..] => first.clone(),
        [] => unreachable!(),
    }
}

/// The first name after each `crate::` in the text, or in a `use crate::{a, b}` group.
fn reached(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `techlead_glossary_crate::` and the like
        }
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        } else {
            found.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    found
}

/// `glossary::key` is reached as the key room; anything else in `glossary` as the glossary.
fn target(text_after: &str, name: &str) -> String {
    if name == "glossary" && text_after.starts_with("::key") {
        "glossary/key".into()
    } else {
        name.to_string()
    }
}

#[test]
fn imports_go_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &all {
        let relative = file.strip_prefix(&root).unwrap();
        if relative == Path::new("main.rs") || relative == Path::new("lib.rs") {
            continue; // the binary and the list of modules reach everything
        }
        let room = room_of(relative);
        let text = fs::read_to_string(file).unwrap();
        for name in reached(&text) {
            let after = text
                .split(&format!("crate::{name}"))
                .nth(1)
                .unwrap_or_default();
            let to = target(after, &name);
            checked += 1;
            let to_room = if to == "glossary/key" && room != "glossary/key" {
                // The glossary reaches its own keys; everyone may read keys who may read the glossary.
                "glossary".to_string()
            } else {
                to.clone()
            };
            if to_room == room || allowed(&room).contains(&to_room.as_str()) {
                continue;
            }
            wrong.push(format!("{} ({room}) reaches {to}", relative.display()));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the layout:\n{}",
        wrong.join("\n")
    );
    assert!(checked > 100, "only {checked} paths seen");
}

#[test]
fn the_rules_catch_a_wrong_import() {
    // The checker itself: a query module reaching into the renderers or the command line fails.
    assert_eq!(room_of(Path::new("query/search.rs")), "query");
    assert_eq!(room_of(Path::new("glossary/key.rs")), "glossary/key");
    assert_eq!(room_of(Path::new("glossary/compiled/read.rs")), "glossary");
    assert_eq!(
        reached("use crate::render::Cell;\nuse crate::{cli, error::Error};"),
        ["render", "cli", "error"]
    );
    assert!(!allowed("query").contains(&"render"));
    assert!(!allowed("store").contains(&"cli"));
    assert!(!allowed("render").contains(&"cli"));
    assert!(!allowed("glossary").contains(&"store"));
}
