"""The map: EPSG:3035 projection, Natural Earth outlines, the terminal drawing, the SVG, and the per-quarter chart."""

from __future__ import annotations

import importlib.resources
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aifx.dataset.catalog import Catalog
from aifx.dataset.vocabulary import Kind
from aifx.present.braille import draw
from aifx.present.maps import ANTENNA, SYMBOLS, laea, missing_line, outlines, sites
from aifx.present.output import picture
from aifx.present.svg import svg
from conftest import DATA, aifx

SVG = "{http://www.w3.org/2000/svg}"
MARKERS = set(SYMBOLS) | {ANTENNA}
HOSTILE = "<script>alert(1)</script> \"onmouseover=alert(2) x='y' &amp;"


def _split(out: str) -> tuple[list[str], list[str]]:
    """A terminal map's drawing lines (between the title and the legend) and its legend lines."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line[:1] in MARKERS and line[1:].startswith(" AI Factory"))
    return lines[1:start], lines[start:]


def _hostile(tmp_path: Path) -> Path:
    """A copy of the shipped data in which HammerHAI's name and city are markup and an event handler."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "factories.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = "'" + HOSTILE.replace("'", "''") + "'"
    text = text.replace("  name: HammerHAI\n", f"  name: {quoted}\n", 1).replace(
        "  city: Stuttgart\n", f"  city: {quoted}\n", 1
    )
    path.write_text(text, encoding="utf-8")
    return data


def test_projection_matches_the_epsg_worked_example() -> None:
    """laea() is EPSG:3035: IOGP guidance note 7-2's example, 50°N 5°E, gives E 3962799.45 m, N 2999718.85 m."""
    east, north = laea(5.0, 50.0)
    assert east == pytest.approx(3962799.45, abs=0.01)
    assert north == pytest.approx(2999718.85, abs=0.01)
    assert laea(10.0, 52.0) == pytest.approx((4321000.0, 3210000.0))


def test_outlines_are_small_shipped_and_attributed() -> None:
    """The outlines ship in the package (under 150 KB), say they are Natural Earth, and cover Europe's countries."""
    shipped = importlib.resources.files("aifx.present").joinpath("outlines.json")
    document = json.loads(shipped.read_text(encoding="utf-8"))
    assert len(shipped.read_bytes()) < 150_000
    assert "Natural Earth" in document["attribution"]
    names = {o.name for o in outlines()}
    assert {"Finland", "Iceland", "Cyprus", "Malta", "Luxembourg", "Portugal", "Ireland"} <= names
    assert "Natural Earth" in aifx("about").out


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 40)])
def test_terminal_map_has_a_marker_per_record_and_a_legend(width: int, height: int, catalog: Catalog) -> None:
    """At 80×24 and 120×40 every record with coordinates has one marker, the map fits, and the legend explains
    each symbol and names the records it cannot place."""
    run = aifx("map", env={"COLUMNS": str(width), "LINES": str(height)})
    assert run.code == 0, run.err
    drawing, legend = _split(run.out)
    placed = [f for f in catalog.factories.values() if f.coordinates is not None]
    assert sum(ch in MARKERS for line in drawing for ch in line) == len(placed)
    assert len(run.out.splitlines()) <= height - 1
    assert max(len(line) for line in run.out.splitlines()) <= width
    text = " ".join(legend)
    for wave in sorted({f.wave for f in placed if f.wave}):
        assert f"AI Factory, wave {wave}" in text
    assert "AI Factory Antenna" in text and "Natural Earth" in text
    unplaced = [f.id for f in catalog.factories.values() if f.coordinates is None]
    assert ("not on the map" in text) == bool(unplaced)  # every record has coordinates now: nothing to name
    assert all(i in text for i in unplaced)


def test_a_huge_terminal_gets_a_bounded_map_and_a_note() -> None:
    """COLUMNS=1000 LINES=1000: the map is drawn at most 400×200 cells, and stderr says why it is smaller."""
    run = aifx("map", env={"COLUMNS": "1000", "LINES": "1000"})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) <= 400 and len(lines) <= 200
    assert "the terminal is 1000×1000; the map is drawn at most 400×200" in run.err


def test_columns_100000_neither_exhausts_memory_nor_stalls(tmp_path: Path) -> None:
    """`COLUMNS=100000 aifx map` answers within seconds in 1 GB of address space (it used to grow without bound)."""
    import os
    import resource
    import subprocess
    import sys

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    env = {**os.environ, "COLUMNS": "100000", "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "aifx", "map"], env=env, capture_output=True, text=True, timeout=60, preexec_fn=limited
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert max(len(line) for line in run.stdout.splitlines()) <= 400
    assert run.stderr.endswith("the map is drawn at most 400×200\n")


def test_terminal_map_filters_and_shows_what_it_was_asked(catalog: Catalog) -> None:
    """--kind antenna draws only antenna triangles and no links; --country DE draws Germany's two factories."""
    antennas = aifx("map", "--kind", "antenna", env={"COLUMNS": "100", "LINES": "30"})
    drawing, legend = _split(antennas.out)
    shown = [ch for line in drawing for ch in line if ch in MARKERS]
    placed = [f for f in catalog.factories.values() if f.kind is Kind.antenna and f.coordinates is not None]
    assert len(shown) == len(placed) and set(shown) == {ANTENNA}
    assert "AI Factory, wave" not in " ".join(legend)
    assert "antenna to its factories" not in antennas.out  # no factory on the map to link to
    germany = aifx("map", "--country", "DE", "--labels", env={"COLUMNS": "100", "LINES": "30"})
    assert germany.code == 0
    assert "HAMMERHAI" in germany.out and "JAIF" in germany.out
    assert "2 of 2 on the map" in germany.out
    assert aifx("map", "--kind", "castle").code == 2


def test_labels_never_overlap_markers_or_each_other(catalog: Catalog) -> None:
    """With labels, each placed label is a whole id of a record on the map, and every marker is still drawn."""
    shown, missing = sites(list(catalog.factories.values()))
    drawing = draw(shown, title="t", missing=missing_line(missing), width=120, height=40, labels=True)
    labels = [text for line in drawing.lines for text, role in line if role == "label"]
    ids = {s.id for s in shown}
    assert len(labels) >= len(shown) - 4
    assert all(text in ids for text in labels)  # a label cut or overlapped would not be a whole id
    markers = [text for line in drawing.lines[1:-4] for text, role in line if role.startswith(("wave-", "antenna"))]
    assert len("".join(markers)) == len(shown)


def test_colour_tells_waves_apart_and_no_color_is_plain(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """In colour each wave's markers carry an ANSI colour; without colour the output has no escape codes."""
    monkeypatch.delenv("NO_COLOR")
    shown, missing = sites(list(catalog.factories.values()))
    drawing = draw(shown, title="t", missing=missing_line(missing), width=100, height=30)
    coloured, plain = io.StringIO(), io.StringIO()
    picture(drawing, out=coloured, color=True)
    picture(drawing, out=plain, color=False)
    assert "\x1b[" in coloured.getvalue()
    for symbol in ("●", "■", "◆", "▲"):  # each marker kind wears a colour of its own
        assert any(f"m{symbol}" in part for part in coloured.getvalue().split("\x1b["))
    assert "\x1b[" not in plain.getvalue()
    assert plain.getvalue() == drawing.text()


def test_piped_map_is_plain_text() -> None:
    """Piped (the CLI runner is not a terminal), the map has no escape codes even without NO_COLOR."""
    run = aifx("map", env={"NO_COLOR": "", "COLUMNS": "80"})
    assert run.code == 0 and "\x1b[" not in run.out


def test_svg_is_xml_with_one_marker_per_record(catalog: Catalog) -> None:
    """--format svg parses as XML and holds one marker per record with coordinates, at its longitude and
    latitude, plus a title, the data date and the outlines' attribution."""
    run = aifx("map", "--format", "svg")
    assert run.code == 0
    root = ET.fromstring(run.out)
    markers = {g.get("data-id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"}
    placed = {f.id: f for f in catalog.factories.values() if f.coordinates is not None}
    assert set(markers) == set(placed)
    for record_id, g in markers.items():
        coordinates = placed[record_id].coordinates
        assert coordinates is not None
        assert float(g.get("data-lon", "nan")) == pytest.approx(coordinates.lon)
        assert float(g.get("data-lat", "nan")) == pytest.approx(coordinates.lat)
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert catalog.dataset is not None and catalog.dataset.as_of.isoformat() in text
    assert "Natural Earth" in text and ("not on the map" in text) == (len(placed) < len(catalog.factories))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert {t.text for t in labels} <= set(placed) and len(labels) >= len(placed) - 3


def test_svg_labels_do_not_overlap(catalog: Catalog) -> None:
    """No two SVG labels' boxes overlap (each box as the placement estimated it)."""
    shown, _ = sites(list(catalog.factories.values()))
    root = ET.fromstring(svg(shown, title="t", about="a", missing=None))
    boxes = []
    for t in root.iter(f"{SVG}text"):
        if t.get("class") == "label":
            x, y, size = float(t.get("x", "0")), float(t.get("y", "0")), float(t.get("font-size", "0"))
            boxes.append((x, y - size, x + len(t.text or "") * 0.62 * size, y))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_hostile_names_are_text_in_the_svg(tmp_path: Path) -> None:
    """A name and city that are markup and an event handler stay text in the SVG: no script element, no
    onmouseover attribute, and the marker's title reads exactly the name."""
    run = aifx("--data", str(_hostile(tmp_path)), "map", "--format", "svg")
    assert run.code == 0, run.err
    root = ET.fromstring(run.out)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [e for e in root.iter() if any(a.lower().startswith("on") for a in e.attrib)]
    marker = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == "HAMMERHAI")
    title = marker.find(f"{SVG}title")
    assert title is not None and title.text is not None and HOSTILE in title.text


def test_map_of_nothing_says_so() -> None:
    """A filter that matches nothing still draws a map of Europe and says on stderr why it is empty."""
    run = aifx("map", "--country", "EE", env={"COLUMNS": "80", "LINES": "24"})
    assert run.code == 0
    assert "0 of 0 on the map" in run.out
    assert "EE" in run.err


def test_timeline_chart_counts_events_per_quarter(catalog: Catalog) -> None:
    """--chart counts the timeline's events per quarter (gaps included) with the budgets' bars on a terminal."""
    from aifx.core.history import timeline
    from aifx.dataset.vocabulary import Precision

    plain = aifx("timeline", "--chart", "--format", "plain")
    rows = [line.split("\t") for line in plain.out.splitlines()[1:]]
    entries = [e for e in timeline(catalog) if e.precision is not Precision.year]
    assert sum(int(r[1]) for r in rows) == len(entries)
    quarters = [r[0] for r in rows]
    assert quarters == sorted(quarters) and len(set(quarters)) == len(quarters)
    table = aifx("timeline", "--chart", "--format", "table", env={"COLUMNS": "100"})
    assert "█" in table.out and "chart" in table.out
    regulation = aifx("timeline", "--chart", "--kind", "regulation", "--format", "json")
    counted = json.loads(regulation.out)
    assert sum(q["events"] for q in counted) == sum(e.kind == "regulation" for e in entries)


def test_export_html_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """--output writes the page; a second run refuses to replace it without --force and leaves no temporary file."""
    target = tmp_path / "aifx.html"
    first = aifx("export", "--format", "html", "--output", str(target))
    assert first.code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target.write_text("mine", encoding="utf-8")
    again = aifx("export", "--format", "html", "--output", str(target))
    assert again.code == 1 and "--force" in again.err and again.err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "mine"
    forced = aifx("export", "--format", "html", "--output", str(target), "--force")
    assert forced.code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aifx.html", "cache"]
    missing = aifx("export", "--format", "html", "--output", str(tmp_path / "no" / "x.html"))
    assert missing.code == 1 and "no such directory" in missing.err


def test_sites_keep_kinds_and_only_links_on_the_map(catalog: Catalog) -> None:
    """An antenna's links name only factories that are on the map too."""
    shown, _ = sites(list(catalog.factories.values()))
    on_map = {s.id for s in shown}
    assert all(set(s.links) <= on_map for s in shown)
    assert any(s.links for s in shown if s.kind == Kind.antenna)
