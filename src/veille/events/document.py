"""Document-level completion of candidate events: participants the sentence rules could not find.

The argument rules read one clause. A reader also uses the rest of the sentence and the sentences
before it: "He was arrested on Friday" is about the man the last sentence named; "Police said the
suspect was detained" names the police; a country's police in a story set in that country is that
country's. These completions are weaker than what the parse says, so each is noted on the candidate
(``filled``) and the event judge weighs it: a filled participant is a feature, not a fact.

Everything here is language-free: pronouns are found by the parser's morphology (PronType=Prs,
Person=3), not by word lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from veille.model import Actor, Document, Entity, Event

if TYPE_CHECKING:
    from spacy.tokens import Token

# Sectors of people who act where they live (see events.extract.DOMESTIC_SECTORS), and a government
# named without its country ("the government", « le ministre ») in a story set in one country: that
# country's. Troops are often abroad ("deux soldats turcs" in Syria): they never take the story's country.
_LOCAL_SECTORS = {"CVL", "OPP", "REB", "INS", "COP", "LAB", "EDU", "MED", "BUS", "JUD", "LEG", "AGR", "REF", "UAF",
                  "PTY", "REL", "GOV"}
# Places too wide to tell two mentions apart (countries, continents, first-level divisions).
_WIDE_AREAS = {"PCLI", "PCL", "PCLD", "PCLS", "PCLIX", "CONT", "ADM1"}
# How far back (characters) a pronoun may find the person or group it stands for.
_PRONOUN_REACH = 400


@dataclass
class Candidate:
    """A candidate event, its trigger's parse token, and what document-level completion added to it."""

    event: Event
    token: Token | None = None
    filled: set[str] = field(default_factory=set)


def dominant_country(doc: Document) -> str | None:
    """The country most of the document's places are in, when one has at least half of them."""
    countries = Counter(p.country for p in doc.places if p.country)
    if not countries:
        return None
    country, count = countries.most_common(1)[0]
    return country if count * 2 >= sum(countries.values()) else None


def _actor_entities(doc: Document) -> list[Entity]:
    """Entities that name someone who can act: resolved actors, people and organisations."""
    return [e for e in doc.entities if e.actor is not None or e.label in {"PER", "ORG"}]


def _as_actor(entity: Entity) -> Actor:
    return entity.actor if entity.actor is not None else Actor(text=entity.text, name=entity.text)


def _is_place_entity(entity: Entity, doc: Document) -> bool:
    """A country or town named as where things happen, not as who acts (checked against places)."""
    return entity.label == "LOC" and any(p.start == entity.start for p in doc.places)


# Events that third parties report: who says an attack or a protest happened did not do it ("l'armée
# a fait état de la mort de deux soldats"), while who announces an arrest or a sanction made it.
_REPORTED_TYPES = {"ASSAULT", "PROTEST"}


def _reporters(token: Token | None, offset: int) -> list[tuple[int, int]]:
    """Character spans of the subjects of the verbs above the trigger (who says it happened)."""
    if token is None:
        return []
    spans = []
    for ancestor in token.ancestors:
        for child in ancestor.children:
            if child.dep_.startswith("nsubj") and child.i != token.i and token not in child.subtree:
                spans.append((offset + child.left_edge.idx, offset + child.right_edge.idx + len(child.right_edge)))
    return spans


def _sentence_participant(doc: Document, event: Event, before: bool,
                          taken: set[tuple[str | None, str | None]],
                          excluded: Sequence[tuple[int, int]] = ()) -> Actor | None:
    """The nearest named participant in the event's sentence, before (an actor) or after (a target)
    its trigger, outside the ``excluded`` spans; places are where, not who."""
    s_start, s_end = event.evidence.start, event.evidence.end
    t = event.trigger.start
    inside = [e for e in _actor_entities(doc) if s_start <= e.start < s_end and not _is_place_entity(e, doc)
              and (e.end <= t if before else e.start >= event.trigger.end)
              and not any(a <= e.start < b for a, b in excluded)]
    ordered = sorted(inside, key=lambda e: abs(e.start - t))
    for entity in ordered:
        actor = _as_actor(entity)
        if (actor.name, actor.code) not in taken:
            return actor
    return None


def _third_person_subject(token: Token | None) -> bool:
    """Whether the trigger's clause has a third-person personal pronoun as subject ("he", "ils"): a
    third-person pronoun that is not relative, interrogative, demonstrative or indefinite (French
    pipelines leave personal pronouns without PronType)."""
    if token is None:
        return False
    clause = token if token.pos_ in {"VERB", "AUX"} else token.head
    for child in clause.children:
        if child.dep_.startswith("nsubj") and child.pos_ == "PRON" and "3" in child.morph.get("Person", []) \
                and not set(child.morph.get("PronType", [])) & {"Rel", "Int", "Dem", "Ind", "Neg", "Tot"}:
            return True
    return False


def _antecedent(doc: Document, position: int) -> Actor | None:
    """The last person or organisation named in the ``_PRONOUN_REACH`` characters before ``position``,
    outside the sentence being read."""
    earlier = [e for e in _actor_entities(doc) if position - _PRONOUN_REACH <= e.start < position
               and e.label in {"PER", "ORG"}]
    return _as_actor(earlier[-1]) if earlier else None


def _with_country(actors: list[Actor], country: str | None) -> tuple[list[Actor], bool]:
    """Local groups and unnamed people with no country take ``country`` (the story's)."""
    if country is None:
        return actors, False
    changed = False
    out = []
    for a in actors:
        if a.code is None and a.sector in _LOCAL_SECTORS:
            out.append(a.model_copy(update={"code": country}))
            changed = True
        else:
            out.append(a)
    return out, changed


def complete(candidate: Candidate, doc: Document, country: str | None) -> Candidate:
    """Fill what the clause rules left empty: the actor (a pronoun's antecedent, else the named
    participant before the trigger), the target (the one after it), and the story's country for
    officials and local groups with none."""
    event, token = candidate.event, candidate.token
    update: dict[str, Any] = {}
    taken = {(a.name, a.code) for a in event.actor + event.target}
    if not event.actor:
        actor = _antecedent(doc, event.evidence.start) if _third_person_subject(token) else None
        note = "actor:pronoun" if actor is not None else "actor:sentence"
        offset = event.trigger.start - token.idx if token is not None else 0
        reporters = _reporters(token, offset) if event.type in _REPORTED_TYPES else []
        actor = actor or _sentence_participant(doc, event, before=True, taken=taken, excluded=reporters)
        if actor is not None:
            update["actor"] = [actor]
            taken.add((actor.name, actor.code))
            candidate.filled.add(note)
    if not event.target:
        target = _sentence_participant(doc, event, before=False, taken=taken)
        if target is not None:
            update["target"] = [target]
            candidate.filled.add("target:sentence")
    place_country = event.place.country if event.place is not None else None
    for side in ("actor", "target"):
        actors, changed = _with_country(update.get(side, getattr(event, side)), place_country or country)
        if changed:
            update[side] = actors
            candidate.filled.add(f"{side}:country")
    if update:
        candidate.event = event.model_copy(update=update)
    return candidate


def completed(events: list[Event], doc: Document) -> list[Candidate]:
    """Every candidate of ``doc`` with its participants completed from the document."""
    from veille.events.judge import trigger_token

    country = dominant_country(doc)
    return [complete(Candidate(e, trigger_token(e, doc)), doc, country) for e in events]


def _known(actors: list[Actor]) -> list[Actor]:
    """Actors the text names: an unidentified armed force is a placeholder, compatible with anyone."""
    return [a for a in actors if a.sector != "UAF"]


def _may_be_one(a: Actor, b: Actor) -> bool:
    """Whether two participants may be the same: one name, or where each says something (country,
    sector) they agree and between them they say something ("tanks turcs" and "deux soldats" may be
    the same Turkish troops; "the police" and "Hamas" are not)."""
    if (a.name or a.text).casefold() == (b.name or b.text).casefold():
        return True
    if a.code and b.code and a.code != b.code:
        return False
    if a.sector and b.sector and a.sector != b.sector:
        return False
    return bool((a.code and b.code) or (a.sector and b.sector) or (a.code and b.sector) or (a.sector and b.code))


def _role_relation(first: list[Actor], later: list[Actor]) -> str:
    """How two mentions fill one role (actor, or target): ``unknown`` when either names nobody the text
    identifies, ``same`` when a participant of one may be one of the other, else ``different``."""
    first, later = _known(first), _known(later)
    if not first or not later:
        return "unknown"
    return "same" if any(_may_be_one(a, b) for a in first for b in later) else "different"


def _conflicting(a: Event, b: Event) -> bool:
    """Two mentions told with different days, or in different towns, are different events."""
    if a.date is not None and b.date is not None and a.date.value != b.date.value:
        return True
    return (a.place is not None and b.place is not None and a.place.geonameid != b.place.geonameid
            and a.place.feature not in _WIDE_AREAS and b.place.feature not in _WIDE_AREAS)


@dataclass(frozen=True)
class TriggerForm:
    """What the merge needs of a mention's trigger: its lemma, and whether it is a noun ("the attack",
    « l'attaque »), the way news refers back to an act already told."""

    lemma: str
    nominal: bool


def trigger_forms(candidates: Sequence[Candidate]) -> dict[int, TriggerForm]:
    """The trigger form of each candidate with a parse token, by the trigger's start offset."""
    return {c.event.trigger.start: TriggerForm(c.token.lemma_.casefold(), c.token.pos_ in {"NOUN", "PROPN"})
            for c in candidates if c.token is not None}


def _same_named_target(a: Event, b: Event) -> bool:
    """Whether both mentions are done to one participant named by a proper name ("Abu Omar Saraqeb a
    été déclaré mort", then "tué par l'aviation syrienne"): the same act told with another verb."""
    names = {(t.name or t.text).casefold() for t in _known(a.target) if t.text[:1].isupper()}
    return bool(names & {(t.name or t.text).casefold() for t in _known(b.target) if t.text[:1].isupper()})


def _retells(a: Event, b: Event, forms: Mapping[int, TriggerForm], lede_end: int) -> bool:
    """Whether ``b`` is worded as a retelling of ``a``: a noun referring back ("the attack"), ``a`` in the
    lede (which the body then tells in full), or the same verb again. Two different verbs in the body
    ("ayant tué un passager", "il a tiré sur un policier") tell two acts, even of one attacker."""
    form_a, form_b = forms.get(a.trigger.start), forms.get(b.trigger.start)
    if form_b is None or form_a is None or _same_named_target(a, b):
        return True
    return form_b.nominal or a.evidence.start < lede_end or form_a.lemma == form_b.lemma


def same_event(a: Event, b: Event, forms: Mapping[int, TriggerForm] | None = None, lede_end: int = 0) -> bool:
    """Whether ``b`` reports the event ``a`` reports (lede, body, quote and summary of one act): same
    type and status, no conflicting day or town, no role filled by different participants (the FBI
    investigating FIFA, then Trump, are two investigations), and either a role shared and ``b`` worded
    as a retelling, or no participant known on either side and ``b`` a noun or ``a`` in the lede."""
    if a.type != b.type or a.status != b.status or a.evidence.start == b.evidence.start or _conflicting(a, b):
        return False
    roles = {_role_relation(a.actor, b.actor), _role_relation(a.target, b.target)}
    if "different" in roles:
        return False
    forms = forms or {}
    if "same" in roles:
        return _retells(a, b, forms, lede_end)
    form_b = forms.get(b.trigger.start)
    return (form_b is not None and form_b.nominal) or a.evidence.start < lede_end


def lede_end(text: str) -> int:
    """Where the text's first paragraph (the headline or the lede) ends."""
    end = text.find("\n\n")
    return end if end > 0 else 0


def merged(events: list[Event], forms: Mapping[int, TriggerForm] | None = None, lede: int = 0) -> list[Event]:
    """One event per real-world event of the document: later mentions join the first, whose evidence
    stays (news states an event first, then elaborates); they fill what it lacks (participants, date,
    place, casualties), and the event keeps the highest confidence of its mentions. ``forms`` (from
    :func:`trigger_forms`) and ``lede`` (from :func:`lede_end`) tell retellings from new acts."""
    out: list[Event] = []
    for event in sorted(events, key=lambda e: (e.evidence.start, e.trigger.start)):
        first = next((i for i, kept in enumerate(out) if same_event(kept, event, forms, lede)), None)
        if first is None:
            out.append(event)
            continue
        kept = out[first]
        update: dict[str, Any] = {"mentions": [*kept.mentions, event.evidence, *event.mentions],
                                  "confidence": max(kept.confidence, event.confidence)}
        for attr in ("actor", "target"):
            if not getattr(kept, attr) and getattr(event, attr):
                update[attr] = getattr(event, attr)
        for attr in ("date", "place", "fatalities", "injuries", "size", "mode"):
            if getattr(kept, attr) is None and getattr(event, attr) is not None:
                update[attr] = getattr(event, attr)
        out[first] = kept.model_copy(update=update)
    return out
