"""What an analyst does with a store (issue 18): exports read back in pandas with the codebook's dtypes,
dates as intervals, URLs as sources, filters that read user text as meant, read-only media, stable ids,
corrected documents, the Python store API and `stats`."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import veille
from veille.model import Actor, Document, Event, EventDate, Place, Span
from veille.store import EventFilters, Store
from veille.store.export import export

# What this issue added is imported where it is used, so that each test can also be run against the
# code before it and fail on its own assertion rather than all of them on one import.

ROOT = Path(__file__).resolve().parents[2]
VEILLE = str(Path(sys.executable).parent / "veille")
TEXT = ("Le ministre russe des Affaires étrangères Sergeuï Lavrov a accusé les rebelles de bombarder Alep. "
        "Les forces syriennes ont frappé la ville en 2009. La semaine dernière, des combats ont eu lieu.")


def aleppo() -> Place:
    return Place(text="Alep", start=0, end=4, name="Aleppo", geonameid=170063, country="SYR", admin1="09",
                 lat=36.2, lon=37.16, feature="PPLA")


def syria() -> Place:
    return Place(text="Syrie", start=0, end=5, name="Syria", geonameid=163843, country="SYR", lat=35.0, lon=38.0,
                 feature="PCLI")


def event(kind: str, start: int, date: str | None, place: Place | None, confidence: float = 0.8,
          actor: Actor | None = None) -> Event:
    return Event(type=kind, status="occurred", actor=[actor] if actor else [], target=[], place=place,  # type: ignore[arg-type]
                 date=EventDate(text="x", value=date) if date else None, cameo="04",
                 trigger=Span(text=TEXT[start:start + 5], start=start, end=start + 5),
                 evidence=Span(text=TEXT[:40], start=0, end=40), confidence=confidence)


LAVROV = Actor(text="Sergeuï Lavrov", name="Sergey Lavrov", code="RUS", sector="GOV")


def documents() -> list[Document]:
    return [
        Document(id="a", text=TEXT, language="fr", published="2016-09-08", title="Alep",
                 events=[event("ACCUSE", 60, "2016-W36", aleppo(), 0.9, LAVROV),
                         event("ASSAULT", 120, "2009", syria(), 0.7),
                         event("ASSAULT", 150, None, None, 0.6)]),
        Document(id="b", url="https://example.org/b", text=TEXT + " Selon un témoin.", language="fr",
                 published="2016-09-09", title="Alep encore",
                 events=[event("ACCUSE", 60, "2016-W36", aleppo(), 0.5, LAVROV)]),
    ]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with Store(path) as store:
        store.add(documents())
    return path


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    from veille.store.export import pandas_dtypes

    dtypes = pandas_dtypes()
    days = [c for c, t in dtypes.items() if t.startswith("datetime")]
    if fmt == "csv":
        frame = pd.read_csv(path, dtype={c: t for c, t in dtypes.items() if c not in days}, parse_dates=days)
        return frame.astype({c: "datetime64[ms]" for c in days})
    if fmt == "parquet":
        return pd.read_parquet(path)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    frame = pd.DataFrame([f["properties"] for f in features])
    return frame.astype({c: t for c, t in dtypes.items() if c not in days}).assign(
        **{c: pd.to_datetime(frame[c]).astype("datetime64[ms]") for c in days})


@pytest.mark.parametrize("fmt", ["csv", "parquet", "geojson"])
def test_every_flat_export_opens_in_pandas_with_the_documented_dtypes(db: Path, tmp_path: Path, fmt: str) -> None:
    from veille.store.export import COLUMNS, pandas_dtypes

    out = tmp_path / f"events.{fmt}"
    with Store(db, readonly=True) as store:
        export(store.events(), fmt, str(out))
    frame = read_back(out, fmt)
    assert [c for c, _ in COLUMNS] == list(frame.columns)
    assert {c: str(t) for c, t in frame.dtypes.items()} == pandas_dtypes()
    assert set(frame["cameo"]) == {"04"}  # the code keeps its leading zero


def test_jsonl_exports_open_in_pandas(db: Path, tmp_path: Path) -> None:
    from veille.store.export import export_documents

    out = tmp_path / "events.jsonl"
    with Store(db, readonly=True) as store:
        export(store.events(), "jsonl", str(out))
        export_documents(store.documents(), "parquet", str(tmp_path / "docs.parquet"))
        export_documents(store.documents(), "csv", str(tmp_path / "docs.csv"))
    reports = pd.read_json(out, lines=True, dtype={"cameo": str})
    assert len(reports) == 4 and reports["id"].str.startswith("ev-").all()
    docs = pd.read_parquet(tmp_path / "docs.parquet")
    assert list(docs["id"]) == ["a", "b"] and str(docs["published"].dtype) == "str"
    assert list(pd.read_csv(tmp_path / "docs.csv")["published"]) == ["2016-09-08", "2016-09-09"]


# --- defect 4: dates are intervals, filtered as such ----------------------------------------------

def test_event_dates_are_days_with_interval_and_precision(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    with Store(db, readonly=True) as store:
        export(store.events(), "csv", str(out))
    frame = pd.read_csv(out, dtype=str)
    pd.to_datetime(frame["event_date"], format="%Y-%m-%d")  # every row is a day
    week = frame[frame["date_value"] == "2016-W36"].iloc[0]
    assert (week["event_date"], week["date_earliest"], week["date_latest"], week["date_precision"]) == (
        "2016-09-05", "2016-09-05", "2016-09-11", "week")
    year = frame[frame["date_value"] == "2009"].iloc[0]
    assert (year["date_earliest"], year["date_latest"], year["date_precision"]) == ("2009-01-01", "2009-12-31", "year")


def test_since_until_filter_on_the_interval_of_the_event_date(db: Path) -> None:
    with Store(db, readonly=True) as store:
        april_2020 = list(store.events(EventFilters(since="2020-04-01", until="2020-04-30")))
        year_2009 = [e["date"]["value"] for e in store.events(EventFilters(since="2009-06-01", until="2009-06-30"))]
        week = [e["date"]["value"] for e in store.events(EventFilters(since="2016-09-10", until="2016-09-10"))]
    assert april_2020 == []
    assert year_2009 == ["2009"]
    assert week == ["2016-W36", "2016-W36"]


# --- defect 3: URLs of the sources ----------------------------------------------------------------

def test_flat_rows_name_sources_by_url_and_fill_url_from_any_report(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    with Store(db, readonly=True) as store:
        export(store.events(), "csv", str(out))
    frame = pd.read_csv(out, dtype=str)
    accuse = frame[frame["event_type"] == "ACCUSE"].iloc[0]
    assert accuse["n_sources"] == "2"
    assert accuse["url"] == "https://example.org/b"  # the most confident report (a) has no URL
    assert accuse["sources"] == "a; https://example.org/b"
    assert accuse["source_ids"] == "a; b"


# --- defect 8: formats, GeoJSON's missing points, geo precision -----------------------------------

def test_format_follows_the_out_extension_and_a_mismatch_is_refused() -> None:
    from veille.store.export import format_for

    assert format_for(None, "events.parquet") == "parquet"
    assert format_for(None, "events.geojson") == "geojson"
    assert format_for(None, None) == "jsonl"
    with pytest.raises(ValueError, match="does not match"):
        format_for("jsonl", "events.parquet")


def test_geojson_says_how_many_events_have_no_point_and_marks_country_centres(
        db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "events.geojson"
    with Store(db, readonly=True) as store:
        export(store.events(), "geojson", str(out))
    assert "1 of 3 events have no coordinates" in caplog.text
    precision = {f["properties"]["location"]: f["properties"]["geo_precision"]
                 for f in json.loads(out.read_text())["features"]}
    assert precision == {"Aleppo": "place", "Syria": "country"}


def test_cli_infers_parquet_from_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    run = subprocess.run([VEILLE, "events", "--db", str(db), "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:4] == b"PAR1"


# --- defect 9: user text, countries and actors as users write them --------------------------------

def test_text_search_is_a_phrase_and_fts_syntax_is_explicit(db: Path) -> None:
    with Store(db, readonly=True) as store:
        assert list(store.events(EventFilters(text="U.S."))) == []
        assert len(list(store.events(EventFilters(text="Selon un témoin")))) == 1
        assert len(list(store.events(EventFilters(text="témoin OR Lavrov", fts=True)))) == 4


def test_country_by_name_alpha2_or_alpha3_and_unknown_refused(db: Path) -> None:
    from veille.store.query import FilterError, country_code

    assert country_code("Syria") == country_code("SY") == country_code("syr") == "SYR"
    with pytest.raises(FilterError, match="Narnia"):
        country_code("Narnia")
    run = subprocess.run([VEILLE, "events", "--db", str(db), "--country", "Syria"], capture_output=True, text=True)
    assert run.returncode == 0 and len(run.stdout.splitlines()) == 3


def test_actor_found_by_the_articles_spelling_without_accents(db: Path) -> None:
    with Store(db, readonly=True) as store:
        for spelling in ("Sergeuï", "sergeui", "Sergey", "RUS"):
            assert len(list(store.events(EventFilters(actor=spelling)))) == 2, spelling


def test_docs_command_writes_parquet_to_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs.parquet"
    run = subprocess.run([VEILLE, "docs", "--db", str(db), "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert list(pd.read_parquet(out)["id"]) == ["a", "b"]


# --- defect 10: read-only media --------------------------------------------------------------------

def test_database_in_a_read_only_folder_can_be_queried(db: Path) -> None:
    folder = db.parent
    for extra in folder.glob("store.db-*"):
        extra.unlink()  # as copied onto a USB key: no -wal or -shm beside it
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only here")
    try:
        run = subprocess.run([VEILLE, "events", "--db", str(db), "-f", "csv"], capture_output=True, text=True)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 4  # header and three events


# --- stable ids, corrections, the Python API, stats -----------------------------------------------

def test_event_ids_are_stable_across_stores_and_reruns(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with Store(other) as store:
        store.add(list(reversed(documents())))
    with Store(db, readonly=True) as first, Store(other, readonly=True) as second:
        assert sorted(e["id"] for e in first.events()) == sorted(e["id"] for e in second.events())


def test_update_replaces_a_corrected_document_and_keeps_its_id(db: Path) -> None:
    corrected = documents()[1].model_copy(update={"text": TEXT + " Correction : deux témoins.", "events": []})
    with Store(db) as store:
        assert store.add([corrected]).skipped == 1  # without update the stored version stays
        result = store.add([corrected], update=True)
        assert result.updated == 1
        [stored] = [d for d in store.documents(full=True) if d["id"] == "b"]
        assert stored["text"].endswith("deux témoins.") and stored["events"] == []
        assert len(list(store.events(EventFilters(text="deux témoins")))) == 0
        assert [d["id"] for d in store.documents(veille.store.DocFilters(text="deux témoins"))] == ["b"]


def test_python_store_api_returns_records_or_a_frame(db: Path) -> None:
    store = veille.Store(db)
    records = store.events(country="Syria", since=dt.date(2016, 9, 1))
    assert {r["type"] for r in records} == {"ACCUSE"}
    frame = store.events(type="ASSAULT", as_frame=True)
    assert len(frame) == 2 and str(frame["event_date"].dtype) == "datetime64[ms]"
    assert store.stats()["totals"]["documents"] == 2


def test_stats_counts_by_type_country_and_month(db: Path) -> None:
    run = subprocess.run([VEILLE, "stats", "--db", str(db), "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    assert stats["totals"]["events"] == 3
    assert dict(map(tuple, stats["by_type"])) == {"ASSAULT": 2, "ACCUSE": 1}
    assert ["2009-01", 1] in stats["by_month"] and ["2016-09", 2] in stats["by_month"]
    assert stats["top_actors"][0][:2] == ["Sergey Lavrov", "RUS"]


def test_codebook_file_is_the_schema_command(tmp_path: Path) -> None:
    from veille.store.codebook import schema_text

    assert (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8") == schema_text()
    run = subprocess.run([VEILLE, "events", "--schema"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == schema_text()


class Terminal(io.TextIOWrapper):
    """Standard output as a terminal shows it (a real text stream that says it is a tty)."""

    def isatty(self) -> bool:
        return True


def test_parquet_is_not_dumped_on_a_terminal(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", terminal)
    with Store(db, readonly=True) as store, pytest.raises(ValueError, match="Parquet is binary"):
        export(store.events(), "parquet", None)
    assert terminal.buffer.getvalue() == b""
