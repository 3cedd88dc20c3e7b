"""The codebook of the flat exports (csv, parquet, geojson properties): each column's meaning, values
and an example. ``veille events --schema`` prints it; ``docs/codebook.md`` is written from it
(``python -m veille.store.codebook > docs/codebook.md``) and a test keeps the two and
:data:`~veille.store.export.COLUMNS` in step."""

from __future__ import annotations

from veille.store.export import COLUMNS, DOC_COLUMNS, pandas_dtypes

# column: (meaning and values, example)
EVENT_COLUMNS: dict[str, tuple[str, str]] = {
    "cluster": ("Real-world event: the reports of all documents that agree on it share this number", "12"),
    "event_date": ("First day the event's date covers (`date_earliest`); with no known day, the day it "
                   "was first reported. Read `date_precision` before using it as a day", "2016-09-05"),
    "date_text": ("The words that date the event, empty when the date is the report's day", "ce vendredi"),
    "event_type": ("PLOVER type: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, "
                   "REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT", "ASSAULT"),
    "mode": ("PLOVER mode, or empty", "aerial"),
    "status": ("occurred, ongoing, planned, proposed, negated, hypothetical", "occurred"),
    "cameo": ("CAMEO root code, two digits: text, keep the leading zero (`dtype={'cameo': str}`)", "04"),
    "acled_event_type": ("ACLED event type, or empty", "Explosions/Remote violence"),
    "acled_sub_event_type": ("ACLED sub-event type, or empty", "Air/drone strike"),
    "actor1": ("First actor's canonical name (else its words in the text)", "Sergey Lavrov"),
    "actor1_code": ("First actor's ISO 3166-1 alpha-3 country, or IGO / NGO / IMG", "RUS"),
    "actor1_sector": ("First actor's CAMEO-style role: GOV, MIL, COP, JUD, REB, INS, OPP, PTY, MED, CVL, BUS, NGO, "
                      "IGO, REL, LAB, UAF", "GOV"),
    "actor2": ("First target's name", "John Kerry"),
    "actor2_code": ("First target's country or IGO / NGO / IMG", "USA"),
    "actor2_sector": ("First target's role", "GOV"),
    "actors": ("All actors, `; `-separated", "Russia; Syria"),
    "targets": ("All targets, `; `-separated", "rebels"),
    "country": ("ISO 3166-1 alpha-3 of the event's place", "SYR"),
    "admin1": ("First-level division of the place", "Aleppo"),
    "location": ("Place name (GeoNames)", "Aleppo"),
    "geonameid": ("GeoNames id of the place", "170063"),
    "latitude": ("WGS 84 latitude of the place", "36.20124"),
    "longitude": ("WGS 84 longitude of the place", "37.16117"),
    "geo_feature": ("GeoNames feature code: PPLC capital, PPL town, ADM1 division, PCLI country...", "PPLA"),
    "fatalities": ("Deaths stated in the text, empty when none is stated", "12"),
    "injuries": ("Injured stated in the text", "30"),
    "size": ("Crowd or force size stated in the text", "5000"),
    "context": ("PLOVER context tags, `; `-separated", "military"),
    "confidence": ("0 to 1, calibrated: of events near p, about p are right", "0.83"),
    "n_sources": ("Documents reporting the event (reprints not counted)", "3"),
    "sources": ("Those documents' URLs, `; `-separated (a document without a URL by its id)",
                "https://fr.euronews.com/2016/09/08/syrie"),
    "story": ("Story id: the documents about the same story share it", "a41f..."),
    "first_reported": ("Earliest publication date among the reports (ISO 8601, day or date and time)",
                       "2016-09-08T10:00:00+00:00"),
    "url": ("Address of the most confident report that has one", "https://fr.euronews.com/2016/09/08/syrie"),
    "trigger": ("The word(s) that make the event", "bombardements"),
    "evidence": ("The sentence that best supports the event", "Des bombardements ont frappé Alep."),
    "id": ("Stable id of the report the row describes (same document and veille → same id)", "ev-3f2a9c0d1e4b5a67"),
    "date_value": ("TIMEX3 value of the event's date", "2016-W36"),
    "date_earliest": ("First day the date covers, empty when its days are unknown (`XXXX-09-06`)", "2016-09-05"),
    "date_latest": ("Last day the date covers", "2016-09-11"),
    "date_precision": ("day, weekend, week, month, season, quarter, half, year, decade, century; empty when the "
                       "event has no date of its own", "week"),
    "geo_precision": ("How fine the point is: place, admin1..admin4 (a division's centre), country (a country's "
                      "centre: not a town)", "place"),
    "source_ids": ("The reporting documents' ids, `; `-separated, in the order of `sources`", "doc-1; doc-2"),
}
DOCUMENT_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("Document id: the input's id, else a hash of its content", "3c9f0a1b2c3d4e5f6a7b8c9d"),
    "url": ("Page address", "https://fr.euronews.com/2016/09/08/syrie"),
    "title": ("Title", "Syrie : les combats continuent"),
    "published": ("Publication date, ISO 8601 (a day, or a date and time)", "2016-09-08"),
    "language": ("ISO 639-1 code", "fr"),
    "source": ("Outlet", "Euronews"),
    "story": ("Story id", "3c9f0a1b2c3d4e5f6a7b8c9d"),
    "duplicate_of": ("Id of the first copy this document reprints, or empty", ""),
}
TYPE_NAMES = {"int64": "integer", "float64": "number", "string": "text",
              "date32": "date (ISO day; a timestamp in Parquet)"}


def _table(columns: list[tuple[str, str]], meanings: dict[str, tuple[str, str]]) -> str:
    dtypes = pandas_dtypes(columns)
    lines = ["| column | type | pandas dtype | meaning and values | example |", "|---|---|---|---|---|"]
    for name, kind in columns:
        meaning, example = meanings[name]
        lines.append(f"| `{name}` | {TYPE_NAMES[kind]} | `{dtypes[name]}` | {meaning} | `{example}` |")
    return "\n".join(lines) + "\n"


def schema_text() -> str:
    """The codebook as Markdown: the flat event columns, then the document columns."""
    return f"""# veille export codebook

`veille events --format csv|parquet|geojson` writes one row per real-world event (an event cluster),
described by its most confident report; `--format jsonl` writes every report with the full event record
(PRODUCT.md's contract plus `id`, `cluster`, `sources`, `source_urls`, `document`, `url`, `source`,
`published`, `story`). Empty cells are nulls. Columns may be added at the end, never removed or renamed.

Reading the exports with pandas (`veille.store.export.pandas_dtypes()` gives the dtypes below; `str` is
pandas 3's text dtype). Without the dtypes, pandas reads `cameo` "04" as the number 4:

```python
import pandas as pd
from veille.store.export import pandas_dtypes
dtypes = pandas_dtypes()
days = [c for c, t in dtypes.items() if t.startswith("datetime")]
df = pd.read_csv("events.csv", dtype={{c: t for c, t in dtypes.items() if c not in days}}, parse_dates=days)
df = df.astype({{c: "datetime64[ms]" for c in days}})
df = pd.read_parquet("events.parquet")   # the dtypes are in the file
```

Or from Python directly: `veille.Store("veille.db").events(as_frame=True)`.

## Events (csv, parquet, geojson properties)

{_table(COLUMNS, EVENT_COLUMNS)}
## Documents (`veille docs --format csv|parquet`)

{_table(DOC_COLUMNS, DOCUMENT_COLUMNS)}"""


if __name__ == "__main__":
    print(schema_text(), end="")
