"""Fuzzy matching with rapidfuzz: ``aifx search`` and the "did you mean" of unknown ids."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from aifx.catalog import Catalog, Record, fold
from aifx.countries import COUNTRIES
from aifx.models import Factory
from aifx.search_types import Hit


def _haystack(record: Record) -> list[tuple[str, str]]:
    texts = [("id", record.id), ("name", record.name), *(("alias", a) for a in record.aliases)]
    if record.country:
        texts += [("country", record.country), ("country", COUNTRIES.get(record.country, record.country))]
    if isinstance(record, Factory):
        texts += [("city", record.city or ""), ("host", record.host or "")]
        texts += [("sector", s.value) for s in record.sectors]
        texts += [("partner", COUNTRIES.get(p, p)) for p in record.partners]
        if record.supercomputer and record.supercomputer.name:
            texts.append(("system", record.supercomputer.name))
    else:
        texts += [("lead", record.lead or ""), ("kind", record.kind), ("hardware", record.hardware or "")]
    return [(f, t) for f, t in texts if t]


def search(
    catalog: Catalog, query: str, *, kinds: tuple[str, ...] = (), limit: int = 10, cutoff: float = 65
) -> list[Hit]:
    """Records ranked by their best-matching text; typos, case and accents forgiven."""
    wanted = fold(query)
    if not wanted:
        return []
    owners: list[tuple[Record, str, str]] = []
    choices: list[str] = []
    for record in catalog.records():
        kind = record.kind.value if isinstance(record, Factory) else "initiative"
        if kinds and kind not in kinds:
            continue
        for field, text in _haystack(record):
            owners.append((record, field, text))
            choices.append(fold(text))
    best: dict[str, Hit] = {}
    for _, score, i in process.extract(
        wanted, choices, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=cutoff
    ):
        record, field, text = owners[i]
        # An exact id, name or alias beats any partial match; short texts (country codes) must match exactly,
        # or WRatio would rank "lu" highly for "lumi".
        if choices[i] == wanted:
            score = 100.0 + (1 if field in ("id", "name", "alias") else 0)
        elif len(choices[i]) < 4:
            continue
        if record.id not in best or score > best[record.id].score:
            best[record.id] = Hit(record, float(score), text, field)
    return sorted(best.values(), key=lambda h: (-h.score, h.record.id))[:limit]


def suggest(catalog: Catalog, query: str, *, limit: int = 3) -> list[str]:
    """Ids whose id, name or alias resembles ``query``, for "did you mean …"."""
    names: list[str] = []
    ids: list[str] = []
    for record in catalog.records():
        for name in (record.id, record.name, *record.aliases):
            names.append(fold(name))
            ids.append(record.id)
    found: list[str] = []
    for _, _, i in process.extract(fold(query), names, scorer=fuzz.WRatio, processor=None, limit=20, score_cutoff=70):
        if ids[i] not in found:
            found.append(ids[i])
    return found[:limit]
