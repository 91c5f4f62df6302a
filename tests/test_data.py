"""The shipped dataset: complete, consistent, sourced, and byte-stable under round-trip editing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from aifx.dataset.catalog import Catalog, cited_by, claims_of
from aifx.dataset.lint import unused_sources
from aifx.dataset.rewrite import reproduces
from aifx.dataset.vocabulary import Kind, Rank, SourceKind, Verification
from conftest import DATA


def test_waves_hold_seven_six_and_six_factories(catalog: Catalog) -> None:
    """Wave 1 (10 Dec 2024) selected 7, wave 2 (12 Mar 2025) 6, wave 3 (10 Oct 2025) 6."""
    factories = [f for f in catalog.factories.values() if f.kind is Kind.factory]
    assert Counter(f.wave for f in factories) == {1: 7, 2: 6, 3: 6}
    assert [w.announced.isoformat() for w in catalog.waves.values()] == ["2024-12-10", "2025-03-12", "2025-10-10"]


def test_thirteen_antennas_each_linked_or_explained(catalog: Catalog) -> None:
    """The October 2025 antennas are all there, non-EU ones included, linked to real factories."""
    antennas = [f for f in catalog.factories.values() if f.kind is Kind.antenna]
    assert len(antennas) == 13
    assert {"GB", "CH", "IS", "RS", "MK", "MD"} <= {a.country for a in antennas}
    for antenna in antennas:
        assert antenna.linked_factories or antenna.notes, antenna.id
        for linked in antenna.linked_factories:
            assert catalog.factories[linked].kind is Kind.factory


def test_every_record_has_a_source_and_confirmed_ones_an_official_source(catalog: Catalog) -> None:
    """Each record cites something; 'confirmed' is earned by at least one official source."""
    for record in catalog.records():
        assert record.sources, record.id
        official = [s for s in cited_by(record) if catalog.sources[s].kind is SourceKind.official]
        if record.verification is Verification.confirmed:
            assert official, record.id


def test_no_source_is_unused(catalog: Catalog) -> None:
    """Every source in sources.yaml is cited by at least one record, claim or wave."""
    assert unused_sources(catalog) == []


def test_every_claim_cites_known_sources_and_unknowns_say_why(catalog: Catalog) -> None:
    """Claims point to existing sources; a null value always carries a note."""
    items = [*catalog.records(), *catalog.waves.values()]
    claims = [c for item in items for c in claims_of(item)]
    assert len(claims) > 50
    for claim in claims:
        assert all(s in catalog.sources for s in claim.sources)
        if claim.value is None:
            assert claim.note


def test_tartu_is_recorded_as_unconfirmed_and_its_blog_looks_weak(catalog: Catalog) -> None:
    """The University of Tartu initiative rests on one blog: it must look weak wherever shown."""
    tartu = catalog.initiatives["TARTU-AI"]
    assert tartu.verification is Verification.unconfirmed
    assert tartu.country == "EE"
    assert "LUMI-AF" in tartu.related
    assert any(catalog.sources[s].kind is SourceKind.blog for s in tartu.sources)
    assert "EE" in catalog.factories["LUMI-AF"].partners


def test_wave_one_total_keeps_the_disagreeing_seed_figures_deprecated(catalog: Catalog) -> None:
    """€1.5 billion is preferred; the seed article's €2.1 billion and $2.3 billion stay, deprecated."""
    totals = catalog.waves[1].totals
    preferred = [c for c in totals if c.rank is Rank.preferred and c.scope.value == "total"]
    assert [(c.value, c.currency) for c in preferred] == [(1500, "EUR")]
    deprecated = {(c.value, c.currency) for c in totals if c.rank is Rank.deprecated}
    assert {(2100, "EUR"), (2300, "USD")} <= deprecated


def test_programme_total_over_2_6_billion_is_a_cumulative_claim(catalog: Catalog) -> None:
    """The programme-wide 'over €2.6 billion' is kept with its qualifier and scope."""
    claims = [c for w in catalog.waves.values() for c in w.totals if c.scope.value == "cumulative"]
    assert any(c.value == 2600 and c.qualifier.value == "over" for c in claims)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_file_round_trips_byte_for_byte(path: Path) -> None:
    """Loading and writing a data file changes nothing, so an edit's diff is only the edited lines."""
    assert reproduces(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_data_file_declares_its_schema_for_editors(path: Path) -> None:
    """Editors validate and complete while typing thanks to the schema line."""
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/aifx.schema.json\n")


def test_dataset_metadata_is_present(catalog: Catalog) -> None:
    """Version, as-of date and licence are stated for every user."""
    assert catalog.dataset is not None
    assert catalog.dataset.licence
    assert catalog.dataset.version.count(".") == 2


# How the dataset was compiled is no reader's business: these words say it, not what a source says.
BACKSTAGE = re.compile(
    r"\bseed\b|seed[- ]article|seed copy|reference compilation|\bcompilation\b|stored (pages?|copy)|"
    r"article \d{3}\b|re-read in this check|our notes|the brief\b",
    re.IGNORECASE,
)


def _reader_text(catalog: Catalog) -> list[tuple[str, str]]:
    """Every piece of prose a user can read: summaries, notes, claim notes, titles, publishers."""
    texts: list[tuple[str, str]] = []
    for item in [*catalog.records(), *catalog.waves.values()]:
        name = getattr(item, "id", None) or f"wave {getattr(item, 'number', '')}"
        for field in ("summary", "notes", "budget_note", "sectors_note", "hardware"):
            texts.append((f"{name}.{field}", getattr(item, field, None) or ""))
        texts += [(f"{name}.claim", c.note or "") for c in claims_of(item)]
        system = getattr(item, "supercomputer", None)
        texts.append((f"{name}.supercomputer", (system.notes if system else None) or ""))
    for s in catalog.sources.values():
        texts += [(f"{s.id}.notes", s.notes or ""), (f"{s.id}.title", s.title), (f"{s.id}.publisher", s.publisher)]
    for e in catalog.events.values():
        texts += [(f"{e.id}.title", e.title), (f"{e.id}.note", e.note or "")]
    for m in catalog.systems.values():
        figures = [*m.performance, *m.power_mw, *(c for a in m.accelerators for c in a.count)]
        texts += [(f"{m.id}.summary", m.summary or ""), (f"{m.id}.notes", m.notes or "")]
        texts += [(f"{m.id}.figure", f.note or "") for f in figures]
    return texts


def test_user_facing_text_names_sources_not_how_they_were_found(catalog: Catalog) -> None:
    """No note speaks of seed articles, the reference compilation, stored pages or file numbers."""
    found = [f"{where}: {m.group()}" for where, text in _reader_text(catalog) if (m := BACKSTAGE.search(text))]
    assert found == []
    assert BACKSTAGE.search("Seed-article table figure") and BACKSTAGE.search("outside the stored pages")


def test_prose_names_a_source_by_its_publisher_never_by_its_file_id(catalog: Catalog) -> None:
    """A note that cites a source says who published it and when; an id like 'csc-undated-…' means nothing to readers."""
    ids = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
    found = [
        f"{where}: {m.group()}"
        for where, text in _reader_text(catalog)
        for m in ids.finditer(text)
        if m.group() in catalog.sources
    ]
    assert found == []


def test_help_and_readme_speak_to_readers() -> None:
    """Help texts and the README carry none of those words either, nor point outside the repository."""
    from conftest import ROOT, aifx
    from test_docs import COMMANDS, CURATE

    helps = [aifx(*c.split(), "--help", env={"COLUMNS": "200"}).out for c in ["", *COMMANDS, *CURATE]]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [m.group() for text in [*helps, readme] if (m := BACKSTAGE.search(text))] == []
    assert "../" not in readme


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_file_reads_in_libyaml_too(path: Path) -> None:
    """Other tools read the data with libyaml (PyYAML, yq): no plain scalar may need YAML 1.2 to parse."""
    from ruamel.yaml import YAML

    assert YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # the C loader when ruamel.yaml.clib is there
