"""The HTML page and the SVG in a real browser: headless Chromium, driven by Selenium, network off.

Needs the distribution's `chromium` and `chromium-driver` packages (.ci/run installs them when missing); skipped,
saying why, only where they cannot be found.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aifx.dataset.catalog import Catalog
from conftest import aifx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
TIMEOUT = 30  # seconds for any page load or wait: a hung browser fails the test rather than the suite

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
if CHROMIUM is None or DRIVER is None:
    pytest.skip(
        "Chromium or chromedriver not found: apt-get install -y chromium chromium-driver (as .ci/run does)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, with no way out to the network and its logs kept."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1200,1400",
        "--proxy-server=http://127.0.0.1:9",  # anything that tries the network meets a closed port …
        "--host-resolver-rules=MAP * ~NOTFOUND",  # … and no name resolves
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    driver.set_page_load_timeout(TIMEOUT)
    driver.set_script_timeout(TIMEOUT)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    try:
        yield driver
    finally:
        driver.quit()


def _requests(driver: Any) -> list[str]:
    """Every URL the page asked for since the last call, other than its own file and inline data."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if not u.startswith(("file://", "data:"))]


def _errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def _varied(png: bytes) -> int:
    """How many distinct byte values the PNG's pixels hold (a blank page has one or two)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, i = b"", 8
    while i < len(png):
        (length,) = struct.unpack(">I", png[i : i + 4])
        kind = png[i + 4 : i + 8]
        if kind == b"IDAT":
            data += png[i + 8 : i + 8 + length]
        i += 12 + length
    return len(set(zlib.decompress(data)))


def _first_column(driver: Any) -> list[str]:
    return [
        td.text
        for td in driver.find_elements("css selector", "#records-table tbody tr td:first-child")
        if td.is_displayed()
    ]


def test_page_in_a_browser_sorts_filters_and_fetches_nothing(browser: Any, tmp_path: Path, catalog: Catalog) -> None:
    """Opened from disk with the network off: no console error, no request, sorting by a header reorders the
    rows, typing filters them, and the screenshot shows a drawn page."""
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    target = tmp_path / "aifx.html"
    assert aifx("export", "--format", "html", "--output", str(target)).code == 0
    browser.get_log("performance")
    browser.get(target.as_uri())
    wait = WebDriverWait(browser, TIMEOUT)
    wait.until(seen.visibility_of_element_located(("id", "filter")))  # the script ran and showed the filter
    before = _first_column(browser)
    assert before == list(catalog.factories)

    header = browser.find_element("css selector", "#records-table th:nth-child(2) button")  # name
    header.click()
    ascending = _first_column(browser)
    names = {f.name.lower(): f.id for f in catalog.factories.values()}
    collated = browser.execute_script("return arguments[0].slice().sort((a, b) => a.localeCompare(b));", list(names))
    assert ascending != before and ascending == [names[n] for n in collated]
    header.click()
    assert _first_column(browser) == ascending[::-1]

    browser.find_element("css selector", "#records-table th:nth-child(8) button").click()  # budget, in EUR
    by_budget = _first_column(browser)
    assert by_budget[0] in ("LUMI-AF", "HEARTS") or by_budget[0] != before[0]

    box = browser.find_element("id", "filter")
    box.send_keys("hammerhai")
    wait.until(lambda d: _first_column(d) == ["HAMMERHAI"])
    assert browser.find_element("id", "count").text == f"1 of {len(catalog.factories)}"
    box.clear()
    box.send_keys("antenna")
    antennas = [f.id for f in catalog.factories.values() if f.kind.value == "antenna"]
    wait.until(lambda d: sorted(_first_column(d)) == sorted(antennas))

    shot = browser.get_screenshot_as_png()
    (tmp_path / "page.png").write_bytes(shot)
    assert len(shot) > 20_000 and _varied(shot) > 50
    assert _errors(browser) == []
    assert _requests(browser) == []


def test_svg_in_a_browser_draws_without_errors(browser: Any, tmp_path: Path) -> None:
    """The standalone SVG opens from disk with no console error and no request, and draws a non-blank map."""
    target = tmp_path / "map.svg"
    run = aifx("map", "--format", "svg")
    target.write_text(run.out, encoding="utf-8")
    browser.get_log("performance")
    browser.get(target.as_uri())
    markers = browser.find_elements("css selector", "g.marker")
    assert len(markers) == run.out.count('class="marker"') > 0
    shot = browser.get_screenshot_as_png()
    (tmp_path / "map.png").write_bytes(shot)
    assert len(shot) > 20_000 and _varied(shot) > 50
    assert _errors(browser) == []
    assert _requests(browser) == []


def _open_page(browser: Any, tmp_path: Path) -> Any:
    """The exported page, opened from disk, once its script has shown the filter; a waiter bounded in time."""
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    target = tmp_path / "aifx.html"
    assert aifx("export", "--format", "html", "--output", str(target)).code == 0
    browser.get(target.as_uri())
    wait = WebDriverWait(browser, TIMEOUT)
    wait.until(seen.visibility_of_element_located(("id", "filter")))
    return wait


def test_every_source_entry_on_the_page_is_a_link(browser: Any, tmp_path: Path, catalog: Catalog) -> None:
    """Each numbered source of every card (its systems' and timeline events' included) links to its URL, and so does
    each source in the conflicts and timeline tables, and each website: no source is left as plain text."""
    from aifx.core.budgets import disputed
    from aifx.core.history import timeline

    _open_page(browser, tmp_path)
    urls = {s.url for s in catalog.sources.values()}
    entries = browser.find_elements("css selector", "ol.sources > li")
    linked = browser.find_elements("css selector", "ol.sources > li > a[href]")
    assert len(entries) > len(catalog.factories) and len(linked) == len(entries)
    assert {a.get_dom_attribute("href") for a in linked} <= urls
    for table, expected in (
        ("timeline-table", sum(len(e.sources) for e in timeline(catalog))),
        ("conflicts-table", sum(len(d.claim.sources) for d in disputed(catalog))),
    ):
        links = browser.find_elements("css selector", f"#{table} td a.source[href]")
        assert len(links) == expected > 0, table
        assert {a.get_dom_attribute("href") for a in links} <= urls
    websites = {f.website for f in catalog.factories.values() if f.website}
    shown = {a.get_dom_attribute("href") for a in browser.find_elements("css selector", ".card dd > a[href^='http']")}
    assert websites and websites <= shown


def _shown(browser: Any) -> list[str]:
    return sorted(_first_column(browser))


def test_the_filter_matches_one_column_with_field_value(browser: Any, tmp_path: Path, catalog: Catalog) -> None:
    """`country:DE` shows exactly the German records (never a "deploying" one elsewhere); terms add up; a plain word still matches anywhere; an unknown column is said when nothing matches."""
    wait = _open_page(browser, tmp_path)
    box = browser.find_element("id", "filter")
    german = sorted(f.id for f in catalog.factories.values() if f.country == "DE")
    box.send_keys("country:DE")
    wait.until(lambda d: _shown(d) == german)
    assert browser.find_element("id", "count").text == f"{len(german)} of {len(catalog.factories)}"
    assert any(f.status == "deploying" and f.country != "DE" for f in catalog.factories.values())

    box.clear()
    box.send_keys("wave:1 country:de")  # terms add up; a column's name in any case
    first = sorted(i for i in german if catalog.factories[i].wave == 1)
    assert 0 < len(first) < len(german)
    wait.until(lambda d: _shown(d) == first)
    box.clear()
    box.send_keys("de")  # a plain word: anywhere in the row, "deploying" included
    wait.until(lambda d: len(_shown(d)) > len(german))
    box.clear()
    box.send_keys("contry:DE")
    wait.until(lambda d: _shown(d) == [])
    assert browser.find_element("id", "count").text.startswith(f"0 of {len(catalog.factories)} (no column contry;")
    assert _errors(browser) == []
