"""Regenerate src/aifx/text/confusables.txt, the compact table behind aifx.text.confusables.skeleton().

    python scripts/confusables.py confusables.txt   # Unicode's own file (www.unicode.org/Public/security/)
    python scripts/confusables.py                   # else: the JSON that PyPI's confusable-homoglyphs ships

Unicode's confusables.txt maps each confusable character to its prototype. confusable-homoglyphs (MIT) keeps
the same pairs but both ways round; its mapping is a set of stars, so each star's centre, or a multi-character
string, is the prototype (for the ~2,600 pairs that are stars of one, the lower code point is kept: skeleton
equality is the same either way).
"""

from __future__ import annotations

import collections
import importlib.resources
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "aifx" / "text" / "confusables.txt"
LRM = "\u200e"  # confusable-homoglyphs keeps the marks Unicode's comments put around right-to-left text

HEADER = """\
# Unicode confusables (UTS #39): one confusable character, then its prototype, as hex code points.
# Made by scripts/confusables.py from {origin}; do not edit by hand.
# aifx.text.confusables.skeleton() uses it to tell names apart that only look alike.
#
# Derived from Unicode's confusables.txt. UNICODE LICENSE V3
#
# COPYRIGHT AND PERMISSION NOTICE
#
# Copyright © 1991-2024 Unicode, Inc.
#
# NOTICE TO USER: Carefully read the following legal agreement. BY DOWNLOADING, INSTALLING, COPYING OR OTHERWISE
# USING DATA FILES, AND/OR SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE TERMS AND
# CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO NOT DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA
# FILES OR SOFTWARE.
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of data files and any associated
# documentation (the "Data Files") or software and any associated documentation (the "Software") to deal in the
# Data Files or Software without restriction, including without limitation the rights to use, copy, modify, merge,
# publish, distribute, and/or sell copies of the Data Files or Software, and to permit persons to whom the Data
# Files or Software are furnished to do so, provided that either (a) this copyright and permission notice appear
# with all copies of the Data Files or Software, or (b) this copyright and permission notice appear in associated
# Documentation.
#
# THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
# NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD
# PARTY RIGHTS.
#
# IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL
# INDIRECT OR CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER
# IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
# PERFORMANCE OF THE DATA FILES OR SOFTWARE.
#
# Except as contained in this notice, the name of a copyright holder shall not be used in advertising or otherwise
# to promote the sale, use or other dealings in these Data Files or Software without prior written authorization
# of the copyright holder.
#
# SPDX-License-Identifier: Unicode-3.0
"""


def from_unicode(path: Path) -> dict[str, str]:
    """Source → prototype from Unicode's confusables.txt (``0430 ;\t0061 ;\tMA\t# ...``)."""
    table = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) >= 2 and fields[0].strip():
            source, target = ("".join(chr(int(h, 16)) for h in f.split()) for f in fields[:2])
            table[source] = target
    return table


def from_homoglyphs() -> dict[str, str]:
    """Source → prototype rebuilt from confusable-homoglyphs' symmetric JSON (stars: centre is the prototype)."""
    text = importlib.resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")

    def strip(s: str) -> str:
        return s.strip(LRM) if len(s) > 1 else s

    graph: dict[str, set[str]] = collections.defaultdict(set)
    for key, entries in json.loads(text).items():
        for entry in entries:
            a, b = strip(key), strip(entry["c"])
            graph[a].add(b)
            graph[b].add(a)
    table: dict[str, str] = {}
    seen: set[str] = set()
    for start in graph:
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node not in group:
                group.add(node)
                todo.extend(graph[node])
        seen |= group
        centres = [n for n in group if len(n) > 1] or [n for n in group if len(graph[n]) > 1] or [min(group)]
        if len(centres) != 1:
            raise SystemExit(f"not a star: {sorted(group)!r}")
        prototype = centres[0]
        table |= {n: prototype for n in group if n != prototype}
    return table


def closed(table: dict[str, str]) -> dict[str, str]:
    """Map the characters of prototypes too, until nothing changes, so that skeleton() is idempotent."""
    while True:
        again = {s: "".join(table.get(c, c) for c in t) for s, t in table.items()}
        if again == table:
            return table
        table = again


def main() -> None:
    """Write the table, one line per single-character source, sorted by code point."""
    if sys.argv[1:]:
        origin, table = f"Unicode's {Path(sys.argv[1]).name}", from_unicode(Path(sys.argv[1]))
    else:
        from importlib.metadata import version

        origin = f"confusable-homoglyphs {version('confusable-homoglyphs')} (MIT), whose data is Unicode's"
        table = from_homoglyphs()
    table = closed({s: t for s, t in table.items() if len(s) == 1 and s != t})
    lines = [f"{ord(s):04X}\t{' '.join(f'{ord(c):04X}' for c in t)}" for s, t in sorted(table.items())]
    OUT.write_text(HEADER.format(origin=origin) + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} characters")


if __name__ == "__main__":
    main()
