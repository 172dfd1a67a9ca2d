//! Search quality on realistic queries: the `builtin` rows of the shared evaluation set
//! (`tests/fixtures/queries-builtin.tsv`: glossary, query, an anchored regex of acceptable first
//! answers), run through the real binary. The floors only ever rise.

use predicates::prelude::*;

mod harness;

/// Share of queries whose first result is acceptable, in percent, at least.
const AT_1: usize = 90;
/// Share with an acceptable result among the first three, in percent, at least.
const AT_3: usize = 97;

#[test]
fn bundled_queries_find_their_entries() {
    // One home and cache folder for every query.
    let harness = harness::Harness::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/queries-builtin.tsv"
    ))
    .unwrap();
    let (mut at1, mut at3, mut rows) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in text.lines().skip(1) {
        let [glossary, query, want] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("a row of three columns: {line:?}");
        };
        assert_eq!(glossary, "builtin", "{line:?}");
        let out = harness
            .tool()
            .args(["search", "--format", "tsv", "--", query])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let slugs: Vec<&str> = stdout
            .lines()
            .take(3)
            .map(|l| l.split('\t').next().unwrap_or_default())
            .collect();
        let wanted = predicate::str::is_match(want).unwrap();
        let hits: Vec<bool> = slugs.iter().map(|s| wanted.eval(s)).collect();
        rows += 1;
        at1 += usize::from(hits.first() == Some(&true));
        at3 += usize::from(hits.contains(&true));
        if hits.first() != Some(&true) {
            misses.push(format!("miss {query:?} -> {}", slugs.join(", ")));
        }
    }
    for miss in &misses {
        println!("{miss}");
    }
    println!("@1 {at1}/{rows}  @3 {at3}/{rows}");
    assert!(rows >= 30, "{rows} rows");
    assert!(
        at1 * 100 >= AT_1 * rows,
        "@1 {at1}/{rows}:\n{}",
        misses.join("\n")
    );
    assert!(
        at3 * 100 >= AT_3 * rows,
        "@3 {at3}/{rows}:\n{}",
        misses.join("\n")
    );
}
