//! Every shell example in README.md runs as written and succeeds.

use std::path::Path;
use std::process::Command;

/// The README's `sh` blocks that use the tool (the cargo blocks are for building it).
fn examples() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line) {
            (None, "```sh") => current = Some(String::new()),
            (Some(block), "```") => {
                if block.contains("techlead-glossary") && !block.contains("cargo ") {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_readme_example_runs() {
    let blocks = examples();
    assert!(
        blocks.len() >= 8,
        "found only {} example blocks",
        blocks.len()
    );
    let bin = assert_cmd::cargo::cargo_bin("techlead-glossary");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // The examples name a team and a personal glossary, as a reader's folder would have.
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // The fixture's deliberately dangling link would fail the README's `check team.yaml`.
    let team = std::fs::read_to_string(fixtures.join("team.yaml")).unwrap();
    std::fs::write(
        dir.path().join("team.yaml"),
        team.replace(", ghost-entry", ""),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("personal.yaml"),
        dir.path().join("personal.yaml"),
    )
    .unwrap();
    let has_fzf = Command::new("fzf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    for block in blocks {
        if block.contains("fzf") && !has_fzf {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install fzf for the README recipes"
            );
            eprintln!("notice: fzf is not installed; skipping:\n{block}");
            continue;
        }
        let script = format!("set -euo pipefail\n{block}");
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("TECHLEAD_GLOSSARY")
            .env("HOME", dir.path())
            // fzf without a terminal: pick by a filter instead of interactively.
            .env("FZF_DEFAULT_OPTS", "--filter=lead")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed ({}):\n{block}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A block that writes files or configures a shell may rightly print nothing.
        let quiet = block.contains(" > ") || block.starts_with("source ");
        assert!(
            quiet || !out.stdout.is_empty(),
            "README example printed nothing:\n{block}"
        );
    }
}
