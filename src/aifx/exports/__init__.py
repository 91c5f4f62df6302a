"""Every export format as one registry entry: its name, its writer (imported only when asked for) and its target.

Adding a format is one entry in ``FORMATS`` plus its module: a stream format's writer takes ``(request, out)``
and writes text; a file or directory format's writer takes ``(request, path)`` and creates ``path`` (and any
companion named in ``beside``). Writing is atomic and refuses to replace outputs without ``force``, or any aifx did not write (see targets.py, files.py).
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from aifx.errors import AifxError, UsageError

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.models import Factory


class Target(enum.StrEnum):
    """Where a format goes."""

    stream = "stream"  # text: stdout by default, or a file
    file = "file"  # one file (and its companions), never a terminal
    directory = "directory"  # a directory of files


@dataclass(frozen=True)
class Request:
    """What a writer gets: the catalog, and the factories and antennas that list's filters chose (all by default)."""

    catalog: Catalog
    factories: list[Factory]
    as_of: str | None = None  # the date the catalog was rewound to (--as-of), for formats that say so
    notes: list[str] = field(default_factory=list)  # what a writer could not keep as it was (a cut text), to say


@dataclass(frozen=True)
class Export:
    """One export format."""

    name: str
    target: Target
    writer: str  # "module:function", imported only when this format is asked for
    help: str
    example: str  # an output name to suggest
    filtered: bool = False  # whether list's filters (--wave, --country, …) choose its records
    beside: tuple[str, ...] = field(default=())  # companions: ``aifx.db`` + ".metadata.json" = aifx.metadata.json
    marker: str | None = None  # a directory holding this file, written by aifx, may be updated with --force

    def outputs(self, path: Path) -> list[Path]:
        """Every path writing to ``path`` creates."""
        return [path, *(path.with_name(path.stem + suffix) for suffix in self.beside)]

    def load(self) -> Callable[..., Any]:
        """The writer function, imported now."""
        module, name = self.writer.split(":")
        return cast("Callable[..., Any]", getattr(importlib.import_module(module), name))


FORMATS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("json", Target.stream, "aifx.exports.document:json", "one JSON document", "aifx.json"),
        Export("jsonl", Target.stream, "aifx.exports.document:jsonl", "one typed JSON object per line", "aifx.jsonl"),
        Export(
            "geojson",
            Target.stream,
            "aifx.exports.geojson:write",
            "factories and antennas as an RFC 7946 feature collection",
            "aifx.geojson",
            filtered=True,
        ),
        Export(
            "sqlite",
            Target.file,
            "aifx.exports.sqlite:write",
            "a SQLite database and Datasette metadata beside it",
            "aifx.db",
            beside=(".metadata.json",),
        ),
        Export(
            "datapackage",
            Target.directory,
            "aifx.exports.datapackage:write",
            "a Frictionless data package: CSV files and datapackage.json",
            "aifx-data",
            marker="datapackage.json",
        ),
        Export("xlsx", Target.file, "aifx.exports.xlsx:write", "a spreadsheet, one sheet per table", "aifx.xlsx"),
        Export(
            "html",
            Target.stream,
            "aifx.exports.html:write",
            "one self-contained offline page: map, sortable table, cards, conflicts, timeline",
            "aifx.html",
        ),
    )
}


def run(fmt: Export, request: Request, *, output: str | None, force: bool, stdout: TextIO) -> list[Path]:
    """Write ``fmt`` to stdout (no output, or ``-``) or atomically to ``output``; the paths written.

    What ``--force`` may replace is checked first (see targets.py); a failure while writing (a full disk) is one
    line naming the output, and leaves nothing behind.
    """
    from aifx.exports.files import staged
    from aifx.exports.targets import check

    if output in (None, "-"):
        if fmt.target is not Target.stream:
            hint = "" if output is None else f"; {fmt.name} is not a text stream"
            raise UsageError(f"--format {fmt.name} writes files: give --output, e.g. --output {fmt.example}{hint}")
        fmt.load()(request, stdout)
        return []
    path = Path(output)
    targets = fmt.outputs(path)
    directory = fmt.target is Target.directory
    outputs = check(targets, force=force, text=fmt.target is Target.stream, directory=directory, marker=fmt.marker)
    try:
        if outputs[0].stream:  # a FIFO or a device: written into, as a shell's redirection would
            with path.open("w", encoding="utf-8", newline="") as out:
                fmt.load()(request, out)
            return targets
        with staged(outputs, directory=directory, marker=fmt.marker) as place:
            name = place / (path.name or "output")
            if fmt.target is Target.stream:
                with name.open("w", encoding="utf-8", newline="") as out:
                    fmt.load()(request, out)
            else:
                fmt.load()(request, name)
    except OSError as exc:
        raise AifxError(f"{path}: {exc.strerror or exc}") from None
    return targets
