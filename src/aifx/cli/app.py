"""The Typer app: assembles the command modules under one group whose errors are always one line."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, ClassVar, Protocol, runtime_checkable

import typer
from typer.core import TyperCommand, TyperGroup

from aifx.cli.commands import DATA, TOP, Command
from aifx.cli.common import STATE, DataOpt, boundary, reader_gone
from aifx.cli.output import expand
from aifx.version import __version__


@runtime_checkable
class _ClickError(Protocol):
    """What Typer's own usage errors carry (its bundled click is private, so matched by shape)."""

    exit_code: int

    def format_message(self) -> str: ...


def _readable_help(command: Any, ctx: Any) -> None:
    """Help that wraps only between words: Typer keeps a docstring's line breaks and prints a choice list as one word
    (``<country|factory|accelerator>``), which a narrow terminal then breaks anywhere, 'accel' / 'erator'.

    Each prose paragraph of the help becomes one line for the terminal to wrap (indented lines, the examples, stay
    as written); a choice list gets spaces around its bars; a flag shows no placeholder (Typer would print
    ``<bool>``).
    """
    if command.help:
        command.help = "\n\n".join(
            part if any(line[:1].isspace() for line in part.splitlines()) else " ".join(part.split("\n"))
            for part in inspect.cleandoc(command.help).split("\n\n")
        )
    for param in command.get_params(ctx):
        if getattr(param, "metavar", None) is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif "|" in (shown := param.display_type_rich(ctx) or ""):
            param.metavar = shown.replace("|", " | ")


class Subcommand(TyperCommand):
    """A command whose help wraps between words and shows no value placeholder on flags."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _readable_help(self, ctx)
        super().format_help(ctx, formatter)


class Group(TyperGroup):
    """The aifx group: help without placeholders on flags, honouring NO_COLOR; usage errors on one line.

    Its commands (``registry``) are imported and built on first use: a command pays only for its own module.
    """

    registry: ClassVar[Mapping[str, Command]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.registry, *(n for n in super().list_commands(ctx) if n not in self.registry)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.registry and cmd_name not in self.commands:
            self.commands[cmd_name] = _built(self.registry[cmd_name])
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _readable_help(self, ctx)
        super().format_help(ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        _screen_size()
        plain = bool(os.environ.get("NO_COLOR")) or "--no-color" in argv
        # Help is the only rich output Typer prints for us (errors are ours): style it only when it is shown.
        helping = argv in ([], ["data"]) or "--help" in argv or "-h" in argv
        help_style = _help_style() if plain and helping else None
        before = help_style.COLOR_SYSTEM if help_style else None
        if help_style:  # no colour means no bold or dim either, help included
            help_style.COLOR_SYSTEM = None
        try:
            code = super().main(argv, prog_name, standalone_mode=False, **extra)
        except BrokenPipeError:  # while printing help: the reader went away
            code = reader_gone()
        except SystemExit as exc:  # Typer and rich answer a broken pipe with exit 1; aifx's code for it is 141
            if not isinstance(exc.__context__, BrokenPipeError):
                raise
            code = reader_gone()
        except typer.Abort:
            sys.stderr.write("aifx: aborted\n")
            code = 1
        except Exception as exc:
            if not isinstance(exc, _ClickError):
                raise
            code = exc.exit_code
            if type(exc).__name__ != "NoArgsIsHelpError":  # help was printed already
                sys.stderr.write(usage_line(exc, argv) + "\n")
        finally:
            if help_style:
                help_style.COLOR_SYSTEM = before
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


class Root(Group):
    """``aifx``: the browsing and export commands."""

    registry: ClassVar[Mapping[str, Command]] = {c.name: c for c in TOP}


class Data(Group):
    """``aifx data``: the curator commands."""

    registry: ClassVar[Mapping[str, Command]] = {c.name: c for c in DATA}


def _built(command: Command) -> Any:
    """A registered command as Typer builds it: options expanded, inside the one error boundary."""
    function = getattr(importlib.import_module(f"aifx.cli.{command.module}"), command.function)
    info = typer.models.CommandInfo(
        name=command.name, cls=Subcommand, callback=boundary(expand(function)), rich_help_panel=command.panel
    )
    return typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode="rich")


def _screen_size() -> None:
    """COLUMNS=0 (or -3, or abc) means no size at all: unset it, else rich would draw help 0 columns wide."""
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is None:
            continue
        try:
            size = int(value)
        except ValueError:
            size = 0
        if size <= 0:
            del os.environ[name]


def _help_style() -> Any:
    import typer.rich_utils

    return typer.rich_utils


def usage_line(exc: _ClickError, argv: Sequence[str]) -> str:
    """Typer's usage error as one greppable line: ``aifx list: --wave: expected a whole number (got 'x')``.

    An unknown command's or choice's "did you mean" is aifx's own (aifx.text.suggest); an unknown option keeps
    Click's pick.
    """
    from aifx.errors import did_you_mean
    from aifx.text.suggest import suggest

    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "aifx"
    message = " ".join(exc.format_message().replace("Value error, ", "").split())
    param = getattr(exc, "param", None)
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] if param is not None else []
    if opts and message.startswith("Invalid value for"):
        reason = message.split(": ", 1)[1] if ": " in message else message
        reason = _PLAIN.get(reason.split(",")[0], reason).rstrip(".")
        got = _given(argv, getattr(param, "opts", []))
        shown = got is None or repr(got) in reason
        message = f"{opts[0]}: {reason}" + ("" if shown else f" (got {got!r})")
        offered = reason.partition(" is not one of ")[2]  # an enum option's choices, as the message lists them
        if offered and got is not None:  # its typo gets aifx's own "did you mean", as a command's does
            message += did_you_mean(suggest(got, re.findall(r"'([^']*)'", offered), limit=1))
    elif message.startswith("No such option") and (name := getattr(exc, "option_name", None)):
        message = f"No such option: {name}{did_you_mean(getattr(exc, 'possibilities', None) or ())}"
    elif (typo := re.match(r"No such command '(.*?)'\.", message)) and ctx is not None:
        commands = [
            n for n in ctx.command.list_commands(ctx) if not getattr(ctx.command.get_command(ctx, n), "hidden", False)
        ]
        message = f"No such command {typo[1]!r}{did_you_mean(suggest(typo[1], commands))}"
    message = (message[:1].lower() + message[1:]).rstrip(".")
    return f"{where}: {message} (see {where} --help)"


_PLAIN = {
    "Input should be a valid integer": "expected a whole number",
    "Input should be a valid number": "expected a number",
    "Input should be a valid boolean": "expected yes or no",
}


def _given(argv: Sequence[str], opts: Sequence[str]) -> str | None:
    """The value typed after an option, if any."""
    for i, arg in enumerate(argv):
        for opt in opts:
            if arg == opt and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(opt + "="):
                return arg[len(opt) + 1 :]
    return None


app = typer.Typer(
    name="aifx",
    cls=Root,
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=True,
)
data_app = typer.Typer(
    cls=Data,
    help="Check and curate the dataset (work in a clone: see the README).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(data_app, name="data", rich_help_panel="Curate")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"aifx {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    data: DataOpt = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour or bold (also: NO_COLOR=1).")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse the YAML even if a cached copy exists.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            envvar="AIFX_AS_OF",
            help="Answer as the dataset knew it on DATE: later records, events and sources left out (see aifx about).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Europe's public AI compute, sourced: AI Factories, Antennas, waves, budgets and sovereign-AI initiatives.

    [bold]Examples[/]

      aifx list --wave 1

      aifx show LUMI-AF --sources

      aifx search hamer
    """
    STATE.data, STATE.color, STATE.cache, STATE.as_of = data, not no_color, not no_cache, as_of


def main() -> None:
    """Console-script entry point."""
    app()
