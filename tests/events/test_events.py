"""The events stage on real parses: types, status, figurative uses, evidence spans."""

from __future__ import annotations

import pytest
from all_candidates import process_all

from veille.model import Document


def events(text: str, lang: str) -> Document:
    return process_all(text, lang=lang, published="2016-09-08")


@pytest.mark.parametrize(
    ("text", "lang", "kind", "status"),
    [
        ("Le ministre russe a rencontré lundi son homologue américain à Genève.", "fr", "CONSULT", "occurred"),
        ("Le ministre russe doit rencontrer vendredi son homologue américain.", "fr", "CONSULT", "planned"),
        ("La Russie et les Etats-Unis ne sont pas parvenus à un accord sur une sortie de crise.", "fr", "AGREE",
         "negated"),
        ("Police arrested twelve protesters in Lagos on Wednesday after clashes near parliament.", "en", "COERCE",
         "occurred"),
        ("Canadian authorities filed charges on Wednesday against the leader of the sect.", "en", "ACCUSE",
         "occurred"),
        # "shoot" is often figurative: a weapon in the sentence says it is not.
        ("The man pulled a handgun and shot at both officers.", "en", "ASSAULT", "occurred"),
        ("Un homme armé d'un couteau a poignardé deux passants.", "fr", "ASSAULT", "occurred"),
        # "enlever" is also "remove": taking people away is a kidnapping, even with no weapon named.
        ("Un Français a été enlevé tôt ce jeudi au Tchad.", "fr", "ASSAULT", "occurred"),
        ("Un policier a fait feu.", "fr", "ASSAULT", "occurred"),
    ],
)
def test_type_and_status(text: str, lang: str, kind: str, status: str) -> None:
    doc = events(text, lang)
    found = [(e.type, e.status) for e in doc.events]
    assert (kind, status) in found
    if status == "negated":
        assert (kind, "occurred") not in found


def test_diplomatic_clashes_are_no_assault() -> None:
    doc = events("A Genève, les affrontements sont diplomatiques. Les deux délégations se sont quittées sans accord.",
                 "fr")
    assert not [e for e in doc.events if e.type == "ASSAULT"]
    # The same word in a violent context is an assault: the filter is not an empty output.
    real = events("A Alep, les affrontements entre l'armée syrienne et les rebelles ont fait dix morts.", "fr")
    assert [e for e in real.events if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Environ 290 personnes sont mortes et 900 ont été blessées lorsque deux trains ont déraillé près de "
         "Calcutta.", "fr"),
        ("L'ancien député est mort mercredi à Kinshasa à l'âge de 77 ans.", "fr"),
        ("Twelve people died and forty were injured when a bus crashed on the highway near Lagos.", "en"),
    ],
)
def test_accidents_and_natural_deaths_are_no_assault(text: str, lang: str) -> None:
    doc = events(text, lang)
    assert doc.places  # the sentence was read: its place is there, only the attack is not
    assert not [e for e in doc.events if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Trois soldats sont morts et deux ont été blessés dans l'explosion d'une bombe près de Kidal.", "fr"),
        ("Deux civils ont été tués lundi à Alep.", "fr"),
        ("Gunmen killed five villagers near Maiduguri on Sunday.", "en"),
    ],
)
def test_deaths_in_violence_stay_assaults(text: str, lang: str) -> None:
    assert [e for e in events(text, lang).events if e.type == "ASSAULT"]


def test_one_event_for_a_participle_and_its_agent_noun() -> None:
    doc = events("Des tanks turcs ont été détruits par des tirs de roquette du groupe Etat islamique près de la "
                 "frontière.", "fr")
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assaults) == 1


def test_evidence_and_trigger_point_into_the_text() -> None:
    text = ("Abu Omar Saraqeb, le commandant de “l’Armée de la Conquête”, a été déclaré mort jeudi. "
            "Le ministre doit rencontrer vendredi son homologue.")
    doc = events(text, "fr")
    assert doc.events
    for e in doc.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert e.evidence.start <= e.trigger.start < e.evidence.end
        assert not e.evidence.text.startswith(",")
        assert 0 < e.confidence < 1


def test_furniture_lines_yield_no_events() -> None:
    text = ("Le gouvernement a annoncé une enquête.\n\nPartager cet article :\nCourriel ,\nFacebook ,\n")
    doc = events(text, "fr")
    assert all(e.evidence.start < text.index("Partager") for e in doc.events)


def _one(text: str, lang: str, kind: str) -> list:
    return [e for e in events(text, lang).events if e.type == kind]


def test_a_call_with_its_object_between_verb_and_preposition_is_a_request() -> None:
    found = _one("Le président ukrainien Volodymyr Zelensky a appelé les Occidentaux à livrer des missiles.", "fr",
                 "REQUEST")
    assert found and any(a.code == "UKR" for a in found[0].actor)
    assert not _one("Il a appelé son frère hier soir.", "fr", "REQUEST")  # a phone call is no request


def test_the_nationality_of_an_absorbed_strike_names_the_attacker() -> None:
    found = _one("Au moins douze civils ont été tués jeudi dans une frappe aérienne russe sur un marché d'Idleb.", "fr",
                 "ASSAULT")
    assert len(found) == 1 and [(a.name, a.code) for a in found[0].actor] == [("Russia", "RUS")]
    assert found[0].fatalities == 12


def test_dispersal_of_a_protest_in_a_city() -> None:
    doc = events("Les forces de sécurité ont dispersé une manifestation de l'opposition à Dakar.", "fr")
    coerce = [e for e in doc.events if e.type == "COERCE"]
    protest = [e for e in doc.events if e.type == "PROTEST"]
    assert coerce and [(a.sector, a.code) for a in coerce[0].actor] == [("COP", "SEN")]
    assert protest and [a.sector for a in protest[0].actor] == ["OPP"]
    # The city is where it happened, never the target.
    assert all(a.name != "Dakar" for e in doc.events for a in e.target)


def test_what_a_negated_verb_controls_did_not_happen() -> None:
    doc = events("Les deux camps ne sont pas parvenus à s'entendre sur une trêve.", "fr")
    assert {(e.type, e.status) for e in doc.events} >= {("AGREE", "negated"), ("RETREAT", "negated")}
    assert [e.status for e in _one("L'armée n'a pas hésité à bombarder le village.", "fr", "ASSAULT")] == ["occurred"]


def test_a_trigger_word_inside_a_name_is_no_event() -> None:
    doc = events("Les Forces de soutien rapide ont pris le contrôle de la ville.", "fr")
    assert not [e for e in doc.events if e.type == "SUPPORT"]
    # The name is still the group, and the group still acts.
    assert [a.sector for e in doc.events if e.type == "COERCE" for a in e.actor] == ["REB"]


def test_approximate_and_listed_casualty_counts() -> None:
    found = _one("L'armée a annoncé avoir tué une cinquantaine de jihadistes près de Maiduguri.", "fr", "ASSAULT")
    assert found and found[0].fatalities == 50
    found = _one("Un kamikaze s'est fait exploser devant une mosquée de Kaboul, faisant trente morts et soixante "
                 "blessés.", "fr", "ASSAULT")
    assert found and (found[0].fatalities, found[0].injuries) == (30, 60)


def test_a_plotted_attack_has_not_happened() -> None:
    found = _one("La police a interpellé trois hommes soupçonnés de préparer un attentat à Marseille.", "fr", "ASSAULT")
    assert found and all(e.status != "occurred" for e in found)
    assert not _one("La police a interpellé trois hommes soupçonnés de préparer un attentat à Marseille.", "fr",
                    "THREATEN")


def test_people_named_only_by_role_belong_to_the_place() -> None:
    found = _one("Demonstrators in Baghdad blocked a road to protest against the new law.", "en", "PROTEST")
    assert found and any(a.code == "IRQ" for a in found[0].actor)


def test_a_reflexive_verb_is_not_a_passive() -> None:
    found = _one("Plusieurs centaines de personnes se sont rassemblées devant le Parlement à Tunis.", "fr", "PROTEST")
    assert found and [a.sector for a in found[0].actor] == ["CVL"] and not found[0].target


def test_a_released_hostage_is_the_target_even_after_a_date() -> None:
    found = _one("Le Hamas a libéré jeudi quatre otages israéliens.", "fr", "RETREAT")
    assert found and [a.code for a in found[0].target] == ["ISR"]


def test_an_if_clause_is_hypothetical_and_its_place_is_its_own() -> None:
    found = _one("Moscou a menacé de riposter si l'Otan déployait des troupes en Ukraine.", "fr", "MOBILIZE")
    assert found and found[0].status == "hypothetical" and found[0].place is not None
    assert found[0].place.country == "UKR"
    real = _one("Même si l'Otan a déployé des troupes en Pologne, Moscou n'a pas réagi.", "fr", "MOBILIZE")
    assert real and real[0].status == "occurred"


def test_an_event_dating_the_clause_is_not_done_by_its_subject() -> None:
    found = _one("La France a convoqué l'ambassadeur d'Algérie après l'expulsion de douze agents consulaires.", "fr",
                 "COERCE")
    assert found and all(a.code != "FRA" for a in found[0].actor)


def test_the_toll_of_a_clash_is_not_a_second_assault() -> None:
    found = _one("Des affrontements entre l'armée congolaise et les rebelles du M23 ont fait au moins quinze morts "
                 "près de Goma.", "fr", "ASSAULT")
    assert len(found) == 1 and found[0].fatalities == 15 and len(found[0].actor) == 2


def test_a_host_city_is_where_a_meeting_is_held() -> None:
    found = _one("Le chef de la junte a reçu lundi à Niamey une délégation de la Cédéao.", "fr", "CONSULT")
    assert found and all(a.name != "Niamey" for a in found[0].target) and found[0].place is not None
    assert found[0].place.country == "NER"


def test_armed_men_are_no_arms_delivery() -> None:
    doc = events("Des hommes armés ont enlevé dimanche une vingtaine de villageois dans l'État de Zamfara.", "fr")
    assert not [e for e in doc.events if e.type == "AID"]
    assert [e for e in doc.events if e.type == "ASSAULT"]


_WIRE_STORY = (
    "Khartoum, 14 mars (AFP) - Au moins quarante civils ont été tués mercredi dans une attaque des Forces de "
    "soutien rapide (FSR) contre le camp de déplacés de Zamzam, près d'El-Facher, a annoncé un responsable local.\n\n"
    "Les paramilitaires ont pilonné le camp à l'artillerie lourde, selon des témoins joints par téléphone.\n\n"
    "L'armée soudanaise a accusé les FSR de « crimes de guerre ». Le secrétaire général de l'ONU, Antonio Guterres, "
    "s'est dit « profondément choqué » et a réclamé une enquête indépendante.\n\n"
    "Washington a annoncé de nouvelles sanctions contre deux commandants des FSR.")


def _by_trigger(text: str, lang: str, published: str) -> dict:
    """The events of a whole story, by their trigger word."""
    return {e.trigger.text: e for e in process_all(text, lang=lang, published=published).events}


def test_a_wire_story_end_to_end() -> None:
    by_trigger = _by_trigger(_WIRE_STORY, "fr", "2024-03-14")
    attack = by_trigger["tués"]
    # The dateline's city and agency take no part, its day counts no one; the attackers are who "de" names.
    assert attack.fatalities == 40 and [a.sector for a in attack.actor] == ["REB"]
    assert all(a.name not in {"Khartoum", "Agence France-Presse"} for a in attack.actor + attack.target)
    # The paramilitaries' shelling of the camp tells more of the same attack: one event, two mentions,
    # placed where the story is.
    assert "pilonné" not in by_trigger and any("pilonné" in m.text for m in attack.mentions)
    assert attack.place is not None and attack.place.text == "Zamzam"
    # Sourcing and set phrases are no events.
    assert "téléphone" not in by_trigger and "guerre" not in by_trigger
    # A coordinated verb shares its subject; an announced sanction is done by who announces it.
    assert by_trigger["réclamé"].type == "REQUEST" and any(a.code == "IGO" for a in by_trigger["réclamé"].actor)
    assert [a.code for a in by_trigger["sanctions"].actor] == ["USA"]


def test_ambush_by_jihadists_and_a_claimed_riposte() -> None:
    text = ("Bamako, 3 juin (Reuters) - Trois soldats maliens ont été tués dimanche dans une embuscade tendue par des "
            "jihadistes présumés près de Gao, a annoncé l'armée.\n\n"
            "L'armée affirme avoir « neutralisé » une dizaine d'assaillants lors de la riposte.\n\n"
            "Par ailleurs, les autorités ont annoncé lundi l'arrestation de deux anciens ministres.")
    by_trigger = _by_trigger(text, "fr", "2024-06-04")
    assert [a.sector for a in by_trigger["tués"].actor] == ["INS"] and by_trigger["tués"].fatalities == 3
    riposte = by_trigger["neutralisé"]
    assert riposte.type == "ASSAULT" and [a.sector for a in riposte.actor] == ["MIL"] and riposte.fatalities == 10
    arrest = by_trigger["arrestation"]
    # Announced by the authorities who made it; a new story ("Par ailleurs") is where the wire was filed.
    assert [a.sector for a in arrest.actor] == ["GOV"]
    assert arrest.place is not None and arrest.place.text == "Bamako"


def test_an_english_wire_story() -> None:
    text = ("ABUJA, March 14 (Reuters) - Gunmen killed at least 12 people in an overnight raid on a village in "
            "Nigeria's Plateau state, police said on Thursday.\n\n"
            "President Bola Tinubu condemned the killings.\n\n"
            "Separately, the army said it had arrested 30 suspected members of Boko Haram in Borno state.")
    doc = process_all(text, lang="en", published="2024-03-14")
    kinds = [(e.type, e.trigger.text) for e in doc.events]
    assert ("PROTEST", "March") not in kinds  # a date, not a march
    assert not [e for e in doc.events if e.type == "ACCUSE" and e.trigger.text == "suspected"]
    killings = [e for e in doc.events if e.trigger.text == "killings"]
    assert all(a.name != "Bola Tinubu" for e in killings for a in e.actor)  # he condemned them, he did not kill
    killed = [e for e in doc.events if e.trigger.text == "killed"]
    assert killed and killed[0].fatalities == 12
    assert [e.type for e in doc.events if e.trigger.text == "arrested"] == ["COERCE"]


def test_a_vote_at_the_un_and_what_the_resolution_demands() -> None:
    by_trigger = _by_trigger("Le Conseil de sécurité de l'ONU a adopté jeudi à l'unanimité une résolution exigeant un "
                             "cessez-le-feu immédiat au Soudan.", "fr", "2024-03-15")
    assert by_trigger["adopté"].type == "SUPPORT" and [a.code for a in by_trigger["adopté"].actor] == ["IGO"]
    assert by_trigger["exigeant"].type == "REQUEST"
    # "adopter" without a resolution or law is no vote.
    assert not _one("L'armée a adopté une nouvelle stratégie.", "fr", "SUPPORT")


def test_kidnappers_threats_and_purposes() -> None:
    found = _one("Les deux humanitaires avaient été kidnappés par des hommes armés près de Fada N'Gourma.", "fr",
                 "ASSAULT")
    assert found and [a.name for a in found[0].actor] == ["hommes armés"]
    threat = events("Moscou a menacé de riposter si l'Otan déployait des troupes en Ukraine.", "fr")
    assert [e.status for e in threat.events if e.trigger.text == "riposter"] == ["hypothetical"]
    assert [e.type for e in threat.events if e.trigger.text == "menacé"] == ["THREATEN"]
    request = _one("Des centaines de personnes se sont rassemblées à Tunis pour réclamer la libération des opposants.",
                   "fr", "REQUEST")
    assert request and [a.sector for a in request[0].actor] == ["CVL"]


def test_roles_with_places_capitals_as_actors_and_expelled_diplomats() -> None:
    found = _one("Un opposant a été condamné mardi à dix ans de prison par un tribunal de Conakry.", "fr", "SANCTION")
    assert found and [(a.sector, a.code) for a in found[0].actor] == [("JUD", "GIN")]
    swap = _one("Kiev et Moscou ont procédé dimanche à un échange de prisonniers.", "fr", "RETREAT")
    assert swap and {a.code for a in swap[0].actor} == {"UKR", "RUS"} and swap[0].place is None
    bombing = _one("Israël a intensifié ses bombardements sur la bande de Gaza.", "fr", "ASSAULT")
    assert bombing and bombing[0].place is not None  # the bombed territory is where it happens
    assert [e.type for e in events("La junte a expulsé l'ambassadeur de France.", "fr").events] == ["SANCTION"]
    assert [e.type for e in events("La police a expulsé les occupants du squat.", "fr").events] == ["COERCE"]
    riots = _one("Les autorités ont instauré un couvre-feu à Nouméa après trois nuits d'émeutes.", "fr", "PROTEST")
    assert riots and not riots[0].actor  # the riots are not the authorities'


def test_diplomatic_moves() -> None:
    call = _one("Le président sénégalais s'est entretenu lundi au téléphone avec son homologue français.", "fr",
                "CONSULT")
    assert call and [a.code for a in call[0].actor] == ["SEN"] and [a.code for a in call[0].target] == ["FRA"]
    cut = _one("Le Niger a rompu ses relations diplomatiques avec l'Ukraine.", "fr", "SANCTION")
    assert cut and cut[0].mode == "sever" and [a.code for a in cut[0].actor] == ["NER"]
    recall = events("L'Algérie a rappelé son ambassadeur à Paris pour consultations.", "fr")
    assert [e.type for e in recall.events] == ["SANCTION"]  # "pour consultations" is no meeting
    signing = _one("Les deux pays ont signé mercredi un accord de défense à Abidjan.", "fr", "AGREE")
    assert signing and not signing[0].target and signing[0].place is not None  # the city is where, not whom


def test_removing_things_is_no_kidnapping() -> None:
    doc = events("Les ouvriers ont enlevé les barrages sur la route.", "fr")
    assert not [e for e in doc.events if e.type == "ASSAULT"]


def test_people_fighting_each_other_is_a_clash_and_facing_a_crisis_is_not() -> None:
    clash = events("Des détenus de deux organisations criminelles se sont affrontés dans une prison de Manaus.", "fr")
    assert [e.type for e in clash.events] == ["ASSAULT"]
    crisis = events("Le gouvernement doit affronter une crise.", "fr")
    assert not [e for e in crisis.events if e.type == "ASSAULT"]
