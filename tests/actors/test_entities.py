"""Entity corrections: extents, non-entities, furniture lines, gazetteer names."""

from __future__ import annotations

import pytest

from veille.actors.entities import correct, correct_entities
from veille.actors.gazetteer import country_names, ruler_patterns
from veille.model import Document, Entity


def ent(text: str, surface: str, label: str = "LOC", nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(text=surface, start=start, end=start + len(surface), label=label)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Il est arrivé en France mardi, venant de la France voisine.", "la France", "France"),
        ("Le représentant de l'ONU a parlé.", "l'ONU", "ONU"),
        ("Les troupes du Mali ont reculé.", "du Mali", "Mali"),
        ("La France a voté contre.", "La France", "France"),
        ("Il vit au Caire depuis 2010. Le Caire est immense.", "Le Caire", "Le Caire"),
        ("le commandant de “l’Armée de la Conquête”, la principale alliance", "l’Armée de la Conquête”",
         "Armée de la Conquête"),
        ("le Front Fateh al-Cham (ex-Front al-Nosra).", "ex-Front al-Nosra", "Front al-Nosra"),
        ("The talks in the United Kingdom resumed.", "the United Kingdom", "United Kingdom"),
    ],
)
def test_extent_fixes(text: str, surface: str, expected: str) -> None:
    lang = "en" if text.startswith("The") else "fr"
    fixed = correct(ent(text, surface), text, lang)
    assert fixed is not None and fixed.text == expected
    assert text[fixed.start:fixed.end] == expected


@pytest.mark.parametrize(("text", "surface"), [("L'État a répondu.", "État"), ("Groupe A : victoire", "A"),
                                                ("à 14 h UTC hier", "UTC")])
def test_not_entities(text: str, surface: str) -> None:
    assert correct(ent(text, surface), text, "fr") is None


def test_entities_on_share_lines_are_dropped() -> None:
    text = "Le président a parlé à Lyon.\n\nPartager cet article :\nCourriel ,\nFacebook ,\nGoogle ,\n"
    doc = Document(text=text, language="fr", entities=[ent(text, "Lyon"), ent(text, "Google", "ORG"),
                                                        ent(text, "Facebook", "ORG")])
    assert [e.text for e in correct_entities(doc)] == ["Lyon"]


def test_country_names_from_cldr() -> None:
    assert {"France", "Syrie", "Chine", "États-Unis"} <= country_names("fr")
    assert {"Syria", "China", "United States"} <= country_names("en")
    assert country_names("xx-not-a-locale") == frozenset()
    assert any(p["pattern"] == "Syrie" and p["label"] == "LOC" for p in ruler_patterns("fr"))


def test_surname_alone_is_the_person_named_in_full() -> None:
    import veille

    text = "De Gendt remporte l'étape, Froome conserve le maillot.\n\nLe Britannique Chris Froome a gagné."
    found = {(e.text, e.label) for e in veille.process(text, lang="fr").entities}
    assert ("Froome", "PER") in found and ("De Gendt", "PER") in found


def test_fixture_is_two_places_and_city_inside_event_name() -> None:
    import veille

    found = {(e.text, e.label) for e in veille.process(
        "Groupe E : Belgique - Irlande, à 15h à Bordeaux.\n\nLes Jeux olympiques de Rio ont commencé.",
        lang="fr").entities}
    assert ("Belgique", "LOC") in found and ("Irlande", "LOC") in found
    assert ("Rio", "LOC") in found
