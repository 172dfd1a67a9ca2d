"""Prints the SPEC §8 table from what benches/run.sh measured (hyperfine JSON, peak memory)."""
import json
import os
import sys

work = sys.argv[1]


def medians(name):
    path = os.path.join(work, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["command"]: r["median"] * 1000 for r in json.load(f)["results"]}


times = {}
for name in ["repeated10", "first10", "python10"]:
    times.update(medians(name))
hundred = medians("repeated100")
memory = {}
with open(os.path.join(work, "memory.txt")) as f:
    for line in f:
        key, kb = line.split()
        memory[key] = int(kb)

rows = []


def row(case, target, measured, ratio, ok):
    rows.append((case, target, measured, ratio, "yes" if ok else "**no**"))


def ms(name, table=times):
    return f"{table[name]:.2f} ms"


def mb(kb):
    return f"{kb / 1024:.1f} MB"


hello = times["hello"]
r = times["bundled"] / hello
row("`show technical-lead`, bundled glossary", "≤ 1.5 × hello",
    f"{ms('bundled')} vs hello {ms('hello')}", f"{r:.2f} ×", r <= 1.5)
r = times["show10"] / hello
row("`show`, 10,000 entries, repeated", "≤ 2 × hello",
    f"{ms('show10')} vs hello {ms('hello')}", f"{r:.2f} ×", r <= 2)
r = times["show10"] / times["grep10"]
row("… and against `grep -F -m1 SLUG`", "< 1 × grep",
    f"{ms('show10')} vs grep {ms('grep10')}", f"{r:.2f} ×", r < 1)
r = times["first10"] / times["bare10"]
row("first `show` after the file changed, 10,000 entries", "≤ 1.1 × bare serde_yaml parse",
    f"{ms('first10')} vs bare parse {ms('bare10')}", f"{r:.2f} ×", r <= 1.1)
r = times["python10"] / times["first10"]
row("… and against Python + PyYAML CSafeLoader", "≥ 10 × faster",
    f"{ms('first10')} vs Python {ms('python10')}", f"{r:.1f} × faster", r >= 10)
r = times["search10"] / hello
row("`search` a typo, 10,000 entries, repeated", "≤ 5 × hello",
    f"{ms('search10')} vs hello {ms('hello')}", f"{r:.2f} ×", r <= 5)
if "plain10" in times:
    r = times["plain10"] / hello
    row("`search` in plain words, 10,000 entries, repeated", "≤ 5 × hello",
        f"{ms('plain10')} vs hello {ms('hello')}", f"{r:.2f} ×", r <= 5)
repeated = [k for k in ["bundled", "show10", "search10", "plain10", "show100", "search100",
                        "plain100"] if k in memory]
peak = max(memory[k] for k in repeated)
row("peak memory, repeated runs (" + ", ".join(repeated) + ")", "≤ 10 MB",
    f"{mb(peak)} (hello {mb(memory['hello'])})", "", peak <= 10 * 1024)
if hundred:
    r = hundred["show100"] / hundred["hello"]
    row("100,000 entries: repeated `show`", "≤ 3 × hello",
        f"{ms('show100', hundred)} vs hello {ms('hello', hundred)}", f"{r:.2f} ×", r <= 3)
    r = memory["first100"] / memory["python100"]
    row("100,000 entries: first run's peak memory", "≤ 0.5 × Python's",
        f"{mb(memory['first100'])} vs Python {mb(memory['python100'])}", f"{r:.2f} ×", r <= 0.5)
    r = hundred["search100"] / hundred["hello"]
    row("100,000 entries: repeated `search` a typo", "≤ 8 × hello",
        f"{ms('search100', hundred)} vs hello {ms('hello', hundred)}", f"{r:.2f} ×", r <= 8)
    if "plain100" in hundred:
        r = hundred["plain100"] / hundred["hello"]
        row("100,000 entries: repeated `search` in plain words", "≤ 8 × hello",
            f"{ms('plain100', hundred)} vs hello {ms('hello', hundred)}", f"{r:.2f} ×", r <= 8)

scan = medians("scan1")
scan.update(medians("scan100"))
if "scan1" in scan:
    row("`scan` of a 1 MB Markdown document, bundled glossary", "≤ 50 ms",
        ms("scan1", scan), "", scan["scan1"] <= 50)
if "scan100" in scan:
    row("`scan` of a 10 MB Markdown document, 100,000 entries, cache warm", "≤ 2 s",
        ms("scan100", scan), "", scan["scan100"] <= 2000)

# The whole-glossary commands (issue 14 items 10 and 11), cache warm, and what they are held to.
first_time = {"10": times.get("first10")}
first_path = os.path.join(work, "first100.txt")
if os.path.exists(first_path):
    with open(first_path) as f:
        first_time["100"] = float(f.read().split()[0]) * 1000
for n, size in [("10", "10,000"), ("100", "100,000")]:
    whole = medians("whole" + n)
    whole.update(medians("check" + n))
    if not whole:
        continue
    base = times["hello"] if n == "10" else hundred.get("hello", times["hello"])
    for c in ["list", "categories", "tags"]:
        t, kb = whole[c + n], memory[c + n]
        row(f"`{c}`, {size} entries, cache warm", "≤ 150 ms and ≤ 50 MB",
            f"{t:.1f} ms, {mb(kb)}", "", t <= 150 and kb <= 50 * 1024)
    r = whole["related" + n] / base
    row(f"`related`, {size} entries, cache warm", "≤ 10 × hello",
        f"{whole['related' + n]:.1f} ms vs hello {base:.2f} ms, {mb(memory['related' + n])}",
        f"{r:.2f} ×", r <= 10)
    kb = memory["export" + n]
    row(f"`export --format html`, {size} entries, cache warm", "≤ 100 MB",
        f"{whole['export' + n]:.0f} ms, {mb(kb)}", "", kb <= 100 * 1024)
    t, kb = whole["check" + n], memory["check" + n]
    first_kb = memory.get("first" + n)
    if first_time.get(n) and first_kb:
        r = t / first_time[n]
        row(f"`check`, {size} entries", "≤ 1.5 × a first parse's time, ≤ its peak memory",
            f"{t:.0f} ms, {mb(kb)} vs first parse {first_time[n]:.0f} ms, {mb(first_kb)}",
            f"{r:.2f} ×", r <= 1.5 and kb <= first_kb)

complete = medians("complete10")
if "complete10" in complete:
    row("completion on Tab, 10,000 entries, cache warm", "≤ 20 ms",
        ms("complete10", complete), "", complete["complete10"] <= 20)

parallel_path = os.path.join(work, "parallel.txt")
if os.path.exists(parallel_path):
    with open(parallel_path) as f:
        for line in f:
            name, kb, slowest = line.split()
            n = name.removeprefix("eight")
            one = memory.get("first" + n)
            if one is None:
                continue
            r = int(kb) / one
            row(f"eight first runs at once, {n},000 entries: their peak memories added up",
                "≤ 1.5 × one first run's", f"{mb(int(kb))} vs one run {mb(one)}, slowest "
                f"{float(slowest):.1f} s", f"{r:.2f} ×", r <= 1.5)

print("| case | target | measured (medians) | ratio | met |")
print("|---|---|---|---|---|")
for case, target, measured, ratio, ok in rows:
    print(f"| {case} | {target} | {measured} | {ratio} | {ok} |")
print()
print("first run's peak memory, 10,000 entries: "
      f"{mb(memory['first10'])} (bare serde_yaml parse: {mb(memory['bare10'])})")
