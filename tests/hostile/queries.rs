//! Hostile queries and terms: empty, huge, punctuation, combining marks, right-to-left, bytes.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::support::{LIMIT, Scratch, bin, finish, run};

fn scripts() -> (Scratch, String) {
    let s = Scratch::new();
    let text = "entries:
  - title: Kubernetes
    category: Cloud
    summary: Runs containers.
  - title: کلاؤڈ نیٹو
    slug: cloud-native-ur
    category: کلاؤڈ
    summary: کلاؤڈ کے لیے بنی ایپلیکیشنز۔
  - title: קוברנטיס
    slug: kubernetes-he
    category: ענן
    summary: מריץ קונטיינרים.
  - title: Café Crème
    category: Food
    summary: With milk.
  - title: コンテナ イメージ
    slug: container-image-ja
    category: クラウド
    summary: コンテナの実行に必要なファイル一式。
";
    let path = s.file("scripts.yaml", text);
    (s, path)
}

#[test]
fn an_empty_or_punctuation_query_is_a_usage_error() {
    let (_s, path) = scripts();
    for query in ["", "   ", "?!-_/.,;:", "\u{301}", "\u{200d}", "\t\n"] {
        run(["-g", &path, "search", query]).refused(2, "", "no letters or digits");
    }
}

#[test]
fn empty_and_punctuation_terms_find_nothing() {
    let (_s, path) = scripts();
    for term in ["", "?!", "\u{301}"] {
        for command in ["show", "related"] {
            let r = run(["-g", &path, command, term]);
            assert_eq!(r.code, 1, "{r:?}");
            assert!(r.stdout.is_empty());
            assert!(r.stderr.starts_with("error: no entry '"), "{r:?}");
        }
    }
}

/// A megabyte of query in ten arguments: Linux refuses any one argument over 128 KiB.
fn megabyte_of(word: &str) -> Vec<String> {
    let part = format!("{word} ").repeat((100 << 10) / (word.len() + 1));
    vec![part; 11]
}

#[test]
fn a_one_megabyte_query_is_answered_and_quoted_short() {
    let (_s, path) = scripts();
    // A megabyte of one repeated word still means that word; of a word no entry has, nothing.
    for (word, first) in [
        (
            "kubernetes",
            Some("kubernetes\tKubernetes\tCloud\tname\t0.96"),
        ),
        ("کلاؤڈ", Some("cloud-native-ur\tکلاؤڈ نیٹو\tکلاؤڈ\tname\t0.94")),
        ("x", None),
    ] {
        let words = megabyte_of(word);
        assert!(words.concat().len() > 1 << 20);
        let args = ["-g", path.as_str(), "search"];
        let r = run(args.into_iter().chain(words.iter().map(String::as_str)));
        match first {
            Some(row) => assert_eq!(r.ok().out().lines().next(), Some(row)),
            None => {
                assert_eq!((r.code, r.stdout.len()), (1, 0), "{r:?}");
                assert!(r.stderr.len() < 400, "{} bytes on stderr", r.stderr.len());
            }
        }
        let args = ["-g", path.as_str(), "search", "--full-text", "--exact"];
        let r = run(args.into_iter().chain(words.iter().map(String::as_str)));
        assert!(matches!(r.code, 0 | 1));
        // No entry has a megabyte-long name: each of the eleven terms is quoted back short.
        let args = ["-g", path.as_str(), "show"];
        let r = run(args.into_iter().chain(words.iter().map(String::as_str)));
        assert_eq!((r.code, r.stdout.len()), (1, 0), "{r:?}");
        assert!(
            r.stderr.len() < 11 * 400,
            "{} bytes on stderr",
            r.stderr.len()
        );
        let r = run(["-g", &path, "related", &words[0]]);
        assert_eq!((r.code, r.stdout.len()), (1, 0), "{r:?}");
        assert!(r.stderr.len() < 400);
    }
}

#[test]
fn right_to_left_and_accented_queries_find_their_entries() {
    let (_s, path) = scripts();
    let cases = [
        (
            "کلاؤڈ نیٹو",
            "cloud-native-ur\tکلاؤڈ نیٹو\tکلاؤڈ\texact\t1.00\n",
        ),
        ("קוברנטיס", "kubernetes-he\tקוברנטיס\tענן\texact\t1.00\n"),
        ("CAFÉ crème", "café-crème\tCafé Crème\tFood\texact\t1.00\n"),
        (
            "コンテナ",
            "container-image-ja\tコンテナ イメージ\tクラウド\tname\t0.87\n",
        ),
        (
            "イメージ コンテナ",
            "container-image-ja\tコンテナ イメージ\tクラウド\tname\t0.86\n",
        ),
        ("kuberntes", "kubernetes\tKubernetes\tCloud\ttypo\t0.58\n"),
    ];
    for (query, want) in cases {
        let out = run(["-g", &path, "search", query]).ok().out();
        assert_eq!(out.lines().next(), want.lines().next(), "{query}: {out}");
    }
    // A decomposed é (e + combining acute) is another spelling, not the same key.
    let r = run(["-g", &path, "show", "Cafe\u{301} Cre\u{300}me"]);
    assert!(matches!(r.code, 0 | 1), "{r:?}");
}

#[test]
fn arguments_that_are_not_utf8_are_usage_errors() {
    for command in ["search", "show", "related"] {
        let r = finish(
            bin().arg(command).arg(OsStr::from_bytes(b"\xff\xfe")),
            LIMIT,
        );
        r.refused(2, "", "UTF-8");
    }
    let r = finish(
        bin()
            .args(["list", "--category"])
            .arg(OsStr::from_bytes(b"\xc3")),
        LIMIT,
    );
    r.refused(2, "", "UTF-8");
}

#[test]
fn a_capital_dotted_i_gives_a_plain_slug() {
    let s = Scratch::new();
    let path = s.file(
        "tr.yaml",
        "entries:\n  - title: İstanbul Ofisi\n    category: c\n    summary: s\n",
    );
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        "istanbul-ofisi\tİstanbul Ofisi\tc\n"
    );
    for term in ["istanbul-ofisi", "İSTANBUL OFİSİ", "istanbul ofisi"] {
        run(["-g", &path, "show", term]).ok();
    }
}
