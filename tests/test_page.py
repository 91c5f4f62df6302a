"""The offline HTML page: complete without JavaScript, nothing fetched from anywhere, every data string escaped."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from aifx.core.budgets import disputed
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load
from aifx.present.page import page
from conftest import DATA

HOSTILE = "<script>alert(1)</script> \"onmouseover=alert(2) x='y' &amp;"


class _Tags(HTMLParser):
    """Every start tag with its attributes, the text of each element kind, and the scripts' and styles' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.inline else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline[self._in].append(data)
        else:
            self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_page_fetches_nothing_and_its_policy_allows_only_its_own_script_and_style(catalog: Catalog) -> None:
    """No tag loads anything from elsewhere; the CSP allows nothing by default and the one inline script and
    style by their hashes, so an injected script would not run even if it got in."""
    tags = _parse(page(catalog))
    for tag, attrs in tags.tags:
        assert "src" not in attrs or tag in ("input",), (tag, attrs)
        if tag == "link":
            assert attrs.get("href", "").startswith("data:"), attrs
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)  # no inline handlers: CSP would block them
    policy = next(
        a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and policy.startswith("default-src 'none';")
    assert "unsafe-inline" not in policy and "http" not in policy
    (script,), (style,) = tags.inline["script"], tags.inline["style"]
    assert f"script-src {_sha(script)}" in policy and f"style-src {_sha(style)}" in policy


def test_page_table_is_complete_without_javascript(catalog: Catalog) -> None:
    """The records table holds a row per factory and antenna, in the HTML itself; its budgets sort by EUR value."""
    html = page(catalog)
    table = html[html.index('<table id="records-table">') : html.index("</table>", html.index("records-table"))]
    rows = re.findall(r"<tr><td[^>]*><a href=\"#record-([^\"]+)\"", table)
    assert rows == list(catalog.factories)
    assert '<td data-value="85">€85 million</td>' in table
    assert 'data-type="number">budget</th>' in table


def test_page_has_a_card_per_record_with_numbered_linked_sources(catalog: Catalog) -> None:
    """Each record has a card whose numbered references point to its list of sources, each linked to its URL."""
    tags = _parse(page(catalog))
    ids = {a.get("id") for _, a in tags.tags}
    for record in catalog.factories.values():
        assert f"record-{record.id}" in ids
        assert f"record-{record.id}-source-1" in ids
    hrefs = {a.get("href") for t, a in tags.tags if t == "a"}
    assert "#record-HAMMERHAI-source-1" in hrefs
    assert {s.url for s in catalog.sources.values() if "HAMMERHAI" in catalog.citing(s.id)} <= hrefs


def test_page_has_the_map_conflicts_and_timeline(catalog: Catalog) -> None:
    """The page carries the SVG map (a marker per placed record), every disputed claim, and the timeline."""
    html = page(catalog)
    placed = [f for f in catalog.factories.values() if f.coordinates is not None]
    located = [x for b in catalog.bids.values() for x in b.sites if x.coordinates is not None]  # the bids' layer
    assert html.count('class="marker"') == len(placed) + len(located)
    assert "<?xml" not in html  # the SVG sits inline, without its own declaration
    conflicts = html[html.index('<table id="conflicts-table">') :]
    assert conflicts[: conflicts.index("</table>")].count("<tr><td") == len(disputed(catalog))
    assert 'id="timeline-table"' in html and "Council adopts Regulation (EU) 2026/150" in html
    assert "Natural Earth" in html


def test_hostile_names_render_as_text_in_the_page(tmp_path: Path) -> None:
    """A name and city that are markup and an event handler appear as the same text, never as a tag or attribute."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "factories.yaml"
    quoted = "'" + HOSTILE.replace("'", "''") + "'"
    text = path.read_text(encoding="utf-8").replace("  name: HammerHAI\n", f"  name: {quoted}\n", 1)
    path.write_text(text.replace("  city: Stuttgart\n", f"  city: {quoted}\n", 1), encoding="utf-8")
    html = page(load(data))
    tags = _parse(html)
    assert [t for t, _ in tags.tags].count("script") == 1
    assert not [a for _, a in tags.tags if any(k.startswith("on") for k in a)]
    assert sum(HOSTILE in chunk for chunk in tags.text) >= 3  # table name, table city, card title …
    assert "<script>alert" not in html


def test_page_says_when_it_is_as_of_a_date() -> None:
    """A page made with --as-of says which date it is as known on."""
    import datetime as dt

    from aifx.core.history import as_of

    html = page(as_of(load(DATA), dt.date(2025, 1, 1)), as_of="2025-01-01")
    assert "as known on 2025-01-01" in html


def test_every_source_entry_links_to_its_url_and_names_no_source_id(catalog: Catalog) -> None:
    """Each card's numbered sources (its systems' and events' too) and each source in the conflicts and timeline
    tables is a link to the source's URL, named by publisher and date rather than by its id."""
    html = page(catalog)
    entries = re.findall(r'<li id="record-[^"]+-source-\d+">(.*?)</li>', html)
    linked = [e for e in entries if re.match(r'<a href="https?://', e)]
    assert len(entries) > 2 * len(catalog.factories) and len(linked) == len(entries)
    for table in ("conflicts-table", "timeline-table"):
        start = html.index(f'<table id="{table}">')
        cells = html[start : html.index("</table>", start)]
        assert 'class="source" href="https://' in cells
        assert not any(f">{sid}<" in cells or f">{sid}," in cells for sid in catalog.sources), table
