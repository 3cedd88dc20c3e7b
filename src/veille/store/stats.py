"""``veille stats``: what a database holds, at a glance (counts by type, country and month, top actors
and sources), computed in SQL over the whole store."""

from __future__ import annotations

import sqlite3
from typing import Any

# An event's month: the first month its date covers, else the month it was reported.
_EVENT_MONTH = "substr(coalesce(e.date_earliest, d.published), 1, 7)"


def _pairs(conn: sqlite3.Connection, sql: str, *args: object) -> list[list[Any]]:
    return [list(row) for row in conn.execute(sql, args).fetchall()]


def store_stats(conn: sqlite3.Connection, top: int = 10) -> dict[str, Any]:
    """Totals, events by type / country / month (real-world events: clusters), top actors and sources."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    join = "FROM events AS e JOIN documents AS d ON d.pk = e.doc_pk"
    return {
        "totals": {
            "documents": one("SELECT count(*) FROM documents"),
            "reprints": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "stories": one("SELECT count(DISTINCT story) FROM documents"),
            "reports": one("SELECT count(*) FROM events"),
            "events": one("SELECT count(DISTINCT cluster) FROM events"),
        },
        "by_type": _pairs(conn, "SELECT type, count(DISTINCT cluster) AS n FROM events GROUP BY type "
                                "ORDER BY n DESC, type"),
        "by_country": _pairs(conn, "SELECT coalesce(country, '(none)'), count(DISTINCT cluster) AS n FROM events "
                                   "GROUP BY country ORDER BY n DESC, country"),
        "by_month": _pairs(conn, f"SELECT coalesce({_EVENT_MONTH}, '(unknown)') AS month, "
                                 f"count(DISTINCT e.cluster) {join} GROUP BY month ORDER BY month"),
        "by_language": _pairs(conn, "SELECT coalesce(language, '(unknown)'), count(*) AS n FROM documents "
                                    "GROUP BY language ORDER BY n DESC"),
        "top_actors": _pairs(conn, "SELECT a.name, a.code, count(DISTINCT e.cluster) AS n FROM event_actors AS a "
                                   "JOIN events AS e ON e.pk = a.event_pk WHERE a.name IS NOT NULL "
                                   "GROUP BY a.name, a.code ORDER BY n DESC, a.name LIMIT ?", top),
        "top_sources": _pairs(conn, "SELECT coalesce(source, '(unknown)'), count(*) AS n FROM documents "
                                    "GROUP BY source ORDER BY n DESC, source LIMIT ?", top),
    }
