"""The Typer app: options in, one call into the core, one view out. Errors meet one boundary."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aifx import __version__
from aifx.errors import AifxError, DataError, NotFoundError, UsageError
from aifx.output import Format

if TYPE_CHECKING:
    from aifx.catalog import Catalog, Record
    from aifx.views import View

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="aifx",
    help="Europe's public AI compute, sourced: AI Factories, Antennas, waves, budgets and sovereign-AI initiatives.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=True,
)
data_app = typer.Typer(help="Check and curate the dataset.", no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(data_app, name="data", rich_help_panel="Curate")

BROWSE, EXPORT, CURATE = "Browse", "Export", "Curate"


@dataclass
class State:
    """Global options, shared by every command."""

    data: Path | None = None
    color: bool = True
    cache: bool = True


STATE = State()


def _say(message: str) -> None:
    """A message for people, on stderr, never mixed with data."""
    from aifx.output import clean

    sys.stderr.write(clean(message) + "\n")


def boundary(fn: F) -> F:
    """The one error boundary: expected errors become a one-line message and their exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()
            return result
        except DataError as exc:
            _say(str(exc))
            _say(
                f"aifx: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} in the data; nothing was changed on disk"
            )
            raise typer.Exit(exc.exit_code) from None
        except AifxError as exc:
            _say(f"aifx: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (``aifx list | head -1``): stop quietly, as a SIGPIPE'd tool would.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except KeyboardInterrupt:
            _say("aifx: interrupted")
            raise typer.Exit(130) from None
        except OSError as exc:  # a file aifx had to read or write: name it, no traceback
            _say(f"aifx: {exc.filename or 'I/O'}: {exc.strerror or exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _catalog() -> Catalog:
    from aifx.load import load

    return load(STATE.data, cache=STATE.cache)


def _emit(view: View, fmt: Format | None, *, excel: bool = False) -> None:
    from aifx.output import emit

    chosen = fmt or (Format.table if sys.stdout.isatty() else Format.plain)
    color = STATE.color and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(view, chosen, out=sys.stdout, color=color, excel=excel)
    for note in view.notes:
        _say(note)


def _find(catalog: Catalog, query: str) -> Record:
    record = catalog.get(query)
    if record is None:
        from aifx.search import suggest

        raise NotFoundError("record", query, suggest(catalog, query))
    return record


def _complete_ids(incomplete: str) -> list[str]:
    try:
        return [r.id for r in _catalog().records() if r.id.lower().startswith(incomplete.lower())]
    except AifxError:
        return []


def _complete_countries(incomplete: str) -> list[str]:
    try:
        codes = {c for f in _catalog().factories.values() for c in (f.country, *f.partners)}
    except AifxError:
        return []
    return sorted(c for c in codes if c.startswith(incomplete.upper()))


def _complete_fields(incomplete: str) -> list[str]:
    from aifx.fields import FIELDS

    return [f for f in FIELDS if f.startswith(incomplete)]


def _complete_sectors(incomplete: str) -> list[str]:
    from aifx.models import Sector

    return [s.value for s in Sector if s.value.startswith(incomplete)]


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table|plain|csv|tsv|json|jsonl|markdown; default: table on a terminal, plain when piped.",
    ),
]
ExcelOpt = Annotated[bool, typer.Option("--excel", help="CSV for continental Excel: UTF-8 BOM and ';' delimiter.")]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"aifx {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="Dataset directory (default: $AIFX_DATA, else the shipped data).", show_default=False
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse the YAML even if a cached copy exists.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Europe's public AI compute, sourced: AI Factories, Antennas, waves, budgets and sovereign-AI initiatives.

    [bold]Examples[/]: aifx list --wave 1 · aifx show LUMI-AF · aifx search hamer · aifx compare LUMI-AF IT4LIA
    """
    STATE.data, STATE.color, STATE.cache = data, not no_color, not no_cache


def _codes(values: list[str] | None, *, option: str) -> list[str]:
    """Country codes from codes or names, case-insensitive; unknown ones are a usage error."""
    from aifx.catalog import fold
    from aifx.countries import ALIASES, COUNTRIES

    by_name = {fold(n): c for c, n in COUNTRIES.items()} | {fold(n): c for n, c in ALIASES.items()}
    codes = []
    for v in values or []:
        code = v.upper() if v.upper() in COUNTRIES else by_name.get(fold(v))
        if code is None:
            raise UsageError(f"{option}: unknown country {v!r}; use an ISO 3166-1 alpha-2 code such as DE, FI, NO")
        codes.append(code)
    return codes


# The commands live in their own modules; importing them registers them on ``app``.
from aifx.commands import browse, curate  # noqa: E402, F401


def main() -> None:
    """Console-script entry point."""
    app()
