"""The Python API as a pandas user calls it (issue 18): bytes, dates, batches."""

from __future__ import annotations

import datetime as dt

import pytest

import veille

ARTICLE = ("Le ministre russe des Affaires étrangères Sergueï Lavrov a rencontré jeudi à Genève l'envoyé de "
           "l'ONU pour la Syrie Staffan de Mistura. Ils doivent se revoir vendredi.")


def test_process_takes_bytes_and_a_date() -> None:
    doc = veille.process(ARTICLE.encode("utf-8"), published=dt.date(2016, 9, 8))
    assert doc.text == ARTICLE
    assert doc.published == "2016-09-08"
    assert doc.language == "fr"
    assert "2016-09-09" in [t.value for t in doc.times]  # "vendredi" resolved against the given date
    latin1 = veille.process(f"<html><head><meta charset='latin-1'></head><body><p>{ARTICLE}</p></body></html>"
                            .encode("latin-1"))
    assert "Sergueï" in latin1.text


def test_process_normalises_any_date_form() -> None:
    assert veille.process(ARTICLE, published="Feb 2, 2024").published == "2024-02-02"
    assert veille.process(ARTICLE, published=dt.datetime(2024, 2, 2, 10, 0)).published == "2024-02-02T10:00:00"


def test_process_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        veille.process(12)  # type: ignore[arg-type]


def test_process_many_keeps_order_and_isolates_bad_items() -> None:
    items: list[str | bytes | dict] = [
        {"id": "one", "text": ARTICLE, "published": "2016-09-08"},
        b"\xff\xfe\x00",  # odd bytes: decoded or reported, never fatal
        "Second article: Kerry met Lavrov in Geneva on Thursday.",
    ]
    docs = list(veille.process_many(items, lang="en", jobs=1))
    assert len(docs) == 3
    assert docs[0].id == "one"
    assert docs[0].language == "en" and docs[0].published == "2016-09-08"
    assert docs[2].text.startswith("Second article")
