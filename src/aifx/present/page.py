"""One self-contained offline HTML page of the dataset: the SVG map (the gigafactory bids' sites a layer of their own), a
sortable and filterable table, a card per record with numbered, linked sources, the gigafactory bids, the conflicts and
the timeline.

Every source on the page is a link to its URL (a card's numbered list, and the sources cells of the conflicts and
the timeline, named by publisher and date), and so are a record's website, access page and contact.

Nothing leaves the page: no fonts, scripts or images from anywhere, and a Content-Security-Policy that allows
only this page's own inline script and style (by their hashes). Every data string is HTML-escaped; the table is
complete without JavaScript, which only adds sorting and filtering.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
from collections.abc import Mapping, Sequence
from html import escape

from aifx.core.fields import FACTORIES
from aifx.core.values import NA, Cell, Value, as_text
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Bid, Factory, Source
from aifx.present import tables
from aifx.present.cards import card, describe
from aifx.present.maps import bid_sites, missing_line, sites
from aifx.present.svg import svg
from aifx.present.views import CardView, TableView

COLUMNS = ("id", "name", "kind", "wave", "country", "city", "host_short", "budget", "status", "verification")
BID_COLUMNS = ("id", "name", "countries", "sites", "lead", "investment", "chips", "stage", "since", "verification")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _hash(text: str) -> str:
    """A CSP source for exactly this inline text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(name: str) -> str:
    return importlib.resources.files("aifx.present").joinpath("page_assets", name).read_text(encoding="utf-8")


def _sort_key(value: Value) -> str | None:
    """The machine value a column sorts by, where it is not its text: numbers as numbers, unknown last."""
    if value is None or value is NA:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return None


def _source_link(source: Source) -> str:
    """A source named as a reader knows it, publisher and date, linked to its URL; its title on hover."""
    published = source.published.isoformat() if source.published else "undated"
    return (
        f'<a class="source" href="{_e(source.url)}" title="{_e(source.title)}" rel="noreferrer noopener">'
        f"{_e(source.publisher)}, {_e(published)}</a>"
    )


def _sources_cell(ids: list[str], sources: Mapping[str, Source]) -> str:
    """A cell of source ids as links, one per source; an id the catalog lacks stays as text."""
    return "; ".join(_source_link(sources[i]) if i in sources else _e(i) for i in ids) or "—"


def _table(
    view: TableView,
    *,
    table_id: str,
    sort_by: dict[str, list[Value]] | None = None,
    sources: Mapping[str, Source] | None = None,
) -> str:
    """A view as an HTML table: every row and column, text escaped; ``sort_by`` gives a column's sort values, and
    with ``sources`` a sources column's ids become links."""
    numeric = {c for c in view.columns if view.cell(c) is Cell.number or c in (sort_by or {})}
    head = "".join(
        f'<th scope="col" data-type="{"number" if c in numeric else "text"}">{_e(c)}</th>' for c in view.columns
    )
    rows = []
    for i, row in enumerate(view.rows):
        cells = []
        for column, value in zip(view.columns, row, strict=True):
            key = _sort_key((sort_by or {}).get(column, [value] * (i + 1))[i]) if column in numeric else None
            attr = f' data-value="{_e(key)}"' if key is not None else ""
            text = _e(as_text(value))
            if column == "id" and table_id in ("records-table", "bids-table"):
                text = f'<a href="#record-{_e(value)}">{text}</a>'
            elif column == "sources" and sources is not None and isinstance(value, list):
                text = _sources_cell(value, sources)
            cells.append(f"<td{attr}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table id="{table_id}"><caption>{_e(view.title)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _address(text: str) -> str:
    """A way in as a link: a web address as it is, an e-mail address as mailto:."""
    href = text if text.startswith(("http://", "https://")) else f"mailto:{text}"
    return f'<a href="{_e(href)}" rel="noreferrer noopener">{_e(text)}</a>'


def _ways_in(record: Factory) -> dict[str, str]:
    """The card lines that are addresses, by label: website, access page and contact, where published."""
    found = {"website": record.website, "access": record.access, "contact": record.contact}
    return {label: value for label, value in found.items() if value}


def _card(record: Factory | Bid, catalog: Catalog, described: Mapping[str, Source]) -> str:
    """A record's or a bid's card: its labelled lines with numbered references (addresses linked), then its
    sources, each linked; ``described`` finds a footnote's source by its text (cards.describe)."""
    from aifx.present import bids

    view: CardView = bids.card(record, catalog) if isinstance(record, Bid) else card(record, catalog)
    addresses = _ways_in(record) if isinstance(record, Factory) else {}
    anchor = f"record-{record.id}"
    parts = [f'<article class="card" id="{_e(anchor)}"><h3>{_e(view.title)}</h3><dl>']
    for line in view.lines:
        if line.style == "section":
            parts.append(f"</dl><h4>{_e(line.label)}</h4><dl>")
            continue
        refs = "".join(f'<a class="ref" href="#{_e(anchor)}-source-{n}">[{n}]</a>' for n in line.refs)
        weak = ' class="weak"' if line.style == "weak" else ""
        shown = _address(line.text) if addresses.get(line.label) == line.text else _e(line.text)
        parts.append(f"<dt>{_e(line.label)}</dt><dd{weak}>{shown} {refs}</dd>")
    parts.append("</dl>")
    if view.footnotes:
        parts.append('<h4>Sources</h4><ol class="sources">')
        for n, note in view.footnotes:
            source = described.get(note)
            if source is None:
                parts.append(f'<li id="{_e(anchor)}-source-{n}">{_e(note)}</li>')
                continue
            published = source.published.isoformat() if source.published else "undated"
            parts.append(
                f'<li id="{_e(anchor)}-source-{n}"><a href="{_e(source.url)}" rel="noreferrer noopener">'
                f"{_e(source.title)}</a> — {_e(source.publisher)} ({_e(source.kind.value)}, {_e(published)}; "
                f"retrieved {_e(source.retrieved.isoformat())})</li>"
            )
        parts.append("</ol>")
    parts.append("</article>")
    return "".join(parts)


def _records(records: Sequence[Factory], catalog: Catalog) -> str:
    view = tables.table(FACTORIES, records, catalog, COLUMNS, title=f"{len(records)} AI Factories and Antennas")
    euros = [FACTORIES.fields["budget_eur_m"].get(r, catalog) for r in records]
    return _table(view, table_id="records-table", sort_by={"budget": euros})


def _bids(bids: Sequence[Bid], catalog: Catalog) -> str:
    from aifx.core.bids import BIDS, headline
    from aifx.present.bids import RACE

    view = tables.table(BIDS, bids, catalog, BID_COLUMNS, title=f"{len(bids)} AI gigafactory bids")
    euros: list[Value] = [m.low if (m := headline(b, catalog)) else None for b in bids]
    return f"<p>{_e(RACE)}</p>" + _table(view, table_id="bids-table", sort_by={"investment": euros})


def page(catalog: Catalog, *, as_of: str | None = None) -> str:
    """The whole page as one string; ``as_of`` names the date the dataset was rewound to, if it was."""
    from aifx.core.budgets import CONFLICTS, disputed
    from aifx.core.history import TIMELINE, timeline
    from aifx.present.reports import conflicts
    from aifx.present.timeline import view

    records = list(catalog.factories.values())
    bids = list(catalog.bids.values())
    shown, missing = sites(records)
    placed, unplaced = bid_sites(bids)
    meta = catalog.dataset
    about = f"aifx dataset {meta.version}, as of {meta.as_of.isoformat()} ({meta.licence})" if meta else "aifx dataset"
    if as_of:
        about += f"; as known on {as_of}"
    title = "Europe's AI Factories and Antennas"
    picture = svg(
        [*shown, *placed],
        title=f"AI Factories and Antennas ({len(shown)} of {len(records)}) and {len(placed)} sites of "
        f"{len(bids)} gigafactory bids on the map",
        about=about,
        missing=missing_line(missing, unplaced),
        declaration=False,
    )
    rows = disputed(catalog)
    clash = conflicts(rows, catalog, list(CONFLICTS.default))
    entries = timeline(catalog)
    events = view(entries, catalog, list(TIMELINE.default), full_json=False)
    described = {describe(s): s for s in catalog.sources.values()}  # a footnote's text names its source
    style, script = _asset("page.css"), _asset("page.js")
    policy = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    attribution = " ".join(meta.attribution.split()) if meta else ""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            '<link rel="icon" href="data:,">',
            f"<title>{_e(title)}</title>",
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            f"<header><h1>{_e(title)}</h1><p>{_e(about)}</p><p>{_e(attribution)}</p>",
            '<nav><a href="#map">Map</a> · <a href="#table">Table</a> · <a href="#cards">Records</a> · '
            '<a href="#bids">Gigafactory bids</a> · <a href="#conflicts">Conflicts</a> · '
            '<a href="#timeline">Timeline</a></nav></header>',
            f'<main><section id="map"><h2>Map</h2>{picture}</section>',
            '<section id="table"><h2>Factories and Antennas</h2>',
            '<p id="filter-row" hidden><label for="filter">Filter</label> '
            '<input id="filter" type="search" autocomplete="off" placeholder="words, or column:value as country:DE" '
            'aria-describedby="filter-help"> <output id="count" for="filter"></output><br>'
            '<small id="filter-help">Words match anywhere in a row; <code>column:value</code> matches one column '
            "by whole words (<code>country:DE</code>, <code>kind:antenna</code>, <code>wave:2</code>, "
            '<code>city:"Sankt Augustin"</code>).</small></p>',
            _records(records, catalog),
            "</section>",
            '<section id="cards"><h2>Records</h2>',
            *(_card(r, catalog, described) for r in records),
            "</section>",
            '<section id="bids"><h2>AI gigafactory bids</h2>',
            _bids(bids, catalog),
            *(_card(b, catalog, described) for b in bids),
            "</section>",
            f'<section id="conflicts"><h2>Conflicts</h2><p>{_e("; ".join(clash.notes))}</p>',
            _table(clash, table_id="conflicts-table", sources=catalog.sources),
            "</section>",
            f'<section id="timeline"><h2>Timeline</h2>{_table(events, table_id="timeline-table", sources=catalog.sources)}</section>',
            "</main>",
            "<footer><p>Map outlines: Made with Natural Earth (public domain). Made with aifx; each fact belongs "
            "to its cited source.</p></footer>",
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
