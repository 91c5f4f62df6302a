"""One "did you mean" everywhere (aifx.text.suggest) and one country resolver (aifx.text.countries), on real data."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from rapidfuzz import utils

from aifx.errors import UsageError, did_you_mean
from aifx.text.countries import close, lookup, resolve, suggest_country
from aifx.text.suggest import fold, key, suggest
from conftest import DATA, ROOT, aifx

# What a user types, how aifx exits, and the hint it prints: the closing note quotes this table.
SUGGESTIONS = [
    (["compare", "Spian", "IT"], 1, "(did you mean Spain?)"),
    (["list", "--columns", "linked"], 2, "(did you mean linked_factories?)"),
    (["list", "--country", "SW"], 2, "(did you mean Sweden (SE) or Switzerland (CH)?)"),
    (["list", "--partner", "Swedn"], 2, "(did you mean Sweden (SE)?)"),
    (["country", "Estonai"], 2, "(did you mean Estonia (EE)?)"),
    (["near", "Tartuu"], 1, "(did you mean Tartu (EE) or Ţarţūs (SY)?)"),
    (["show", "LUMI-FA"], 1, "(did you mean LUMI-AF?)"),
    (["show", "hamer"], 1, "(did you mean HAMMERHAI?)"),
    (["list", "--sector", "life scences"], 2, "(did you mean life-sciences?)"),
    (["list", "--kind", "factori"], 2, "(did you mean factory?)"),
    (["waves", "--columns", "totl"], 2, "(did you mean total?)"),
    (["systems", "JUPTER"], 1, "(did you mean JUPITER?)"),
    (
        ["data", "set-claim", "LUMI-AF", "1", "--source", "csc-undated-aifactory-kajaan", "--dry-run"],
        1,
        "(did you mean 'csc-undated-aifactory-kajaani'?)",
    ),
    (["lsit"], 2, "(did you mean list?)"),
    (["data", "vaildate"], 2, "(did you mean validate?)"),
]


@pytest.mark.parametrize(("args", "code", "hint"), SUGGESTIONS, ids=[" ".join(args) for args, _, _ in SUGGESTIONS])
def test_a_typo_is_answered_with_what_was_meant(tmp_path: Path, args: list[str], code: int, hint: str) -> None:
    """Each mistake in the table exits with its code and one line on stderr that names the right thing."""
    if "--dry-run" in args:  # curator commands work on a copy
        args = [*args, "--data", str(shutil.copytree(DATA, tmp_path / "data"))]
    run = aifx(*args)
    assert (run.code, run.out) == (code, "")
    assert hint in run.err.splitlines()[0]


@pytest.mark.parametrize(
    "args",
    [
        ["show", "nosuch-id"],
        ["sources", "nosuch-id"],
        ["systems", "NOSUCH"],
        ["country", "XX"],
        ["list", "--country", "Atlantis"],
        ["list", "--sector", "knitting"],
        ["xyzzy"],
    ],
)
def test_nothing_close_gets_no_guess(args: list[str]) -> None:
    """A name like nothing aifx knows gets no "did you mean": a wrong guess is worse than none."""
    run = aifx(*args)
    assert run.code in (1, 2)
    assert "did you mean" not in run.err


def test_compare_names_where_a_country_that_hosts_nothing_is_a_partner() -> None:
    """A country stands for the records it hosts; one hosting none is a usage error naming its consortia."""
    run = aifx("compare", "Estonia", "IT")
    assert (run.code, run.out) == (2, "")
    assert run.err == "aifx: Estonia (EE) hosts no factory or antenna; it is a consortium partner of LUMI-AF\n"


def test_search_still_ranks_hammerhai_first_for_hamer() -> None:
    """The typo that show answers with HAMMERHAI is also search's first hit."""
    run = aifx("search", "hamer", "--format", "csv", "--limit", "1")
    assert run.out.splitlines()[1].split(",")[1] == "HAMMERHAI"


@pytest.mark.parametrize(("typed", "code"), [("UK", "GB"), ("uk", "GB"), ("EL", "GR"), ("de", "DE"), ("Germany", "DE")])
def test_country_options_take_codes_names_and_aliases(typed: str, code: str) -> None:
    """--country accepts UK and EL (aliases), any case, and English names, as the ISO code."""
    run = aifx("list", "--country", typed, "--columns", "country", "--format", "csv")
    assert run.code == 0
    assert set(run.out.splitlines()[1:]) == {code}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("ee", "EE"), (" Estonia ", "EE"), ("UK", "GB"), ("EL", "GR"), ("Côte d’Ivoire", "CI"), ("turkiye", "TR")],
)
def test_resolve_reads_codes_names_and_aliases(typed: str, code: str) -> None:
    """Codes and English names in any case, accents and punctuation forgiven, and the aliases UK and EL."""
    assert resolve(typed) == lookup(typed) == code


def test_resolve_refuses_an_unknown_country_with_the_closest() -> None:
    """An unknown country is a usage error naming the option, the closest countries and how to write one."""
    with pytest.raises(UsageError) as caught:
        resolve("Swedn", what="--country")
    assert str(caught.value) == (
        "--country: unknown country 'Swedn' (did you mean Sweden (SE)?); "
        "use an ISO 3166-1 alpha-2 code such as DE, FI, NO"
    )


@pytest.mark.parametrize(("typed", "code"), [("SW", "SE"), ("Swedn", "SE"), ("Estonai", "EE"), ("XX", None)])
def test_suggest_country_offers_one_code_or_none(typed: str, code: str | None) -> None:
    """Data validation's hint: the single most likely code, and nothing for a code like none."""
    assert suggest_country(typed) == code


def test_a_short_code_matches_only_the_start_of_a_name() -> None:
    """ES is not inside INVESTAI, Estonai is not AI; SW is the start of Sweden and Switzerland."""
    assert suggest("ES", ["INVESTAI"]) == []
    assert suggest("Estonai", {"AI": "AI", "Estonia": "EE"}) == ["EE"]
    assert close("SW") == ["SE", "CH"]


def test_suggest_forgives_case_and_accents_and_maps_names_to_ids() -> None:
    """Jülich ~ JULICH; a mapping answers with its values, each once."""
    assert suggest("julich", ["Jülich", "Zürich"]) == ["Jülich"]
    assert suggest("JÜLICH", {"Jülich": "JAIF", "Juelich Supercomputing": "JAIF"}) == ["JAIF"]


@pytest.mark.parametrize("text", ["Jülich", "Côte d’Ivoire", "LUMI-AF", "life_sciences", "  São  Paulo ", "Ţarţūs"])
def test_key_is_rapidfuzz_default_processing_after_folding(text: str) -> None:
    """key() is written out to spare the import, and agrees with rapidfuzz's own processing."""
    assert key(text) == utils.default_process(fold(text))


def test_did_you_mean_is_one_phrase() -> None:
    """Nothing to offer is no hint; one or more names read 'X or Y', quoted where data ids are."""
    assert did_you_mean([]) == ""
    assert did_you_mean(["list"]) == " (did you mean list?)"
    assert did_you_mean(["a", "b"], quoted=True) == " (did you mean 'a' or 'b'?)"


def test_only_the_suggestion_module_imports_rapidfuzz() -> None:
    """rapidfuzz is imported by aifx/text/suggest.py and no other module, lazy imports included."""
    importers = set()
    for path in (ROOT / "src" / "aifx").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            if any(n.split(".")[0] == "rapidfuzz" for n in names):
                importers.add(path.relative_to(ROOT / "src").as_posix())
    assert importers == {"aifx/text/suggest.py"}
