"""What every command shares: global state, the one error boundary, find, completions and option types.

Command modules import this; the app module (aifx.cli.app) only assembles them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aifx.errors import AifxError, DataError, NotFoundError, UsageError

if TYPE_CHECKING:
    from aifx.core.lookup import Found
    from aifx.dataset.catalog import Catalog, Record

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    """Global options, shared by every command."""

    data: Path | None = None
    color: bool = True
    cache: bool = True
    as_of: str | None = None  # --as-of or $AIFX_AS_OF, checked when the catalog is read


STATE = State()


def say(message: str) -> None:
    """A message for people, on stderr, never mixed with data."""
    from aifx.present.output import clean

    sys.stderr.write(clean(message) + "\n")


def boundary(fn: F) -> F:
    """The one error boundary: expected errors become a one-line message and their exit code.

    Exit codes: 0 ok; 1 an expected error, output that cannot be written included (closed stdout, full disk:
    1 rather than the 120 Python gives when its final flush fails, because it is an error like any other here);
    2 a usage error; 130 interrupted (Ctrl-C); 129 and 143 hung up or terminated (SIGHUP, SIGTERM: 128 + the
    signal, as a shell reports it); 141 the reader went away (broken pipe), as a SIGPIPE'd tool would.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            stops: list[int] = []
            try:
                with _unwinding_on_interrupt(stops):
                    result = fn(*args, **kwargs)
                    sys.stdout.flush()
            except BaseException as exc:
                if not stops or isinstance(exc, KeyboardInterrupt):
                    raise
                raise _stop(stops[0]) from None  # a library wrapped the stop in an error of its own
            if stops:
                raise _stop(stops[0])  # a library swallowed the stop (a finalizer, a validator being built)
            return result
        except DataError as exc:
            say(str(exc))
            n = exc.count
            say(f"aifx: {n:,} problem{'s' if n != 1 else ''} in the data; nothing was changed on disk")
            raise typer.Exit(exc.exit_code) from None
        except AifxError as exc:
            say(f"aifx: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (``aifx list | head -1``): stop quietly.
            raise typer.Exit(reader_gone()) from None
        except SystemExit as exc:
            # rich answers a broken pipe with SystemExit(1) of its own; the code for it here is 141.
            if isinstance(exc.__context__, BrokenPipeError):
                raise typer.Exit(reader_gone()) from None
            raise
        except Terminated as exc:
            _ignore_stops()
            with contextlib.suppress(OSError):  # after a hang-up the terminal may be gone
                say("aifx: terminated")
            raise typer.Exit(128 + exc.signum) from None
        except KeyboardInterrupt:
            _ignore_stops()  # stopping already: a second Ctrl-C changes nothing
            say("aifx: interrupted")
            raise typer.Exit(130) from None
        except OSError as exc:  # a file aifx had to read or write: name it, no traceback
            say(f"aifx: {exc.filename or 'I/O'}: {exc.strerror or exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def reader_gone() -> int:
    """After a broken pipe: stdout goes to /dev/null, so that no later flush fails again; exit code 141."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141


# The signals that stop aifx: Ctrl-C, and a polite request to end (kill, systemd, a closed terminal).
STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP inside a command. A KeyboardInterrupt, so that everything that cleans up after Ctrl-C
    (staging files, the Datasette child) cleans up after these too; the boundary exits 128 + ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _ignore_stops() -> None:
    """While the boundary reports a stop, a second signal changes nothing."""
    if threading.current_thread() is threading.main_thread():
        for signum in STOPS:
            signal.signal(signum, signal.SIG_IGN)


def _stop(signum: int) -> KeyboardInterrupt:
    """The exception a stop signal raises inside a command."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


@contextlib.contextmanager
def _unwinding_on_interrupt(stops: list[int]) -> Iterator[None]:
    """Inside a command, Ctrl-C, SIGTERM and SIGHUP unwind (so temporary files are removed and children stopped)
    to the boundary; outside, the entry point's handlers stop at once. The first signal puts those handlers back,
    so a second one cannot land in the middle of the boundary's own handling. A signal the process was told to
    ignore (``nohup``) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outside = {signum: signal.getsignal(signum) for signum in STOPS}

    def restore() -> None:
        for signum, handler in outside.items():
            # None: a handler not set from Python; the default is the closest
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)

    def unwind(signum: int, frame: object) -> None:
        restore()
        stops.append(signum)  # kept, in case the exception lands where a library swallows or wraps it
        raise _stop(signum)

    def unraisable(info: Any) -> None:
        # A stop raised inside a finalizer cannot propagate; the boundary reports it, so no traceback is printed.
        if not (stops and isinstance(info.exc_value, KeyboardInterrupt)):
            hook(info)

    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    for signum, handler in outside.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, unwind)
    try:
        yield
    finally:
        restore()
        sys.unraisablehook = hook


def set_data(value: Path | None) -> Path | None:
    """``--data`` given after a command means the same as before it."""
    if value is not None:
        STATE.data = value
    return value


def use_dir(given: Path | None) -> None:
    """A DIR argument (as ``ruff check PATH`` takes one) means --data DIR; given with a different --data, it is a
    usage error rather than a guess which one wins."""
    if given is None:
        return
    if STATE.data is not None and STATE.data.resolve() != given.resolve():
        raise UsageError(f"DIR {str(given)!r} and --data {str(STATE.data)!r} are different directories; give one")
    if not given.is_dir():
        raise AifxError(f"{given}: not a directory (from DIR)")
    STATE.data = given


def catalog() -> Catalog:
    """The validated dataset the global options point at, as known on --as-of when given."""
    from aifx.dataset.loader import load

    data = load(STATE.data, cache=STATE.cache)
    if STATE.as_of:
        from aifx.core.history import as_of

        return as_of(data, day(STATE.as_of, option="--as-of"))
    return data


def horizon(data: Catalog) -> dt.date:
    """The last day a catalog read by ``catalog()`` knows: the --as-of date when given, else today (or the day the
    data was last checked, should the clock be behind it)."""
    if STATE.as_of:
        return day(STATE.as_of, option="--as-of")
    today = dt.date.today()
    return max(today, data.dataset.as_of) if data.dataset is not None else today


def day(text: str, *, option: str, end: bool = False) -> dt.date:
    """A date option: YYYY-MM-DD, or YYYY-MM and YYYY for the first (or with ``end``, the last) day of it."""
    import calendar
    import re

    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    try:
        if found is None:
            raise ValueError
        year, month, dd = int(found[1]), int(found[2] or (12 if end else 1)), found[3]
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return dt.date(year, month, int(dd) if dd else (last if end else 1))
    except ValueError:
        raise UsageError(f"{option}: expected a date like 2025-03-12, 2025-03 or 2025, got {text!r}") from None


def color() -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR."""
    return STATE.color and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def find(data: Catalog, query: str) -> Record:
    """The record for an id, alias or name, or a not-found error with suggestions."""
    record = data.get(query)
    if record is None:
        from aifx.core.search import suggest

        raise NotFoundError("record", query, suggest(data, query))
    return record


def located(data: Catalog, query: str) -> Found:
    """The record, system, chip, wave, event or source an id or name means (``aifx.core.lookup``), or a
    not-found error with the closest of any kind."""
    from aifx.core.lookup import find as lookup
    from aifx.core.lookup import suggest

    found = lookup(data, query)
    if found is None:
        raise NotFoundError("id or name", query, suggest(data, query))
    return found


def codes(values: list[str] | None, *, option: str) -> list[str]:
    """Country codes from codes or names, any case, repeated or comma-separated; unknown ones are a usage error."""
    from aifx.text.countries import resolve

    return [resolve(v, what=option) for v in split(values)]


def split(values: list[str] | None) -> list[str]:
    """Repeated options and comma lists alike: ``-c ES,IT -c DE`` is ES, IT, DE."""
    return [part.strip() for v in values or [] for part in v.split(",") if part.strip()]


E = TypeVar("E", bound=enum.Enum)


def choices(values: list[str] | None, kind: type[E], *, option: str) -> list[E]:
    """Enum values from repeated or comma-separated options, any case, spaces or underscores for hyphens; an
    unknown one is a usage error with the closest value."""
    valid = {str(k.value): k for k in kind}
    found = []
    for v in split(values):
        if (wanted := hyphenated(v)) not in valid:
            from aifx.errors import did_you_mean
            from aifx.text.suggest import suggest

            hint = did_you_mean(suggest(v, list(valid), limit=1))
            raise UsageError(f"{option}: {v!r} is not one of {', '.join(valid)}{hint}")
        found.append(valid[wanted])
    return found


def hyphenated(text: str) -> str:
    """A value as the vocabularies write it: any case and accents, spaces and underscores read as hyphens
    ('Life Sciences', 'life_sciences' → life-sciences)."""
    from aifx.text.suggest import fold

    return "-".join(fold(text).replace("_", " ").split())


def whole_numbers(values: list[str] | None, *, option: str) -> list[int]:
    """Whole numbers from repeated or comma-separated options (``-w 1,2``)."""
    try:
        return [int(v) for v in split(values)]
    except ValueError:
        raise UsageError(f"{option}: expected whole numbers, got {', '.join(values or [])!r}") from None


def completer(kind: type[enum.Enum]) -> Callable[[str], list[str]]:
    """Shell completion for an option that takes an enum's values."""
    return lambda incomplete: [str(k.value) for k in kind if str(k.value).startswith(incomplete)]


def complete_ids(incomplete: str) -> list[str]:
    """Ids of records, bids, systems, chips and waves (events and sources are too many to offer)."""
    try:
        data = catalog()
    except AifxError:
        return []
    ids = [
        *(r.id for r in data.records()),
        *data.bids,
        *data.systems,
        *data.chips,
        *(f"wave-{n}" for n in data.waves),
    ]
    return [i for i in dict.fromkeys(ids) if i.lower().startswith(incomplete.lower())]


def complete_countries(incomplete: str) -> list[str]:
    try:
        data = catalog()
        found = {c for f in data.factories.values() for c in (f.country, *f.partners)}
        found |= {c for b in data.bids.values() for c in b.countries}
    except AifxError:
        return []
    return sorted(c for c in found if c.startswith(incomplete.upper()))


def complete_fields(incomplete: str) -> list[str]:
    from aifx.core.fields import FIELDS

    return [f for f in FIELDS if f.startswith(incomplete)]


def complete_sectors(incomplete: str) -> list[str]:
    from aifx.dataset.vocabulary import Sector

    return [s.value for s in Sector if s.value.startswith(incomplete)]


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Dataset directory (default: $AIFX_DATA, else the shipped data).",
        callback=set_data,
        show_default=False,
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", metavar="N", help="At most this many rows.")]
WhereOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        metavar="'FIELD OP VALUE'",
        help="OP one of = != < <= > >= contains in; values read as the field's type, money (budget, eu_share) "
        "in EUR million. Repeats: all must hold (AND).",
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="FIELD[:desc]",
        help="Order by a field, by its type; unknown last either way.",
        autocompletion=complete_fields,
    ),
]
ColumnsOpt = Annotated[
    str | None, typer.Option("--columns", metavar="a,b,c", help="Comma-separated fields to show, in this order.")
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        metavar="CC",
        help="Country code or name; repeat or comma-separate for any of several (OR).",
        autocompletion=complete_countries,
    ),
]
