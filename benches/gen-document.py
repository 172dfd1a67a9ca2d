#!/usr/bin/env python3
"""Write a synthetic Markdown design document of about N megabytes for benches/run.sh.

Usage: gen-document.py MEGABYTES [--terms N] > doc.md

Paragraphs of the generator's vocabulary with, in every sentence, a name of a generated
glossary entry (`T17`, or a word and the number, as its aliases are) when --terms gives the glossary's size, so that matches are
as dense as in a real document; headings, lists, code blocks and links between them.
Deterministic.
"""
import random
import sys

WORDS = (
    "agile api architecture backlog budget cache ci cloud code compliance "
    "container data delivery deploy design developer devops domain engine "
    "feature fintech framework gateway governance incident infrastructure "
    "integration kanban latency leadership ledger mentor metric microservice "
    "migration model monitoring network observability onboarding payment "
    "pipeline platform portfolio product project protocol quality queue "
    "refactor release reliability requirement resilience review risk roadmap "
    "runtime scalability schema scrum security service sprint stakeholder "
    "storage strategy team testing throughput trading ux vendor workflow "
    "the a of to and with for tech lead pull request continuous delivery"
).split()


def main():
    args = sys.argv[1:]
    size = float(args[0]) * 1024 * 1024
    terms = int(args[args.index("--terms") + 1]) if "--terms" in args else 0
    rng = random.Random(11)
    out = []
    written = 0
    section = 0
    while written < size:
        section += 1
        block = [f"## Section {section}\n"]
        for _ in range(4):
            sentences = []
            for _ in range(5):
                words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
                if terms:
                    i = rng.randrange(terms)
                    words.insert(rng.randrange(len(words)), rng.choice([f"T{i}", f"{rng.choice(WORDS[:80]).capitalize()} {i}"]))
                sentences.append(" ".join(words).capitalize() + ".")
            block.append(" ".join(sentences) + "\n")
        block.append("- a `code span` item with a [link](https://example.org/ci/pr)\n"
                     "- another item about the API and the SLO\n")
        block.append("```\nfn main() { deploy(ci, pr) }\n```\n")
        text = "\n".join(block) + "\n"
        out.append(text)
        written += len(text.encode())
    sys.stdout.write("# Synthetic design document\n\n" + "".join(out))


if __name__ == "__main__":
    main()
