"""Writing a command's result: the output options declared once, and ``emit``, the one way a view reaches stdout.

A command takes ``out: Output`` instead of ``--format``, ``--excel`` and ``--wide``; ``expand`` (applied by the app
where it registers commands) shows Typer the three options in its place and hands the command one ``Output``.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aifx.cli.common import color, say
from aifx.errors import UsageError
from aifx.present.output import Format

if TYPE_CHECKING:
    from aifx.present.views import View

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, plain, csv, tsv, json, jsonl or markdown; default: table on a terminal, plain when piped.",
        show_default=False,
    ),
]
ExcelOpt = Annotated[
    bool, typer.Option("--excel", help="CSV for spreadsheets (continental Excel): UTF-8 BOM and ';' delimiter.")
]
WideOpt = Annotated[
    bool, typer.Option("--wide", help="Every column at full width, even if lines get wider than the terminal.")
]


@dataclass(frozen=True)
class Output:
    """The output options a command was given: --format, --excel and --wide."""

    fmt: Format | None = None
    excel: bool = False
    wide: bool = False

    def emit(self, view: View) -> None:
        """Write the view as these options ask."""
        emit(view, self.fmt, excel=self.excel, wide=self.wide)


_OPTIONS = (("fmt", FormatOpt, None), ("excel", ExcelOpt, False), ("wide", WideOpt, False))


def expand(fn: Callable[..., None]) -> Callable[..., None]:
    """A command taking ``out: Output`` as Typer sees it: --format, --excel and --wide where ``out`` stood.

    Commands without an ``Output`` parameter are returned unchanged.
    """
    signature = inspect.signature(fn, eval_str=True)
    found = [p for p in signature.parameters.values() if p.annotation is Output]
    if not found:
        return fn
    bundle = found[0]
    params: list[inspect.Parameter] = []
    for p in signature.parameters.values():
        if p is not bundle:
            params.append(p)
            continue
        params += [inspect.Parameter(n, p.kind, default=d, annotation=a) for n, a, d in _OPTIONS]

    @functools.wraps(fn)
    def command(*args: Any, fmt: Format | None, excel: bool, wide: bool, **kwargs: Any) -> None:
        fn(*args, **kwargs, **{bundle.name: Output(fmt, excel, wide)})

    command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    return command


def emit(view: View, fmt: Format | None, *, excel: bool = False, wide: bool = False) -> None:
    """Render a view on stdout in the chosen format (table on a terminal, plain when piped); notes to stderr."""
    from aifx.present.output import emit as render

    if excel and fmt not in (None, Format.csv):
        raise UsageError(f"--excel writes CSV for spreadsheets; it cannot be combined with --format {fmt.value}")
    chosen = Format.csv if excel else (fmt or (Format.table if sys.stdout.isatty() else Format.plain))
    width = _terminal_width() if chosen is Format.table else None
    for note in [
        *render(view, chosen, out=sys.stdout, color=color(), excel=excel, width=width, wide=wide),
        *view.notes,
    ]:
        say(_fitted(note))


def _fitted(note: str) -> str:
    """A note folded at word boundaries to a terminal's width (indented under itself); unchanged when stderr is not
    a terminal, so that logs and pipes keep one line per note."""
    if not sys.stderr.isatty():
        return note
    import textwrap

    width = max(_terminal_width(), 40)
    return "\n".join(textwrap.wrap(note, width=width, subsequent_indent="  ", break_long_words=False)) or note


def _terminal_width() -> int:
    """$COLUMNS if set, else the terminal's width, else 80."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns
