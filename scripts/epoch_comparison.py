"""Compare aifx's H100-equivalents with Epoch AI's for the systems both list: a Markdown table with the reasons.

    python scripts/epoch_comparison.py                    # print the table (the shipped data, or --data DIR)
    python scripts/epoch_comparison.py --write README.md  # replace the README's table between its markers

Epoch AI's figures come from scripts/epoch-gpu-clusters-europe.csv: Epoch AI, GPU Clusters dataset, CC BY 4.0
(https://epoch.ai/data/gpu-clusters). Its "H100 equivalents" are max(16-bit, 8-bit OP/s) ÷ the H100's dense 8-bit
rate, which is aifx's fp8 basis; the reasons column says where the two differ and why.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from aifx.core.equivalents import Basis, Estimate, estimate
from aifx.core.values import Span
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load

HERE = Path(__file__).resolve().parent
EPOCH = HERE / "epoch-gpu-clusters-europe.csv"
START, END = "<!-- epoch-comparison:start -->", "<!-- epoch-comparison:end -->"
TOLERANCE = 0.02  # relative: closer than this, two figures agree (rounding in datasheets)

# Our system ids and Epoch AI's names for the same system. Left out on purpose: Epoch AI's "EuroHPC Karolina" is
# the A100 system in service, while aifx's KAROLAINA is its planned AI upgrade.
MATCHES = {
    "JUPITER": "Jupiter, Jülich",
    "ISAMBARD-AI": "University of Bristol Isambard-AI",
    "MARENOSTRUM-5": "Mare Nostrum 5",
    "LEONARDO": "EuroHPC Leonardo",
    "GEFION": "Novo Nordisk Gefion",
    "LUMI": "EuroHPC LUMI",
    "MELUXINA": "EuroHPC MeluXina",
    "VEGA": "EuroHPC Vega",
}


@dataclass(frozen=True)
class Epoch:
    """One row of Epoch AI's GPU Clusters dataset, as far as the comparison reads it."""

    name: str
    chip: str
    quantity: int | None
    sixteen: float | None  # the cluster's 16-bit OP/s
    eight: float | None  # the cluster's 8-bit OP/s
    h100e: float | None


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def epoch(path: Path = EPOCH) -> dict[str, Epoch]:
    """Epoch AI's rows by name."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    found = {}
    for r in rows:
        quantity = _number(r["Chip quantity (primary)"])
        name = r["Name"].strip('"')  # the file quotes one name twice: '"Jupiter, Jülich"'
        found[name] = Epoch(
            name,
            r["Chip type (primary)"],
            int(quantity) if quantity is not None else None,
            _number(r["16-bit OP/s"]),
            _number(r["8-bit OP/s"]),
            _number(r["H100 equivalents"]),
        )
    return found


def _text(e: Estimate) -> str:
    amount = e.amount
    return amount.text if amount is not None else "unknown"


def _far(a: float, b: float) -> bool:
    return abs(a - b) > TOLERANCE * max(abs(a), abs(b))


def reasons(s_id: str, catalog: Catalog, theirs: Epoch) -> list[str]:
    """Why aifx's figures and Epoch AI's differ: unknowns, counts, per-chip rates, the 8-bit rule's halving."""
    s = catalog.systems[s_id]
    bf16, fp8 = estimate(s, catalog, Basis.bf16), estimate(s, catalog, Basis.fp8)
    unknown = list(dict.fromkeys([*bf16.unknown, *fp8.unknown]))
    found = [f"aifx unknown: {'; '.join(unknown)}"] if unknown else []
    # The model counted most is the one Epoch AI lists as primary; it lists no second one for these systems.
    counted = sorted(((t.count, t.model) for t in fp8.terms if t.count is not None), key=lambda c: -(c[0].low or 0))
    q = theirs.quantity
    if counted and q is not None and not _within(counted[0][0], q):
        found.append(f"counts differ: aifx {counted[0][0].text}, Epoch AI {q:,}")
    found += [f"Epoch AI leaves out {count.text} × {model}" for count, model in counted[1:]]
    chip = catalog.chips.get(fp8.terms[0].chip or "") if len(fp8.terms) == 1 else None
    if chip is not None and q:
        for label, total_ops, ours in (
            ("16-bit", theirs.sixteen, chip.bf16_tflops),
            ("8-bit", theirs.eight, chip.fp8_tflops or chip.int8_tops),
        ):
            if total_ops is None or ours is None:
                continue
            per_chip = total_ops / q / 1e12
            if abs(per_chip / ours - 2) < TOLERANCE * 2:
                found.append(f"Epoch AI's {label} rate is the sparse one: {per_chip:,.0f} per chip, dense {ours:,g}")
            elif _far(per_chip, ours):
                found.append(f"{label} rate per chip: Epoch AI {per_chip:,.0f}, {chip.id}'s datasheet {ours:,g}")
    low16, low8 = bf16.amount.low if bf16.amount else None, fp8.amount.low if fp8.amount else None
    if low16 and low8 and low8 < low16 * (1 - TOLERANCE):
        found.append(
            f"no 8-bit uplift over BF16: the 8-bit rule (Epoch AI's, aifx's fp8) counts it at {low8 / low16:.0%} "
            "of the BF16 basis"
        )
    if low8 and theirs.h100e and not found:
        found.append("agree" if not _far(low8, theirs.h100e) else f"{low8 / theirs.h100e - 1:+.0%}, not explained")
    return found


def _within(span: Span, value: float) -> bool:
    return (span.low is None or span.low <= value) and (span.high is None or value <= span.high)


def table(catalog: Catalog, rows: dict[str, Epoch] | None = None) -> str:
    """The comparison as a GitHub Markdown table, one row per system both list."""
    theirs = rows if rows is not None else epoch()
    lines = [
        "| system | aifx H100e (bf16) | aifx H100e (fp8) | Epoch AI H100e | Epoch AI chips | why they differ |",
        "|---|---:|---:|---:|---|---|",
    ]
    for s_id, name in MATCHES.items():
        if s_id not in catalog.systems or name not in theirs:
            continue
        s, e = catalog.systems[s_id], theirs[name]
        chips = f"{e.quantity:,} × {e.chip}" if e.quantity is not None else e.chip or "unknown"
        cells = [
            s_id,
            _text(estimate(s, catalog, Basis.bf16)),
            _text(estimate(s, catalog, Basis.fp8)),
            f"{e.h100e:,.0f}" if e.h100e is not None else "unknown",
            chips,
            "; ".join(reasons(s_id, catalog, e)),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def write(readme: Path, text: str) -> None:
    """Replace what stands between the README's markers with ``text``."""
    old = readme.read_text(encoding="utf-8")
    if START not in old or END not in old:
        raise SystemExit(f"{readme}: no {START} … {END} markers to write between")
    before, rest = old.split(START, 1)
    after = rest.split(END, 1)[1]
    readme.write_text(f"{before}{START}\n{text}{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, help="dataset directory (default: the shipped data)")
    parser.add_argument("--write", type=Path, metavar="README", help="replace the table between the markers")
    args = parser.parse_args(argv)
    text = table(load(args.data))
    if args.write:
        write(args.write, text)
        sys.stdout.write(f"{args.write}: Epoch AI comparison refreshed\n")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
