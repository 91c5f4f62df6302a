"""Entry point: signals and the standard streams made safe first, ``--version`` without Typer, then the CLI.

Only the standard library is imported here, so the signal handlers are in place before any heavy import.
"""

import os

try:  # a Ctrl-C before the handlers below are in place still ends with 130 and no traceback
    import codecs
    import contextlib
    import errno
    import io
    import signal
    import sys
    from typing import NoReturn

    # Until main() installs the handlers that say so on stderr, a stop ends the process at once with 128 + n.
    for _early in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, _early) and signal.getsignal(getattr(signal, _early)) is not signal.SIG_IGN:
            signal.signal(getattr(signal, _early), lambda signum, frame: os._exit(128 + signum))
except KeyboardInterrupt:  # pragma: no cover - a window of microseconds
    os._exit(130)

# Ctrl-C, SIGTERM and SIGHUP, each with its one line; the exit code is 128 + the signal (130, 143, 129).
_STOPS = {
    getattr(signal, name): said
    for name, said in (("SIGINT", b"interrupted"), ("SIGTERM", b"terminated"), ("SIGHUP", b"terminated"))
    if hasattr(signal, name)
}


def _stopped(signum: int, frame: object) -> None:
    """A stop outside a command (start-up, parsing, exit): nothing to clean up, so stop at once with 128 + n."""
    _ignore_stops()
    with contextlib.suppress(OSError):
        os.write(2, b"aifx: " + _STOPS.get(signum, b"stopped") + b"\n")
    os._exit(128 + signum)


def _ignore_stops() -> None:
    """Stopping already, or done: a further signal changes nothing."""
    for signum in _STOPS:
        signal.signal(signum, signal.SIG_IGN)


class _Closed(io.TextIOBase):
    """Stands in for a closed stdout (``>&-``): writing to it fails as writing to a closed descriptor does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        if text:
            raise OSError(errno.EBADF, "closed, so the output has nowhere to go", "stdout")
        return 0

    def isatty(self) -> bool:
        return False


def _streams() -> None:
    """Closed stdout or stderr become stand-ins; text an encoding cannot hold is escaped, never an exception."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = io.StringIO()  # messages have nowhere to go; the exit code still tells
    for stream in (sys.stdout, sys.stderr):
        # LC_ALL=C or PYTHONIOENCODING=ascii: '€' becomes '\u20ac' (JSON stays JSON) instead of a crash. Only the
        # two handlers that can fail are replaced, and surrogateescape only where it cannot encode text anyway.
        if not isinstance(stream, io.TextIOWrapper) or stream.errors not in ("strict", "surrogateescape"):
            continue
        if stream.errors == "strict" or not codecs.lookup(stream.encoding).name.startswith("utf"):
            stream.reconfigure(errors="backslashreplace")


def _discard() -> None:
    """Point stdout at /dev/null, so that the interpreter's own flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run() -> int:
    """``--version`` without starting Typer, else the CLI; its exit code."""
    if sys.argv[1:] == ["--version"]:
        from aifx.version import __version__

        sys.stdout.write(f"aifx {__version__}\n")
        return 0
    from aifx.cli.app import main as cli

    try:
        cli()
    except SystemExit as exc:
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    return 0


def main() -> NoReturn:
    """Console-script entry point. Output that cannot be written is exit 1, a reader gone (broken pipe) 141."""
    for signum in _STOPS:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup, or a background job's Ctrl-C: stay ignored
            signal.signal(signum, _stopped)
    # aifx uses no pydantic plugins; looking them up scans every installed package's metadata on start-up. Set
    # here, for aifx's own process only: ``import aifx`` in a host leaves the host's environment alone.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _streams()
    try:
        code = _run()
        sys.stdout.flush()  # here, not at interpreter exit, where a failure would be a traceback and exit 120
    except BrokenPipeError:
        _discard()
        code = 141
    except OSError as exc:
        _discard()
        sys.stderr.write(f"aifx: {exc.filename or 'stdout'}: {exc.strerror or exc}\n")
        code = 1
    # The work is done: a Ctrl-C (or SIGTERM) now changes nothing. Ignoring it also survives interpreter shutdown,
    # which puts Python-level handlers back to the default (a death by SIGINT, exit -2) but leaves an ignored signal
    # ignored.
    _ignore_stops()
    if code in (129, 130, 143):
        # Stopped by a signal, and cleaned up already. CPython would turn exit 130 into a death by SIGINT (-2) when
        # the KeyboardInterrupt once passed through code run by exec() of a string (dataclasses build their methods
        # that way), though aifx caught it; leaving at once keeps the code the boundary chose.
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
