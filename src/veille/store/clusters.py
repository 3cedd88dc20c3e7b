"""Event clusters across documents: the same real-world event reported by several documents.

A new event joins an existing cluster when an event of that cluster, from another document, has the
same type and compatible status, participants, place and date, and comes from the same story (or,
outside the story, shares both its exact date and its place). Otherwise it starts a cluster.
Compatible means "not contradicting": two places are compatible when one contains the other at the
finest level both give (same GeoNames id, or same admin1, or same country when one is country-level),
two dates when they are within a day of each other, two sets of participants when they overlap.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from veille.model import Actor, Event, Place

# Statuses that can describe the same real-world event in two reports.
_STATUS_GROUP = {
    "occurred": "real", "ongoing": "real",
    "planned": "future", "proposed": "future",
    "negated": "negated", "hypothetical": "hypothetical",
}
MAX_DAYS_APART = 1
MAX_CANDIDATES = 200


@dataclass
class _Stored:
    cluster: int
    doc_pk: int
    event: Event


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _actor_keys(actors: list[Actor]) -> set[str]:
    keys = set()
    for a in actors:
        if a.wikidata:
            keys.add("q:" + a.wikidata)
        keys.add("n:" + (a.name or a.text).casefold())
    return keys


def _places_compatible(a: Place | None, b: Place | None) -> bool | None:
    """True when one place contains the other, False when they contradict, None when unknown."""
    if a is None or b is None or (a.geonameid is None and a.country is None) or (
            b.geonameid is None and b.country is None):
        return None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if any((p.feature or "").startswith("PCL") for p in (a, b)):
        return True  # one is the whole country, which contains the other
    # One is a first-level region containing the other; else two distinct places at the same level.
    return any((p.feature or "").startswith("ADM1") for p in (a, b)) and bool(a.admin1) and a.admin1 == b.admin1


def score(new: Event, old: Event) -> float | None:
    """How well two events from different documents match; None when they cannot be one event."""
    if new.type != old.type or _STATUS_GROUP[new.status] != _STATUS_GROUP[old.status]:
        return None
    points = 1.0
    place = _places_compatible(new.place, old.place)
    if place is False:
        return None
    points += 1.0 if place else 0.0
    d1, d2 = _day(new.date.value if new.date else None), _day(old.date.value if old.date else None)
    if d1 and d2:
        if abs((d1 - d2).days) > MAX_DAYS_APART:
            return None
        points += 1.0
    for mine, theirs in ((new.actor, old.actor), (new.target, old.target)):
        k1, k2 = _actor_keys(mine), _actor_keys(theirs)
        if k1 and k2:
            if not k1 & k2:
                return None
            points += 1.0
    return points


def assign_cluster(conn: sqlite3.Connection, doc_pk: int, story: str, event: Event, taken: set[int]) -> int:
    """The cluster of ``event`` (of document ``doc_pk``): an existing one when it matches, else a new one.

    ``taken`` holds the clusters of this document's other events: the events stage already told them
    apart, so two events of one document never share a cluster. Within a story, a match needs one
    agreeing argument (place, date or participants) besides the type; outside it, date and place.
    """
    day = event.date.value[:10] if event.date and event.date.value and _day(event.date.value) else None
    geonameid = event.place.geonameid if event.place else None
    rows = conn.execute(
        """
        SELECT e.cluster, e.doc_pk, e.record
        FROM events AS e JOIN documents AS d ON d.pk = e.doc_pk
        WHERE e.type = ? AND e.doc_pk != ?
          AND (d.story = ? OR (e.date = ? AND e.geonameid = ?))
        ORDER BY e.pk DESC
        LIMIT ?
        """,
        (event.type, doc_pk, story, day, geonameid, MAX_CANDIDATES),
    ).fetchall()
    best: tuple[float, int] | None = None
    for cluster, _, record in rows:
        if cluster in taken:
            continue
        s = score(event, Event.model_validate(json.loads(record)))
        if s is not None and s >= 2 and (best is None or s > best[0]):
            best = (s, cluster)
    if best is not None:
        return best[1]
    cur = conn.execute("INSERT INTO clusters (type) VALUES (?)", (event.type,))
    assert cur.lastrowid is not None
    return cur.lastrowid
