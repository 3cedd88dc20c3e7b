"""Language detection among a configured set; overrides."""

from __future__ import annotations

import pytest

from veille.language import detect_language
from veille.model import Document
from veille.pipeline import Pipeline

LANGS = ("fr", "en", "de", "es")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le gouvernement a annoncé mardi de nouvelles mesures contre la hausse des prix de l'énergie.", "fr"),
        ("The government announced new measures on Tuesday against rising energy prices.", "en"),
        ("Die Regierung hat am Dienstag neue Maßnahmen gegen steigende Energiepreise angekündigt.", "de"),
        ("El gobierno anunció el martes nuevas medidas contra la subida de los precios de la energía.", "es"),
    ],
)
def test_detects_language(text: str, code: str) -> None:
    assert detect_language(text, LANGS) == code


def test_no_letters_no_language() -> None:
    assert detect_language("12 345 — 678 !!", LANGS) is None


def test_unknown_code_in_settings_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language code"):
        detect_language("bonjour à tous", ("fr", "xx"))


def test_given_language_overrides_detection() -> None:
    pipeline = Pipeline(stages=["language.v1"])
    doc = pipeline(Document(text="Le gouvernement a annoncé de nouvelles mesures.", language="EN"))
    assert doc.language == "en"
    doc = pipeline(Document(text="Le gouvernement a annoncé de nouvelles mesures.", language="auto"))
    assert doc.language == "fr"
