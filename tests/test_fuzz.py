"""Hardening by fuzzing: mutated real data files give a valid catalog or one clean DataError, nothing else."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aifx.dataset.loader import parse_files
from aifx.errors import DataError
from conftest import DATA


def _first_factory() -> bytes:
    """The first factory record of factories.yaml, a real and rich record, as its own file."""
    text = (DATA / "factories.yaml").read_text(encoding="utf-8")
    second = [m.start() for m in re.finditer(r"^- id: ", text, re.MULTILINE)][1]
    return text[:second].encode()


SEEDS = [(DATA / "waves.yaml").read_bytes(), (DATA / "dataset.yaml").read_bytes(), _first_factory()]
VALUES = [
    "[1, 2]",
    "{a: b}",
    "123",
    "-1e309",
    "null",
    "true",
    "2999-12-31",
    "'\\u202e'",
    '"\\x1b[31m"',
    "~",
    "&a x",
    "*a",
    "!!python/object:os.system x",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real data file after one or more mutations of the kinds that break parsers."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "bytes", "swap", "nest", "huge", "tabs", "bom", "crlf", "dedent"]))
        event(kind)
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif kind == "swap":
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            key, sep, _ = lines[i].partition(b": ")
            if sep:
                lines[i] = key + sep + draw(st.sampled_from(VALUES)).encode()
            data = b"\n".join(lines)
        elif kind == "nest":
            depth = draw(st.integers(10, 3000))
            data = data[:at] + b"[" * depth + b"]" * depth + data[at:]
        elif kind == "huge":
            data = data[:at] + b"x" * draw(st.integers(10_000, 200_000)) + data[at:]
        elif kind == "tabs":
            data = data.replace(b"  ", b"\t", draw(st.integers(1, 5)))
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        else:
            data = data.replace(b"\n  ", b"\n ", 1)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=mutated())
def test_mutated_file_loads_or_fails_cleanly(content: bytes) -> None:
    """Property: never an exception other than DataError, and every problem names the file and a line."""
    try:
        parse_files([("fuzz.yaml", content)])
        event("outcome: loaded")
    except DataError as exc:
        event("outcome: DataError")
        assert exc.problems
        assert all(str(p).startswith("fuzz.yaml:") and p.line >= 1 for p in exc.problems)
