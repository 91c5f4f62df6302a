"""Time whole aifx processes and print ratios measured in the same run: python benchmarks/run.py [--sizes 1000,10000].

Every number is the wall time of a fresh process (median of several runs, with min-max), so start-up costs
count as a user feels them. Ratios compare against floors measured in this same run, which keeps them
meaningful on a shared, noisy machine; no test asserts a time. ``--sizes 1000,10000,100000`` adds the
100,000-factory dataset (several minutes more).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
AIFX = [PY, "-m", "aifx"]
_PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "print(json.dumps({'s': t, 'rc': p.returncode, 'kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " 'err': p.stderr.decode()[-300:]}))\n"
)


def measure(cmd: list[str], env: dict[str, str], runs: int, *, ok: Collection[int] = (0,)) -> dict[str, float]:
    """Median, min and max seconds and peak memory (MiB) of ``runs`` fresh processes."""
    times, peak = [], 0.0
    for _ in range(runs):
        out = subprocess.run([PY, "-c", _PROBE, *cmd], env=env, capture_output=True, text=True, check=True).stdout
        result = json.loads(out)
        if result["rc"] not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed ({result['rc']}): {result['err']}")
        times.append(result["s"])
        peak = max(peak, result["kib"] / 1024)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "mib": peak}


def paired(
    a: list[str], b: list[str], env: dict[str, str], runs: int, *, memory: bool = False
) -> tuple[float, float, float]:
    """The median of a/b over ``runs`` pairs run back to back, with its min and max: a shared machine's load
    changes between pairs more than within one, so the pairs' ratios are steadier than a ratio of medians.

    Wall time by default; with ``memory``, peak RSS (each child's ru_maxrss, as measure() reads it)."""
    ratios = []
    for _ in range(runs):
        first, second = measure(a, env, 1), measure(b, env, 1)
        unit = "mib" if memory else "median"
        ratios.append(first[unit] / second[unit])
    return statistics.median(ratios), min(ratios), max(ratios)


def show_paired(label: str, ratios: tuple[float, float, float], target: str = "") -> None:
    ratio, low, high = ratios
    print(f"{label:<52} {ratio:8.2f}×  ({low:.2f}–{high:.2f}){'':>21}{target}")


def each_fresh(
    cmd: list[str],
    env: dict[str, str],
    runs: int,
    before: Callable[[], None],
    *,
    ok: Collection[int] = (0,),
    enough: float = float("inf"),
) -> dict[str, float]:
    """Like measure(), but ``before()`` runs (untimed) before every run; stops early once a run takes ``enough`` s."""
    results = []
    for _ in range(runs):
        before()
        results.append(measure(cmd, env, 1, ok=ok))
        if results[-1]["median"] >= enough:
            break
    return {
        "median": statistics.median(m["median"] for m in results),
        "min": min(m["min"] for m in results),
        "max": max(m["max"] for m in results),
        "mib": max(m["mib"] for m in results),
    }


def bare_load(files: list[str]) -> list[str]:
    """A process that only parses ``files`` with pure-Python ruamel.yaml's safe loader: the floor for a cold load."""
    code = (
        "import sys\nfrom ruamel.yaml import YAML\ny = YAML(typ='safe', pure=True)\n"
        "for p in sys.argv[1:]:\n    y.load(open(p, encoding='utf-8').read())"
    )
    return [PY, "-c", code, *files]


def no_cache(work: Path) -> None:
    """Forget every cached catalog, so that the next run parses the YAML as after an edit."""
    shutil.rmtree(work / "cache", ignore_errors=True)


def yaml_files(data: Path) -> list[str]:
    return sorted(str(p) for p in data.glob("*.yaml"))


def show(label: str, m: dict[str, float], floor: dict[str, float] | None = None, target: str = "") -> None:
    ratio = f"{m['median'] / floor['median']:6.2f}×" if floor else "       "
    print(f"{label:<52} {m['median']:8.3f}s  ({m['min']:.3f}–{m['max']:.3f})  {ratio}  {m['mib']:7.0f} MiB  {target}")


EDITS = {
    "data set HAMMERHAI status operational": [
        *("data", "set", "HAMMERHAI", "status", "operational", "--source", "hlrs-2025-07-virkkunen-hammerhai")
    ],
    "data add-claim MIMER --value 100": [
        *("data", "add-claim", "MIMER", "--value", "100", "--qualifier", "about"),
        *("--source", "naiss-2024-12-10-sweden-wins"),
    ],
    "data add-source (to sources.yaml, the largest file)": [
        *("data", "add-source", "eurohpc-2026-01-15-call", "--url", "https://eurohpc-ju.europa.eu/x"),
        *("--title", "New call", "--publisher", "EuroHPC JU", "--kind", "official", "--published", "2026-01-15"),
    ],
}


def places(env: dict[str, str], runs: int) -> None:
    """A town's name against coordinates (the same point), paired: the name costs its index lookup only."""
    print("\nplaces: a town's name / the point near 59.437,24.754, paired; peak RSS: the child's ru_maxrss")
    point = [*AIFX, "near", "59.437,24.754"]
    for label, cmd in (
        ("near Tallinn", [*AIFX, "near", "Tallinn"]),
        ("country EE", [*AIFX, "country", "EE"]),
        ("list --near Tallinn", [*AIFX, "list", "--near", "Tallinn"]),
    ):
        show_paired(f"{label} / the point: time", paired(cmd, point, env, runs), "target ≤ 1.3×")
        show_paired(f"{label} / the point: peak RSS", paired(cmd, point, env, runs, memory=True), "target ≤ 1.3×")
    show("near Tartuu (a miss: suggestions)", measure([*AIFX, "near", "Tartuu"], env, runs, ok=(1,)))


def shipped(work: Path, env: dict[str, str], runs: int) -> None:
    """The shipped data, cold (as after an edit): a listing, three curator edits, and ``data validate`` of broken data."""
    source = HERE.parent / "data"
    copy = work / "shipped"
    shutil.copytree(source, copy)
    files = yaml_files(copy)
    print(
        f"\nshipped data ({sum(Path(f).stat().st_size for f in files) / 2**10:.0f} KiB of YAML in {len(files)} files)"
    )
    ruamel = measure(bare_load(files), env, runs)
    show("floor: bare ruamel.yaml safe load of the files", ruamel)

    cold = each_fresh([*AIFX, "--data", str(copy), "list", "--format", "csv"], env, runs, lambda: no_cache(work))
    show("cold: list --format csv (first run after a change)", cold, ruamel, "target ≤ 0.35×")

    def fresh_copy() -> None:
        no_cache(work)
        shutil.rmtree(copy)
        shutil.copytree(source, copy)

    # Real edits (parse, change, validate, write) of a fresh copy each time, so each adds to the shipped files.
    for label, edit in EDITS.items():
        show(
            f"edit: {label}",
            each_fresh([*AIFX, "--data", str(copy), *edit], env, runs, fresh_copy),
            ruamel,
            "target ≤ 0.6 s",
        )

    def broken_copy() -> None:
        fresh_copy()
        (copy / "sources.yaml").unlink()  # every citation becomes an unknown source: ~500 problems

    broken_copy()
    check = [*AIFX, "--data", str(copy), "data", "validate"]
    problems = subprocess.run(check, env=env, capture_output=True, text=True).stderr.strip().splitlines()[-1]
    # A slow run is not repeated: one is enough to see it misses the target.
    validate = each_fresh(check, env, runs, broken_copy, ok=(1,), enough=10.0)
    count = problems.removeprefix("aifx: ").split(" in ")[0]
    show(f"cold: data validate, no sources.yaml ({count})", validate, None, "target ≤ 2 s")

    flood = work / "flood"
    shutil.copytree(source, flood)
    records = 100_000  # one bad record a line (8 required fields missing each): 800,000 problems, 1,000 listed
    (flood / "flood.yaml").write_text("factories:\n" + "".join(f"- {{id: FLOOD-{i}}}\n" for i in range(records)))
    size = (flood / "flood.yaml").stat().st_size / 2**20
    check = [*AIFX, "--data", str(flood), "data", "validate"]
    validate = each_fresh(check, env, runs, lambda: no_cache(work), ok=(1,), enough=10.0)
    show(f"cold: data validate, {records:,} bad records ({size:.1f} MiB)", validate, None, "target ≤ 5 s, 256 MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="1000,10000", help="generated dataset sizes (factories), e.g. 1000,10000,100000"
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up measurement")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per measurement on generated data")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aifx-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
    env.pop("AIFX_DATA", None)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; median of runs (min–max); ratio to the floor above it\n"
    )

    floor = measure([PY, "-c", "import typer, rich.table, pydantic"], env, args.runs)
    show("floor: import typer, rich.table, pydantic", floor)
    mini = HERE / "minimal_typer_app.py"
    typer_app = measure([PY, str(mini), "hello"], env, args.runs)
    show("reference: a two-command Typer app doing nothing", typer_app, floor)
    measure([*AIFX, "list", "--wave", "1"], env, 1)  # fill the cache for the shipped data
    listing = measure([*AIFX, "list", "--wave", "1"], env, args.runs)
    show("aifx list --wave 1 (warm)", listing, floor, "target ≤ 1.20×")
    show_paired(
        "aifx list --wave 1 (warm) / the Typer app, paired",
        paired([*AIFX, "list", "--wave", "1"], [PY, str(mini), "hello"], env, args.runs * 3),
        "target ≤ 1.15×",
    )
    typer_floor = measure([PY, "-c", "import typer"], env, args.runs)
    show("floor: import typer", typer_floor)
    show("aifx --version", measure([*AIFX, "--version"], env, args.runs), typer_floor, "target ≤ 1.15×")
    show("aifx --help", measure([*AIFX, "--help"], env, args.runs), typer_floor)
    places(env, args.runs)
    shipped(work, env, args.big_runs)

    warm: dict[int, dict[str, float]] = {}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        data = work / f"data-{size}"
        generate(size, data)
        files = yaml_files(data)
        print(
            f"\n{size:,} factories ({sum(Path(f).stat().st_size for f in files) / 2**20:.1f} MiB of YAML in {len(files)} files)"
        )
        runs = 1 if size >= 100_000 else args.big_runs
        ruamel = measure(bare_load(files), env, runs)
        show("floor: bare ruamel.yaml safe load of the files", ruamel)
        base = [*AIFX, "--data", str(data)]
        cold = each_fresh([*base, "list", "--format", "csv"], env, runs, lambda: no_cache(work))
        show("cold: list --format csv (first run after a change)", cold, ruamel, "target ≤ 0.35× (10,000)")
        warm[size] = measure([*base, "list", "--format", "csv"], env, args.big_runs)
        show("warm: list --format csv", warm[size], None, "target ≤ 1.0 s (10,000)")
        show(
            "warm: search 'synthetic factory 4242'",
            measure([*base, "search", "synthetic factory 4242"], env, args.big_runs),
            None,
            "target ≤ 1.2 s (10,000)",
        )
        show("warm: show SYN-000042", measure([*base, "show", "SYN-000042"], env, args.big_runs))
    if 10_000 in warm and 100_000 in warm:
        growth = warm[100_000]["median"] / warm[10_000]["median"]
        print(f"\ngrowth: warm list 100,000 / 10,000 = {growth:.2f}×  (target ≤ 12×, linear)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
