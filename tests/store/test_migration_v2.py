"""Schema version 2 fills in what version 1 did not store, from the stored records (issue 18)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from veille.store import EventFilters, Store
from veille.store.schema import MIGRATIONS, _statements


def test_a_version_1_store_gets_event_ids_date_intervals_and_actor_spellings(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(str(MIGRATIONS[0])):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("""INSERT INTO documents (pk, id, text, content_hash, story, record, ingested_at, published)
                    VALUES (1, 'doc', 'Lavrov a accusé.', 'h', 'doc', '{}', '2016-09-08', '2016-09-08')""")
    conn.execute("INSERT INTO clusters (pk, type) VALUES (1, 'ACCUSE')")
    event = {"type": "ACCUSE", "date": {"text": "la semaine dernière", "value": "2016-W36"},
             "trigger": {"text": "accusé", "start": 9, "end": 15}, "actor": [{"text": "Sergeuï Lavrov",
                                                                             "name": "Sergey Lavrov"}]}
    conn.execute("""INSERT INTO events (pk, doc_pk, position, cluster, type, status, confidence, date, record)
                    VALUES (1, 1, 0, 1, 'ACCUSE', 'occurred', 0.9, '2016-W36', ?)""", (json.dumps(event),))
    conn.execute("INSERT INTO event_actors (event_pk, role, name) VALUES (1, 'actor', 'Sergey Lavrov')")
    conn.close()
    with Store(path) as store:  # opening for writing migrates
        [stored] = list(store.events(EventFilters(actor="sergeuï", since="2016-09-11", until="2016-09-30")))
    assert stored["id"].startswith("ev-")
    assert stored["date"] == {"text": "la semaine dernière", "value": "2016-W36", "earliest": "2016-09-05",
                              "latest": "2016-09-11", "precision": "week"}
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT date_earliest, date_latest FROM events").fetchone() == ("2016-09-05",
                                                                                          "2016-09-11")
        assert check.execute("PRAGMA user_version").fetchone()[0] == 2
