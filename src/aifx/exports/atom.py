"""An Atom 1.0 feed (RFC 4287) of the timeline and of what the dataset learned: one entry per event or change.

Ids are name-based UUIDs (v5) of an event's id or of a change's key (item, change, field, day and a digest of the
new value), so a feed reader sees the same entry as the same entry on every run; ``updated`` is the day each became
known. Every text is stripped of characters no XML or reader should carry, then escaped by ElementTree.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from aifx.core.changes import Change, daily
from aifx.core.differences import ADDED
from aifx.core.history import Entry, timeline, when
from aifx.dataset.catalog import Catalog
from aifx.present.changes import sentence
from aifx.text.characters import remove_unsafe
from aifx.version import __version__

if TYPE_CHECKING:
    from aifx.exports import Request

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "aifx:atom")  # the ids' namespace: never change it, or every id changes
# What XML 1.0 cannot hold at all (controls, surrogates, U+FFFE and U+FFFF), beyond what aifx never shows.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Item:
    """One entry: its id, day, title, text, category and the URLs of its sources."""

    id: str
    day: dt.date
    title: str
    text: str
    category: str
    links: list[str]


def items(request: Request) -> list[Item]:
    """The events of the timeline and the changes in the request's window, day by day (each against the day
    before), newest first; an event the changes call new is the event's own entry, not a second one."""
    catalog, since = request.catalog, request.since
    until = request.until or _known(catalog)
    events = [e for e in timeline(catalog) if (since is None or e.date >= since) and e.date <= until]
    learned = [c for c in daily(catalog, since, until) if not (c.kind == "event" and c.change == ADDED)]
    found = [_event(e, catalog) for e in events] + [_change(c, catalog) for c in learned]
    return sorted(found, key=lambda i: i.day, reverse=True)  # a stable sort: events, then changes, within a day


def write(request: Request, out: TextIO) -> None:
    """The feed as XML, UTF-8 (ASCII with character references where ``out`` cannot hold Unicode)."""
    catalog = request.catalog
    entries = items(request)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed')}")
    _text(feed, "title", "aifx: Europe's public AI compute, what happened and what the data learned")
    window = f" since {request.since.isoformat()}" if request.since else ""
    _text(feed, "subtitle", f"Events of the timeline and changes to the dataset{window}, each with its sources.")
    latest = max((e.day for e in entries), default=request.until or _known(catalog))
    _text(feed, "updated", _stamp(latest))
    author = ET.SubElement(feed, "author")
    _text(author, "name", catalog.dataset.maintainers if catalog.dataset and catalog.dataset.maintainers else "aifx")
    if catalog.dataset is not None:
        _text(feed, "rights", f"{catalog.dataset.licence}. {catalog.dataset.attribution}")
    _text(feed, "generator", "aifx").set("version", __version__)
    if request.output:
        href = PurePath(request.output).name
        ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": _clean(href)})
    for item in entries:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "updated", _stamp(item.day))
        ET.SubElement(entry, "category", {"term": _clean(item.category)})
        for i, url in enumerate(dict.fromkeys(item.links)):
            ET.SubElement(entry, "link", {"rel": "alternate" if i == 0 else "related", "href": _clean(url)})
        _text(entry, "content", item.text).set("type", "text")
    ET.indent(feed)
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(feed, encoding="unicode") + "\n"
    unicode = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").startswith("utf")
    out.write(text if unicode else text.encode("ascii", "xmlcharrefreplace").decode("ascii"))


def _event(entry: Entry, catalog: Catalog) -> Item:
    concerns = f" Concerns {', '.join(entry.records)}." if entry.records else ""
    note = f" {entry.note}" if entry.note else ""
    text = f"{entry.kind} on {when(entry)}: {entry.title}.{concerns}{note}{_named(entry.sources, catalog)}"
    return Item(
        id=f"urn:uuid:{uuid.uuid5(NAMESPACE, f'event/{entry.id}')}",
        day=entry.date,
        title=entry.title,
        text=text,
        category=entry.kind,
        links=_urls(entry.sources, catalog),
    )


def _change(change: Change, catalog: Catalog) -> Item:
    what = sentence(change)
    if what.endswith(", also stated by"):  # on a terminal, the numbered sources follow; here, who they are
        named = _publishers(change.sources, catalog)
        what += f" {named[0]}" + (f" and {len(named) - 1} more" if len(named) > 1 else "") if named else " a source"
    if change.change == ADDED:
        said = f"New {change.kind} {change.record}: {change.new}, known from {change.date.isoformat()}."
    else:
        event = f" Set by the event {change.event}." if change.event else ""
        said = f"{change.title} ({change.kind} {change.record}), {change.date.isoformat()}: {what}.{event}"
    return Item(
        id=f"urn:uuid:{uuid.uuid5(NAMESPACE, f'change/{change.key}')}",
        day=change.date,
        title=f"{change.record}: {what}",
        text=said + _named(change.sources, catalog),
        category=change.change,
        links=_urls(change.sources, catalog),
    )


def _named(ids: Sequence[str], catalog: Catalog) -> str:
    """The sources by publisher and date: ' Sources: CSC (2024-12-10); Yle (undated).'"""
    named = _publishers(ids, catalog)
    return f" Sources: {'; '.join(named)}." if named else ""


def _publishers(ids: Sequence[str], catalog: Catalog) -> list[str]:
    cited = [s for i in ids if (s := catalog.sources.get(i)) is not None]
    return [f"{s.publisher} ({s.published.isoformat() if s.published else 'undated'})" for s in cited]


def _urls(ids: Sequence[str], catalog: Catalog) -> list[str]:
    return [s.url for i in ids if (s := catalog.sources.get(i)) is not None]


def _known(catalog: Catalog) -> dt.date:
    """The last day the catalog knows, when the request names none."""
    return catalog.dataset.as_of if catalog.dataset is not None else dt.date.today()


def _stamp(day: dt.date) -> str:
    """A day as an RFC 3339 date-time: its midnight, UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def _clean(text: str) -> str:
    """Text an XML document and a reader's screen can hold: invisible, control and bidi characters removed, and
    tabs and line breaks read as spaces (every text of a feed is one line or one paragraph)."""
    return " ".join(_NOT_XML.sub("", remove_unsafe(text)).split())


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element
