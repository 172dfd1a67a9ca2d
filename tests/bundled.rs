//! The bundled glossary is product content: these tests hold it to its invariants.

use std::collections::{BTreeMap, HashSet};

use techlead_glossary::glossary::source::{BUILTIN, SourceKind, SourceText};
use techlead_glossary::glossary::{Entry, Glossary, Lookup, parse_source};

mod harness;

use harness::tool;

fn bundled() -> Glossary {
    let source = SourceText {
        name: "builtin".into(),
        kind: SourceKind::Builtin,
        text: BUILTIN.into(),
    };
    let (glossary, warnings) = Glossary::merge(vec![parse_source(&source).unwrap()]).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    glossary
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[test]
fn check_strict_reports_nothing() {
    let out = tool()
        .args(["check", "--strict", "builtin"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "checked 1 file: 0 errors, 0 warnings\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn size_and_categories() {
    let g = bundled();
    assert!(g.entries.len() >= 360, "{} entries", g.entries.len());
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &g.entries {
        *per_category.entry(e.category.as_str()).or_default() += 1;
    }
    assert!((8..=14).contains(&per_category.len()), "{per_category:?}");
    for (category, count) in &per_category {
        assert!(*count >= 5, "{category} has {count} entries");
    }
}

#[test]
fn every_entry_is_complete() {
    let g = bundled();
    for (i, e) in g.entries.iter().enumerate() {
        let who = &e.slug;
        let n = words(&e.summary);
        assert!((40..=120).contains(&n), "{who}: summary of {n} words");
        assert!(
            (2..=5).contains(&e.tags.len()),
            "{who}: {} tags",
            e.tags.len()
        );
        assert!(
            e.sections.len() >= 2,
            "{who}: {} sections",
            e.sections.len()
        );
        for s in &e.sections {
            let body = s.body.as_deref().map_or(0, words);
            assert!(
                body >= 25 || s.items.len() >= 3,
                "{who}: thin section '{}'",
                s.heading
            );
        }
        let related = g.related_of(i);
        assert!(
            related.len() >= 2,
            "{who}: {} related links resolve",
            related.len()
        );
        assert_eq!(
            related.len(),
            e.related.len(),
            "{who}: a related link does not resolve"
        );
        if e.slug != "technical-lead" {
            assert!(
                e.published.is_none() && e.read_minutes < 10,
                "{who}: dates only where they are facts"
            );
        }
    }
}

#[test]
fn related_links_go_both_ways() {
    let g = bundled();
    for (i, e) in g.entries.iter().enumerate() {
        for j in g.related_of(i) {
            assert!(
                g.related_of(j).contains(&i),
                "{} -> {} has no link back",
                e.slug,
                g.entries[j].slug
            );
        }
    }
}

/// Runs of three words, lower-cased: the usual measure of near-duplicate text.
fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

#[test]
fn no_two_summaries_alike() {
    let g = bundled();
    let mut openings = HashSet::new();
    for (i, a) in g.entries.iter().enumerate() {
        let opening: Vec<&str> = a.summary.split_whitespace().take(6).collect();
        assert!(
            openings.insert(opening.join(" ")),
            "{}: summary opening repeats",
            a.slug
        );
        let shingles_a = shingles(&a.summary);
        for b in &g.entries[i + 1..] {
            let shingles_b = shingles(&b.summary);
            let shared = shingles_a.intersection(&shingles_b).count();
            let similarity = shared as f64 / shingles_a.union(&shingles_b).count() as f64;
            assert!(
                similarity < 0.2,
                "{} and {} summaries are {similarity:.2} alike",
                a.slug,
                b.slug
            );
        }
    }
}

#[test]
fn abbreviations_and_other_names_resolve() {
    let g = bundled();
    let expected = [
        ("TDD", "test-driven-development"),
        ("CI/CD", "continuous-delivery"),
        ("CI", "continuous-integration"),
        ("SRE", "site-reliability-engineer"),
        ("K8s", "kubernetes"),
        ("ADR", "architecture-decision-records"),
        ("KYC", "know-your-customer"),
        ("AML", "anti-money-laundering"),
        ("SLO", "service-level-objectives"),
        ("IaC", "infrastructure-as-code"),
        ("DDD", "domain-driven-design"),
        ("MVP", "minimum-viable-product"),
        ("PoC", "proof-of-concept"),
        ("R&D", "research-and-development"),
        ("TCO", "total-cost-of-ownership"),
        ("IAM", "identity-and-access-management"),
        ("1:1", "one-on-one-meetings"),
        ("tech lead", "technical-lead"),
        ("PCI", "pci-dss"),
        ("OWASP", "owasp-top-ten"),
    ];
    for (name, slug) in expected {
        match g.lookup(name) {
            Lookup::Found(i) => assert_eq!(g.entries[i].slug, slug, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

fn entry<'a>(g: &'a Glossary, name: &str) -> &'a Entry {
    match g.lookup(name) {
        Lookup::Found(i) => &g.entries[i],
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn the_technical_lead_entry_follows_its_source_article() {
    let g = bundled();
    let e = entry(&g, "technical-lead");
    assert_eq!(e.title, "Technical Lead Jobs");
    assert_eq!(e.published.as_deref(), Some("2024-03-19"));
    assert_eq!(e.read_minutes, 3);
    let items = |heading: &str| -> Vec<&str> {
        let section = e.sections.iter().find(|s| s.heading == heading).unwrap();
        section
            .items
            .iter()
            .map(|i| i.term.as_deref().unwrap())
            .collect()
    };
    assert_eq!(
        items("Advantages"),
        [
            "Technical Expertise",
            "Leadership and Mentorship",
            "Collaboration and Communication",
            "Problem Solving"
        ]
    );
    let applications = items("Applications");
    assert_eq!(
        applications,
        [
            "Software Development",
            "Project Management",
            "Consultancy",
            "Research and Development"
        ]
    );
    for application in applications {
        entry(&g, application);
    }
    assert!(
        e.sections
            .iter()
            .any(|s| s.heading == "Conclusion" && s.body.is_some())
    );
    let articles = [
        "How cloud call centers help Financial Firms?",
        "Revolutionizing Fintech: Unleashing Success Through Seamless UX/UI Design",
        "Trading Systems: Exploring the Differences",
    ];
    let me = g
        .entries
        .iter()
        .position(|x| x.slug == "technical-lead")
        .unwrap();
    for title in articles {
        let article = entry(&g, title);
        assert!(
            article.aliases.iter().any(|a| a == title),
            "{title} is an alias"
        );
        let at = g
            .entries
            .iter()
            .position(|x| x.slug == article.slug)
            .unwrap();
        assert!(g.related_of(at).contains(&me), "{title} links back");
        assert!(
            g.related_of(me).contains(&at),
            "technical-lead links to {title}"
        );
    }
}

#[test]
fn what_a_tech_lead_types_ranks_the_right_entry_first() {
    let queries = [
        ("tdd", "test-driven-development"),
        ("k8s", "kubernetes"),
        ("postmortem", "postmortem"),
        ("onboard", "onboarding"),
        ("tech lead", "technical-lead"),
        ("kyc", "know-your-customer"),
        ("adr", "architecture-decision-records"),
        ("slo", "service-level-objectives"),
        ("estimate", "estimation"),
        ("pci", "pci-dss"),
        ("on call", "on-call"),
        ("debt", "technical-debt"),
        ("kuberntes", "kubernetes"),
        ("mentor", "mentorship"),
    ];
    for (query, slug) in queries {
        let out = tool()
            .args(["search", query, "--limit", "1"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.split('\t').next(),
            Some(slug),
            "search {query:?} gave {text:?}"
        );
    }
}

/// Names from the review of issue 18: each finds the entry that explains it.
#[test]
fn common_names_find_the_entry_that_explains_them() {
    let g = bundled();
    let expected = [
        ("Lead Developer", "technical-lead"),
        ("Lead Engineer", "technical-lead"),
        ("Post-mortem", "postmortem"),
        (
            "Architecture Decision Record",
            "architecture-decision-records",
        ),
        ("Service Level Objective", "service-level-objectives"),
        ("Feature Toggle", "feature-flags"),
        ("Pen Test", "penetration-testing"),
        ("Contact Center", "cloud-call-centers"),
        ("Contact Centre", "cloud-call-centers"),
        ("Call Center", "cloud-call-centers"),
        ("KYB", "know-your-customer"),
        ("eKYC", "know-your-customer"),
        ("CFT", "anti-money-laundering"),
        ("SAR", "anti-money-laundering"),
        ("AISP", "open-banking"),
        ("PISP", "open-banking"),
        ("PSP", "payment-gateway"),
        ("3-D Secure", "payment-gateway"),
        ("3DS", "payment-gateway"),
        ("BeyondCorp", "zero-trust"),
        ("ZTNA", "zero-trust"),
        ("SLSA", "software-supply-chain-security"),
        ("OMS", "trading-systems"),
        ("Order Management System", "trading-systems"),
        ("OpenTelemetry", "observability"),
        ("OTel", "observability"),
        ("IaaS", "cloud-computing"),
        ("PaaS", "cloud-computing"),
        ("SaaS", "cloud-computing"),
        ("Project Manager", "project-management"),
    ];
    for (name, slug) in expected {
        match g.lookup(name) {
            Lookup::Found(i) => assert_eq!(g.entries[i].slug, slug, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// Aliases that sent readers to an entry about something else (issue 18) stay off those entries.
#[test]
fn misleading_aliases_are_gone() {
    let g = bundled();
    let gone = [
        ("TBD", "trunk-based-development"),
        ("Continuous Deployment", "continuous-delivery"),
        ("Monitoring", "observability"),
        ("Inverse Conway Maneuver", "conways-law"),
        ("Reverse Conway Maneuver", "conways-law"),
        ("Pub/Sub", "event-driven-architecture"),
        ("Publish-Subscribe", "event-driven-architecture"),
        ("HTTP API", "rest-api"),
    ];
    for (name, slug) in gone {
        let e = entry(&g, slug);
        assert!(
            !e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)),
            "{slug} still has the alias {name}"
        );
        if let Lookup::Found(i) = g.lookup(name) {
            assert_ne!(g.entries[i].slug, slug, "{name} still finds {slug}");
        }
    }
}

#[test]
fn show_tbd_no_longer_lands_on_trunk_based_development() {
    let out = tool().args(["show", "TBD"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.starts_with("Trunk-Based Development"),
        "show TBD gave {text:?}"
    );
    let out = tool()
        .args(["show", "trunk-based-development"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn show_pm_lists_product_manager_and_project_management() {
    let out = tool().args(["show", "PM"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: 'PM' names several entries; use a slug:\n  \
         product-manager  Product Manager\n  \
         project-management  Project Management\n"
    );
}
