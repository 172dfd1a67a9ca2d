//! The harness (tests/harness/mod.rs) isolates the runs: the tool's cache goes to the harness's
//! cache folder, nothing else is written to its home, and no setting of whoever runs the tests
//! reaches a run, even when that person's environment is built to leak.

mod harness;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use harness::Harness;

/// What the tool wrote under `folder`, at any depth.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![folder.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.is_symlink() {
                todo.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The environment a program started by the harness sees.
fn environment_of_a_run(harness: &Harness) -> BTreeMap<String, String> {
    let out = harness.command("env").arg("-0").output().expect("env runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// Builds a cache of a fixture glossary through the harness and checks where everything went.
/// Run by itself, and again by [`the_harness_holds_against_a_runner_environment_made_to_leak`]
/// under an environment that points everything elsewhere.
#[test]
fn the_cache_goes_to_the_harness_cache_folder_and_nothing_else_to_its_home() {
    let harness = Harness::new();
    let team = Path::new(harness::ROOT).join("tests/fixtures/team.yaml");
    let team = team.to_str().unwrap();

    let out = harness
        .tool()
        .args(["--show-sources", "-g", team, "show", "kubernetes"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Kubernetes\n"),
        "{out:?}"
    );
    // No cache setting of the runner's got through: the cache is on, and the text is plain.
    assert!(!stderr.contains("cache: off"), "{stderr}");
    assert!(!out.stdout.contains(&b'\x1b'), "{out:?}");

    // The compiled glossary is in the harness's cache folder, and is all there is in it.
    let cached = files_under(&harness.cache_home());
    assert_eq!(cached.len(), 2, "{cached:?}");
    assert_eq!(cached[0], harness.cache_dir());
    assert!(
        cached[1].starts_with(harness.cache_dir())
            && cached[1].extension().is_some_and(|e| e == "glossary"),
        "{cached:?}"
    );
    // Nothing was written to the home: not the cache (as a run going by HOME would), not
    // anything else.
    assert_eq!(harness.written_to_home(), Vec::<PathBuf>::new());

    // What the harness gives every program it starts.
    let env = environment_of_a_run(&harness);
    assert_eq!(env.get("HOME"), Some(&harness.home().display().to_string()));
    assert_eq!(
        env.get("XDG_CACHE_HOME"),
        Some(&harness.cache_home().display().to_string())
    );
    assert_eq!(env.get("LANG").map(String::as_str), Some(harness::LOCALE));
    let inherited: Vec<&String> = env
        .keys()
        .filter(|name| *name != "LANG" && harness::is_removed(OsStr::new(name)))
        .collect();
    assert!(inherited.is_empty(), "inherited: {inherited:?}");

    // The folders go with the harness.
    let root = harness.home().parent().unwrap().to_path_buf();
    drop(harness);
    assert!(!root.exists(), "{root:?} is left behind");
}

/// Runs the test above again in a test process whose environment points the home and every cache
/// and configuration folder at traps, turns the cache off, names a glossary that is not there,
/// and sets a locale, colours, a pager and a width. The test passes there only if none of it
/// reaches the runs; and the traps stay empty only if no run wrote by them.
#[test]
fn the_harness_holds_against_a_runner_environment_made_to_leak() {
    let harness = Harness::new();
    let trap = harness.scratch().join("trap");
    let trap_home = trap.join("home");
    let trap_cache = trap.join("cache");
    let trap_config = trap.join("config");
    let trap_data = trap.join("data");
    for folder in [&trap_home, &trap_cache, &trap_config, &trap_data] {
        fs::create_dir_all(folder).unwrap();
    }
    let test = "the_cache_goes_to_the_harness_cache_folder_and_nothing_else_to_its_home";
    let mut runner = harness.command(std::env::current_exe().unwrap());
    runner
        .args([test, "--exact", "--test-threads=1"])
        .env("HOME", &trap_home)
        .env("XDG_CACHE_HOME", &trap_cache)
        .env("XDG_CONFIG_HOME", &trap_config)
        .env("XDG_DATA_HOME", &trap_data)
        .env("TECHLEAD_GLOSSARY", "/no/such/glossary.yaml")
        .env("TECHLEAD_GLOSSARY_CACHE", "off")
        .env("TECHLEAD_GLOSSARY_CACHE_MAX", "1")
        .env("TECHLEAD_GLOSSARY_PAGER", "false")
        .env("PAGER", "false")
        .env("LESS", "-X")
        .env("LANG", "tr_TR.ISO-8859-9")
        .env("LC_ALL", "tr_TR.ISO-8859-9")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "20")
        .env("_TECHLEAD_GLOSSARY_COMPLETE", "bash");
    let out = runner.output().unwrap();
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    // The test ran (a filter that matched nothing would pass too).
    assert!(report.contains("test result: ok. 1 passed"), "{report}");
    assert_eq!(
        files_under(&trap),
        [trap_cache, trap_config, trap_data, trap_home]
    );
}
