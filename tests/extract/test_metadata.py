"""Credits, outlets and publication dates found in the text itself."""

from __future__ import annotations

import pytest

from veille.extract.metadata import (
    agencies_in,
    byline_outlet,
    closing_credits,
    copyright_outlet,
    credits_from,
    dateline_credits,
    parse_date,
    published_from,
)
from veille.model import Furniture


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("Avec AFP", ["AFP"]),
        ("With Reuters and AP", ["Reuters", "AP"]),
        ("Associated Press writer Jane Doe contributed to this report.", ["AP"]),
        ("Par Euronews avec Agence France-Presse", ["AFP"]),
        ("RAPPORT", []),
    ],
)
def test_agencies_in(text: str, agencies: list[str]) -> None:
    assert agencies_in(text) == agencies


@pytest.mark.parametrize(
    ("paragraph", "agencies"),
    [
        ("PARIS, 8 sept (AFP) - Le gouvernement a annoncé...", ["AFP"]),
        ("KYIV, Ukraine (AP) — Russian forces struck...", ["AP"]),
        ("Bamako (AFP) - Des hommes armés...", ["AFP"]),
        ("Le gouvernement (selon l'AFP) a annoncé - hier - que...", []),
        ("The AFP reported that the talks had failed.", []),
    ],
)
def test_dateline_credits(paragraph: str, agencies: list[str]) -> None:
    assert dateline_credits(paragraph) == agencies


@pytest.mark.parametrize(
    ("byline", "outlet"),
    [("Par Euronews", "Euronews"), ("Par Jean Dupont", None), ("By The Guardian staff", "The Guardian"),
     ("Par Le Figaro", "Le Figaro"), ("Par France 24 avec AFP", "France 24"), ("By Jane Doe and John Roe", None)],
)
def test_byline_outlet(byline: str, outlet: str | None) -> None:
    assert byline_outlet(byline) == outlet


def test_copyright_outlet() -> None:
    assert copyright_outlet("© 2019 The Daily Ledger. All rights reserved.") == "The Daily Ledger"
    assert copyright_outlet("Tous droits réservés") is None


def test_dates_need_a_year() -> None:
    assert str(parse_date("Publié le 12 mars 2019 à 10h32")) == "2019-03-12"
    assert str(parse_date("Updated 3:14 PM EST, Tue March 12, 2019", prefer_month_first=True)) == "2019-03-12"
    assert parse_date("le 12 mars") is None
    assert published_from([], "PARIS, 8 sept (AFP) - ...") is None
    assert published_from([], "15 mars 2016 . – La police a...") == "2016-03-15"
    assert published_from([Furniture(text="Publié le 08/09/2016 à 10:32", kind="byline")], "") == "2016-09-08"


@pytest.mark.parametrize(
    ("paragraph", "agencies"),
    [
        ("Le Conseil fédéral a tranché mercredi. (ats/nxp)", ["ATS"]),
        ("Les secours sont toujours sur place. (AFP)", ["AFP"]),
        ("The talks resume on Monday. (Reuters/dpa)", ["Reuters", "DPA"]),
        ("Le texte a été adopté par la gauche (PS/UDC)", []),  # parties, not agencies
        ("The rate rose by two points (in percent)", []),
    ],
)
def test_closing_credits(paragraph: str, agencies: list[str]) -> None:
    assert closing_credits(paragraph) == agencies


def test_credits_from_a_dateline_after_a_byline_and_a_closing_credit() -> None:
    paragraphs = ["By Jane Doe", "PARIS (Reuters) — The French government said on Monday...", "It ends here. (ats/nxp)"]
    assert credits_from([], paragraphs) == ["Reuters", "ATS"]
    assert credits_from([], ["(AP) — The storm made landfall overnight."]) == ["AP"]
    # A photographer's credit closing a caption is no wire credit of the text.
    caption = Furniture(text="Cranes stand idle at the port, March 3, 2021. REUTERS/Jane Smith", kind="credit")
    assert credits_from([caption], ["The strike began on Thursday."]) == []
