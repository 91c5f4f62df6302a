"""The output contract: every format parses back, spreadsheets are safe, terminals are never fooled."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from aifx.core.budgets import INITIATIVES, budget_registry
from aifx.core.changes import CHANGES
from aifx.core.fields import FACTORIES
from aifx.core.history import TIMELINE
from aifx.core.sourcing import SOURCES
from aifx.core.systems import SYSTEMS
from aifx.present.output import Format, emit, spreadsheet_safe
from aifx.present.views import TableView
from conftest import FIXTURES, aifx

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain"]


def _view(cells: list[str]) -> TableView:
    return TableView("t", ["text", "number"], [[c, -5.0] for c in cells], [{"text": c} for c in cells])


@pytest.mark.parametrize(
    ("fmt", "tab", "cr"),
    [(Format.csv, "'\tx", "x"), (Format.tsv, " x", "x")],
)
def test_csv_and_tsv_neutralise_formulas_but_not_numbers(fmt: Format, tab: str, cr: str) -> None:
    """Text starting with = + - @ or a tab gets a leading quote; CR is removed; TSV turns tabs into spaces;
    real numbers stay numbers."""
    out = io.StringIO()
    emit(_view(HOSTILE), fmt, out=out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="," if fmt is Format.csv else "\t"))
    assert [r[0] for r in rows[1:]] == ["'" + c for c in HOSTILE[:4]] + [tab, cr, "plain"]
    assert {r[1] for r in rows[1:]} == {"-5.0"}


def test_spreadsheet_safe_leaves_numbers_untouched() -> None:
    """Numbers are never altered, even negative ones."""
    assert spreadsheet_safe(-3.5) == -3.5
    assert spreadsheet_safe("-3.5") == "'-3.5"


def test_excel_flag_writes_bom_and_semicolons() -> None:
    """--excel is for continental Excel: UTF-8 BOM and ';' delimiter."""
    run = aifx("list", "--wave", "1", "--format", "csv", "--excel", "--columns", "id,name")
    assert run.out.startswith("\ufeffid;name\n")  # CliRunner folds the CSV CRLF to LF


@pytest.mark.parametrize("fmt", ["plain", "tsv", "markdown", "table"])
def test_every_format_lists_every_record(fmt: str) -> None:
    """Each human or tabular format shows all seven wave-1 ids."""
    out = aifx("list", "--wave", "1", "--format", fmt, "--columns", "id,country").out
    for record_id in ("LUMI-AF", "HAMMERHAI", "MIMER", "BSC-AIF"):
        assert record_id in out


def test_markdown_escapes_pipes() -> None:
    """A pipe in data cannot break a Markdown table."""
    out = io.StringIO()
    emit(_view(["a|b"]), Format.markdown, out=out)
    assert "a\\|b" in out.getvalue()


def test_plain_has_no_colour_and_no_truncation() -> None:
    """Piped output is plain: no escape codes, long names whole."""
    out = aifx("list", "--wave", "1").out
    assert "\x1b[" not in out
    assert "Pharos – The Greek AI Factory for Accelerating AI Innovation" in out


def test_table_respects_no_color() -> None:
    """NO_COLOR (set by the test harness) keeps ANSI codes out of tables."""
    assert "\x1b[" not in aifx("list", "--format", "table").out


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    """The valid fixture with rich markup and a formula in its text."""
    directory = tmp_path / "d"
    shutil.copytree(FIXTURES / "valid", directory)
    path = directory / "factories.yaml"
    text = (
        path.read_text()
        .replace("Test Host", "'[bold red]Evil[/] [link=http://x]y[/link]'")
        .replace("city: Oslo", "city: '=cmd|calc'")
    )
    path.write_text(text)
    return directory


def test_rich_markup_in_data_prints_literally(hostile_dir: Path) -> None:
    """Data is never markup: the brackets reach the screen as typed."""
    for args in (
        ["list", "--format", "table"],
        ["show", "NORD-AF", "--format", "table"],
        ["compare", "NORD-AF", "ANT-1", "-f", "table"],
    ):
        out = aifx("--data", str(hostile_dir), *args).out
        assert "[bold red]Evil[/]" in out, args


def test_formula_in_data_is_neutralised_in_csv(hostile_dir: Path) -> None:
    """A formula stored in the data cannot run in a spreadsheet."""
    rows = list(csv.DictReader(io.StringIO(aifx("--data", str(hostile_dir), "list", "-f", "csv").out)))
    assert rows[0]["city"] == "'=cmd|calc"


def test_json_round_trips_to_the_records(hostile_dir: Path) -> None:
    """JSON keeps the text exactly, markup and all."""
    records = json.loads(aifx("--data", str(hostile_dir), "list", "-f", "json").out)
    assert records[0]["host"] == "[bold red]Evil[/] [link=http://x]y[/link]"


def test_control_characters_typed_by_a_user_are_stripped_from_messages() -> None:
    """An id full of terminal escapes comes back in the error without the escapes."""
    run = aifx("show", "\x1b]0;owned\x07LUMI\u202e")
    assert run.code == 1
    assert "\x1b" not in run.err and "\u202e" not in run.err and "\x07" not in run.err


def test_clean_removes_control_and_bidi_characters() -> None:
    """The display filter drops C0/C1 controls and bidi overrides but keeps ordinary text."""
    from aifx.present.output import clean

    assert clean("a\x1b[31mb\u202ec\u2066d\x9be") == "a[31mbcde"


def test_excel_implies_csv_and_only_excel_gets_a_bom() -> None:
    """--excel alone writes CSV for spreadsheets (BOM, ';'); plain --format csv has no BOM."""
    excel = aifx("list", "--wave", "1", "--excel", "--columns", "id,name").out
    assert excel.startswith("\ufeffid;name\n")
    assert not aifx("list", "--wave", "1", "-f", "csv", "--columns", "id,name").out.startswith("\ufeff")
    assert not aifx("list", "--wave", "1", "-f", "tsv", "--columns", "id,name").out.startswith("\ufeff")


def test_unknown_and_not_applicable_follow_one_rule_per_format() -> None:
    """Unknown reads 'unknown' and not-applicable '—' for people; both are empty in csv/tsv and null in json."""
    args = ["list", "--where", "id in AI2F,CALYPSO", "--columns", "id,city,wave"]
    plain = [line.split("\t") for line in aifx(*args, "-f", "plain").out.splitlines()[1:]]
    assert plain == [["AI2F", "unknown", "2"], ["CALYPSO", "unknown", "—"]]
    assert "unknown" in aifx(*args, "-f", "table").out and "—" in aifx(*args, "-f", "markdown").out
    rows = list(csv.reader(io.StringIO(aifx(*args, "-f", "csv").out)))[1:]
    assert rows == [["AI2F", "", "2"], ["CALYPSO", "", ""]]
    tsv = [line.split("\t") for line in aifx(*args, "-f", "tsv").out.splitlines()[1:]]
    assert tsv == [["AI2F", "", "2"], ["CALYPSO", "", ""]]
    assert json.loads(aifx(*args, "-f", "json").out) == [
        {"id": "AI2F", "city": None, "wave": 2},
        {"id": "CALYPSO", "city": None, "wave": None},
    ]


def test_budgets_label_every_column_and_name_the_claim_used() -> None:
    """Budgets: no unnamed column, no always-1 'records' per factory, and the claim each row stands on."""
    run = aifx("budgets", "--format", "table", env={"COLUMNS": "160"})
    header = run.out.splitlines()[1].split()
    assert header == ["factory", "budget", "eur_m", "claim", "share"]
    rows = list(csv.DictReader(io.StringIO(aifx("budgets", "-f", "csv").out)))
    uk = next(r for r in rows if r["factory"] == "UK-AIFA")
    # UK-AIFA's total is stated in pounds: in euros at the ECB rate of its source's date, marked as converted.
    assert (uk["budget"], uk["claim"]) == ("≈ €9.91 million", "first")
    assert float(uk["eur_m"]) == pytest.approx(8.6 / 0.8677, abs=0.01)
    assert "preferred total claim, else its first total claim" in run.err
    by_country = list(csv.DictReader(io.StringIO(aifx("budgets", "--by", "country", "-f", "csv").out)))
    assert {r["records"] for r in by_country} >= {"1", "2"}


HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![](http://tracker.example/p.png)",
    "a\tb\nc",
    "e\u2028f",
]


def test_markdown_renders_hostile_text_as_text() -> None:
    """HTML, links and images in data are escaped in Markdown; tabs and line breaks cannot split a row."""
    out = io.StringIO()
    emit(TableView("t", ["text"], [[c] for c in HOSTILE_TEXT], []), Format.markdown, out=out)
    text = out.getvalue()
    assert "<" not in text and ">" not in text and "](" not in text and "![" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text
    assert len(text.splitlines()) == 2 + len(HOSTILE_TEXT)


@pytest.mark.parametrize("fmt", list(Format))
def test_no_format_writes_an_invisible_or_control_character_from_the_data(fmt: Format) -> None:
    """ESC, C1, bidi, zero-width, tag and separator characters never reach the output raw, in any format."""
    from aifx.text.characters import UNSAFE

    sneaky = "x\x1b[2J\x9b\u202e\u200b\u2060\u061c\u00ad\U000e0041\u2028\u2029\ue000y"
    view = TableView("t", ["id", "text"], [["A", sneaky]], [{"id": "A", "text": sneaky}])
    out = io.StringIO()
    emit(view, fmt, out=out, width=80)
    written = out.getvalue().replace("\t", "").replace("\n", "").replace("\r", "")
    assert UNSAFE.search(written) is None
    if fmt in (Format.json, Format.jsonl):
        assert json.loads(out.getvalue().splitlines()[0] if fmt is Format.jsonl else out.getvalue()) is not None


def test_bars_share_a_scale_only_within_their_bar_scale_column() -> None:
    """Bars compare like with like: 50 H100s fill their own scale, whatever 2,000 PFLOPS draws on another."""
    rows: list[list[object]] = [["H100", "MT", 50.0], ["H100", "GB", 25.0], ["FP8", "MT", 2000.0]]
    view = TableView(
        "t",
        ["measure", "group", "high"],
        rows,
        [],
        bar="high",
        bar_scale="measure",  # type: ignore[arg-type]
    )
    out = io.StringIO()
    emit(view, Format.table, out=out, width=60)
    bars = {" ".join(line.split()[:2]): line.count("█") for line in out.getvalue().splitlines() if "█" in line}
    assert bars["H100 MT"] == bars["FP8 MT"] > 0  # each the largest of its own measure: a full bar
    assert bars["H100 GB"] == bars["H100 MT"] // 2


# Every listing command with every field it has; a key in its --columns JSON means what the same key in its full JSON
# means, for every row.
LISTINGS = [
    (["list"], list(FACTORIES.fields)),
    (["near", "Tartu"], ["distance_km", *FACTORIES.fields]),
    (["initiatives"], list(INITIATIVES.fields)),
    (["systems"], list(SYSTEMS.fields)),
    (["sources"], list(SOURCES.fields)),
    (["timeline"], list(TIMELINE.fields)),
    (["changes", "--since", "2026-06-01"], list(CHANGES.fields)),
    (
        ["waves"],
        ["wave", "announced", "cutoff", "selected", "countries", "total", "known_sum", "unknown", "other_totals"],
    ),
    *((["budgets", "--by", by], list(budget_registry(by).fields)) for by in ("factory", "country", "wave")),
]
# A cell may show less than the record holds: an event's date to its precision ("2026-03"), beside which the full
# JSON has the whole date and "precision". The key keeps its type and meaning, though not every digit.
COARSER = {("timeline", "date")}


def _json_type(value: object) -> str:
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else type(value).__name__


@pytest.mark.parametrize(("args", "fields"), LISTINGS, ids=[" ".join(args) for args, _ in LISTINGS])
def test_a_key_holds_one_value_with_or_without_columns(args: list[str], fields: list[str]) -> None:
    """Each key of `--columns <every field>` JSON holds, row by row, what the same key holds in the full JSON."""
    full = json.loads(aifx(*args, "-f", "json").out)
    chosen = json.loads(aifx(*args, "--columns", ",".join(fields), "-f", "json").out)
    assert len(full) == len(chosen) > 0
    shared = 0
    for whole, picked in zip(full, chosen, strict=True):
        assert list(picked) == fields
        for key in picked.keys() & whole.keys():
            shared += 1
            if (args[0], key) in COARSER:
                assert _json_type(picked[key]) == _json_type(whole[key]) and whole[key].startswith(picked[key])
            else:
                assert picked[key] == whole[key], f"{args[0]}: {key} differs for {whole.get('id', whole)}"
    assert shared


def test_budget_selected_and_sources_mean_one_thing_in_list_json() -> None:
    """`budget` is every claim (each with its euro value) and `selected` a factory's wave date, with or without
    --columns; the headline alone is `budget_headline`; `sources` is the ids, never their count."""
    fields = "id,budget,budget_headline,selected,sources"
    for row in [
        *json.loads(aifx("list", "-f", "json").out),
        *json.loads(aifx("list", "--columns", fields, "-f", "json").out),
    ]:
        assert isinstance(row["budget"], list) and all("eur" in claim for claim in row["budget"])
        assert isinstance(row["sources"], list) and row["sources"]
        assert row["selected"] is not None
    lumi = json.loads(aifx("list", "--columns", fields, "-f", "json").out)[0]
    assert lumi["id"] == "LUMI-AF" and lumi["selected"] == "2024-12-10"
    assert lumi["budget_headline"]["eur_m"] == 500 and lumi["budget_headline"]["text"] == "€500–600 million"


def test_conflicts_json_keeps_to_the_columns_chosen() -> None:
    """Like every listing, `conflicts --columns` JSON has those keys, one row per claim; without them, facts grouped."""
    rows = json.loads(aifx("conflicts", "--columns", "record,fact,claim,eur_m", "-f", "json").out)
    assert rows and all(list(r) == ["record", "fact", "claim", "eur_m"] for r in rows)
    grouped = json.loads(aifx("conflicts", "-f", "json").out)
    assert all(list(g) == ["record", "fact", "claims"] for g in grouped) and len(grouped) < len(rows)
