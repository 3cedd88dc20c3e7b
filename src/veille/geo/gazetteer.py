"""Read-only access to the gazetteer built by ``veille.geo.build``: candidates for a name."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from veille.geo.names import norm

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry a name may refer to."""

    id: int
    name: str
    country: str | None
    cc: str | None
    admin1: str | None
    admin1_name: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    kind: int  # how the name matched: 0 primary, 1 alternate, 2 abbreviation
    forms: frozenset[str] = frozenset()  # the spellings that matched (lower case, accents kept)


class GazetteerMissing(RuntimeError):
    """The gazetteer file has not been built."""


class Gazetteer:
    """Candidates by normalised name, with a per-process cache (news repeats the same places)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise GazetteerMissing(f"gazetteer not built at {path}: run `python -m veille.geo.build`")
        # Read-only and immutable: safe to share across forked workers, no locks, no journal.
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.path = path
        self._lookup = lru_cache(maxsize=200_000)(self._query)

    def _query(self, key: str) -> tuple[Candidate, ...]:
        with self._lock:
            rows = self._db.execute(
                "SELECT p.id, p.name, p.country, p.cc, p.admin1, p.admin1_name, p.lat, p.lon, p.feature,"
                " p.population, n.kind, n.forms FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?", (key,)
            ).fetchall()
        return tuple(Candidate(id=r[0], name=r[1], country=r[2], cc=r[3], admin1=r[4], admin1_name=r[5], lat=r[6],
                               lon=r[7], feature=r[8], population=r[9], kind=r[10], forms=frozenset(r[11].split("|")))
                     for r in rows)

    def candidates(self, text: str) -> tuple[Candidate, ...]:
        """Every place named ``text`` (case, accents and hyphens ignored)."""
        key = norm(text)
        return self._lookup(key) if key else ()

    def has(self, text: str) -> bool:
        """Whether any place is named ``text``."""
        return bool(self.candidates(text))

    def by_id(self, pid: int) -> Candidate | None:
        """The place with GeoNames id ``pid`` (matched as its primary name)."""
        with self._lock:
            row = self._db.execute("SELECT id, name, country, cc, admin1, admin1_name, lat, lon, feature, population,"
                                   " 0 FROM place WHERE id = ?", (pid,)).fetchone()
        return Candidate(*row) if row else None

    def big_city_names(self) -> list[str]:
        """Names as written of the largest cities (``build.BIG_CITY``), in every language indexed."""
        with self._lock:
            return sorted({row[0] for row in self._db.execute("SELECT text FROM big_city_name")})

    def country(self, alpha3: str) -> Candidate | None:
        """The country entry for an ISO alpha-3 code."""
        with self._lock:
            row = self._db.execute("SELECT id, name, country, cc, admin1, admin1_name, lat, lon, feature, population,"
                                   " 0 FROM place WHERE country = ? AND feature = 'PCLI'", (alpha3,)).fetchone()
        return Candidate(*row) if row else None


_shared: dict[Path, Gazetteer] = {}


def load(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer at ``path`` (default: ``veille.geo.build.default_path()``)."""
    from veille.geo.build import default_path

    path = path or default_path()
    if path not in _shared:
        _shared[path] = Gazetteer(path)
    return _shared[path]


def load_if_built() -> Gazetteer | None:
    """The process-wide gazetteer, or None when it has not been built: for stages that only use it
    to refine their own work (entity rules) and must still run without it."""
    try:
        return load()
    except GazetteerMissing:
        return None
