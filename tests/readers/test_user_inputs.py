"""Inputs as users bring them (issue 18): dates given by the input or the flag, feed descriptions and
HTML fragments, JSON Lines with other tools' field names."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from veille.pipeline import Pipeline
from veille.readers import InputOptions, iter_documents
from veille.settings import Settings

PAGE = """<html><head><title>Clashes in Aleppo</title>
<meta property="article:published_time" content="2020-01-18T09:00:00Z"></head>
<body><article><h1>Clashes in Aleppo</h1>
<p>Government forces shelled rebel positions in the east of Aleppo on Friday, killing at least twelve people,
according to a monitoring group based in London that relies on a network of sources on the ground.</p>
<p>Rescue workers said they pulled survivors from the rubble of two buildings in the Sukkari district,
and that the last hospital in the east of the city had been damaged in the strikes.</p>
</article></body></html>"""
BODY = ("Government forces shelled rebel positions in Aleppo on Thursday, killing at least twelve people, "
        "according to a monitoring group based in London.")
FEED = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Feed</title>
<item><title>Plain</title><link>http://example.org/a</link><pubDate>Thu, 08 Sep 2016 10:00:00 GMT</pubDate>
<description>{BODY}</description></item>
<item><title>Fragment</title><link>http://example.org/b</link><pubDate>Thu, 08 Sep 2016 11:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
</channel></rss>"""


def extracted(path: Path, **options: object) -> list:
    """Documents of ``path`` through extraction and the times stage (where --published applies)."""
    pipe = Pipeline(Settings(), stages=["extract.v1", "times.v1"])
    return [pipe(doc) for doc in iter_documents(str(path), InputOptions(**options))]  # type: ignore[arg-type]


# --- defect 1: the input's own date wins over --published, which fills the others -----------------

def test_own_dates_win_over_published_flag_which_fills_only_the_undated(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"id": "dated", "text": BODY, "published": "2022-03-01", "lang": "en"}) + "\n"
                     + json.dumps({"id": "undated", "text": BODY}) + "\n", encoding="utf-8")
    [html] = extracted(page, published="2016-09-08")
    dated, undated = extracted(lines, published="2016-09-08")
    assert html.published.startswith("2020-01-18")
    assert dated.published == "2022-03-01"
    assert undated.published == "2016-09-08"
    # Relative dates resolve against each document's own date, not the flag's.
    [thursday] = [t.value for t in dated.times if "Thursday" in t.text]
    assert thursday is not None and thursday.startswith("2022-")


def test_force_published_overrides_every_date(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    [html] = extracted(page, published="2016-09-08", force_published=True)
    assert html.published == "2016-09-08"


def test_unreadable_input_date_is_reported_and_dropped(tmp_path: Path) -> None:
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": BODY, "published": "15/08/2023"}) + "\n"
                     + json.dumps({"id": "b", "text": BODY, "published": "someday"}) + "\n", encoding="utf-8")
    first, second = iter_documents(str(lines))
    assert first.published == "2023-08-15"
    assert second.published is None
    assert "someday" in second.errors[0].message


# --- defect 2: feed descriptions and HTML fragments are read ------------------------------------

def test_feed_descriptions_in_text_or_one_paragraph_give_their_text(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    plain, fragment = extracted(feed)
    assert plain.text == BODY
    assert fragment.text == BODY
    assert not plain.errors and not fragment.errors


def test_jsonl_html_fragment_without_page_gives_its_text(tmp_path: Path) -> None:
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"id": "f", "html": f"<p>{BODY}</p>"}) + "\n"
                     + json.dumps({"id": "g", "html": f"<div><p>{BODY}</p><p>Rescue workers searched the rubble.</p>"
                                                      "</div>"}) + "\n", encoding="utf-8")
    one, two = extracted(lines)
    assert one.text == BODY
    assert two.text == f"{BODY}\n\nRescue workers searched the rubble."


# --- defect 6: common keys are read, unknown ones reported once ---------------------------------

def test_jsonl_common_aliases_are_read(tmp_path: Path) -> None:
    lines = tmp_path / "docs.jsonl"
    record = {"guid": "g1", "content": BODY, "link": "http://example.org/x", "pubdate": "Feb 2, 2024",
              "language": "en", "headline": "Shelling"}
    lines.write_text(json.dumps(record) + "\n" + json.dumps({**record, "date": "2024-02-03", "pubdate": None})
                     + "\n", encoding="utf-8")
    first, second = iter_documents(str(lines))
    assert (first.id, first.url, first.published, first.language, first.title) == (
        "g1", "http://example.org/x", "2024-02-02", "en", "Shelling")
    assert first.raw is not None and first.raw.content == BODY
    assert second.published == "2024-02-03"


def test_unknown_jsonl_keys_are_warned_once_per_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = tmp_path / "docs.jsonl"
    lines.write_text("".join(json.dumps({"text": BODY, "author": "A", "section": "World"}) + "\n" for _ in range(3)),
                     encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="veille"):
        docs = list(iter_documents(str(lines)))
    assert len(docs) == 3
    warned = [r.getMessage() for r in caplog.records if "is not read" in r.getMessage()]
    assert len(warned) == 2
    assert any("'author'" in m for m in warned) and any("'section'" in m for m in warned)
