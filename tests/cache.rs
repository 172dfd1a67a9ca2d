//! The cache of compiled glossaries, end to end: every answer with the cache is the answer
//! without it, whatever happened to the file or to the cache in between.
#![cfg(unix)]

use std::cell::Cell;
use std::ffi::OsStr;
use std::fs::{self, File, FileTimes};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod harness;

use harness::Harness;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cache");

/// A run's visible result: exit code, stdout, stderr.
type Answer = (i32, String, String);

/// How long after a change the tool keeps a file's cache (a change within the same timestamp
/// tick could go unseen otherwise), with a margin.
const SETTLE: Duration = Duration::from_millis(2100);

/// A scratch place: glossary files in the harness's scratch folder, the cache in its cache folder,
/// kept over every run of one test.
struct Scratch {
    harness: Harness,
    /// When a file meant to be cached was last written, until a run has waited for it to settle.
    unsettled: Cell<Option<Instant>>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            harness: Harness::new(),
            unsettled: Cell::new(None),
        }
    }

    /// Where the test's glossary files go; also the runs' working folder.
    fn root(&self) -> PathBuf {
        self.harness.scratch()
    }

    /// Waits until the files written are old enough for their caches to be kept: no user can
    /// date a file's status-change time back, which is what the tool goes by.
    fn settle(&self) {
        if let Some(written) = self.unsettled.take() {
            std::thread::sleep(SETTLE.saturating_sub(written.elapsed()));
        }
    }

    fn cache_home(&self) -> PathBuf {
        self.harness.cache_home()
    }

    /// Where compiled glossaries go.
    fn cache_dir(&self) -> PathBuf {
        self.harness.cache_dir()
    }

    /// Copies a fixture in, dated a minute ago, to be cached once settled.
    fn fixture(&self, name: &str) -> PathBuf {
        let text = fs::read(Path::new(FIXTURES).join(name)).unwrap();
        self.file(name, &text, 60)
    }

    /// Writes a glossary file modified `age` seconds ago; unless `age` is 0, the next run waits
    /// for it to settle, so that its cache is kept.
    fn file(&self, name: &str, text: &[u8], age: u64) -> PathBuf {
        let path = self.root().join(name);
        fs::write(&path, text).unwrap();
        set_age(&path, age);
        if age > 0 {
            self.unsettled.set(Some(Instant::now()));
        }
        path
    }

    /// A run with the cache in `cache`, once the files written have settled.
    fn command_in<S: AsRef<OsStr>>(&self, cache: &Path, args: &[S]) -> Command {
        self.settle();
        let mut cmd = self.harness.bin();
        cmd.args(args)
            .env("XDG_CACHE_HOME", cache)
            .current_dir(self.root())
            .stdin(Stdio::null());
        cmd
    }

    /// A run with the scratch cache.
    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        self.command_in(&self.cache_home(), args)
    }

    /// Runs with the cache in `cache`.
    fn run_in<S: AsRef<OsStr>>(&self, cache: &Path, args: &[S]) -> Answer {
        answer(self.command_in(cache, args).output().unwrap())
    }

    /// Runs with the scratch cache.
    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Answer {
        self.run_in(&self.cache_home(), args)
    }

    /// Runs with the scratch cache and these variables set.
    fn run_with<S: AsRef<OsStr>>(&self, args: &[S], vars: &[(&str, &str)]) -> Answer {
        let mut cmd = self.command(args);
        cmd.envs(vars.iter().copied());
        answer(cmd.output().unwrap())
    }

    /// Starts a run with the scratch cache, its output captured; see [`wait_bounded`].
    fn spawn<S: AsRef<OsStr>>(&self, args: &[S]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// The answer without any cache.
    fn uncached<S: AsRef<OsStr>>(&self, args: &[S]) -> Answer {
        let mut all = vec![OsStr::new("--no-cache")];
        all.extend(args.iter().map(AsRef::as_ref));
        self.run(&all)
    }

    /// A fixture, cached by a run of `question` on it: the arguments that ask it, the answer
    /// without the cache, and the cache file.
    fn cached_fixture(&self, name: &str, question: &[&str]) -> (Vec<String>, Answer, PathBuf) {
        let args = with_glossary(self.fixture(name), question);
        let expected = self.uncached(&args);
        self.run(&args);
        (args, expected, self.only_cache_file())
    }

    /// Each question's answer on `path` without the cache; then the cache file the first question
    /// builds, and its bytes.
    fn cached_answers(
        &self,
        path: &Path,
        questions: &[&[&str]],
    ) -> (Vec<Answer>, PathBuf, Vec<u8>) {
        let expected = questions
            .iter()
            .map(|q| self.uncached(&with_glossary(path, q)))
            .collect();
        self.run(&with_glossary(path, questions[0]));
        let cache = self.only_cache_file();
        let good = fs::read(&cache).unwrap();
        (expected, cache, good)
    }

    /// The cache files there are now (not counting temporary ones).
    fn cache_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.cache_dir())
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The single cache file.
    fn only_cache_file(&self) -> PathBuf {
        let files = self.cache_files();
        assert_eq!(files.len(), 1, "{files:?}");
        files.into_iter().next().unwrap()
    }
}

fn answer(out: Output) -> Answer {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn set_age(path: &Path, age: u64) {
    let when = SystemTime::now() - Duration::from_secs(age);
    let file = File::options().write(true).open(path).unwrap();
    file.set_times(FileTimes::new().set_modified(when)).unwrap();
}

/// Commands and formats an answer must not change under; `{}` is the glossary.
const QUESTIONS: &[&[&str]] = &[
    &["show", "technical-lead"],
    &["show", "tech lead", "-f", "json"],
    &["show", "technical-lead", "-f", "markdown"],
    &["show", "technical-lead", "-f", "yaml"],
    &["show", "kubernetes", "k8s", "nosuch", "-f", "json"],
    &["show", "kubernetes", "Kube", "API Gateway", "line feed"],
    &["show", "lead"],
    &["show", "technicl-lead"],
    &["show", "kuberntes", "-f", "yaml"],
    &["show", "container-image", "cloud-native", "sidecar-pattern"],
    &["show", "?!"],
    &["search", "lead"],
    &["search", "kuberntes"],
    &["search", "lead", "tech", "-f", "json"],
    &["search", "containers", "-f", "jsonl"],
    &["search", "pods on nodes", "--full-text"],
    &["search", "pods on nodes"],
    &["search", "kube", "--exact", "-f", "table"],
    &["search", "e", "--limit", "0"],
    &["search", "e", "--limit", "2"],
    &[
        "search",
        "lead",
        "--category",
        "careers",
        "--tag",
        "Leadership",
    ],
    &["search", "コンテナ"],
    &["search", "zzzz"],
    &["search", "?!"],
    &["list"],
    &["list", "--sort", "published", "-f", "json"],
    &["list", "--category", "cloud", "-f", "table"],
    &["categories"],
    &["tags", "-f", "jsonl"],
    &["related", "technical-lead"],
    &["related", "kubernetes", "-f", "json"],
    &["sources"],
    &["--show-sources", "show", "kubernetes"],
    &["--show-sources"],
];

/// The arguments that ask `question` of the glossary at `path`.
fn with_glossary(path: impl AsRef<Path>, question: &[&str]) -> Vec<String> {
    let mut args = vec!["--glossary".to_string(), path_arg(path.as_ref())];
    args.extend(question.iter().map(|word| word.to_string()));
    args
}

fn path_arg(path: &Path) -> String {
    path.to_str().unwrap().to_string()
}

/// Asks every question without a cache, with a cold cache and with a warm one.
fn assert_same_answers(scratch: &Scratch, path: &Path, questions: &[&[&str]]) {
    for question in questions {
        let args = with_glossary(path, question);
        let expected = scratch.uncached(&args);
        let _ = fs::remove_dir_all(scratch.cache_dir());
        assert_eq!(scratch.run(&args), expected, "cold cache: {args:?}");
        assert_eq!(scratch.run(&args), expected, "warm cache: {args:?}");
    }
}

#[test]
fn every_fixture_answers_alike_with_and_without_the_cache() {
    let scratch = Scratch::new();
    for name in ["team.yaml", "flow.yaml", "crlf.yaml"] {
        let path = scratch.fixture(name);
        assert_same_answers(&scratch, &path, QUESTIONS);
        assert_eq!(scratch.cache_files().len(), 1, "{name} was cached");
    }
}

/// A glossary large enough to be compiled on several threads and searched in several blocks.
fn big_glossary(entries: usize) -> String {
    let mut text = String::from("name: Big\nentries:\n");
    for i in 0..entries {
        let word = ["cache", "ledger", "kanban", "rollout", "tracing"][i % 5];
        text.push_str(&format!(
            "  - slug: term-{i}-{word}\n    title: {word} {i}\n    aliases: [{word}{i}, T{i}]\n    category: C{}\n    tags: [t{}, {word}]\n    summary: >-\n      Entry {i} is about {word}; {}\n    related: [term-{}-{}]\n",
            i % 7,
            i % 11,
            "filler words to make the search table span many blocks. ".repeat(6),
            (i + 1) % entries,
            ["cache", "ledger", "kanban", "rollout", "tracing"][(i + 1) % entries % 5],
        ));
    }
    text
}

#[test]
fn a_large_glossary_answers_alike_with_and_without_the_cache() {
    let scratch = Scratch::new();
    let path = scratch.file("big.yaml", big_glossary(3000).as_bytes(), 60);
    assert_same_answers(
        &scratch,
        &path,
        &[
            &["show", "term-2999-tracing", "ledger 17"],
            &["show", "T1234", "-f", "json"],
            &["show", "ledgr-17"],
            &["search", "ledgr"],
            &["search", "rollout", "--limit", "0", "-f", "jsonl"],
            &["search", "filler words", "--tag", "t3", "--category", "c2"],
            &["related", "term-5-cache"],
        ],
    );
}

#[test]
fn a_first_show_leaves_the_search_index_to_the_first_search() {
    let scratch = Scratch::new();
    let path = scratch.file("big.yaml", big_glossary(1500).as_bytes(), 60);
    let show = with_glossary(&path, &["show", "term-7-kanban"]);
    let search = with_glossary(&path, &["search", "ledgr", "--limit", "0"]);
    let missing = with_glossary(&path, &["show", "ledgr-17x"]);
    let (shown, searched, suggested) = (
        scratch.uncached(&show),
        scratch.uncached(&search),
        scratch.uncached(&missing),
    );
    assert_eq!(scratch.run(&show), shown);
    let cache = scratch.only_cache_file();
    let without = fs::metadata(&cache).unwrap();
    assert_eq!(scratch.run(&show), shown);

    // The first search writes the cache file again, with the index; later ones only read it.
    assert_eq!(scratch.run(&search), searched);
    let with = fs::metadata(scratch.only_cache_file()).unwrap();
    assert_ne!(with.ino(), without.ino(), "written again");
    assert!(with.len() > without.len(), "now with the index");
    assert_eq!(scratch.run(&search), searched);
    assert_eq!(scratch.run(&show), shown);
    assert_eq!(fs::metadata(&cache).unwrap().ino(), with.ino());

    // A did-you-mean searches too: from a cache written by a show, it gets the index the same way.
    fs::remove_file(&cache).unwrap();
    assert_eq!(scratch.run(&show), shown);
    assert_eq!(scratch.run(&missing), suggested);
    assert!(fs::metadata(&cache).unwrap().len() > without.len());
}

#[test]
fn the_bundled_glossary_answers_like_its_text() {
    let scratch = Scratch::new();
    let text = concat!(env!("CARGO_MANIFEST_DIR"), "/data/glossary.yaml");
    for question in [
        &["show", "technical-lead"][..],
        &["show", "tech lead", "-f", "json"],
        &["search", "lead", "-f", "json"],
        &["search", "kuberntes"],
        &["show", "nosuch"],
        &["list"],
        &["related", "technical-lead"],
    ] {
        let bundled = scratch.run(question);
        let parsed = scratch.uncached(&with_glossary(text, question));
        assert_eq!(bundled, parsed, "{question:?}");
        assert_eq!(bundled.0, i32::from(question.contains(&"nosuch")));
    }
    assert!(
        scratch.cache_files().is_empty(),
        "the bundled glossary needs no cache"
    );
}

/// `export` and `graph` in every format, whole and around one entry (`{}`: the entry).
const DOCUMENTS: &[&[&str]] = &[
    &["export"],
    &["export", "--format", "markdown"],
    &["export", "--format", "json"],
    &["graph"],
    &["graph", "--format", "mermaid"],
    &["graph", "{}", "--depth", "2"],
    &["graph", "{}", "--format", "mermaid"],
    &["graph", "nosuch"],
];

/// [`DOCUMENTS`] around `entry`.
fn documents(entry: &str) -> Vec<Vec<&str>> {
    DOCUMENTS
        .iter()
        .map(|q| {
            q.iter()
                .map(|&w| if w == "{}" { entry } else { w })
                .collect()
        })
        .collect()
}

#[test]
fn export_and_graph_answer_alike_from_the_cache_the_bundled_glossary_and_several_files() {
    let scratch = Scratch::new();
    let questions = documents("technical-lead");
    let questions: Vec<&[&str]> = questions.iter().map(Vec::as_slice).collect();
    for name in ["team.yaml", "flow.yaml"] {
        let path = scratch.fixture(name);
        assert_same_answers(&scratch, &path, &questions);
    }
    let big = scratch.file("big.yaml", big_glossary(3000).as_bytes(), 60);
    let around = documents("term-5-cache");
    let around: Vec<&[&str]> = around.iter().map(Vec::as_slice).collect();
    assert_same_answers(&scratch, &big, &around);

    // The bundled glossary, compiled at build time, writes what its text does.
    let text = concat!(env!("CARGO_MANIFEST_DIR"), "/data/glossary.yaml");
    for question in &questions {
        let bundled = scratch.run(question);
        assert_eq!(
            bundled,
            scratch.uncached(&with_glossary(text, question)),
            "{question:?}"
        );
        assert_eq!(bundled.0, i32::from(question.contains(&"nosuch")));
    }

    // Several files merge in memory; the cache changes nothing there either.
    let team = scratch.fixture("team.yaml");
    for question in &questions {
        let mut args = with_glossary(&big, &[]);
        args.extend(with_glossary(&team, question));
        assert_eq!(scratch.run(&args), scratch.uncached(&args), "{args:?}");
    }
}

#[test]
fn export_and_graph_from_a_damaged_cache_write_what_a_sound_one_does() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let questions: [&[&str]; 4] = [
        &["export"],
        &["export", "--format", "json"],
        &["export", "--format", "markdown"],
        &["graph", "technical-lead", "--depth", "1"],
    ];
    let (expected, cache, good) = scratch.cached_answers(&path, &questions);
    // A flipped byte anywhere must be caught before anything is written, or change nothing.
    for at in (0..good.len()).step_by(good.len() / 40) {
        let mut damaged = good.clone();
        damaged[at] ^= 0x5a;
        for (question, expected) in questions.iter().zip(&expected) {
            fs::write(&cache, &damaged).unwrap();
            let args = with_glossary(&path, question);
            assert_eq!(&scratch.run(&args), expected, "byte {at}: {question:?}");
        }
    }
}

#[test]
fn an_edit_that_keeps_the_size_is_seen() {
    let scratch = Scratch::new();
    let before = b"entries:\n  - {title: Alpha, category: c, summary: first}\n";
    let after_ = b"entries:\n  - {title: Bravo, category: c, summary: other}\n";
    assert_eq!(before.len(), after_.len());
    let path = scratch.file("g.yaml", before, 120);
    let args = with_glossary(&path, &["list"]);
    assert_eq!(scratch.run(&args).1, "alpha\tAlpha\tc\n");
    scratch.file("g.yaml", after_, 60);
    assert_eq!(scratch.run(&args).1, "bravo\tBravo\tc\n");
    assert_eq!(scratch.run(&args), scratch.uncached(&args));
}

#[test]
fn an_edit_that_changes_the_size_is_seen() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "g.yaml",
        b"entries:\n  - {title: Alpha, category: c, summary: s}\n",
        120,
    );
    let args = with_glossary(&path, &["show", "beta"]);
    assert_eq!(scratch.run(&args).0, 1);
    scratch.file(
        "g.yaml",
        b"entries:\n  - {title: Alpha, category: c, summary: s}\n  - {title: Beta, category: c, summary: t}\n",
        120,
    );
    let found = scratch.run(&args);
    assert_eq!(found.0, 0);
    assert!(found.1.starts_with("Beta\n"), "{}", found.1);
    assert_eq!(found, scratch.uncached(&args));
}

#[test]
fn a_file_edited_this_moment_is_answered_but_not_cached() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "g.yaml",
        b"entries:\n  - {title: Alpha, category: c, summary: s}\n",
        0,
    );
    let args = with_glossary(&path, &["show", "alpha"]);
    assert_eq!(scratch.run(&args), scratch.uncached(&args));
    assert!(scratch.cache_files().is_empty());
}

#[test]
fn a_broken_file_is_reported_the_same_way_and_not_cached() {
    let scratch = Scratch::new();
    for (name, text) in [
        ("syntax.yaml", &b"entries:\n  - title: [a\n"[..]),
        (
            "empty-title.yaml",
            b"entries:\n  - title: ''\n    category: c\n    summary: s\n",
        ),
        ("utf8.yaml", b"entries:\n  - title: \xff\n"),
        ("empty.yaml", b""),
    ] {
        let path = scratch.file(name, text, 60);
        let args = with_glossary(&path, &["show", "a"]);
        let got = scratch.run(&args);
        assert_eq!(got.0, 2, "{name}: {got:?}");
        assert_eq!(got, scratch.uncached(&args), "{name}");
    }
    assert!(scratch.cache_files().is_empty());
}

#[test]
fn damaged_caches_are_rebuilt_never_believed() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let questions: [&[&str]; 4] = [
        &["show", "technical-lead", "kubernetes"],
        &["search", "kuberntes", "-f", "json"],
        &["show", "nosuch"],
        &["list"],
    ];
    let (expected, cache, good) = scratch.cached_answers(&path, &questions);
    let mut damages: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("one byte short", good[..good.len() - 1].to_vec()),
        ("longer", [&good[..], b"x"].concat()),
        (
            "random",
            (0..good.len()).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("another format version", {
            let mut v = good.clone();
            v[8] = v[8].wrapping_add(1);
            v
        }),
    ];
    // A flipped byte anywhere must be caught where it is read, or change nothing.
    for at in (0..good.len()).step_by(good.len() / 40) {
        let mut v = good.clone();
        v[at] ^= 0x5a;
        damages.push(("flipped", v));
    }
    for (what, bytes) in damages {
        for (question, expected) in questions.iter().zip(&expected) {
            fs::write(&cache, &bytes).unwrap();
            let args = with_glossary(&path, question);
            assert_eq!(&scratch.run(&args), expected, "{what}: {question:?}");
        }
        // The damage was replaced by a sound cache, which answers alike.
        assert_eq!(scratch.only_cache_file(), cache);
        assert_eq!(
            &scratch.run(&with_glossary(&path, questions[0])),
            &expected[0]
        );
    }
}

#[test]
fn a_cache_made_for_another_file_is_not_believed() {
    let scratch = Scratch::new();
    let team = scratch.fixture("team.yaml");
    let flow = scratch.fixture("flow.yaml");
    let team_args = with_glossary(&team, &["list"]);
    let flow_args = with_glossary(&flow, &["list"]);
    scratch.run(&team_args);
    let team_cache = scratch.only_cache_file();
    scratch.run(&flow_args);
    let flow_cache = scratch
        .cache_files()
        .into_iter()
        .find(|f| *f != team_cache)
        .unwrap();
    fs::copy(&team_cache, &flow_cache).unwrap();
    assert_eq!(scratch.run(&flow_args), scratch.uncached(&flow_args));
}

fn running_as_root(scratch: &Scratch) -> bool {
    fs::metadata(scratch.root()).unwrap().uid() == 0
}

#[test]
fn an_unwritable_or_odd_cache_folder_means_no_cache() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let args = with_glossary(&path, &["search", "lead"]);
    let expected = scratch.uncached(&args);

    // A file where the folder should be.
    let file = scratch.root().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    assert_eq!(scratch.run_in(&file, &args), expected);
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(scratch.run_in(&file.join("below"), &args), expected);

    // A folder that cannot be written: read-only for a user; /proc is so even for root.
    let read_only = if running_as_root(&scratch) {
        PathBuf::from("/proc/self")
    } else {
        let dir = scratch.root().join("read-only");
        fs::create_dir(&dir).unwrap();
        let mut perms = fs::metadata(&dir).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
        fs::set_permissions(&dir, perms).unwrap();
        dir
    };
    assert_eq!(scratch.run_in(&read_only, &args), expected);
    assert!(!read_only.join("techlead-glossary").exists());

    // A relative XDG_CACHE_HOME is not a cache folder (XDG says to ignore it).
    let mut cmd = scratch.command_in(Path::new("relative"), &args);
    cmd.env("HOME", scratch.root().join("no-home"));
    assert_eq!(answer(cmd.output().unwrap()), expected);
}

#[test]
fn the_cache_can_be_turned_off_and_standard_input_is_never_cached() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let args = with_glossary(&path, &["show", "tl"]);
    for off in ["off", "OFF", "0", "false", "no"] {
        let got = scratch.run_with(&args, &[("TECHLEAD_GLOSSARY_CACHE", off)]);
        assert_eq!(got.0, 0);
    }
    scratch.uncached(&args);
    assert!(scratch.cache_files().is_empty());

    let text = fs::read(&path).unwrap();
    let mut cmd = scratch.command(&["-g", "-", "show", "tl"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Technical Lead\n"));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: -:58: duplicate slug 'kubernetes' (also entry 3); the later entry wins\n"
    );
    assert!(scratch.cache_files().is_empty());

    // The cache on again: it is used.
    scratch.run(&args);
    assert_eq!(scratch.cache_files().len(), 1);
}

#[test]
fn twenty_processes_on_a_cold_cache_all_answer_right() {
    let scratch = Scratch::new();
    let path = scratch.file("big.yaml", big_glossary(400).as_bytes(), 60);
    let args = with_glossary(&path, &["search", "ledgr", "-f", "json"]);
    let expected = scratch.uncached(&args);
    let children: Vec<_> = (0..20).map(|_| scratch.spawn(&args)).collect();
    for child in children {
        assert_eq!(answer(child.wait_with_output().unwrap()), expected);
    }
    // One sound cache is left, and no temporary files.
    let cache = scratch.only_cache_file();
    assert!(cache.extension().is_some_and(|e| e == "glossary"));
    let modified = fs::metadata(&cache).unwrap().modified().unwrap();
    assert_eq!(scratch.run(&args), expected);
    assert_eq!(fs::metadata(&cache).unwrap().modified().unwrap(), modified);
}

/// Two texts of one size: a glossary and its replacement.
const ALPHA: &[u8] = b"entries:\n  - {title: Alpha, category: c, summary: first}\n";
const BRAVO: &[u8] = b"entries:\n  - {title: Bravo, category: c, summary: other}\n";

fn set_modified(path: &Path, when: SystemTime) {
    let file = File::options().write(true).open(path).unwrap();
    file.set_times(FileTimes::new().set_modified(when)).unwrap();
}

#[test]
fn a_replacement_of_the_same_size_and_modification_time_is_seen() {
    assert_eq!(ALPHA.len(), BRAVO.len());
    // `cp -p` writes in place; `tar x`, `rsync -t` and `sed -i` then `touch -d` put a new file
    // there: either way with the old size and modification time.
    for how in ["written in place", "renamed over it"] {
        let scratch = Scratch::new();
        let path = scratch.file("g.yaml", ALPHA, 120);
        let when = fs::metadata(&path).unwrap().modified().unwrap();
        let args = with_glossary(&path, &["list"]);
        assert_eq!(scratch.run(&args).1, "alpha\tAlpha\tc\n");
        assert_eq!(scratch.cache_files().len(), 1, "{how}: cached");
        if how == "written in place" {
            fs::write(&path, BRAVO).unwrap();
            set_modified(&path, when);
        } else {
            let other = scratch.file("other.yaml", BRAVO, 120);
            set_modified(&other, when);
            fs::rename(&other, &path).unwrap();
        }
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.len(), meta.modified().unwrap()),
            (ALPHA.len() as u64, when)
        );
        assert_eq!(scratch.run(&args).1, "bravo\tBravo\tc\n", "{how}");
        assert_eq!(scratch.run(&args), scratch.uncached(&args), "{how}");
    }
}

#[test]
fn a_link_repointed_while_runs_build_never_mixes_two_files() {
    let scratch = Scratch::new();
    let a = scratch.file("a.yaml", ALPHA, 120);
    let b = scratch.file("b.yaml", BRAVO, 120);
    let when = fs::metadata(&a).unwrap().modified().unwrap();
    set_modified(&b, when);
    let link = scratch.root().join("link.yaml");
    let point = |target: &Path| {
        let temp = scratch.root().join("link.tmp");
        let _ = fs::remove_file(&temp);
        std::os::unix::fs::symlink(target, &temp).unwrap();
        fs::rename(&temp, &link).unwrap();
    };
    point(&a);
    let ask = |path: &Path| with_glossary(path, &["list"]);
    let (link_args, a_args, b_args) = (ask(&link), ask(&a), ask(&b));
    let alpha = "alpha\tAlpha\tc\n";
    let bravo = "bravo\tBravo\tc\n";
    scratch.settle();
    for round in 0..12 {
        let _ = fs::remove_dir_all(scratch.cache_dir());
        let children: Vec<_> = (0..4).map(|_| scratch.spawn(&link_args)).collect();
        for flip in 0..40 {
            point(if flip % 2 == 0 { &b } else { &a });
        }
        for child in children {
            let got = answer(child.wait_with_output().unwrap());
            assert!(got.1 == alpha || got.1 == bravo, "round {round}: {got:?}");
        }
        // Whatever was cached meanwhile, each path answers with its own file.
        let target = if round % 2 == 0 { &a } else { &b };
        point(target);
        let linked = if round % 2 == 0 { alpha } else { bravo };
        assert_eq!(scratch.run(&link_args).1, linked, "round {round}");
        assert_eq!(scratch.run(&a_args).1, alpha, "round {round}");
        assert_eq!(scratch.run(&b_args).1, bravo, "round {round}");
    }
}

/// Waits for `child` to end, at most a minute (a hang is a failure, not a wait forever).
fn wait_bounded(mut child: std::process::Child) -> Answer {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the run hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    answer(child.wait_with_output().unwrap())
}

#[test]
fn a_fifo_or_link_where_the_cache_file_should_be_is_replaced_not_waited_on() {
    let scratch = Scratch::new();
    let (args, expected, cache) = scratch.cached_fixture("team.yaml", &["show", "technical-lead"]);
    let good = scratch.root().join("good.glossary");
    fs::copy(&cache, &good).unwrap();
    let fifo = scratch.root().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let fifo_here = |at: &Path| {
        let c = std::ffi::CString::new(at.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    };
    let cases: [(&str, &dyn Fn()); 3] = [
        ("a FIFO", &|| fifo_here(&cache)),
        ("a link to a FIFO", &|| {
            std::os::unix::fs::symlink(&fifo, &cache).unwrap()
        }),
        ("a link to a sound cache file", &|| {
            std::os::unix::fs::symlink(&good, &cache).unwrap()
        }),
    ];
    for (what, make) in cases {
        fs::remove_file(&cache).unwrap();
        make();
        assert_eq!(wait_bounded(scratch.spawn(&args)), expected, "{what}");
        let meta = fs::symlink_metadata(&cache).unwrap();
        assert!(meta.is_file(), "{what}: replaced by a regular file");
        assert_eq!(scratch.only_cache_file(), cache);
    }
}

/// A glossary large enough that an unoptimised build takes a moment to compile it.
fn slow_glossary(scratch: &Scratch) -> PathBuf {
    scratch.file("slow.yaml", big_glossary(20_000).as_bytes(), 60)
}

#[test]
fn builds_killed_midway_leave_nothing_behind_the_next_good_run() {
    let scratch = Scratch::new();
    let path = slow_glossary(&scratch);
    // A search's first run builds the most: entries and the search index.
    let args = with_glossary(&path, &["search", "term 5 cache"]);
    scratch.settle();
    for signal in [
        libc::SIGKILL,
        libc::SIGINT,
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGKILL,
    ] {
        let building = || {
            scratch
                .cache_files()
                .iter()
                .filter(|f| name_of(f).starts_with(".building-"))
                .count()
        };
        let before = building();
        let mut child = scratch
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Killed once its temporary file is there, that is, mid-build.
        loop {
            if building() > before {
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it could be killed"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        assert!(status.code().is_none(), "killed by signal {signal}");
    }
    assert!(
        scratch.cache_files().len() >= 5,
        "{:?}",
        scratch.cache_files()
    );
    assert_eq!(scratch.run(&args), scratch.uncached(&args));
    let cache = scratch.only_cache_file();
    assert!(name_of(&cache).ends_with(".glossary"), "{cache:?}");
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Takes the lock a run building `cache`'s glossary would take.
fn hold_lock_of(cache: &Path) -> File {
    let lock = cache.with_extension("lock");
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock)
        .unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_run_waits_for_another_building_the_same_cache_and_reads_its_result() {
    let scratch = Scratch::new();
    let (args, expected, cache) = scratch.cached_fixture("team.yaml", &["search", "lead"]);
    let built = scratch.root().join("built.glossary");
    fs::rename(&cache, &built).unwrap();

    // Another process holds the lock: this run waits, then reads what that one wrote.
    let lock = hold_lock_of(&cache);
    let child = scratch.spawn(&args);
    fs::rename(&built, &cache).unwrap();
    let inode = fs::metadata(&cache).unwrap().ino();
    drop(lock);
    assert_eq!(wait_bounded(child), expected);
    assert_eq!(
        fs::metadata(&cache).unwrap().ino(),
        inode,
        "not built again"
    );
}

#[test]
fn a_lock_held_too_long_means_answering_without_the_cache() {
    let scratch = Scratch::new();
    let (args, expected, cache) =
        scratch.cached_fixture("team.yaml", &["--show-sources", "show", "tl"]);
    fs::remove_file(&cache).unwrap();
    let _lock = hold_lock_of(&cache);
    let got = scratch.run_with(&args, &[("TECHLEAD_GLOSSARY_CACHE_WAIT", "0.2")]);
    assert_eq!((got.0, &got.1), (expected.0, &expected.1));
    assert_eq!(
        got.2,
        format!(
            "{}cache: off: another process has been building it for over 0 s\n",
            expected.2
        )
    );
    assert!(
        !cache.exists(),
        "the lock's holder writes the cache, no one else"
    );
}

#[test]
fn eight_first_runs_at_once_leave_one_cache_file() {
    let scratch = Scratch::new();
    let path = scratch.file("big.yaml", big_glossary(2000).as_bytes(), 60);
    let args = with_glossary(&path, &["show", "ledgr-17"]);
    let expected = scratch.uncached(&args);
    let children: Vec<_> = (0..8).map(|_| scratch.spawn(&args)).collect();
    for child in children {
        assert_eq!(wait_bounded(child), expected);
    }
    // No lock files and no temporary files are left.
    scratch.only_cache_file();
}

#[test]
fn a_file_dated_in_the_future_is_cached_and_its_changes_seen() {
    let scratch = Scratch::new();
    let path = scratch.file("g.yaml", ALPHA, 60);
    let future = SystemTime::now() + Duration::from_secs(86_400 * 365);
    set_modified(&path, future);
    let args = with_glossary(&path, &["list"]);
    assert_eq!(scratch.run(&args).1, "alpha\tAlpha\tc\n");
    assert_eq!(scratch.cache_files().len(), 1, "cached");
    fs::write(&path, BRAVO).unwrap();
    set_modified(&path, future);
    assert_eq!(scratch.run(&args).1, "bravo\tBravo\tc\n");
}

#[test]
fn writing_the_cache_prunes_files_of_gone_or_unused_glossaries_and_keeps_under_the_cap() {
    let scratch = Scratch::new();
    let glossaries: Vec<PathBuf> = ["a", "b", "c", "d"]
        .iter()
        .map(|n| scratch.file(&format!("{n}.yaml"), ALPHA, 60))
        .collect();
    let mut caches = Vec::new();
    for g in &glossaries[..3] {
        scratch.run(&with_glossary(g, &["list"]));
        let files = scratch.cache_files();
        caches.push(files.into_iter().find(|f| !caches.contains(f)).unwrap());
    }
    // a's glossary is gone; b's cache has not been used for 31 days.
    fs::remove_file(&glossaries[0]).unwrap();
    set_modified(
        &caches[1],
        SystemTime::now() - Duration::from_secs(31 * 86_400),
    );
    scratch.run(&with_glossary(&glossaries[3], &["list"]));
    let left = scratch.cache_files();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains(&caches[2]) && !left.contains(&caches[0]));

    // A cap of one file's size keeps only the file just written.
    let one = fs::metadata(&caches[2]).unwrap().len();
    let e = scratch.file("e.yaml", ALPHA, 60);
    let max = (one + one / 2).to_string();
    let got = scratch.run_with(
        &with_glossary(&e, &["list"]),
        &[("TECHLEAD_GLOSSARY_CACHE_MAX", &max)],
    );
    assert_eq!(got.1, "alpha\tAlpha\tc\n");
    let left = scratch.cache_files();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(!left.contains(&caches[2]));
}

#[test]
fn show_sources_says_why_the_cache_is_off() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let args = with_glossary(&path, &["--show-sources", "show", "tl"]);
    let expected = scratch.uncached(&args);
    let file = scratch.root().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let got = scratch.run_in(&file, &args);
    assert_eq!((got.0, &got.1), (expected.0, &expected.1));
    let folder = file.join("techlead-glossary");
    assert_eq!(
        got.2,
        format!(
            "{}cache: off: cannot write {}: not a directory\n",
            expected.2,
            folder.display()
        )
    );
    // Without --show-sources, nothing is said.
    let quiet = with_glossary(&path, &["show", "tl"]);
    assert_eq!(scratch.run_in(&file, &quiet), scratch.uncached(&quiet));
}

#[test]
fn completions_answer_through_the_cache_alike() {
    let scratch = Scratch::new();
    let path = scratch.fixture("team.yaml");
    let path = path.to_str().unwrap();
    let tab = |words: &[&str], cache: bool| {
        let mut args = vec!["--", "techlead-glossary", "-g", path];
        args.extend_from_slice(words);
        let mut vars = vec![("_TECHLEAD_GLOSSARY_COMPLETE", "fish")];
        if !cache {
            vars.push(("TECHLEAD_GLOSSARY_CACHE", "off"));
        }
        scratch.run_with(&args, &vars)
    };
    for words in [
        &["show", ""][..],
        &["related", "k"],
        &["list", "--category", ""],
        &["search", "x", "--tag", ""],
    ] {
        let expected = tab(words, false);
        assert!(expected.1.lines().count() > 1, "{words:?}: {expected:?}");
        let _ = fs::remove_dir_all(scratch.cache_dir());
        assert_eq!(tab(words, true), expected, "cold: {words:?}");
        let cache = scratch.only_cache_file();
        assert_eq!(tab(words, true), expected, "warm: {words:?}");
        fs::write(&cache, b"garbage").unwrap();
        assert_eq!(tab(words, true), expected, "damaged: {words:?}");
    }
}

/// A pseudo-terminal: the side a program writes to, and the side that reads what it showed.
fn pseudo_terminal() -> (File, File) {
    use std::os::fd::FromRawFd;
    let (mut reader, mut writer) = (0, 0);
    // SAFETY: openpty fills in two new descriptors, each then owned by one File.
    let made = unsafe {
        libc::openpty(
            &mut reader,
            &mut writer,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
    unsafe { (File::from_raw_fd(reader), File::from_raw_fd(writer)) }
}

#[test]
fn ctrl_c_during_the_progress_line_ends_the_line_then_exits_130() {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    let scratch = Scratch::new();
    let path = slow_glossary(&scratch);
    // A search: its first run compiles the search index too, the longest build there is.
    let args = with_glossary(&path, &["search", "term 5 cache"]);
    scratch.settle();
    let (mut terminal, stderr) = pseudo_terminal();
    let mut command = scratch.command(&args);
    command.stdout(Stdio::null()).stderr(stderr);
    let mut child = command.spawn().unwrap();
    // The terminal's other side must be held by the child alone, or reading it never ends.
    drop(command);
    let shown = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let shown = Arc::clone(&shown);
        std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            // Reading fails (EIO) once the child, the last holder of the other side, is gone.
            while let Ok(n @ 1..) = terminal.read(&mut chunk) {
                shown.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        })
    };
    let started = Instant::now();
    while !String::from_utf8_lossy(&shown.lock().unwrap()).contains("reading ") {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before its progress line was shown"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no progress line"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert_eq!(status.code(), Some(130), "{status}");
    let shown = String::from_utf8_lossy(&shown.lock().unwrap()).into_owned();
    let last_line = shown.rsplit("\x1b[2K").next().unwrap();
    assert!(last_line.starts_with("reading "), "{shown:?}");
    // The terminal shows a newline as "\r\n": the shell's prompt starts at the left edge.
    assert!(last_line.ends_with("\r\n"), "{shown:?}");
}
