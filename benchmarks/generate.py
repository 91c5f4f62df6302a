"""Write a valid synthetic aifx dataset of any size, for benchmarks: python benchmarks/generate.py --factories N --out DIR."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
SECTORS = ["health", "manufacturing", "climate", "energy", "finance", "space", "robotics", "agriculture"]
PER_FILE = 1000


def _source(i: int) -> str:
    return (
        f"- id: src-{i:06d}\n"
        f"  title: Synthetic announcement {i}\n"
        f"  publisher: {'EuroHPC Joint Undertaking' if i % 3 == 0 else 'Synthetic News'}\n"
        f"  url: https://example.org/source/{i}\n"
        f"  kind: {'official' if i % 3 == 0 else 'news'}\n"
        f"  published: 2025-0{1 + i % 9}-1{i % 10}\n"
        f"  retrieved: 2026-11-01\n"
    )


def _factory(i: int, rng: random.Random, sources: int) -> str:
    country = COUNTRIES[i % len(COUNTRIES)]
    partners = sorted({c for c in rng.sample(COUNTRIES, 3) if c != country})
    official = 3 * rng.randrange(max(1, sources // 3))
    news = min(sources - 1, official + 1)
    sectors = ", ".join(sorted(set(rng.sample(SECTORS, 2))))
    return (
        f"- id: SYN-{i:06d}\n"
        f"  name: Synthetic AI Factory {i}\n"
        f"  aliases: [SAF {i}]\n"
        f"  kind: factory\n"
        f"  wave: {1 + i % 3}\n"
        f"  country: {country}\n"
        f"  city: City {i % 997}\n"
        f"  host: Host Centre {i % 1999}\n"
        f"  partners: [{', '.join(partners)}]\n"
        f"  supercomputer:\n    name: System {i}\n    system: {rng.choice(['new', 'upgrade', 'existing'])}\n    sources: [src-{official:06d}]\n"
        f"  budget:\n"
        f"  - value: {rng.randrange(10, 900)}\n    currency: EUR\n    qualifier: {rng.choice(['exact', 'about', 'at_least'])}\n"
        f"    scope: total\n    rank: preferred\n    stated: synthetic figure\n    sources: [src-{official:06d}]\n"
        f"  - value: {rng.randrange(5, 450)}\n    currency: EUR\n    scope: eu_share\n    sources: [src-{news:06d}]\n"
        f"    note: Synthetic EU share.\n"
        f"  sectors: [{sectors}]\n"
        f"  experimental_platform: {str(i % 5 == 0).lower()}\n"
        f"  coordinates: {{lat: {40 + rng.random() * 25:.4f}, lon: {-5 + rng.random() * 30:.4f}}}\n"
        f"  website: https://example.org/factory/{i}\n"
        f"  status: selected\n"
        f"  verification: confirmed\n"
        f"  summary: A generated factory used only to measure aifx at scale.\n"
        f"  sources: [src-{official:06d}, src-{news:06d}, src-{i % sources:06d}]\n"
    )


def generate(factories: int, out: Path, *, seed: int = 1) -> None:
    """A dataset with ``factories`` records, a source per ten records, three waves, in files of 1,000 records."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    sources = max(3, factories // 10)
    (out / "sources.yaml").write_text("sources:\n" + "".join(_source(i) for i in range(sources)), encoding="utf-8")
    waves = "".join(
        f"- number: {n}\n  announced: 2025-0{n}-10\n  totals:\n  - value: 500\n    currency: EUR\n    qualifier: over\n"
        f"    rank: preferred\n    sources: [src-000000]\n  sources: [src-000000]\n"
        for n in (1, 2, 3)
    )
    (out / "waves.yaml").write_text("waves:\n" + waves, encoding="utf-8")
    for start in range(0, factories, PER_FILE):
        body = "".join(_factory(i, rng, sources) for i in range(start, min(start + PER_FILE, factories)))
        (out / f"factories-{start // PER_FILE:04d}.yaml").write_text("factories:\n" + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factories", type=int, required=True, help="how many factory records")
    parser.add_argument("--out", type=Path, required=True, help="directory to (re)write")
    args = parser.parse_args()
    generate(args.factories, args.out)


if __name__ == "__main__":
    main()
