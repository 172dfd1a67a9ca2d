//! Terminal attacks in every text field: escape sequences, hyperlinks, clipboard writes, C1
//! controls, bidi overrides and zero-width characters must be shown, never obeyed.

use crate::support::{Scratch, raw_danger, run};

/// Each attack, as YAML double-quoted escapes.
const ATTACKS: &[&str] = &[
    "\\e[31mred\\e[0m",                                      // CSI colour
    "\\e[2J\\e[H",                                           // clear screen, cursor home
    "\\e]8;;https://evil.example/\\e\\\\link\\e]8;;\\e\\\\", // OSC 8 hyperlink
    "\\e]52;c;cm0gLXJmIH4=\\a",                              // OSC 52 clipboard write
    "\\u009b31m\\u009d0;title\\u009c",                       // C1 CSI, OSC, ST
    "\\u202eevil\\u202c\\u2066iso\\u2069",                   // bidi override and isolate
    "tech\\u200dlead\\u200bx\\ufeff",                        // zero-width joiner, space, BOM
    "\\r\\bover\\x7f",                                       // carriage return, backspace, DEL
];

fn attack(n: usize) -> String {
    format!("{}{}", ATTACKS[n % ATTACKS.len()], n)
}

/// One entry with an attack in every text field, and a plain one it relates to.
fn evil_glossary() -> String {
    format!(
        r#"entries:
  - slug: evil
    title: "Evil {t}"
    aliases: ["{a}"]
    category: "{c}"
    tags: ["{g}", "plain"]
    published: "{p}"
    summary: "{s}"
    sections:
      - heading: "{h}"
        body: "{b}"
        items:
          - term: "{it}"
            text: "{tx}"
    related: [plain, "{r}"]
    links:
      - title: "{lt}"
        url: "https://example.org/{lu}"
  - slug: plain
    title: Plain
    category: "{c}"
    tags: [plain]
    summary: Plain text.
    related: [evil]
"#,
        t = attack(0),
        a = attack(1),
        c = attack(2),
        g = attack(3),
        p = attack(4),
        s = attack(5),
        h = attack(6),
        b = attack(7),
        it = attack(8),
        tx = attack(9),
        r = attack(10),
        lt = attack(11),
        lu = attack(12),
    )
}

fn assert_shown_not_obeyed(what: &str, text: &str) {
    if let Some(c) = raw_danger(text) {
        panic!("{what}: raw {c:?} in {text:?}");
    }
}

/// The strings of an entry as the JSON carries them.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

#[test]
fn show_escapes_every_field_in_text_and_markdown() {
    let s = Scratch::new();
    let path = s.file("evil.yaml", evil_glossary());
    // Markdown also escapes the backslash and brackets of each escape, so it renders the same.
    let expected: &[(&str, &[&str])] = &[
        (
            "text",
            &[
                "Evil \\u{1b}[31mred",
                "\\u{202e}evil",
                "tech\\u{200d}lead\\u{200b}x\\u{feff}6",
                "\\u{1b}]52;c;",
            ],
        ),
        (
            "markdown",
            &[
                "Evil \\\\u{1b}\\[31mred",
                "\\\\u{202e}evil",
                "tech\\\\u{200d}lead\\\\u{200b}x\\\\u{feff}6",
                "\\\\u{1b}\\]52;c;",
            ],
        ),
    ];
    for (format, parts) in expected {
        let r = run(["-g", &path, "show", "evil", "--format", format]);
        let out = r.ok().out();
        assert_shown_not_obeyed(format, &out);
        for part in *parts {
            assert!(out.contains(part), "{format}: {part} not in {out}");
        }
    }
}

#[test]
fn show_with_colour_escapes_the_text_but_keeps_its_own_styles() {
    let s = Scratch::new();
    let path = s.file("evil.yaml", evil_glossary());
    let r = run(["-g", &path, "--color", "always", "show", "evil"]);
    let out = r.ok().out();
    let mut own = out.clone();
    for code in ["\x1b[1;4m", "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"] {
        own = own.replace(code, "");
    }
    assert_shown_not_obeyed("text with colour", &own);
    assert!(out.contains("\x1b[1;4mEvil \\u{1b}[31mred"), "{out}");
}

#[test]
fn show_json_is_valid_carries_the_exact_text_and_escapes_it() {
    let s = Scratch::new();
    let path = s.file("evil.yaml", evil_glossary());
    let r = run(["-g", &path, "show", "evil", "--format", "json"]);
    let out = r.ok().out();
    assert_shown_not_obeyed("json", &out);
    for c in ['\u{200c}', '\u{200d}'] {
        assert!(!out.contains(c), "json keeps a raw joiner: {out}");
    }
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["title"], "Evil \u{1b}[31mred\u{1b}[0m0");
    assert_eq!(value["summary"], "\u{202e}evil\u{202c}\u{2066}iso\u{2069}5");
    assert_eq!(
        value["sections"][0]["heading"],
        "tech\u{200d}lead\u{200b}x\u{feff}6"
    );
    let mut strings = Vec::new();
    json_strings(&value, &mut strings);
    assert!(
        strings.iter().any(|s| s.contains('\u{9b}')),
        "C1 lost: {strings:?}"
    );
}

#[test]
fn listings_escape_in_every_format() {
    let s = Scratch::new();
    let path = s.file("evil.yaml", evil_glossary());
    let commands: &[&[&str]] = &[
        &["list"],
        &["search", "evil"],
        &["search", "plain"],
        &["categories"],
        &["tags"],
        &["related", "plain"],
        &["related", "evil"],
        &["sources"],
    ];
    for command in commands {
        for format in ["table", "tsv", "json", "jsonl"] {
            let mut args = vec!["-g", path.as_str()];
            args.extend_from_slice(command);
            args.extend(["--format", format]);
            let r = run(&args);
            let out = r.ok().out();
            let what = format!("{command:?} {format}");
            assert_shown_not_obeyed(&what, &out);
            match format {
                "json" => {
                    serde_json::from_str::<serde_json::Value>(&out).expect(&what);
                }
                "jsonl" => {
                    for line in out.lines() {
                        serde_json::from_str::<serde_json::Value>(line).expect(&what);
                    }
                }
                _ => {}
            }
        }
    }
    // TSV: one line a row, attacks escaped in place.
    let r = run(["-g", &path, "list", "--format", "tsv"]);
    assert_eq!(
        r.out(),
        "evil\tEvil \\u{1b}[31mred\\u{1b}[0m0\t\\u{1b}]8;;https://evil.example/\\u{1b}\\\\link\\u{1b}]8;;\\u{1b}\\\\2\n\
         plain\tPlain\t\\u{1b}]8;;https://evil.example/\\u{1b}\\\\link\\u{1b}]8;;\\u{1b}\\\\2\n"
    );
}

#[test]
fn diagnostics_on_stderr_are_escaped_too() {
    let s = Scratch::new();
    let text = "entries:\n  - slug: \"x\\e[31m\"\n    title: A\n    category: c\n    summary: s\n  - slug: \"x\\e[31m\"\n    title: B\n    category: c\n    summary: s\n    aliases: [\"amb\\u202e\"]\n  - title: C\n    category: c\n    summary: s\n    aliases: [\"amb\\u202e\"]\n";
    let path = s.file("diag.yaml", text);
    // A duplicate slug warning quotes the slug.
    let r = run(["-g", &path, "list"]);
    assert_eq!(r.code, 0);
    assert_shown_not_obeyed("warning", &r.stderr);
    assert!(r.stderr.contains("x\\u{1b}[31m"), "{r:?}");
    // An unknown term is quoted back; did-you-mean names come from the file.
    for term in ["x\u{1b}[31", "nothing\u{1b}]52;c;AAAA\u{7}", "amb\u{202e}"] {
        let r = run(["-g", &path, "show", term]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stdout.is_empty());
        assert_shown_not_obeyed("show error", &r.stderr);
    }
    // `check` findings quote slugs and values.
    let r = run(["check", &path]);
    assert_shown_not_obeyed("check", &r.out());
    // A path with an escape in its name.
    let odd = s.file("odd\u{1b}[2J.yaml", "entries: [\n");
    let r = run(["-g", &odd, "list"]);
    assert_eq!(r.code, 2);
    assert_shown_not_obeyed("path", &r.stderr);
    // Values quoted by a type error.
    let typed = s.file(
        "typed.yaml",
        "entries:\n  - title: A\n    category: c\n    summary: s\n    read_minutes: \"\\e[31m\\u202e\"\n",
    );
    let r = run(["-g", &typed, "list"]);
    assert_eq!(r.code, 2);
    assert_shown_not_obeyed("type error", &r.stderr);
}

#[test]
fn scripts_keep_their_joiners() {
    let s = Scratch::new();
    // Bengali and Persian need their joiners; an emoji sequence too.
    let text = "entries:\n  - title: \"র\u{9cd}\u{200d}যাব\"\n    slug: rya\n    category: \"می\u{200c}خواهم\"\n    summary: \"👩\u{200d}💻\"\n";
    let path = s.file("scripts.yaml", text);
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        "rya\tর\u{9cd}\u{200d}যাব\tمی\u{200c}خواهم\n"
    );
}
