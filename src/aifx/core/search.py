"""Search: ``aifx search`` over records and sources, and the "did you mean" of unknown record ids.

A hit's score is how well the query's words match whole words of one text (typos forgiven, a prefix counts, a
piece inside a longer word does not), weighted by the field: a match in an id, name, alias or city outranks one
inside prose, which outranks nothing. Numbers are matched by value, never by typo: '2.3 billion', '2,3 mld',
'€2.3bn' and '2300 million' find the text that states $2.3 billion, and nothing stating 2.3 million.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from aifx.core.money import money
from aifx.core.search_types import Hit
from aifx.dataset.catalog import Catalog, Record, vouched
from aifx.dataset.models import Bid, Chip, Claim, Factory, Source, Wave
from aifx.text.amounts import Amount, amounts, significant, without
from aifx.text.countries import COUNTRIES
from aifx.text.suggest import containing, edits, fold, ratio
from aifx.text.suggest import suggest as closest

KINDS = ("factory", "antenna", "initiative", "bid", "system", "chip", "wave", "source", "event")
CUTOFF = 70.0
_SHORT, _MEDIUM, _PROSE = 1.0, 0.9, 0.8
_WORD = re.compile(r"[^\W_]+(?:[.,'’+$€£][^\W_]+)*[+]*|[$€£][^\W_]+(?:[.,][^\W_]+)*", re.UNICODE)

Text = tuple[str, str, float]  # field, text, weight


def _record_texts(record: Record) -> Iterator[Text]:
    yield from (("id", record.id, _SHORT), ("name", record.name, _SHORT))
    yield from (("alias", a, _SHORT) for a in record.aliases)
    if record.country:
        yield "country", record.country, _SHORT
        yield "country", COUNTRIES.get(record.country, record.country), _SHORT
    if isinstance(record, Factory):
        yield from (("city", record.city or "", _SHORT), ("host", record.host or "", _MEDIUM))
        yield from (("sector", s.value, _MEDIUM) for s in record.sectors)
        yield from (("partner", COUNTRIES.get(p, p), _MEDIUM) for p in record.partners)
        if record.supercomputer is not None:
            yield "system", record.supercomputer.name or "", _SHORT
            yield "system notes", record.supercomputer.notes or "", _PROSE
        yield "sectors note", record.sectors_note or "", _PROSE
    else:
        yield from (("lead", record.lead or "", _MEDIUM), ("kind", record.kind, _MEDIUM))
        yield "hardware", record.hardware or "", _PROSE
    yield from (("summary", record.summary or "", _PROSE), ("notes", record.notes or "", _PROSE))
    yield "budget note", record.budget_note or "", _PROSE
    yield from _claim_texts(record.budget, "budget")


def _bid_texts(bid: Bid) -> Iterator[Text]:
    """A bid is found by its names, countries, places, members and chips, then by what is written about it."""
    yield from (("id", bid.id, _SHORT), ("name", bid.name, _SHORT))
    yield from (("alias", a, _SHORT) for a in bid.aliases)
    for code in bid.countries:
        yield from (("country", code, _SHORT), ("country", COUNTRIES.get(code, code), _SHORT))
    yield from (("site", s.place, _SHORT) for s in bid.sites)
    yield from (("region", s.region, _MEDIUM) for s in bid.sites if s.region)
    yield from (("member", m.name, _MEDIUM) for m in bid.members)
    yield "accelerator", bid.accelerator or "", _MEDIUM
    yield "stage", bid.stage.value, _MEDIUM
    yield from (("summary", bid.summary or "", _PROSE), ("notes", bid.notes or "", _PROSE))
    yield "size note", bid.size_note or "", _PROSE
    yield from _claim_texts(bid.size, "size")


def _claim_texts(claims: Iterable[Claim], field: str) -> Iterator[Text]:
    """A claim as its source words it, as aifx writes it (the amount, whatever the wording: 'At least 556' is
    ≥ €556 million), and its note."""
    for claim in claims:
        yield f"{field} stated", claim.stated or "", _PROSE
        yield field, money(claim) if claim.value is not None else "", _PROSE
        yield f"{field} note", claim.note or "", _PROSE


def _source_texts(source: Source) -> Iterator[Text]:
    yield from (("id", source.id, _MEDIUM), ("title", source.title, _MEDIUM), ("publisher", source.publisher, _MEDIUM))
    yield "notes", source.notes or "", _PROSE


def _wave_texts(wave: Wave) -> Iterator[Text]:
    yield from (("id", f"wave-{wave.number}", _SHORT), ("name", f"wave {wave.number}", _SHORT))
    yield "call", wave.call or "", _MEDIUM
    yield from _claim_texts(wave.totals, "total")
    yield from (("summary", wave.summary or "", _PROSE), ("notes", wave.notes or "", _PROSE))


def _chip_texts(chip: Chip) -> Iterator[Text]:
    yield from (("id", chip.id, _SHORT), ("name", chip.name, _SHORT), ("vendor", chip.vendor, _MEDIUM))
    yield "notes", chip.notes or "", _PROSE


def _words(text: str) -> list[tuple[str, int]]:
    """The folded words of a text with where each starts in the original."""
    return [(w.lower() if w.isascii() else fold(w), m.start()) for m in _WORD.finditer(text) if (w := m.group())]


def _pair(q: str, w: str) -> float:
    """One query word against one word: exact 100, prefix 90, a typo 80-85, inside the word 50, else 0."""
    if w == q:
        return 100.0
    if len(q) >= 3 and w.startswith(q):
        return 90.0
    allowed = 0 if len(q) < 4 else (1 if len(q) < 8 else 2)  # edits forgiven, by the word's length
    if allowed and abs(len(w) - len(q)) <= allowed and (d := edits(q, w)) <= allowed:
        return 90.0 - 5 * d
    if allowed and len(w) > len(q) and w[0] == q[0] and any(edits(q, w[:n]) <= 1 for n in _around(len(q))):
        return 80.0  # a typo in a prefix: "hamer" for "HammerHAI"
    return 50.0 if q in w else 0.0


def _word_score(q: str, words: list[str], seen: dict[str, float]) -> tuple[float, int]:
    """How well one query word matches its best word in a text, and which; ``seen`` remembers pairs."""
    best, where = 0.0, -1
    for i, w in enumerate(words):
        score = seen.get(w)
        if score is None:
            score = seen[w] = _pair(q, w)
        if score > best:
            best, where = score, i
            if score == 100.0:
                break
    return best, where


def _around(n: int) -> tuple[int, ...]:
    return (n - 1, n, n + 1)


def _score(
    query: list[str], text: str, weight: float, seen: list[dict[str, float]], *, numbers: int = 0
) -> tuple[float, int]:
    """A text's score for the query words, ``numbers`` more query terms (amounts) found in it, and the span of its
    best-matching word."""
    spans = _words(text)
    words = [w for w, _ in spans]
    if not words:
        return 0.0, 0
    scores = [_word_score(q, words, memo) for q, memo in zip(query, seen, strict=True)]
    score = (sum(s for s, _ in scores) + 100.0 * numbers) / (len(scores) + numbers)
    if weight == _SHORT and not numbers and len(query) != len(words):  # "hamer hai" ~ "HammerHAI"
        whole = ratio("".join(query), "".join(words))
        score = max(score, whole if whole >= 85 else 0.0)
    i = max(scores, key=lambda s: s[0])[1] if scores else -1
    return score * weight, spans[i][1] if i >= 0 else 0


def _stating(wanted: list[Amount], texts: list[str]) -> dict[int, int]:
    """The texts that state every wanted amount (by index), each with where its first one starts."""
    found: dict[int, int] = {}
    digits = [{significant(v) for v in w.values} for w in wanted]
    for i, text in enumerate(texts):
        # A fast pass first: the text holds each amount's significant digits (2.3 billion: 23) once separators
        # between digits are dropped ('2,300 million': 2300). Reading amounts is the slow part.
        squeezed = _SEPARATED.sub("", text) if _DIGIT.search(text) else ""
        if not squeezed or not all(any(d in squeezed for d in ds) for ds in digits):
            continue
        stated = amounts(text)
        starts = [next((a.start for a in stated if w.finds(a)), -1) for w in wanted]
        if -1 not in starts:
            found[i] = starts[0]
    return found


_DIGIT = re.compile(r"\d")
_SEPARATED = re.compile(r"(?<=\d)[,.'’\u00a0\u202f\u2009](?=\d)")


def _excerpt(text: str, start: int, *, width: int = 60) -> str:
    """The text from a little before the match, at most ``width`` characters, marked with … where cut."""
    text = " ".join(text.split()) if "\n" in text or "  " in text else text
    if len(text) <= width:
        return text
    left = max(0, start - 12)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left, start) + 1  # start at a word
    piece = text[left : left + width].rstrip()
    return ("…" if left > 0 else "") + piece + ("…" if left + width < len(text) else "")


def search(
    catalog: Catalog, query: str, *, kinds: tuple[str, ...] = (), limit: int = 10, cutoff: float = CUTOFF
) -> list[Hit]:
    """Records, bids, systems, chips, waves, sources and events ranked by their best-matching text; typos, case and
    accents forgiven in words, numbers matched by value (see ``aifx.text.amounts``)."""
    wanted = fold(query)
    numbers = amounts(query)
    rest = without(query, numbers)
    words = [w for w, _ in _words(rest)] or fold(rest).split()
    if not words and not numbers:
        return []
    owners = list(_owners(catalog, kinds))
    # Generated and templated data repeat texts: each distinct text is matched and scored once.
    texts = list(dict.fromkeys(o[5] for o in owners))
    choices = [t.lower() if t.isascii() else fold(t) for t in texts]
    if numbers:  # a number is found by value, in the texts that state it, never by a look-alike
        where = _stating(numbers, texts)
    else:  # a fast pass in C keeps the texts that hold something like the query; the word scoring runs on those
        where = dict.fromkeys(containing(wanted, choices, cutoff=min(cutoff, 60.0)), -1)
    kept = {texts[i]: (choices[i] == wanted, at) for i, at in where.items()}  # text -> (equals the query, number at)
    seen: list[dict[str, float]] = [{} for _ in words]
    scored: dict[tuple[str, float], tuple[float, int]] = {}
    best: dict[tuple[str, str], Hit] = {}  # by kind and id: a system may share its initiative's id (JUPITER)
    for rid, name, kind, trust, field, text, weight in owners:
        found = kept.get(text)
        if found is None:
            continue
        exact, at = found
        if exact and weight > _PROSE:  # an exact id, name or alias beats any partial match; prose stays prose
            score, start = 100.0 + (1 if field in ("id", "name", "alias") else 0), 0
        else:
            if (text, weight) not in scored:
                score, start = _score(words, text, weight, seen, numbers=len(numbers)) if words else (100 * weight, 0)
                scored[text, weight] = (score, at if at >= 0 else start)
            score, start = scored[text, weight]
        if score < cutoff or ((kind, rid) in best and score <= best[kind, rid].score):
            continue
        best[kind, rid] = Hit(rid, name, kind, trust, score, field, _excerpt(text, start))
    return sorted(best.values(), key=lambda h: (-h.score, KINDS.index(h.kind), h.id))[:limit]


Owner = tuple[str, str, str, str, str, str, float]  # id, name, kind, trust, field, text, weight


def _owners(catalog: Catalog, kinds: tuple[str, ...]) -> Iterator[Owner]:
    """Every searchable text of the kinds asked for (all when none), with what it belongs to."""
    for record in catalog.records():
        kind = record.kind.value if isinstance(record, Factory) else "initiative"
        if not kinds or kind in kinds:
            trust = record.verification.value
            yield from ((record.id, record.name, kind, trust, f, t, w) for f, t, w in _record_texts(record) if t)
    if not kinds or "bid" in kinds:
        for b in catalog.bids.values():
            trust = b.verification.value
            yield from ((b.id, b.name, "bid", trust, f, t, w) for f, t, w in _bid_texts(b) if t)
    if not kinds or "source" in kinds:
        for s in catalog.sources.values():
            yield from ((s.id, s.title, "source", s.kind.value, f, t, w) for f, t, w in _source_texts(s) if t)
    if not kinds or "system" in kinds:
        for m in catalog.systems.values():
            trust = m.verification.value
            said: list[tuple[str, str, float]] = [
                ("name", m.name, 1.0),
                ("id", m.id, 1.0),
                *(("aliases", a, 1.0) for a in m.aliases),
            ]
            # What a system is searched for first: its accelerators (GH200, MI300A), then vendor, host and CPU.
            said += [("accelerators", a.model, 0.92) for a in m.accelerators]
            said += [("vendor", m.vendor or "", 0.87), ("host", m.host or "", 0.87), ("cpu", m.cpu or "", 0.85)]
            said += [("summary", m.summary or "", 0.77), ("notes", m.notes or "", 0.77)]
            yield from ((m.id, m.name, "system", trust, f, t, w) for f, t, w in said if t)
    if not kinds or "chip" in kinds:
        for c in catalog.chips.values():
            trust = vouched(c.sources, catalog).value
            yield from ((c.id, c.name, "chip", trust, f, t, w) for f, t, w in _chip_texts(c) if t)
    if not kinds or "wave" in kinds:
        for v in catalog.waves.values():
            trust, name = vouched(v.sources, catalog).value, f"Wave {v.number}"
            yield from ((f"wave-{v.number}", name, "wave", trust, f, t, w) for f, t, w in _wave_texts(v) if t)
    if not kinds or "event" in kinds:
        for e in catalog.events.values():
            trust = e.verification.value
            yield (e.id, e.title, "event", trust, "title", e.title, _MEDIUM)
            if e.note:
                yield (e.id, e.title, "event", trust, "note", e.note, _PROSE)


def suggest(catalog: Catalog, query: str, *, limit: int = 3) -> list[str]:
    """Ids whose id, name or alias resembles ``query``, for "did you mean …"."""
    names: dict[str, str] = {}
    for record in [*catalog.records(), *catalog.bids.values()]:
        for name in (record.id, record.name, *record.aliases):
            names.setdefault(name, record.id)
    return closest(query, names, limit=limit)
