"""The headline without the outlet's name: declared site names, host names, trailing dates."""

from __future__ import annotations

import pytest

from veille.extract.title import bare_title, host_names, names_outlet


@pytest.mark.parametrize(
    ("title", "outlets", "bare", "outlet"),
    [
        ("Port workers strike over pay | The Harbour Tribune", ["The Harbour Tribune"],
         "Port workers strike over pay", "The Harbour Tribune"),
        ("Le Monde diplomatique - Les ports en grève", ["Le Monde diplomatique"], "Les ports en grève",
         "Le Monde diplomatique"),
        ("Warum Wien zu blöd für eine staufreie Mahü ist - Helge.at", ["helge.at", "helge"],
         "Warum Wien zu blöd für eine staufreie Mahü ist", "Helge.at"),
        ("Streit ums Feuerholz - www.AussenGedanken.de", ["aussengedanken.de", "aussengedanken"],
         "Streit ums Feuerholz", "www.AussenGedanken.de"),
        ("Pour le néolibéralisme, la retraite est un archaïsme - AOC media - Analyse Opinion Critique",
         ["AOC media - Analyse Opinion Critique"], "Pour le néolibéralisme, la retraite est un archaïsme",
         "AOC media - Analyse Opinion Critique"),
        ("So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr", [], "So viel Regen gab es lange nicht", None),
        ("Musik und Sport: So steigern Songs deine Leistung | Teufel Blog", ["Das Lautsprecher Teufel Blog"],
         "Musik und Sport: So steigern Songs deine Leistung", "Teufel Blog"),
    ],
)
def test_outlet_name_comes_off(title: str, outlets: list[str], bare: str, outlet: str | None) -> None:
    result = bare_title(title, outlets)
    assert result is not None
    assert (result.title, result.outlet) == (bare, outlet)


@pytest.mark.parametrize(
    "title",
    [
        "Syrie : rencontre entre Kerry et Lavrov à Genève",
        "Hong Kong-based lender cuts rates - again",
        "Reuters poll: economists see slower growth",
    ],
)
def test_titles_naming_no_outlet_stay_whole(title: str) -> None:
    result = bare_title(title, ["Euronews", "euronews.com", "euronews"])
    assert result is not None
    assert result.title == title
    assert result.outlet is None


def test_the_last_segment_is_never_taken() -> None:
    result = bare_title("The Harbour Tribune", ["The Harbour Tribune"])
    assert result is not None and result.title == "The Harbour Tribune"
    assert bare_title("   ", ["x"]) is None


def test_host_names_and_short_names() -> None:
    assert host_names("www.popkultur.de") == ["popkultur.de", "popkultur"]
    assert host_names("m.news.example.com") == ["example.com", "example"]
    assert host_names(None) == []
    assert not names_outlet("AP", ["AP"])  # too short to be told from a word of the headline
    assert names_outlet("Popkultur.de", ["popkultur"])
