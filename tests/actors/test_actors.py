"""Actors on real parses: curated people and groups, roles and nationality, coreference, membership."""

from __future__ import annotations

import pytest

import veille
from veille.actors.resolve import tables
from veille.model import Actor, Document


def actors(text: str, lang: str = "fr") -> dict[str, Actor]:
    doc: Document = veille.process(text, lang=lang, published="2016-09-08")
    return {e.text: e.actor for e in doc.entities if e.actor is not None}


def test_minister_with_role_and_nationality() -> None:
    found = actors("Le ministre russe des Affaires étrangères Sergueï Lavrov est arrivé à Genève. "
                   "Lavrov a ensuite rencontré la presse.")
    first, later = found["Sergueï Lavrov"], found["Lavrov"]
    assert (first.name, first.code, first.sector) == ("Sergey Lavrov", "RUS", "GOV")
    assert (later.name, later.code) == ("Sergey Lavrov", "RUS")


def test_french_exonym_gets_the_english_canonical_name() -> None:
    found = actors("Au téléphone, le président russe Vladimir Poutine a parlé avec Recep Tayyip Erdoğan.")
    assert found["Vladimir Poutine"].name == "Vladimir Putin"
    assert (found["Recep Tayyip Erdoğan"].code, found["Recep Tayyip Erdoğan"].sector) == ("TUR", "GOV")


def test_another_transliteration_of_a_curated_first_name() -> None:
    entry = tables("fr").lookup_name("Sergeuï Lavrov")
    assert entry is not None and entry.name == "Sergey Lavrov"
    # A different initial is another person.
    assert tables("fr").lookup_name("Anna Lavrov") is None


def test_groups_and_their_former_names() -> None:
    found = actors("Le Front Fateh al-Cham (ex-Front al-Nosra) et le groupe Etat islamique ont été visés, "
                   "selon l'Observatoire syrien des droits de l'Homme (OSDH).")
    nosra = [actor for text, actor in found.items() if "Nosra" in text]
    assert nosra and nosra[0].name == found["Front Fateh al-Cham"].name
    assert found["Etat islamique"].code == "IMG"
    assert found["OSDH"].code == "NGO"


def test_a_commander_takes_his_groups_country_and_sector() -> None:
    found = actors("Abu Omar Saraqeb, le commandant de l’Armée de la Conquête, a été tué.")
    saraqeb = found["Abu Omar Saraqeb"]
    assert (saraqeb.code, saraqeb.sector) == ("SYR", "REB")


@pytest.mark.parametrize(("text", "lang", "code", "sector"), [
    ("Turkish soldiers crossed the border on Monday.", "en", "TUR", "MIL"),
    ("Les policiers français ont interpellé trois hommes.", "fr", "FRA", "COP"),
])
def test_common_noun_actors_from_role_and_nationality(text: str, lang: str, code: str, sector: str) -> None:
    from veille.actors.resolve import resolve

    words = text.split()[:3]
    actor = resolve(" ".join(words[:2]), words, lang)
    assert actor is not None and actor.code == code and actor.sector == sector


def test_place_metonyms_stay_places_but_act_for_a_government() -> None:
    doc = veille.process("Le Kremlin a démenti ces informations.", lang="fr")
    kremlin = [e for e in doc.entities if e.text == "Kremlin"]
    assert kremlin and kremlin[0].actor is not None and kremlin[0].actor.code == "RUS"


def test_surname_shared_by_two_curated_people_of_one_country_gives_that_country() -> None:
    entry = tables("en").lookup_name("Bush")
    assert entry is not None and (entry.code, entry.sector) == ("USA", "GOV")


def test_a_role_before_the_comma_describes_the_name_after_it() -> None:
    doc = veille.process("Le ministre malien de la Défense, Abdou Konaté, a annoncé mardi un couvre-feu à Gao.",
                         lang="fr")
    konate = [e for e in doc.entities if e.text == "Abdou Konaté"]
    assert konate and konate[0].actor is not None
    assert (konate[0].actor.code, konate[0].actor.sector) == ("MLI", "GOV")
    # An enumeration of names is no apposition: each name keeps only its own description.
    doc = veille.process("Sergueï Lavrov, John Kerry et Abdou Konaté se sont rencontrés à Genève.", lang="fr")
    konate = [e for e in doc.entities if e.text == "Abdou Konaté"]
    assert konate and (konate[0].actor is None or konate[0].actor.code != "RUS")


def test_an_unknown_person_who_acts_is_still_the_actor() -> None:
    # Every candidate event, whatever the judge thinks of two private persons meeting: the actor is the point.
    from veille.pipeline import Pipeline
    from veille.readers import InputOptions, make_document
    from veille.readers.detect import InputKind
    from veille.settings import Settings

    doc = make_document("Jean Dupuis a rencontré lundi Pierre Martel à Lyon.", InputKind.TEXT, "<test>",
                        InputOptions(lang="fr"))
    doc = Pipeline(Settings.from_env(min_confidence=0.0))(doc)
    consults = [e for e in doc.events if e.type == "CONSULT"]
    assert consults and [a.name for a in consults[0].actor] == ["Jean Dupuis"]


def test_a_person_the_tables_do_not_know_keeps_the_full_name_on_later_mentions() -> None:
    found = actors("David Leslie Hickson appeared in court in Edmonton on Monday. "
                   "Hickson had pleaded not guilty to murder.", "en")
    assert "David Leslie Hickson" not in found  # nothing known of him beyond his name
    assert found["Hickson"].name == "David Leslie Hickson"
