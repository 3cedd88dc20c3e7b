"""HTML pages through trafilatura/htmldate and veille's metadata rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille import process
from veille.extract.html import NoArticleError, extract_html

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
