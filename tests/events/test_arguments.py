"""Event arguments, merging and the main event of a sentence, on real parses."""

from __future__ import annotations

from all_candidates import process_all

from veille.model import Event


def events(text: str, lang: str = "fr") -> list[Event]:
    return process_all(text, lang=lang, published="2016-09-08").events


def names(actors: list) -> set[str]:
    return {a.name for a in actors}


def test_relative_clause_entities_are_not_the_actor() -> None:
    found = events("Le ministre russe des Affaires étrangères Sergueï Lavrov, qui s’est entretenu ce jeudi avec "
                   "l’envoyé de l’ONU pour la Syrie Staffan de Mistura, doit rencontrer ce vendredi son homologue "
                   "américain John Kerry.")
    planned = [e for e in found if e.type == "CONSULT" and e.status == "planned"]
    met = [e for e in found if e.type == "CONSULT" and e.status == "occurred"]
    assert planned and names(planned[0].actor) == {"Sergey Lavrov"} and "John Kerry" in names(planned[0].target)
    assert met and names(met[0].actor) == {"Sergey Lavrov"} and "Staffan de Mistura" in names(met[0].target)
    assert planned[0].date is not None and planned[0].date.value == "2016-09-09"


def test_possessive_takes_the_participants_of_the_last_event() -> None:
    found = events("Sergueï Lavrov doit rencontrer ce vendredi John Kerry. "
                   "Leur dernier tête-à-tête remonte au 26 août.")
    last = [e for e in found if e.date is not None and e.date.value == "2016-08-26"]
    assert last and last[0].type == "CONSULT"
    assert names(last[0].actor) | names(last[0].target) >= {"Sergey Lavrov", "John Kerry"}


def test_next_sentence_telling_more_of_an_attack_is_merged() -> None:
    found = events("On voit des tanks turcs détruits par des tirs de roquette du groupe Etat islamique. "
                   "L’armée turque a fait état de la mort de deux soldats.")
    assaults = [e for e in found if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].fatalities == 2 and "Islamic State" in names(assaults[0].actor)
    assert assaults[0].mentions  # the second sentence is kept as a mention


def test_declared_dead_names_the_victim_not_the_declarer() -> None:
    found = events("Abu Omar Saraqeb, le commandant de l’Armée de la Conquête, a été déclaré mort ce jeudi par le "
                   "Front Fateh al-Cham.")
    (assault,) = [e for e in found if e.type == "ASSAULT"]
    assert "Abu Omar Saraqeb" in names(assault.target)
    assert assault.fatalities == 1


def test_threat_verb_is_the_main_event() -> None:
    found = events("Iran on Tuesday threatened to cut off electricity to Nakhichevan over unpaid bills.", "en")
    best = max(found, key=lambda e: e.confidence)
    assert best.type == "THREATEN"


def test_announced_coercion_is_also_a_threat() -> None:
    found = events("NATO confirmed on Wednesday it would tighten the naval blockade of Serbia.", "en")
    assert any(e.type == "THREATEN" and e.status == "occurred" for e in found)


def test_stance_adjective_makes_its_subject_the_actor() -> None:
    found = events("Norway is willing to send equipment to Saudi Arabia.", "en")
    agree = [e for e in found if e.type == "AGREE"]
    assert agree and any(a.code == "NOR" for a in agree[0].actor)


def test_attack_without_perpetrator_is_an_unidentified_armed_force_of_its_country() -> None:
    found = events("A roadside bomb killed one U.S. soldier in Baghdad on Sunday.", "en")
    (attack,) = [e for e in found if e.type == "ASSAULT"]
    assert [(a.code, a.sector) for a in attack.actor] == [("IRQ", "UAF")]


def test_pronoun_subject_of_reported_speech_is_the_speaker() -> None:
    found = events("Switzerland said today it had expelled two Russian diplomats for spying.", "en")
    assert any(a.code == "CHE" for e in found for a in e.actor)


def test_participle_clause_shares_the_subject() -> None:
    found = events("Egyptian police opened fire on Monday, killing one person and arresting 12 demonstrators.", "en")
    arrests = [e for e in found if e.type == "COERCE"]
    assert arrests and any(a.code == "EGY" for a in arrests[0].actor)


def test_two_acts_of_one_attacker_told_with_two_verbs_stay_two_events() -> None:
    found = events("Le récit de la matinée à Carcassonne.\n\n"
                   "Dans la matinée, à Carcassonne, il a volé une voiture, ayant tué un passager et blessé le "
                   "conducteur. Puis il a tiré une balle sur l'un des policiers, qui a été blessé à l'épaule.")
    assaults = [e for e in found if e.type == "ASSAULT"]
    assert len({e.evidence.start for e in assaults}) >= 2


def test_the_same_verb_told_again_of_the_same_people_is_one_event() -> None:
    found = events("Police arrested two men in Leeds on Friday.\n\n"
                   "The police said they arrested the two men after a long inquiry.", "en")
    arrests = [e for e in found if e.type == "COERCE"]
    assert len(arrests) == 1
    assert arrests[0].mentions


def test_one_investigator_of_two_targets_makes_two_investigations() -> None:
    found = events("The FBI opened an investigation into FIFA in 2015.\n\n"
                   "The FBI also opened an investigation into Donald Trump.", "en")
    investigations = [e for e in found if e.type == "ACCUSE"]
    assert len(investigations) == 2
