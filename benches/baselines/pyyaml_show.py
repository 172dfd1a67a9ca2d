"""A baseline for SPEC §8: load a glossary with PyYAML's libyaml loader and print one entry's title."""
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    data = yaml.load(f, Loader=yaml.CSafeLoader)
for entry in data["entries"]:
    if entry.get("slug") == sys.argv[2]:
        print(entry["title"])
        break
