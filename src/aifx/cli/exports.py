"""Export commands: export (every format in aifx.exports) and serve (the data in Datasette)."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import STATE, CountryOpt, DataOpt, WhereOpt, catalog, day, horizon, say
from aifx.cli.filters import (
    DisputedOpt,
    ExperimentalOpt,
    KindOpt,
    MaxBudgetOpt,
    MinBudgetOpt,
    PartnerOpt,
    SectorOpt,
    SystemOpt,
    VerificationOpt,
    WaveOpt,
    factories,
)
from aifx.errors import AifxError, UsageError
from aifx.exports import FORMATS, Request, run

if TYPE_CHECKING:
    import subprocess

    ExportFormat = enum.StrEnum
else:  # one choice per registry entry: a new format needs no change here
    ExportFormat = enum.StrEnum("ExportFormat", [(name, name) for name in FORMATS])

_FORMAT_NAMES = ", ".join(FORMATS)
# Each format with what it writes, a paragraph each under the description: an option's narrow help column would cut
# words such as 'FeatureCollection'.
_FORMATS_HELP = "\n\n".join(f"      {e.name}: {e.help}" for e in FORMATS.values())


def export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",  # the choices are in the help, each whole: a list of them would be cut mid-name
            help=f"One of {_FORMAT_NAMES} (each described above). Default: json.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write here (atomically; through a symlink, to the file it points to); '-' or none: stdout, for "
            "text formats. A FIFO or device (/dev/null) is written into, by text formats only, never replaced.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing output; never a file aifx did not write beside it, and in a directory only "
            "the files of aifx's own data package.",
        ),
    ] = False,
    wave: WaveOpt = None,
    country: CountryOpt = None,
    partner: PartnerOpt = None,
    kind: KindOpt = None,
    sector: SectorOpt = None,
    system: SystemOpt = None,
    verification: VerificationOpt = None,
    experimental: ExperimentalOpt = None,
    disputed: DisputedOpt = None,
    min_budget: MinBudgetOpt = None,
    max_budget: MaxBudgetOpt = None,
    where: WhereOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="atom: only the events and changes from this date (2026-09-01 or 2026-09); default: all.",
        ),
    ] = None,
    data: DataOpt = None,
) -> None:
    """The whole dataset as JSON, SQLite (with Datasette metadata), GeoJSON, a data package, a spreadsheet, HTML,
    or an Atom feed of what happened and what changed.

    The filters of aifx list (--wave, --country, --kind, …) choose the features of geojson; --since, the entries of
    the atom feed.

    [bold]Formats[/]

    FORMATS_HELP

    [bold]Examples[/]

      aifx export > aifx.json

      aifx export --format jsonl

      aifx export --format sqlite --output aifx.db

      aifx export --format geojson --wave 1 --output wave1.geojson

      aifx export --format datapackage --output aifx-data

      aifx export --format xlsx --output aifx.xlsx

      aifx export --format html --output aifx.html

      aifx export --format atom --output aifx.atom
    """
    chosen = FORMATS[fmt.value if fmt else "json"]
    filters = {
        "wave": wave,
        "country": country,
        "partner": partner,
        "kind": kind,
        "sector": sector,
        "system": system,
        "verification": verification,
        "min_budget": min_budget,
        "max_budget": max_budget,
        "where": where,
        "experimental": experimental,
        "disputed": disputed,
    }
    given = [name for name, value in filters.items() if value is not None]
    if given and not chosen.filtered:
        only = ", ".join(e.name for e in FORMATS.values() if e.filtered)
        option = "--" + given[0].replace("_", "-")
        raise UsageError(f"{option}: --format {chosen.name} exports everything; filters apply to {only}")
    if since is not None and not chosen.dated:
        only = ", ".join(e.name for e in FORMATS.values() if e.dated)
        raise UsageError(f"--since: --format {chosen.name} exports everything; --since applies to {only}")
    start = day(since, option="--since") if since is not None else None
    data_ = catalog()
    end = horizon(data_)
    if start is not None and start > end:
        raise UsageError(f"--since {since} is after {end.isoformat()}, the last day the data knows")
    records = factories(data_, **filters)[0] if chosen.filtered else list(data_.factories.values())  # type: ignore[arg-type]
    on = day(STATE.as_of, option="--as-of").isoformat() if STATE.as_of else None
    named = output if output not in (None, "-") else None
    request = Request(data_, records, as_of=on, since=start, until=end, output=named)
    written = run(chosen, request, output=output, force=force, stdout=sys.stdout)
    for note in request.notes:
        say(f"aifx: {note}")
    for path in written:
        say(f"wrote {path}" + (f" ({_size(path)})" if path.is_file() or path.is_dir() else ""))  # a FIFO has none
    if chosen.name == "sqlite" and written:
        say(f"browse it: datasette {written[0]} -m {written[1]}  (or: aifx serve)")


export.__doc__ = (export.__doc__ or "").replace("    FORMATS_HELP", _FORMATS_HELP)


def _size(path: Path) -> str:
    """A file's or directory's size, as people read it."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    size = sum(p.stat().st_size for p in files)
    return f"{size / 1024:,.0f} KiB" if size >= 1024 else f"{size} bytes"


def serve(
    port: Annotated[int, typer.Option("--port", "-p", metavar="N", help="Port on 127.0.0.1.")] = 8001,
    data: DataOpt = None,
) -> None:
    """Browse the dataset in Datasette: builds the SQLite file in the cache directory and serves it on 127.0.0.1.

    Needs Datasette, aifx's serve extra: python3 -m pip install '.\\[serve]' in aifx's clone, or
    pip install 'aifx-eu\\[serve]' by name. Ctrl-C stops it.

    [bold]Examples[/]

      aifx serve

      aifx serve --port 8080
    """
    import importlib.util
    import subprocess

    if not 1 <= port <= 65535:
        raise UsageError(f"--port: expected 1 to 65535 (got {port})")
    try:
        found = importlib.util.find_spec("datasette") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise AifxError(
            "serve needs Datasette, aifx's serve extra: python3 -m pip install '.[serve]' in aifx's clone, "
            "or pip install 'aifx-eu[serve]' by name"
        )
    with workplace() as place:
        data_ = catalog()
        db, meta = run(
            FORMATS["sqlite"],
            Request(data_, list(data_.factories.values())),
            output=str(place / "aifx.db"),
            force=True,
            stdout=sys.stdout,
        )
        say(f"serving {db} at http://127.0.0.1:{port}/aifx (Ctrl-C stops)")
        command = [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta)]
        server = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", str(port)])
        try:
            code = server.wait()
        finally:
            _stop(server)  # on any way out (Ctrl-C, SIGTERM, SIGHUP, an error): no Datasette left on the port
    if code != 0:
        raise AifxError(f"Datasette stopped with exit code {code} (is port {port} in use? try --port)")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a child that is still running and reap it: SIGTERM, then SIGKILL after 10 s."""
    import subprocess

    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextlib.contextmanager
def workplace() -> Iterator[Path]:
    """Where serve builds its files: ``serve`` in the cache directory when that and it are the user's own and
    writable by no one else; otherwise a fresh private temporary directory (mode 0700), removed afterwards. Never
    a shared ``$TMPDIR/serve`` that another user could own or fill with a database and metadata of their own."""
    import tempfile

    place = _own_serve_directory()
    if place is not None:
        yield place
        return
    with tempfile.TemporaryDirectory(prefix="aifx-serve-") as fresh:
        yield Path(fresh)


def _own_serve_directory() -> Path | None:
    """``<cache>/serve``, created 0700 if need be, when it and the cache directory are private; else None."""
    import os
    import stat

    from aifx.dataset.cache import directory

    base = directory()
    if base is None:
        return None
    place = base / "serve"
    try:
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (base, place):
            info = os.lstat(path)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
    except OSError:
        return None
    return place
