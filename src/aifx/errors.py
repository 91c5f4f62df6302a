"""The exceptions aifx raises on purpose; the CLI's one boundary turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AifxError(Exception):
    """An expected failure: ``str(exc)`` is the whole message a user sees."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, already placed in its file."""

    file: str
    line: int
    column: int
    where: str  # record and field, e.g. "LUMI-AF.budget[0].value"; "" for the file itself
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.message}"


class DataError(AifxError):
    """The dataset cannot be loaded; carries every problem found, one line each."""

    def __init__(self, problems: Sequence[Problem], *, more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more  # found but not listed: a badly broken dataset lists only its first problems
        lines = [str(p) for p in self.problems]
        if more:
            lines.append(f"… and {more:,} more problem{'s' if more != 1 else ''} not listed (fix these and run again)")
        super().__init__("\n".join(lines))

    @property
    def count(self) -> int:
        """Every problem found, listed or not."""
        return len(self.problems) + self.more


class NotFoundError(AifxError):
    """An id or name matched nothing; offers the closest matches."""

    def __init__(self, what: str, query: str, suggestions: Sequence[str] = (), *, among: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        listed = f"; the {what}s are {', '.join(among)}" if among else ""  # where the names are few enough to list
        super().__init__(f"no {what} {query!r}{did_you_mean(self.suggestions)}{listed}")


def did_you_mean(suggestions: Sequence[str], *, quoted: bool = False) -> str:
    """The hint after an unknown name, written once: " (did you mean X or Y?)", or "" with nothing to offer.

    Here, below every layer, so that NotFoundError and aifx.text.suggest (which finds the names) share it.
    """
    if not suggestions:
        return ""
    return f" (did you mean {' or '.join(repr(s) if quoted else s for s in suggestions)}?)"


class UsageError(AifxError):
    """An option's value makes no sense; exit 2 like any other usage error."""

    exit_code = 2
