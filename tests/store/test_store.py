"""The store layer on real SQLite files: idempotence, reprints, stories, clusters, filters, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from veille.model import Actor, Document, Event, EventDate, Place, Span
from veille.store import DocFilters, EventFilters, Store, StoreError
from veille.store.export import export
from veille.store.schema import SCHEMA_VERSION
from veille.store.text import canonical_url

QUAKE = (
    "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday, killing at least "
    "{n} people and destroying hundreds of homes in the mountain town of Takengon, officials said. "
    "Rescue teams searched the rubble of collapsed houses in Bener Meriah district while aftershocks "
    "shook the region. The national disaster agency said the quake was centred 55 kilometres "
    "south-west of the town at a depth of 10 kilometres. {extra}"
)
ELECTION = (
    "Voters in Turkmenistan cast ballots on Sunday in parliamentary elections that observers from the "
    "Organization for Security and Co-operation in Europe described as tightly controlled. The "
    "Democratic Party of President Gurbanguly Berdymukhamedov was expected to keep its majority in the "
    "Mejlis, with turnout reported above ninety per cent by the central election commission. {extra}"
)


SHELLING = (
    "{lead} The Syrian Observatory for Human Rights said twelve civilians were killed in the Bustan al-Qasr "
    "and Sukkari districts, where residents have lived under siege for weeks. Rescue workers of the White "
    "Helmets pulled survivors from the rubble of two buildings, and the last hospital in the east of the "
    "city was damaged. The United Nations envoy Staffan de Mistura called for a pause in the fighting."
)


def aleppo(lat: float | None = 36.2, lon: float | None = 37.16) -> Place:
    return Place(text="Alep", start=0, end=4, name="Aleppo", geonameid=170063, country="SYR",
                 admin1="09", lat=lat, lon=lon, feature="PPLA")


def assault(text: str, date: str | None = "2016-09-08", place: Place | None = None,
            actor: str = "Syrian Army", confidence: float = 0.8) -> Event:
    return Event(
        type="ASSAULT", status="occurred", actor=[Actor(text=actor, name=actor, code="SYR", sector="MIL")],
        target=[], place=place, date=EventDate(text="jeudi", value=date) if date else None,
        fatalities=12, trigger=Span(text=text[:6], start=0, end=6),
        evidence=Span(text=text[:40], start=0, end=40), confidence=confidence,
    )


def doc(doc_id: str, text: str, **kw: object) -> Document:
    return Document(id=doc_id, text=text, language="en", **kw)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


def test_double_ingest_adds_nothing(db: str) -> None:
    docs = [doc(f"q{i}", QUAKE.format(n=i, extra=f"Report number {i}.")) for i in range(5)]
    with Store(db) as store:
        first = store.add(docs)
        second = store.add(docs)
        assert (first.new, first.skipped) == (5, 0)
        assert (second.new, second.skipped) == (0, 5)
        assert [d["id"] for d in store.documents()] == [f"q{i}" for i in range(5)]
    # The same text (re-spaced, re-cased) under another input id: another outlet's copy, kept as a reprint.
    with Store(db) as store:
        again = store.add([doc("other-id", "  " + docs[0].text.upper().replace(" ", "  "))])
        assert again.new == again.duplicates == 1
        rows = {d["id"]: d for d in store.documents()}
        assert rows["other-id"]["duplicate_of"] == "q0" and rows["other-id"]["story"] == rows["q0"]["story"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reprint_is_marked_and_shares_the_story(db: str) -> None:
    original = doc("afp", QUAKE.format(n=20, extra=""), title="Quake kills 20 in Aceh", source="AFP")
    reprint = doc("paper", QUAKE.format(n=20, extra="Copyright The Daily Paper."),
                  title="Deadly earthquake in Indonesia", source="Daily Paper")
    with Store(db) as store:
        store.add([original])
        result = store.add([reprint])
        assert result.duplicates == 1
        rows = {d["id"]: d for d in store.documents()}
    assert rows["paper"]["duplicate_of"] == "afp"
    assert rows["afp"]["duplicate_of"] is None
    assert rows["paper"]["story"] == rows["afp"]["story"]


def test_canonical_url() -> None:
    assert canonical_url("HTTP://www.Example.com/a/b/?utm_source=x&b=2&a=1#top") == "https://example.com/a/b?a=1&b=2"
    assert canonical_url("mailto:someone@example.com") is None
    assert canonical_url(None) is None


def test_same_canonical_url_is_a_duplicate(db: str) -> None:
    with Store(db) as store:
        store.add([doc("a", ELECTION.format(extra="First version."), url="https://news.example/tk?utm_medium=rss")])
        store.add([doc("b", "An updated article with entirely new words about the same page and its story.",
                       url="http://www.news.example/tk")])
        rows = {d["id"]: d for d in store.documents()}
    assert rows["b"]["duplicate_of"] == "a"


def test_stories_group_reports_of_one_story(db: str) -> None:
    quakes = [doc(f"q{i}", QUAKE.format(n=10 + i, extra=extra)) for i, extra in enumerate([
        "Survivors slept outside in the rain.",
        "The president promised to rebuild every school in Aceh within a year, and the army sent tents.",
        "Neighbouring Malaysia offered helicopters and medical teams to the Indonesian government.",
    ])]
    votes = [doc(f"v{i}", ELECTION.format(extra=extra)) for i, extra in enumerate([
        "Opposition parties were not allowed to register.",
        "Foreign journalists were refused visas, and the capital Ashgabat was calm.",
    ])]
    with Store(db) as store:
        for d in [quakes[0], votes[0], quakes[1], votes[1], quakes[2]]:  # interleaved: stories are online
            store.add([d])
        story = {d["id"]: d["story"] for d in store.documents()}
    assert story["q0"] == story["q1"] == story["q2"]
    assert story["v0"] == story["v1"]
    assert story["q0"] != story["v0"]


def test_events_cluster_across_documents_and_reprints_are_not_sources(db: str) -> None:
    t1 = SHELLING.format(lead="Shells fell on eastern Aleppo on Thursday, witnesses said.")
    t2 = SHELLING.format(lead="Government forces shelled Aleppo overnight, a monitor reported.")
    other = "Rebels attacked a checkpoint near Idlib on Monday, killing soldiers at the post. " * 3
    idlib = Place(text="Idlib", start=0, end=5, name="Idlib", geonameid=169389, country="SYR", admin1="11",
                  lat=35.93, lon=36.63, feature="PPLA")
    docs = [
        doc("d1", t1, events=[assault(t1, place=aleppo())]),
        doc("d2", t2, events=[assault(t2, place=aleppo(), date="2016-09-09")]),
        # d3 reprints d1 with a new headline: same event, not a new source.
        doc("d3", t1 + " (Reuters)", title="Aleppo shelled", events=[assault(t1, place=aleppo())]),
        doc("d4", other, events=[assault(other, place=idlib, date="2016-09-05", actor="Jaish al-Fatah")]),
    ]
    with Store(db) as store:
        store.add(docs)
        events = list(store.events())
    by_doc = {e["document"]: e for e in events}
    assert by_doc["d1"]["cluster"] == by_doc["d2"]["cluster"] == by_doc["d3"]["cluster"]
    assert by_doc["d4"]["cluster"] != by_doc["d1"]["cluster"]
    assert by_doc["d1"]["sources"] == ["d1", "d2"]
    assert by_doc["d4"]["sources"] == ["d4"]


def test_event_filters(db: str) -> None:
    text = "Protesters marched in Paris and clashed with police, as the army shelled Aleppo. " * 2
    protest = Event(type="PROTEST", status="occurred", actor=[Actor(text="protesters", name="protesters", code="FRA")],
                    place=Place(text="Paris", start=0, end=5, name="Paris", geonameid=2988507, country="FRA",
                                lat=48.85, lon=2.35, feature="PPLC"),
                    date=EventDate(text="Saturday", value="2016-09-10"), trigger=Span(text="marched", start=0, end=7),
                    evidence=Span(text="Protesters marched", start=0, end=18), confidence=0.4)
    with Store(db) as store:
        store.add([doc("x", text, published="2016-09-10", events=[assault(text, place=aleppo()), protest])])

        def ids(**kw: object) -> list[str]:
            return sorted(e["type"] for e in store.events(EventFilters(**kw)))  # type: ignore[arg-type]

        assert ids() == ["ASSAULT", "PROTEST"]
        assert ids(types=["protest"]) == ["PROTEST"]
        assert ids(statuses=["negated"]) == []
        assert ids(actor="SYR") == ["ASSAULT"]
        assert ids(actor="syrian") == ["ASSAULT"]
        assert ids(country="fra") == ["PROTEST"]
        assert ids(place="alepp") == ["ASSAULT"]
        assert ids(place="170063") == ["ASSAULT"]
        assert ids(since="2016-09-09") == ["PROTEST"]
        assert ids(until="2016-09-08") == ["ASSAULT"]
        assert ids(min_confidence=0.5) == ["ASSAULT"]
        assert ids(text="marched") == ["ASSAULT", "PROTEST"]
        assert ids(text="zebra") == []
        assert [d["id"] for d in store.documents(DocFilters(text="clashed", since="2016-09-01"))] == ["x"]
        assert list(store.documents(DocFilters(until="2016-01-01"))) == []


def test_every_export_opens_with_its_standard_reader(db: str, tmp_path: Path) -> None:
    t1 = SHELLING.format(lead="Shells fell on eastern Aleppo on Thursday, witnesses said.")
    t2 = SHELLING.format(lead="Government forces shelled Aleppo overnight, a monitor reported.")
    with Store(db) as store:
        store.add([doc("d1", t1, events=[assault(t1, place=aleppo())]),
                   doc("d2", t2, events=[assault(t2, place=aleppo()), assault(t2, place=None, date=None)])])
        for fmt in ("csv", "jsonl", "geojson", "parquet"):
            export(store.events(), fmt, str(tmp_path / f"events.{fmt}"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 2  # one row per cluster: d1 and d2's Aleppo events are one
    aleppo_row = next(r for r in rows if r["location"] == "Aleppo")
    assert aleppo_row["n_sources"] == "2" and aleppo_row["country"] == "SYR"
    lines = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and all("cluster" in x and "sources" in x for x in lines)
    gj = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == 1  # the event with no place has no point
    for feature in gj["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == 2 and table.schema.field("latitude").type == "double"


def test_future_schema_version_is_refused(db: str) -> None:
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = Path(db).read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer veille"):
            Store(db, readonly=readonly)
    assert Path(db).read_bytes() == before


def test_reading_a_missing_database_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "nothing.db", readonly=True)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite\n" * 100)
    with pytest.raises(StoreError, match="not a veille database"):
        Store(path)
    assert path.read_text().startswith("this is not sqlite")


def test_an_empty_file_is_migrated_to_the_current_schema(db: str) -> None:
    Path(db).touch()  # version 0: what `sqlite3 file.db` leaves, or a crash before the first migration
    with Store(db) as store:
        assert store.counts() == {"documents": 0, "stories": 0, "events": 0, "clusters": 0}
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_full_documents_carry_their_record_and_events(db: str) -> None:
    text = SHELLING.format(lead="Shells fell on eastern Aleppo on Thursday, witnesses said.")
    with Store(db) as store:
        store.add([doc("d1", text, title="Aleppo", source="AFP", events=[assault(text, place=aleppo())])])
        [row] = store.documents(full=True)
    assert row["text"] == text and row["source"] == "AFP" and row["story"] == "d1"
    assert row["events"][0]["type"] == "ASSAULT" and isinstance(row["events"][0]["cluster"], int)
