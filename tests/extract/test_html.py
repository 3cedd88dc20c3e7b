"""HTML pages through trafilatura/htmldate and veille's metadata rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille import process
from veille.extract.html import (
    NoArticleError,
    choose_date,
    drop_own_address,
    drop_repeats,
    extract_html,
    is_link_headline,
    is_linked_teaser,
    utc_local_days,
)
from veille.extract.page import PageMeta

PAGE = Path(__file__).resolve().parents[1] / "data" / "html" / "lemonde-like-fr.html"


def test_article_page_body_and_metadata() -> None:
    doc = process(PAGE.read_text(encoding="utf-8"))
    assert doc.title == "Mali : au moins douze civils tués dans l'attaque d'un village du centre"
    assert doc.source == "Le Courrier du Sahel"
    assert doc.published == "2021-03-14"
    assert doc.language == "fr"
    assert doc.credits == ["AFP"]
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("Bamako (AFP) - Au moins douze civils")
    assert paragraphs[-1].startswith("Le centre du Mali est pris depuis 2015")
    for junk in ("Accueil", "S'abonner", "Partager sur", "Sur le même sujet", "Burkina Faso : une attaque",
                 "Tous droits réservés", "Conditions d'utilisation"):
        assert junk not in doc.text
    assert doc.errors == []


def test_input_date_wins_over_page_metadata() -> None:
    doc = process(PAGE.read_text(encoding="utf-8"), published="2021-03-15")
    assert doc.published == "2021-03-15"


def test_page_without_article_is_a_note_not_a_crash() -> None:
    doc = process("<html><head><title>Vidéos</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>")
    assert doc.text == ""
    assert doc.errors and doc.errors[0].stage == "extract"
    assert not doc.failed


def test_huge_page_is_refused_with_its_size() -> None:
    html = "<html><body>" + "<p>bla bla bla</p>" * 1000 + "</body></html>"
    with pytest.raises(ValueError, match="exceeds"):
        extract_html(html, max_chars=1000)


def test_no_article_error_is_a_value_error() -> None:
    assert issubclass(NoArticleError, ValueError)


WIRE_PAGE = Path(__file__).resolve().parents[1] / "data" / "html" / "wire-like-en.html"


def test_wire_page_bare_title_credits_and_clean_body() -> None:
    doc = process(WIRE_PAGE.read_text(encoding="utf-8"))
    assert doc.title == "Port workers strike over pay as talks stall"
    assert doc.source == "The Harbour Tribune"
    assert doc.credits == ["Reuters"]
    assert doc.published == "2022-05-12"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("MARSEILLE (Reuters) — Dock workers")
    assert paragraphs[-1].startswith("The port handles about a fifth")
    for junk in ("Read more", "Shipping rates climb", "Follow The Harbour Tribune", "Top stories", "Ferry fares",
                 "Fishing quotas", "Last updated", "All rights reserved"):
        assert junk not in doc.text
    kinds = {f.text: f.kind for f in doc.furniture}
    assert kinds["Read more: Shipping rates climb again as congestion spreads across Europe"] == "related"
    assert kinds["- Ferry fares to rise from next month Operators blame fuel prices for the increase"] == "related"


def test_url_from_canonical_link_or_og_url_when_the_input_gives_none() -> None:
    doc = process(WIRE_PAGE.read_text(encoding="utf-8"))
    assert doc.url == "https://harbour-tribune.example/world/2022/05/12/port-strike"  # og:url
    doc = process(PAGE.read_text(encoding="utf-8"))
    assert doc.url == "https://courrier-sahel.example/afrique/2021/03/14/mali-attaque-village"  # canonical
    doc = process(PAGE.read_text(encoding="utf-8"), url="https://mirror.example/mali")
    assert doc.url == "https://mirror.example/mali"  # the input's own address wins


LINKS = frozenset({"ferry fares to rise from next month", "historic lighthouse reopens to visitors"})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ferry fares to rise from next month", True),
        ("- Historic lighthouse reopens to visitors", True),
        ("Ferry fares to rise from next month, the operator said on Monday.", False),  # a sentence
        ("Ferry fares to rise from next month. Operators Blame fuel", False),  # holds a sentence end
        ("| Ferry fares to rise from next month | 12 € |", False),  # a table row
        ("https://ferry.example/fares", False),
        ("Port workers walked off the job", False),
    ],
)
def test_headlines_of_other_pages(line: str, expected: bool) -> None:
    assert is_link_headline(line, LINKS) is expected


def test_linked_teasers_and_repeats() -> None:
    assert is_linked_teaser("- Ferry fares to rise from next month Operators blame fuel prices", LINKS)
    assert not is_linked_teaser("Ferry fares to rise from next month Operators blame fuel prices", LINKS)
    lede = "Good morning, here is the tech news you need to know this Tuesday, from our newsroom."
    ingredient = "Beachbody Performance Recover, 1 cup blueberries"
    kept, dropped = drop_repeats([lede, ingredient, ingredient, lede])
    assert kept == [lede, ingredient, ingredient]  # a short line may rightly repeat, prose does not
    assert [f.kind for f in dropped] == ["other"]


def test_article_date_wins_over_another_elements_date_and_says_so() -> None:
    meta = PageMeta(date_published="2020-09-15T10:01:41-04:00")
    day, note = choose_date(meta, "2020-05-20")
    assert day == "2020-09-15"
    assert note is not None and "datePublished 2020-09-15" in note and "2020-05-20" in note
    assert choose_date(meta, "2020-09-15") == ("2020-09-15", None)
    assert choose_date(PageMeta(), "2020-05-20") == ("2020-05-20", None)


def test_utc_stamp_keeps_a_local_day_found_elsewhere() -> None:
    # 02:18 UTC on the 18th is the evening of the 17th in the Americas: the address's day stands.
    day, note = choose_date(PageMeta(date_published="2020-02-18T02:18:11Z"), "2020-02-17")
    assert day == "2020-02-17" and note is not None and "UTC" in note
    # 10:04 UTC is the 9th from UTC-10 to UTC+13: the 8th is another element's date.
    day, _ = choose_date(PageMeta(date_published="2020-07-09T10:04:04Z"), "2020-07-08")
    assert day == "2020-07-09"
    assert utc_local_days("2020-07-09T10:04:04+05:30") == set()


def test_disagreeing_dates_are_reported_on_the_document() -> None:
    markup = WIRE_PAGE.read_text(encoding="utf-8").replace("2022-05-12T18:40:00+02:00", "2022-05-13T08:00:00+02:00")
    doc = process(markup)
    assert doc.published == "2022-05-13"
    assert any("datePublished 2022-05-13" in e.message for e in doc.errors if e.stage == "extract")


def test_placeholder_dates_do_not_break_extraction() -> None:
    assert utc_local_days("0001-01-01T00:00:00Z") == set()
    assert choose_date(PageMeta(date_published="0001-01-01T00:00:00Z"), "2019-11-19") == ("2019-11-19", None)


def test_the_pages_own_address_is_no_paragraph() -> None:
    paragraphs = ["https://ledger.example/floods/", "The river rose by two metres overnight."]
    kept, dropped = drop_own_address(paragraphs, [None, "https://ledger.example/floods"])
    assert kept == ["The river rose by two metres overnight."]
    assert [(f.text, f.kind) for f in dropped] == [("https://ledger.example/floods/", "share")]
