//! `export`: the whole glossary as one self-contained HTML page, as Markdown, and as JSON.

use crate::support::{bundled_size, fixture, stdout, tool};

fn export(args: &[&str]) -> String {
    let output = tool().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty());
    stdout(&output)
}

#[test]
fn html_is_the_default_and_holds_every_entry() {
    let page = export(&["export"]);
    assert_eq!(page, export(&["export", "--format", "html"]));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    assert!(page.ends_with("</html>\n"));
    assert!(page.contains("<title>Tech Lead Glossary</title>"));
    let (entries, categories) = bundled_size();
    assert!(
        entries >= 360 && categories >= 13,
        "{entries} entries, {categories} categories"
    );
    assert!(page.contains(&format!(
        "<p class=\"count\">{entries} entries · {categories} categories</p>"
    )));
    assert_eq!(page.matches("<article class=\"entry").count(), entries);
    assert_eq!(page.matches("<li data-for=").count(), entries);
    let entry = between(&page, "id=\"technical-lead\"", "</article>");
    for part in [
        "<h2><a href=\"#technical-lead\">Technical Lead Jobs</a></h2>",
        "<span class=\"badge\">Careers</span><time datetime=\"2024-03-19\">March 19, 2024</time><span>3 min read</span>",
        "<li>leadership</li><li>roles</li><li>careers</li>",
        "<h3>Advantages</h3>",
        "<li><strong>Technical Expertise</strong>The role rewards depth.",
        "<h3>Related</h3>",
        "<li><a href=\"#trading-systems\">Trading Systems</a></li>",
    ] {
        assert!(entry.contains(part), "{part}\n{entry}");
    }
}

#[test]
fn html_needs_nothing_from_the_network() {
    let page = export(&["export"]);
    for outside in [
        "src=", "<link", "@import", "url(", "<iframe", "<object", "<embed",
    ] {
        assert!(!page.contains(outside), "{outside}");
    }
    assert_eq!(page.matches("<style>").count(), 1);
    assert_eq!(page.matches("<script>").count(), 1);
    assert!(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"));
    // Every in-page link has its target.
    for href in page.split("href=\"#").skip(1) {
        let id = &href[..href.find('"').unwrap()];
        if !id.is_empty() {
            assert!(
                page.contains(&format!(" id=\"{id}\"")),
                "no target for #{id}"
            );
        }
    }
}

#[test]
fn html_shows_markup_from_the_glossary_as_text() {
    let page = export(&["--glossary", &fixture("markup.yaml"), "export"]);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>"));
    assert!(!page.contains("</style><script>"));
    assert!(
        page.contains("<title>Markup &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;Glossary&quot;</title>")
    );
    assert!(page.contains(
        "<h2><a href=\"#script-title\">&lt;script&gt;window.pwned = 1&lt;/script&gt; Title</a></h2>"
    ));
    // A slug with a quote gets an id of letters, digits and dashes, and links follow it.
    assert!(page.contains("id=\"quote-slug\""));
    assert!(page.contains("<a href=\"#quote-slug\">Quote &quot; Slug</a>"));
    // A javascript: address is text, not a link; a web address is a link.
    assert!(!page.to_lowercase().contains("href=\"javascript"));
    assert!(page.contains(
        "<li>javascript link <span class=\"host\">javascript:window.pwned=4</span></li>"
    ));
    assert!(page.contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">Real &lt;link&gt;</a>"));
    // Written line breaks are kept.
    assert!(page.contains("and &lt;i&gt;html&lt;/i&gt;.<br>\n# not a heading<br>\n1. not a list"));
}

#[test]
fn json_is_the_name_and_the_entries() {
    let text = export(&["export", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["name"], "Tech Lead Glossary");
    let entries = value["entries"].as_array().unwrap();
    assert!(entries.len() >= 360, "{}", entries.len());
    let lead = entries
        .iter()
        .find(|e| e["slug"] == "technical-lead")
        .unwrap();
    assert_eq!(lead["title"], "Technical Lead Jobs");
    assert_eq!(lead["published"], "2024-03-19");
    assert_eq!(lead["read_minutes"], 3);
    assert_eq!(
        lead["sections"][0]["items"][0]["term"],
        "Technical Expertise"
    );

    let short = export(&["-g", &fixture("short.yaml"), "export", "-f", "json"]);
    assert_eq!(
        short,
        "{\n  \"name\": \"Glossary\",\n  \"entries\": [\n    {\n      \"slug\": \"short\",\n      \"title\": \"Short Entry\",\n      \"aliases\": [],\n      \"category\": \"Tests\",\n      \"tags\": [],\n      \"published\": null,\n      \"read_minutes\": 1,\n      \"summary\": \"A short entry.\",\n      \"sections\": [],\n      \"related\": [],\n      \"links\": []\n    }\n  ]\n}\n"
    );
}

#[test]
fn export_reads_no_glossary_it_cannot_parse() {
    let output = tool()
        .args(["--glossary", "/no/such/glossary.yaml", "export"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect(start);
    let to = text[from..].find(end).expect(end);
    &text[from..from + to]
}
