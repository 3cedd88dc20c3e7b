"""The ``events.v1`` stage: PLOVER events with arguments, place, date, casualties, evidence.

Per sentence: triggers and arguments (:mod:`veille.events.extract`), status
(:mod:`veille.events.status`); then the place and date of the event's sentence (else the
paragraph's frame, "A Genève, ..."), numbers of dead, wounded or demonstrators attached to it, and
within-document merging of mentions of the same event. Sentences on furniture lines yield nothing.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from veille.events.document import Candidate, completed, lede_end, merged, trigger_forms
from veille.events.extract import (
    DOMESTIC_SECTORS,
    OBJECTS,
    PASSIVE_SUBJECTS,
    Mention,
    arguments,
    find_triggers,
    fronted_subject,
    is_figurative,
    phrase_actors,
    tree_depth,
)
from veille.events.judge import judged
from veille.events.lexicon import Lexicon, Trigger, grammar_of, lexicon
from veille.events.status import status_of
from veille.extract.metadata import dateline_end
from veille.extract.scraped import FURNITURE_IN_TEXT, furniture_line_spans
from veille.model import AcledType, Actor, Document, Entity, Event, EventDate, Place, Span
from veille.nlp import paragraph_bounds, sentence_spans
from veille.registry import Stage, registry
from veille.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    NotAnEventRule = Callable[["DocumentContext", "SentenceScope", Any, Trigger], bool]

_NUMBER = re.compile(r"^\d{1,3}(?:[ .,\u202f\u00a0]\d{3})+$|^\d+$")
# The confidence score: a base, adjusted for missing arguments, risky triggers (a figurative-risk
# word has already passed the violent-context check, hence a small penalty) and hedged sentences.
# `make bench` prints its reliability table on the PLOVER sentences.
CONFIDENCE = {"base": 0.55, "actor": 0.12, "target": 0.08, "verb": 0.08, "figurative_risk": -0.05,
              "no_participant": -0.2, "hedged": -0.12,
              "main_clause": 0.06, "governed": -0.2}


@cache
def crosswalk() -> dict[str, Any]:
    """PLOVER → CAMEO/ACLED crosswalk (``data/crosswalk.json``), empty when absent."""
    path = resources.files("veille.events").joinpath("data/crosswalk.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _default_cameo(event_type: str) -> str | None:
    table = crosswalk().get("plover_to_cameo") or crosswalk().get("types") or {}
    value = table.get(event_type)
    if isinstance(value, dict):
        return value.get("default") or value.get("cameo")
    return value if isinstance(value, str) else None


def _number_value(token_text: str, lex: Lexicon) -> int | None:
    text = token_text.strip()
    if _NUMBER.match(text):
        return int(re.sub(r"\D", "", text))
    words = lex.quantities.get("numbers") or {}
    value = words.get(text.lower()) if isinstance(words, dict) else None
    if isinstance(value, dict):
        value = value.get("value")
    return int(value) if isinstance(value, int | float) else None


def quantities(sentence: SpacySpan, lex: Lexicon, offset: int = 0,
               uncounted: Sequence[tuple[int, int]] = ()) -> dict[str, int]:
    """Fatalities, injuries and crowd size stated in ``sentence`` ("la mort de deux soldats"); numbers
    inside the ``uncounted`` character spans (dates, datelines) count nothing."""
    found: dict[str, int] = {}
    kinds = {kind: lex.quantity_words(kind) for kind in ("fatalities", "injuries", "size")}
    approximate = {w for w, v in (lex.quantities.get("numbers") or {}).items() if isinstance(v, dict)}
    counted = set().union(*kinds.values())
    for tok in sentence:
        # "une cinquantaine de jihadistes": an approximate number is a noun, counted where it stands.
        is_noun_count = tok.lower_ in approximate
        if not is_noun_count and tok.dep_ not in {"nummod", "nmod", "det"} and tok.pos_ != "NUM":
            continue
        value = _number_value(tok.text, lex)
        if value is None or any(a <= offset + tok.idx < b for a, b in uncounted):
            continue
        after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if not is_noun_count and after is not None and {after.lemma_.lower(), after.lower_} & counted:
            # "trente morts et soixante blessés": a number counts the word right after it, whatever
            # the parse made of the list.
            context = {after.lemma_.lower(), after.lower_}
        else:
            noun = tok if is_noun_count else tok.head
            # The noun's own words, not the next item of a list.
            own = [c for c in noun.children if c.dep_ not in {"conj", "cc"}]
            context = {noun.lemma_.lower(), noun.text.lower(), noun.head.lemma_.lower(), noun.head.text.lower()}
            context |= {c.lemma_.lower() for c in own} | {c.text.lower() for c in own}
        for kind, words in kinds.items():
            if context & words and kind not in found:
                found[kind] = value
    return found


def _paragraph_frames(doc: Document) -> list[tuple[int, int, Place]]:
    """Paragraphs opened by a place frame ("A Genève, ...", "In Kyiv, ..."): their span and place."""
    frames = []
    start = 0
    for paragraph in doc.text.split("\n\n"):
        end = start + len(paragraph)
        head = paragraph[:60]
        for place in doc.places:
            if start <= place.start < start + len(head) and "," in paragraph[place.end - start:place.end - start + 3]:
                frames.append((start, end, place))
                break
        start = end + 2
    return frames


def _wider_place(doc: Document, s_start: int, s_end: int) -> Place | None:
    """Where a sentence with no town of its own happens: a continent it names, else its first
    country, else the paragraph's own places — the last one before the sentence, else the first
    after it ("...des tanks turcs détruits... Elles auraient été tournées près du village d'al-Waqf")."""
    inside = [p for p in doc.places if s_start <= p.start < s_end]
    if inside:
        return next((p for p in inside if p.feature == "CONT"), inside[0])
    p_start, p_end = paragraph_bounds(doc.text, s_start, s_end)
    before = [p for p in doc.places if p_start <= p.start < s_start and p.feature not in {"PCLI", "CONT"}]
    after = [p for p in doc.places if s_end <= p.start < p_end and p.feature not in {"PCLI", "CONT"}]
    return before[-1] if before else (after[0] if after else None)


_SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl:subj"}


def _clause_place(doc: Document, token: Any, offset: int) -> Place | None:
    """The first town, division or site named in the trigger's own clause, its subject left out, else
    its first country: "Moscou a menacé de riposter si l'Otan déployait des troupes en Ukraine" deploys
    in Ukraine, not in Moscow."""
    start, end = offset + token.left_edge.idx, offset + token.right_edge.idx + len(token.right_edge.text)
    subjects = [(offset + c.left_edge.idx, offset + c.right_edge.idx + len(c.right_edge.text))
                for c in token.children if c.dep_ in _SUBJECT_DEPS]
    own = [p for p in doc.places if start <= p.start < end and not any(a <= p.start < b for a, b in subjects)]
    specific = [p for p in own if p.feature not in _COUNTRY_FEATURES]
    return specific[0] if specific else (own[0] if own else None)


def _located(doc: Document, token: Any, offset: int, s_start: int, s_end: int,
             frames: list[tuple[int, int, Place]], default: Place | None = None) -> Place | None:
    """Where the event happens: a town or site of its own clause, else the paragraph's frame ("A
    Genève, ..."), else a country of its own clause, else a town of its sentence, else where the
    story last was (``default``), else the sentence's countries and the paragraph's places. A country
    named elsewhere in the sentence ("après une médiation du Qatar") is a weaker sign than the story."""
    own = _clause_place(doc, token, offset)
    if own is not None and own.feature not in _COUNTRY_FEATURES:
        return own
    for start, end, place in frames:
        if start <= s_start < end:
            return place
    if own is not None:
        return own
    towns = [p for p in doc.places if s_start <= p.start < s_end and p.feature not in _COUNTRY_FEATURES]
    if towns:
        return towns[0]
    return default or _wider_place(doc, s_start, s_end)


_COUNTRY_FEATURES = {"PCLI", "PCLS", "PCLD", "PCLIX", "PCL", "CONT"}


def _not_a_participant(place: Place | None, participants: list[Actor]) -> Place | None:
    """A country that takes part ("la Russie et les Etats-Unis ne sont pas parvenus...") is an actor
    of the event, not where it happens."""
    if place is not None and place.feature == "PCLI" and place.country in {a.code for a in participants}:
        return None
    return place


def _not_an_actor(place: Place | None, actors: list[Actor]) -> Place | None:
    """A capital standing for its government ("Kiev et Moscou ont procédé à un échange") is who acts,
    not where; a bombed city ("bombardements sur Gaza") stays where it happens."""
    if place is not None and place.text in {a.text for a in actors}:
        return None
    return place


def _date_for(doc: Document, s_start: int, s_end: int, trigger_pos: int) -> EventDate | None:
    dates = [t for t in doc.times if s_start <= t.start < s_end and t.type in {"DATE", "TIME"} and t.value]
    if not dates:
        return None
    nearest = min(dates, key=lambda t: abs(t.start - trigger_pos))
    return EventDate(text=nearest.text, value=nearest.value)


def _with_sentence_country(actors: list[Actor], targets: list[Actor], sentence: Any, doc: Document,
                           offset: int) -> list[Actor]:
    """An official with a role but no country ("Ousted President Askar Akayev ... Kyrgyzstan") acts for
    the one country the sentence names, when that is not the other side's country."""
    if not any(a.code is None and a.sector in {"GOV", "MIL", "COP", "JUD", "OPP"} for a in actors):
        return actors
    start, end = offset + sentence.start_char, offset + sentence.end_char
    named = {p.country for p in doc.places if start <= p.start < end and p.country and p.feature in {"PCLI", None}}
    named |= {e.actor.code for e in doc.entities if start <= e.start < end and e.label == "LOC" and e.actor
              and e.actor.code and len(e.actor.code) == 3 and e.actor.code not in {"IGO", "NGO", "IMG"}}
    named -= {a.code for a in targets if a.code}
    if len(named) != 1:
        return actors
    country = next(iter(named))
    return [a.model_copy(update={"code": country}) if a.code is None and a.sector in {"GOV", "MIL", "COP", "JUD", "OPP"}
            else a for a in actors]


def _governed(token: Any, triggers: dict[int, str]) -> bool:
    """Whether another event word of another type governs this one within three steps, or this one is
    the purpose of the clause's own event ("staged demonstrations to demand reforms")."""
    own = triggers.get(token.i)
    if token.dep_ == "advcl" and "Inf" in token.morph.get("VerbForm", []) and any(
            i in triggers and triggers[i] != own for i in (t.i for t in token.head.subtree if t not in token.subtree)):
        return True
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i in triggers and triggers[node.i] != own:
            return True
    return False


def _descriptive(token: Any, trigger: Any) -> bool:
    """A trigger word that describes rather than reports: a noun in apposition ("l'Armée de la
    Conquête, la principale alliance de rebelles") or a participle of support qualifying a noun
    ("les forces syriennes soutenues par l'armée russe": a standing relation, not an event)."""
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "appos":
        return True
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} \
            and fronted_subject(token.head) is not None:
        return True  # an apposition the parser took for the subject
    # "des hommes armés": a participle of support or supply qualifying a noun describes it; so does
    # "suspected" or "présumés" before or after a noun ("suspected members of Boko Haram").
    if trigger.type == "ACCUSE" and token.dep_ == "amod" and not any(c.dep_ in {"obl", "obl:arg", "prep", "obl:agent"}
                                                                   for c in token.children):
        return True
    return trigger.type in {"SUPPORT", "COOPERATE", "AID"} and token.dep_ in {"acl", "amod"} \
        and token.pos_ in {"VERB", "ADJ"}


# Events a third party reports ("X a annoncé la mort de...", "police reported clashes"): the reporter
# is not their actor. Policy acts, arrests and deployments are done by who announces them
# ("Washington a annoncé des sanctions", "les autorités ont annoncé l'arrestation de...").
_REPORTED_TYPES = {"ASSAULT", "PROTEST"}


@cache
def _reporting_verbs(lang: str, kind: str = "ASSAULT") -> frozenset[str]:
    """Verbs whose subject does not do the nominal event they govern: judging verbs ("condemned the
    killings") always, reporting verbs for events third parties report."""
    cues = lexicon(lang).cues
    judging = set((cues.get("judging_verbs") or {}).get("words") or [])
    reporting = set((cues.get("reporting_verbs") or {}).get("words") or []) if kind in _REPORTED_TYPES else set()
    return frozenset(judging | reporting)


def _dateline_spans(text: str) -> list[tuple[int, int]]:
    """The wire datelines opening the text's paragraphs."""
    spans, start = [], 0
    for paragraph in text.split("\n"):
        end = dateline_end(paragraph)
        if end:
            spans.append((start, start + end))
        start += len(paragraph) + 1
    return spans


@cache
def _not_event_phrases(lang: str) -> tuple[tuple[str, ...], ...]:
    """Set phrases holding an event word that name no event ("crimes de guerre", "prisoner of war")."""
    phrases = (lexicon(lang).cues.get("figurative") or {}).get("non_event_phrases") or []
    return tuple(tuple(p.lower().split()) for p in phrases)


def _inside_phrases(sentence: Any, phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    """Indices of the tokens of ``sentence`` inside one of ``phrases`` (matched on lemmas or forms)."""
    tokens = list(sentence)
    firsts = {phrase[0] for phrase in phrases}
    out: set[int] = set()
    for i, token in enumerate(tokens):
        if token.lower_ not in firsts and token.lemma_.lower() not in firsts:
            continue
        for phrase in phrases:
            window = tokens[i:i + len(phrase)]
            if len(window) == len(phrase) and all(
                    w in {t.lemma_.lower(), t.lower_} for w, t in zip(phrase, window, strict=True)):
                out.update(t.i for t in window)
    return out


def _attribution(token: Any) -> bool:
    """A word inside "selon des témoins joints par téléphone", "according to...": who says it, not
    what happened. A one-word marker is the preposition of the phrase (UD ``case``); a two-word one a
    preposition and the word it depends on (ClearNLP: "according" → "to" → its ``pobj``)."""
    grammar = grammar_of(token)
    words, pairs = grammar.attribution_words, grammar.attribution_pairs
    for node in [token, *token.ancestors]:
        if any(c.dep_ in {"case", "mark"} and c.lower_ in words for c in node.children):
            return True
        if node.dep_ == "pobj" and (node.head.head.lower_, node.head.lower_) in pairs:
            return True
        if node.dep_ in {"ROOT"}:
            break
    return False


def _pronoun_patient(token: Any) -> bool:
    return any(c.dep_ in {"nsubj:pass", "nsubjpass"} and c.pos_ == "PRON" for c in token.children)


def _refers_back(token: Any) -> bool:
    """Whether the trigger's participants are only a pronoun or possessive ("leur tête-à-tête")."""
    back_references = grammar_of(token).back_references
    return any(c.lower_ in back_references and c.dep_ in {"det", "det:poss", "poss", "nmod:poss", "nsubj",
                                                             "nsubj:pass", "nsubjpass"} for c in token.children)


@cache
def _hedges(lang: str) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    spec = lexicon(lang).cues.get("reported") or {}
    phrases = tuple(w.lower() for w in spec.get("words") or [] if " " in w.strip())
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in spec.get("patterns") or [])
    return phrases, patterns


def hedged(sentence: str, lang: str) -> bool:
    """Whether the sentence only reports or doubts what it says ("on ne sait pas si", "aurait été")."""
    phrases, patterns = _hedges(lang)
    low = sentence.lower()
    return any(p in low for p in phrases) or any(p.search(sentence) for p in patterns)


def _ongoing_date(doc: Document, status: str) -> EventDate | None:
    """An undated event told in the present ("les forces procèdent à l'étranglement...") is going on
    on the day the article is published."""
    if status != "ongoing" or not doc.published:
        return None
    return EventDate(text="", value=doc.published[:10])


def _confidence(m: Mention) -> float:
    c = CONFIDENCE["base"]
    c += CONFIDENCE["hedged"] if hedged(m.sentence.text, m.lang) else 0.0
    c += CONFIDENCE["actor"] if m.actor else 0.0
    c += CONFIDENCE["target"] if m.target else 0.0
    # A clause predicate (a verb, or an adjective said of its subject: "a été déclaré mort").
    c += CONFIDENCE["verb"] if m.token.pos_ == "VERB" or (m.token.pos_ == "ADJ" and m.token.dep_ != "amod") else 0.0
    c += CONFIDENCE["figurative_risk"] if m.trigger.figurative_risk else 0.0
    c += CONFIDENCE["no_participant"] if not (m.actor or m.target) else 0.0
    # The sentence's main event: the root verb's; an event word governed by another event word is
    # its content ("threatened to cut off", "lifted a curfew", "accepted demands").
    c += CONFIDENCE["main_clause"] if m.token.dep_ == "ROOT" or (m.token.head.dep_ == "ROOT" and m.token.dep_ in {
        "xcomp", "obj", "dobj"}) else 0.0
    c += CONFIDENCE["governed"] if m.governed else 0.0
    return round(min(0.99, max(0.01, c)), 3)


def events_of(doc: Document) -> list[Event]:
    """Every candidate event of ``doc`` (which must have been through the nlp stage), one per
    mention: the judge weighs each, and :func:`veille.events.document.merged` joins the mentions
    of one event afterwards."""
    lex = lexicon(doc.language or "")
    if not (lex.verbs or lex.nouns or lex.phrases):
        return []
    context = DocumentContext.of(doc, lex)
    found: list[Event] = []
    for parsed in doc.analysis or []:
        for sentence in parsed.doc.sents:
            if not any(a <= parsed.offset + sentence.start_char < b for a, b in context.furniture):
                sentence_events(context, sentence, parsed.offset, found)
    # An unidentified attacker is a placeholder the document merge treats as no actor, so a later
    # sentence telling more of an attack still joins it.
    return [_unidentified_attackers(e) for e in _announced_threats(found)]


@dataclass(frozen=True)
class DocumentContext:
    """What the events of one document are read against, computed once per document."""

    doc: Document
    lex: Lexicon
    lang: str
    furniture: list[tuple[int, int]]  # furniture lines: their sentences yield nothing
    frames: list[tuple[int, int, Place]]  # paragraphs opened by a place ("A Genève, ...")
    sentences: list[tuple[int, int]]
    # Names of several words: a trigger word inside one is part of the name ("Forces de soutien
    # rapide", "Front de libération nationale"), not an event.
    names: list[tuple[int, int]]
    crowd: frozenset[str]  # nouns naming the people who protest ("manifestants")
    # A wire dateline ("Khartoum, 14 mars (AFP) -") names where the story was filed and who filed
    # it: no one in it takes part, and its numbers count nothing.
    datelines: list[tuple[int, int]]
    participants: list[Entity]
    time_spans: list[tuple[int, int]]  # "March 14" is a date, not a march
    uncounted: list[tuple[int, int]]
    filed: Place | None
    not_events: tuple[tuple[str, ...], ...]
    topic_shifts: tuple[str, ...]

    @classmethod
    def of(cls, doc: Document, lex: Lexicon) -> DocumentContext:
        """The context of ``doc``, whose language's lexicon is ``lex``."""
        datelines = _dateline_spans(doc.text)
        time_spans = [(t.start, t.end) for t in doc.times]
        return cls(
            doc=doc, lex=lex, lang=doc.language or "",
            furniture=furniture_line_spans(doc.text, FURNITURE_IN_TEXT),
            frames=_paragraph_frames(doc),
            sentences=sentence_spans(doc.text),
            names=sorted((e.start, e.end) for e in doc.entities if " " in e.text.strip()),
            crowd=lex.quantity_words("size"),
            datelines=datelines,
            participants=[e for e in doc.entities if not any(a <= e.start < b for a, b in datelines)],
            time_spans=time_spans,
            uncounted=datelines + time_spans,
            filed=next((p for p in doc.places for a, b in datelines[:1] if a <= p.start < b), None),
            not_events=_not_event_phrases(doc.language or ""),
            topic_shifts=tuple(w.lower() for w in (lex.cues.get("discourse") or {}).get("topic_shift") or []),
        )


@dataclass
class SentenceScope:
    """One sentence's triggers and what its events have taken so far."""

    sentence: SpacySpan
    offset: int  # of the sentence's parse in the document text
    triggers: list[tuple[Any, Trigger]]
    ignore: frozenset[int]  # tokens of a dateline: nobody
    blocked: set[int]  # tokens of set phrases that name no event
    kept: list[tuple[Any, str]] = field(default_factory=list)  # kept triggers and their types
    kept_events: dict[int, int] = field(default_factory=dict)  # trigger token index → its event's index
    amounts: dict[str, int] | None = None  # the sentence's casualties and crowd size, once asked for

    @property
    def trigger_types(self) -> dict[int, str]:
        """The type of each trigger token, by token index."""
        return {token.i: trigger.type for token, trigger in self.triggers}


def sentence_events(context: DocumentContext, sentence: SpacySpan, offset: int, found: list[Event]) -> None:
    """Add the events of one sentence to those ``found`` before it (an event of the sentence absorbed
    into an earlier one may complete it). Highest in the tree first, so a verb absorbs the nominal
    triggers of its own phrase."""
    triggers = list(find_triggers(sentence, context.lex))
    if not triggers:
        return
    scope = SentenceScope(
        sentence=sentence, offset=offset, triggers=triggers,
        ignore=frozenset(t.i for t in sentence if any(a <= offset + t.idx < b for a, b in context.datelines)),
        blocked=_inside_phrases(sentence, context.not_events))
    for token, trigger in sorted(triggers, key=lambda x: tree_depth(x[0])):
        if any(rule(context, scope, token, trigger) for rule in NOT_AN_EVENT_RULES):
            continue
        if _absorbed(context, scope, token, trigger, found):
            continue
        if _descriptive(token, trigger):
            continue
        scope.kept.append((token, trigger.type))
        found.append(_sentence_event(context, scope, token, trigger, found))


# Rules that set a trigger aside before anything else: ``(context, scope, token, trigger) -> set aside``.


def figurative(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """A violent word used as a metaphor, or a risky word with no violence around it (``is_figurative``),
    unless it takes people away: "Un Français a été enlevé" is a kidnapping, "enlever les barrages" not."""
    if trigger.mode == "abduct" and _takes_people(context, scope, token):
        return False
    if trigger.type == "ASSAULT" and _people_at_each_other(context, scope, token):
        return False
    return is_figurative(token, trigger, context.lex)


def _people_at_each_other(context: DocumentContext, scope: SentenceScope, token: Any) -> bool:
    """A reflexive violent verb whose subject names people ("des détenus s'affrontent", "ils se
    battent"): they fight each other, while « affronter une crise » or « battre un record » do not."""
    clitics = context.lex.grammar.reflexive_clitics
    if not any(c.lower_ in clitics for c in token.children):
        return False
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    return any(phrase_actors(c, context.participants, scope.offset, context.lang) for c in subjects)


def _takes_people(context: DocumentContext, scope: SentenceScope, token: Any) -> bool:
    """Whether the trigger's object or passive subject names people (a person, a nationality, a role)."""
    patients = [c for c in token.children if c.dep_ in OBJECTS | PASSIVE_SUBJECTS]
    return any(phrase_actors(c, context.participants, scope.offset, context.lang) for c in patients)


def inside_a_name(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """A trigger word inside a name of several words ("Forces de soutien rapide")."""
    return _inside_a_name(scope.offset + token.idx, context.names)


def inside_a_set_phrase(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """A trigger word inside a set phrase that names no event ("crimes de guerre", "prisoner of war")."""
    return token.i in scope.blocked


def inside_an_attribution(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """A trigger word inside the phrase that says who reports ("selon des témoins joints par téléphone")."""
    return _attribution(token)


def inside_a_date(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """A trigger word inside a date or time expression ("March 14" is a date, not a march)."""
    return any(a <= scope.offset + token.idx < b for a, b in context.time_spans)


def toll_of_a_clash(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger) -> bool:
    """"des affrontements ont fait quinze morts": a casualty noun is the toll of a real assault of
    its sentence, not an event of its own."""
    lex = context.lex
    if not (trigger.type == "ASSAULT" and token.pos_ == "NOUN" and lex.is_casualty(token)):
        return False
    assaults = [t for t, trig in scope.triggers if trig.type == "ASSAULT" and not lex.is_casualty(t)]
    return any(not is_figurative(t, lex_trigger, lex) for t, lex_trigger in scope.triggers
               if t in assaults and t.i != token.i)


NOT_AN_EVENT_RULES: tuple[NotAnEventRule, ...] = (
    figurative,
    inside_a_name,
    inside_a_set_phrase,
    inside_an_attribution,
    inside_a_date,
    toll_of_a_clash,
)


def _absorbed(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger,
              found: list[Event]) -> bool:
    """"des tanks détruits par des tirs": a trigger inside the phrase of a kept trigger of the same type
    describes the same event; its own actor still tells who did it ("tués dans une frappe aérienne
    russe"), when that event has none and the actor is not its victim."""
    absorbing = next((head for head, kind in scope.kept if trigger.type == kind
                      and (token in head.subtree or head in token.subtree)), None)
    if absorbing is None:
        return False
    event_index = scope.kept_events.get(absorbing.i)
    if event_index is not None and not found[event_index].actor:
        actor, _ = _trigger_arguments(token, trigger, context.lex, context.participants, scope.offset, scope.ignore,
                                      absorbed=True)
        victims = {(t.name, t.code) for t in found[event_index].target}
        authors = [a for a in actor if (a.code or a.sector) and (a.name, a.code) not in victims]
        if authors:
            found[event_index] = found[event_index].model_copy(update={"actor": authors})
    return True


def _sentence_event(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger,
                    found: list[Event]) -> Event:
    """The event of a kept trigger: its participants, status, casualties, place and date."""
    doc, lex = context.doc, context.lex
    actor, target = _mention_participants(context, scope, token, trigger, found)
    mention = Mention(trigger, token, scope.sentence, actor, target, status_of(token, lex), lang=context.lang,
                      governed=_governed(token, scope.trigger_types))
    if scope.amounts is None:
        scope.amounts = quantities(scope.sentence, lex, scope.offset, context.uncounted)
    t_start = scope.offset + token.idx
    s_start, s_end = next(((a, b) for a, b in context.sentences if a <= t_start < b), (t_start, t_start))
    scope.kept_events[token.i] = len(found)
    default = _story_place(context, s_start, s_end, found)
    return _event(doc, mention, trigger, s_start, s_end, t_start, context.frames, scope.amounts, default)


def _mention_participants(context: DocumentContext, scope: SentenceScope, token: Any, trigger: Trigger,
                          found: list[Event]) -> tuple[list[Actor], list[Actor]]:
    """The trigger's actor and target: its arguments, the crowd a protest noun names, the country its
    sentence names, else the participants of the event just told (``_from_the_last_event``)."""
    actor, target = _trigger_arguments(token, trigger, context.lex, context.participants, scope.offset, scope.ignore)
    if token.pos_ == "NOUN" and (token.lemma_.lower() in context.crowd or token.lower_ in context.crowd):
        # "Police dispersed the protesters": the protesters are who protests.
        own = phrase_actors(token, context.participants, scope.offset, context.lang)
        if own:
            actor, target = own, [t for t in target if t not in own]
    actor = _with_sentence_country(actor, target, scope.sentence, context.doc, scope.offset)
    return _from_the_last_event(token, trigger, actor, target, found)


def _from_the_last_event(token: Any, trigger: Trigger, actor: list[Actor], target: list[Actor],
                         found: list[Event]) -> tuple[list[Actor], list[Actor]]:
    """"Leur dernier tête-à-tête", "They met again": with no participants but a pronoun, those of the
    last event told; "s'il a été tué par...": a pronoun patient is the one just reported (same type)."""
    last = max(found, key=lambda e: e.trigger.start) if found else None
    if not actor and not target and _refers_back(token) and last is not None:
        actor, target = list(last.actor), list(last.target)
    elif not target and _pronoun_patient(token) and last is not None and last.type == trigger.type:
        target = list(last.target)
    return actor, target


def _story_place(context: DocumentContext, s_start: int, s_end: int, found: list[Event]) -> Place | None:
    """With no place of its own, an event happens where the story last was (this paragraph or the one
    before), else where it was filed ("Les paramilitaires ont pilonné le camp..." after the attack on
    Zamzam); a paragraph opening on a new story ("Par ailleurs, ...", "Separately, ...") does not
    inherit the place of the one before."""
    text = context.doc.text
    paragraph_start = paragraph_bounds(text, s_start, s_end)[0]
    shift = text[paragraph_start:paragraph_start + 40].lower().startswith(context.topic_shifts)
    previous_start = paragraph_start if shift else paragraph_bounds(text, max(0, paragraph_start - 2))[0]
    return next((e.place for e in reversed(found) if e.place is not None
                 and e.evidence.start >= previous_start), context.filed)


def _trigger_arguments(token: Any, trigger: Any, lex: Lexicon, participants: list[Entity], offset: int,
                       ignore: frozenset[int], *, absorbed: bool = False) -> tuple[list[Actor], list[Actor]]:
    """``arguments`` read the way the trigger's type wants: the victim of an assault is its subject
    in a state word, "à X" is a target only for addressed types, "de X" names the protester or the
    participant of a meeting (not for a nominal ``absorbed`` by another trigger, of which only the
    author is asked for) or an attack's armed author."""
    return arguments(token, participants, offset, lex.lang, _reporting_verbs(lex.lang, trigger.type), ignore=ignore,
                     patient_subject=trigger.type == "ASSAULT",
                     place_targets=_place_is_target(trigger),
                     of_is_agent=not absorbed and trigger.type in {"PROTEST", "CONSULT"},
                     armed_of_is_agent=trigger.type == "ASSAULT" and not lex.is_casualty(token))


def _of_the_place(actors: list[Actor], place: Place | None) -> list[Actor]:
    if place is None or not place.country:
        return actors
    return [a.model_copy(update={"code": place.country}) if a.code is None and a.sector in DOMESTIC_SECTORS
            else a for a in actors]


def _inside_a_name(position: int, names: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(names, (position, float("inf"))) - 1
    return any(start <= position < end for start, end in names[max(0, i - 3):i + 1])


def _unidentified_attackers(event: Event) -> Event:
    """An attack with no perpetrator named ("a roadside bomb killed a soldier near Samarra") is the
    act of an unidentified armed force of the country where it happened, as CAMEO and PLOVER code it."""
    if event.type != "ASSAULT" or event.actor or event.place is None or not event.place.country:
        return event
    attacker = Actor(text="", name="unidentified armed force", code=event.place.country, sector="UAF")
    return event.model_copy(update={"actor": [attacker]})


_COERCIVE = {"ASSAULT", "COERCE", "SANCTION"}
# Events whose "à X" names whom they are addressed to ("demander à Alger", "livrer de l'aide à Gaza",
# "menacer Washington"); for the others "à Paris", "at the border" is where they happen (a visit's
# "à Pékin" names its host: CONSULT visits keep it).
_ADDRESSED_TYPES = {"REQUEST", "AID", "THREATEN", "COOPERATE"}


def _place_is_target(trigger: Any) -> bool:
    """Whether "à X" names the event's target: a request's addressee or a visit's host ("se rendre à
    Pékin") does, the city where a meeting, protest, signing or attack takes place does not."""
    return trigger.type in _ADDRESSED_TYPES or (trigger.type == "CONSULT" and trigger.mode == "visit")


def _announced_threats(events: list[Event]) -> list[Event]:
    """An announced coercive action ("NATO would tighten the blockade", "l'armée va frapper") is a
    threat made now (PLOVER THREATEN): that event is added, and the planned action kept, less sure."""
    out: list[Event] = []
    for event in events:
        if event.type in _COERCIVE and event.status == "planned" and event.actor:
            out.append(event.model_copy(update={
                "type": "THREATEN", "mode": None, "status": "occurred", "acled": None,
                "cameo": (_default_cameo("THREATEN") or "13")[:2], "fatalities": None, "injuries": None}))
            event = event.model_copy(update={"confidence": round(max(0.01, event.confidence - 0.1), 3)})
        out.append(event)
    return out


def _event(doc: Document, m: Mention, trigger: Any, s_start: int, s_end: int, t_start: int,
           frames: list[tuple[int, int, Place]], amounts: dict[str, int], default: Place | None = None) -> Event:
    violent = trigger.type == "ASSAULT"
    if violent and "fatalities" not in amounts and len(m.target) == 1 and m.target[0].name \
            and ({m.token.lemma_.lower(), m.token.lower_} & lexicon(m.lang).cue_set("figurative", "death_words")) \
            and any(e.label == "PER" and e.actor is not None and e.actor.name == m.target[0].name
                    for e in doc.entities):
        amounts = {**amounts, "fatalities": 1}  # one named person killed
    acled = AcledType(event_type=trigger.acled[0], sub_event_type=trigger.acled[1]) if trigger.acled else None
    place = _not_an_actor(_not_a_participant(
        _located(doc, m.token, t_start - m.token.idx, s_start, s_end, frames, default), m.actor + m.target), m.actor)
    return Event(
        type=trigger.type,
        mode=trigger.mode,
        status=m.status,  # type: ignore[arg-type]
        actor=_of_the_place(m.actor, place),
        target=_of_the_place(m.target, place),
        place=place,
        date=_date_for(doc, s_start, s_end, t_start) or _ongoing_date(doc, m.status),
        fatalities=amounts.get("fatalities") if violent else None,
        injuries=amounts.get("injuries") if violent else None,
        size=amounts.get("size") if trigger.type in {"PROTEST", "MOBILIZE"} else None,
        cameo=(trigger.cameo or _default_cameo(trigger.type) or "")[:2] or None,
        acled=acled,
        trigger=Span(text=m.token.text, start=t_start, end=t_start + len(m.token.text)),
        evidence=Span(text=doc.text[s_start:s_end], start=s_start, end=s_end),
        confidence=_confidence(m),
    )


def candidates(doc: Document) -> list[Candidate]:
    """The rules' candidate events of ``doc``, completed from the whole document (what the judge
    is trained on and then decides)."""
    return completed(events_of(doc), doc)


@registry.stage("events.v1")
def make_events(settings: Settings) -> Stage:
    """Factory of the events stage: candidates from the rules, each judged by the learned judge
    (:mod:`veille.events.judge`), mentions of one event merged (:mod:`veille.events.document`), and
    the events at or above ``settings.min_confidence`` kept."""

    def events(doc: Document) -> Document:
        # Mentions are joined before the threshold, so that a less certain mention still lends the
        # event what it says (a toll, a date) and the event is as sure as its surest mention.
        found = candidates(doc)
        every = merged(judged(found, doc, 0.0), trigger_forms(found), lede_end(doc.text))
        doc.events = [e for e in every if e.confidence >= settings.min_confidence]
        return doc

    return events


__all__ = ["Actor", "events_of", "make_events", "quantities"]
