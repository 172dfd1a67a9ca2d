//! `graph`: the related-links graph as DOT that Graphviz accepts and as Mermaid.

use crate::support::{bundled_size, fixture, have, pipe_through, stderr, stdout, tool};

fn graph(args: &[&str]) -> String {
    let output = tool().arg("graph").args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// Runs `dot -Tsvg` on the text; returns the SVG. Any message from dot fails the test.
fn dot_svg(text: &str) -> String {
    let output = pipe_through("dot", &["-Tsvg"], text);
    let messages = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && messages.is_empty(),
        "{messages}\n{text}"
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_neighbourhood_of_technical_lead() {
    let text = graph(&["technical-lead"]);
    let nodes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[label=") && !l.contains("\"category "))
        .map(|l| l.trim().split(' ').next().unwrap())
        .collect();
    assert_eq!(
        nodes,
        [
            "\"technical-lead\"",
            "\"cloud-call-centers\"",
            "\"consultancy\"",
            "\"delegation\"",
            "\"design-document\"",
            "\"engineering-manager\"",
            "\"fintech-ux-ui-design\"",
            "\"individual-contributor\"",
            "\"mentorship\"",
            "\"principal-engineer\"",
            "\"project-management\"",
            "\"research-and-development\"",
            "\"software-development\"",
            "\"staff-engineer\"",
            "\"tech-lead-manager\"",
            "\"technical-hiring\"",
            "\"trading-systems\"",
        ]
    );
    assert!(text.contains(
        "  \"technical-lead\" [label=\"Technical Lead Jobs\", fillcolor=\"#d1f2d9\", tooltip=\"Careers\", penwidth=2.5, color=\"#1b1f24\"];\n"
    ));
    assert!(text.contains("  \"technical-lead\" -> \"trading-systems\" [dir=both];\n"));
    assert!(text.contains("  \"technical-lead\" -> \"mentorship\" [dir=both];\n"));
    // A link that only one side makes is a one-headed edge.
    let team = graph(&["-g", &fixture("team.yaml")]);
    assert!(
        team.contains("  \"gijutsu-riido\" -> \"kubernetes\";\n"),
        "{team}"
    );
    assert!(
        team.contains("  \"code-review\" -> \"pair-programming\" [dir=both];\n"),
        "{team}"
    );
    assert!(text.contains("    \"category 1\" [label=\"Careers\", fillcolor=\"#d1f2d9\""));
    // Depth 2 reaches further; depth 0 is the entry alone.
    assert!(graph(&["technical-lead", "--depth", "2"]).lines().count() > text.lines().count());
    assert_eq!(
        graph(&["technical-lead", "-d", "0"])
            .matches("[label=")
            .count(),
        2,
        "the entry and its category"
    );
}

#[test]
fn graphviz_accepts_every_graph() {
    if !have("dot") {
        return;
    }
    let svg = dot_svg(&graph(&["technical-lead"]));
    assert_eq!(svg.matches("<g id=\"node").count(), 17 + 6);
    assert!(svg.contains(">Technical Lead Jobs</text>"));
    let whole = dot_svg(&graph(&[]));
    let (entries, categories) = bundled_size();
    assert_eq!(
        whole.matches("class=\"node\"").count(),
        entries + categories
    );
    let markup = dot_svg(&graph(&["-g", &fixture("markup.yaml")]));
    // Long titles wrap; entities in the glossary's text are not decoded.
    assert!(
        markup.contains(">&lt;script&gt;window.pwned =</text>"),
        "{markup}"
    );
    assert!(
        markup.contains(">1&lt;/script&gt; Title</text>"),
        "{markup}"
    );
    assert!(
        markup.contains("<title>Markup &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;Glossary&quot;</title>"),
        "{markup}"
    );
    assert!(markup.contains(">Quote &quot; Slug</text>"), "{markup}");
}

#[test]
fn mermaid_names_nodes_by_number_and_encodes_labels() {
    let text = graph(&["-g", &fixture("markup.yaml"), "--format", "mermaid"]);
    assert_eq!(
        text,
        "flowchart LR\n\
         \x20 n0[\"#60;script#62;window.pwned #61; 1#60;/script#62; Title\"]\n\
         \x20 n1[\"Plain Entry\"]\n\
         \x20 n2[\"Quote #34; Slug\"]\n\
         \x20 n0 <--> n2\n\
         \x20 n0 --> n1\n\
         \x20 n1 --> n2\n\
         \x20 subgraph legend [\"Categories\"]\n\
         \x20   direction TB\n\
         \x20   c0[\"#60;/style#62;#60;script#62;window.pwned#61;3#60;/script#62;\"]\n\
         \x20   c1[\"Odd\"]\n\
         \x20 end\n\
         \x20 class n0,c0 cat0\n\
         \x20 class n1,n2,c1 cat1\n\
         \x20 classDef cat0 fill:#cfe2ff,stroke:#5f6b7a,color:#1b1f24\n\
         \x20 classDef cat1 fill:#d1f2d9,stroke:#5f6b7a,color:#1b1f24\n"
    );
}

#[test]
fn an_unknown_term_is_reported_with_suggestions() {
    let output = tool().args(["graph", "technical-laed"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output)
            .starts_with("error: no entry 'technical-laed'\nhelp: did you mean: technical-lead")
    );
}

#[test]
fn depth_needs_a_term() {
    let output = tool().args(["graph", "--depth", "2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("<TERM>"), "{}", stderr(&output));
}
