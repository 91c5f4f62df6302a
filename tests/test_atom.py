"""`aifx export --format atom`: a valid Atom 1.0 feed of the timeline and the changes, read back by feedparser."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest

from aifx.core.changes import daily
from aifx.core.history import timeline
from aifx.dataset.loader import load
from conftest import DATA, FIXTURES, aifx

HERE = FIXTURES / "changes"
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(tmp_path: Path, *args: str, data: Path = HERE, name: str = "aifx.atom") -> tuple[Any, str]:
    """The feed written by aifx, parsed by feedparser, and its text."""
    target = tmp_path / name
    run = aifx("--data", str(data), "export", "--format", "atom", "--output", str(target), *args)
    assert run.code == 0, run.err
    text = target.read_text(encoding="utf-8")
    return feedparser.parse(text), text


def _expected(data: Path, since: dt.date | None = None) -> int:
    """Events of the timeline, plus each day's changes that are not themselves a new event (those are the events'
    own entries)."""
    catalog = load(data, cache=False)
    until = max(dt.date.today(), catalog.dataset.as_of) if catalog.dataset else dt.date.today()
    events = [e for e in timeline(catalog) if since is None or e.date >= since]
    learned = [c for c in daily(catalog, since, until) if not (c.kind == "event" and c.change == "added")]
    return len(events) + len(learned)


def test_the_feed_is_valid_atom_with_one_entry_per_event_and_change(tmp_path: Path) -> None:
    """feedparser reads it without complaint; one entry per event and change, ids unique, dated RFC 3339."""
    feed, _ = _feed(tmp_path)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == _expected(HERE) > 20
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    assert all(e.updated.endswith("T00:00:00Z") and e.updated_parsed for e in feed.entries)
    assert feed.feed.id.startswith("urn:uuid:") and feed.feed.title and feed.feed.author
    assert feed.feed.updated == max(e.updated for e in feed.entries)


def test_ids_and_the_whole_feed_are_the_same_on_every_run(tmp_path: Path) -> None:
    """Two runs write the same bytes: ids derive from event ids and change keys, never from chance or the clock."""
    first = _feed(tmp_path, name="one.atom")[1]
    second = _feed(tmp_path, name="two.atom")[1]
    assert first.replace("two.atom", "one.atom") == second.replace("two.atom", "one.atom")


def test_entries_link_to_their_sources_and_name_them(tmp_path: Path) -> None:
    """An entry's first source is its alternate link, the others related; its text names them by publisher."""
    feed, _ = _feed(tmp_path)
    (entry,) = [e for e in feed.entries if e.title == "FAC-A: budget: €100 million → €120 million"]
    assert [(link.rel, link.href) for link in entry.links] == [
        ("alternate", "https://example.org/official-alpha?a=1&b=2")
    ]
    assert entry.updated.startswith("2025-06-15")
    assert "Sources: Alpha Host Centre (2025-06-15)." in entry.content[0].value
    assert all(e.links for e in feed.entries if "Sources:" in e.content[0].value)
    (event,) = [e for e in feed.entries if e.title == "Alpha AI Factory opens"]
    assert event.tags[0].term == "operational" and event.links[0].href == "https://example.org/news-event"


def test_the_feed_links_to_itself_when_written_to_a_file(tmp_path: Path) -> None:
    """--output names the file: the feed's self link is that name; on stdout, no self link."""
    feed, _ = _feed(tmp_path, name="news.atom")
    assert [(link.rel, link.href) for link in feed.feed.links] == [("self", "news.atom")]
    run = aifx("--data", str(HERE), "export", "--format", "atom")
    assert run.code == 0 and 'rel="self"' not in run.out and not feedparser.parse(run.out).bozo


def test_since_keeps_the_events_and_changes_from_that_day(tmp_path: Path) -> None:
    """--since 2025-06-01: the entries of the window only, as many as events and changes there."""
    feed, _ = _feed(tmp_path, "--since", "2025-06-01")
    assert len(feed.entries) == _expected(HERE, dt.date(2025, 6, 1))
    assert min(e.updated for e in feed.entries) >= "2025-06-01"
    assert "Alpha signs its system contract" not in {e.title for e in feed.entries}


def test_since_is_for_the_feed_only() -> None:
    """Another format exports everything: --since with it is a usage error naming the format that takes it."""
    run = aifx("--data", str(HERE), "export", "--format", "json", "--since", "2025-06")
    assert (run.code, run.out) == (2, "")
    assert run.err == "aifx: --since: --format json exports everything; --since applies to atom\n"


def test_the_shipped_data_makes_a_valid_feed(tmp_path: Path) -> None:
    """On the shipped data too: valid, every entry once, every id unique."""
    feed, text = _feed(tmp_path, data=DATA)
    assert not feed.bozo and len(feed.entries) == _expected(DATA)
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    root = ET.fromstring(text.encode("utf-8"))  # a strict XML parser agrees
    assert root.tag == f"{ATOM}feed" and len(root.findall(f"{ATOM}entry")) == len(feed.entries)


@pytest.mark.parametrize("text", ["a < b & c > d", "say \"x\" & 'y'", "]]> <![CDATA[ x", "<b>bold</b> &amp;"])
def test_markup_in_data_reads_back_as_the_same_text(tmp_path: Path, text: str) -> None:
    """XML's own characters in a title are escaped: a parser reads back exactly the text the data holds."""
    directory = tmp_path / "data"
    shutil.copytree(HERE, directory)
    events = directory / "events.yaml"
    yaml = events.read_text(encoding="utf-8")
    events.write_text(yaml.replace("title: Alpha AI Factory opens", f"title: {json.dumps(text)}"), encoding="utf-8")
    run = aifx("--data", str(directory), "export", "--format", "atom")
    assert run.code == 0, run.err
    feed = feedparser.parse(run.out)
    assert not feed.bozo
    assert text in {e.title for e in feed.entries}
    assert text in {e.findtext(f"{ATOM}title") for e in ET.fromstring(run.out.encode()).iter(f"{ATOM}entry")}
