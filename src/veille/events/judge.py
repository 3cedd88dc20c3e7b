"""The event judge: which candidate events are real events, with a calibrated confidence.

The rules of :mod:`veille.events.stage` propose candidates: a trigger word, its arguments, status,
place and date. Many are not events a reader would list (a trigger word in a generic statement, a
second record of an event already told, a word sense outside politics). Whether a candidate is real
is learned from the development corpus (hand-made gold, ``corpus/`` and ``../shared/examples/dev``):
a logistic regression over features of the candidate, its parse, its arguments and its place in
the document (``train/events_judge.py``, seeded, ``make train``). Its probability is the event's
``confidence``; candidates below ``Settings.min_confidence`` are dropped.

The model is a table of weights by feature name (``data/judge.json``), applied here with plain
arithmetic: no learning library is needed at run time, and the weights can be read. Feature names
are language-free (a trigger's lemma enters as ``lemma:<lang>:<type>:<lemma>``, learned per language
like any other data).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from veille.events.document import Candidate
from veille.events.extract import tree_depth
from veille.events.lexicon import lexicon
from veille.model import Document, Event

if TYPE_CHECKING:
    from spacy.tokens import Token

# Coarse parse roles of a trigger: the main predicate, a complement of another verb, a modifier...
_DEP_GROUPS = {
    "ROOT": "root", "xcomp": "complement", "ccomp": "complement", "obj": "object", "dobj": "object",
    "nsubj": "subject", "nsubj:pass": "subject", "nsubjpass": "subject", "csubj": "subject",
    "acl": "modifier", "acl:relcl": "relative", "relcl": "relative", "amod": "modifier", "advcl": "adverbial",
    "conj": "conjunct", "obl": "oblique", "obl:arg": "oblique", "obl:mod": "oblique", "nmod": "nominal",
    "pobj": "oblique", "prep": "oblique", "appos": "apposition", "parataxis": "parataxis", "compound": "modifier",
}


def trigger_token(event: Event, doc: Document) -> Token | None:
    """The parse token of ``event``'s trigger, when the document's analysis is at hand."""
    start = event.trigger.start
    for parsed in doc.analysis or []:
        local = start - parsed.offset
        if 0 <= local < len(parsed.doc.text):
            span = parsed.doc.char_span(local, local + max(1, len(event.trigger.text)), alignment_mode="expand")
            return span[0] if span is not None and len(span) else None
    return None


def _in_quote(text: str, start: int, sentence_start: int) -> bool:
    """Whether an odd number of quotation marks opens before ``start`` in its sentence (a quote)."""
    before = text[sentence_start:start]
    opening = sum(before.count(q) for q in "«“„")
    closing = sum(before.count(q) for q in "»”")
    straight = before.count('"')
    return opening > closing or straight % 2 == 1


def _paragraph_index(text: str, position: int) -> int:
    return text.count("\n\n", 0, position)


def _parse_features(token: Token | None, out: dict[str, float]) -> None:
    """Where the trigger stands in its sentence's parse."""
    if token is None:
        out["parse:missing"] = 1.0
        return
    out[f"pos:{token.pos_}"] = 1.0
    out[f"dep:{_DEP_GROUPS.get(token.dep_, 'other')}"] = 1.0
    depth = tree_depth(token)
    out["depth"] = min(depth, 6) / 6
    out["depth:0"] = float(depth == 0)
    sentence = token.sent
    out["sentence:tokens"] = min(len(sentence), 80) / 80
    out["sentence:short"] = float(len(sentence) < 8)
    out["sentence:question"] = float(sentence.text.rstrip().endswith("?"))
    out["sentence:no_final_stop"] = float(not sentence.text.rstrip().endswith((".", "!", "?", "»", '"', "”", ")")))
    out["trigger:capitalised"] = float(token.text[:1].isupper() and token.i != sentence.start)
    out["trigger:has_det"] = float(any(c.dep_ in {"det", "det:poss", "poss", "nmod:poss"} for c in token.children))
    out["trigger:plural"] = float("Plur" in token.morph.get("Number", []))
    negations = lexicon(token.doc.lang_).cue_words("negated")
    out["trigger:negated_child"] = float(any(c.dep_ == "neg" or c.lower_ in negations for c in token.children))


def _cue_features(token: Token | None, lang: str, out: dict[str, float]) -> None:
    """Words of the trigger's sentence that the language's cue lists name: a non-violent cause of
    death (an accident, an earthquake), signs of violence, hedges and reports."""
    if token is None:
        return
    lex = lexicon(lang)
    words = {w for t in token.sent if t.i != token.i for w in (t.lower_, t.lemma_.lower())}
    for name, (section, key) in {"non_violent_cause": ("figurative", "non_violent_causes"),
                                 "violent_context": ("figurative", "violent_context"),
                                 "casualty": ("figurative", "casualty_words")}.items():
        if words & lex.cue_set(section, key):
            out[f"cue:{name}"] = 1.0
    for status in ("negated", "planned", "proposed", "hypothetical"):
        if words & lex.cue_words(status):
            out[f"cue:{status}"] = 1.0


def _governed_by(token: Token | None, triggers: Mapping[Token, str], out: dict[str, float]) -> None:
    """The type of another candidate's trigger above this one within three steps ("accused of
    killing", "called for a ceasefire"): the content of a demand or an accusation is no event."""
    if token is None:
        return
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return
        node = node.head
        if node in triggers and node != token:
            out[f"governed_by:{triggers[node]}"] = 1.0
            return


def _argument_features(event: Event, out: dict[str, float]) -> None:
    """Who, where, when and how many the rules found."""
    out["actor"] = float(bool(event.actor))
    out["target"] = float(bool(event.target))
    out["no_participant"] = float(not event.actor and not event.target)
    out["actor:code"] = float(any(a.code for a in event.actor))
    out["actor:sector"] = float(any(a.sector for a in event.actor))
    out["actor:uaf"] = float(any(a.sector == "UAF" for a in event.actor))
    out["actor:named"] = float(any(a.wikidata for a in event.actor))
    out["target:code"] = float(any(a.code for a in event.target))
    out["target:named"] = float(any(a.wikidata for a in event.target))
    for a in event.actor[:1]:
        if a.sector:
            out[f"actor_sector:{event.type}:{a.sector}"] = 1.0
    out["place"] = float(event.place is not None)
    out["place:country"] = float(event.place is not None and event.place.feature in {"PCLI", "PCL", "PCLD", "CONT"})
    out["date"] = float(event.date is not None)
    out["casualties"] = float(event.fatalities is not None or event.injuries is not None)
    out["size"] = float(event.size is not None)
    out["mentions"] = min(len(event.mentions), 4) / 4


def _document_features(event: Event, doc: Document, same_type_before: int, out: dict[str, float]) -> None:
    """Where the candidate stands in its document, and how many like it came before."""
    text = doc.text
    start = event.evidence.start
    paragraph = _paragraph_index(text, start)
    out["paragraph:first"] = float(paragraph == 0)
    out["paragraph:index"] = min(paragraph, 10) / 10
    out["position"] = start / max(1, len(text))
    out["quote"] = float(_in_quote(text, event.trigger.start, event.evidence.start))
    out["same_type_before"] = min(same_type_before, 4) / 4
    out["same_type_first"] = float(same_type_before == 0)
    out["events_in_sentence"] = 0.0  # filled by candidate_features, which sees them all
    out["date:published_day"] = float(event.date is not None and bool(doc.published)
                                      and event.date.value == (doc.published or "")[:10])


def features(event: Event, doc: Document, same_type_before: int = 0,
             filled: Iterable[str] = (), token: Token | None = None) -> dict[str, float]:
    """The judge's features of one candidate ``event`` of ``doc``; ``filled`` names what
    document-level completion added (``actor:pronoun``...), ``token`` is its trigger's parse token
    (looked up in the document's analysis when not given)."""
    out: dict[str, float] = {"bias": 1.0, f"type:{event.type}": 1.0, f"status:{event.status}": 1.0,
                             f"type_status:{event.type}:{event.status}": 1.0, "rules": event.confidence}
    for note in filled:
        out[f"filled:{note}"] = 1.0
    token = token if token is not None else trigger_token(event, doc)
    lemma = lexicon(doc.language or "").grammar.strip_elision(
        (token.lemma_ if token is not None else event.trigger.text).lower())
    out[f"lemma:{doc.language}:{event.type}:{lemma}"] = 1.0
    out[f"mode:{event.mode}"] = 1.0 if event.mode else 0.0
    _parse_features(token, out)
    _cue_features(token, doc.language or "", out)
    _argument_features(event, out)
    _document_features(event, doc, same_type_before, out)
    return {k: v for k, v in out.items() if v}


def candidate_features(candidates: list[Candidate], doc: Document) -> list[dict[str, float]]:
    """Features of every candidate of a document, in order (counts across candidates included)."""
    seen: Counter[str] = Counter()
    per_sentence = Counter(c.event.evidence.start for c in candidates)
    # The rules' surest candidate of each sentence: the sentence's main event, as the rules see it.
    best_in_sentence: dict[int, float] = {}
    for c in candidates:
        start = c.event.evidence.start
        best_in_sentence[start] = max(best_in_sentence.get(start, 0.0), c.event.confidence)
    # Which candidate's trigger is which token, to see which governs which.
    triggers = {c.token: c.event.type for c in candidates if c.token is not None}
    out = []
    for candidate in candidates:
        event = candidate.event
        f = features(event, doc, seen[event.type], candidate.filled, candidate.token)
        _governed_by(candidate.token, triggers, f)
        f["events_in_sentence"] = min(per_sentence[event.evidence.start], 5) / 5
        f["rules:sentence_best"] = float(event.confidence >= best_in_sentence[event.evidence.start])
        f["rules:below_sentence_best"] = best_in_sentence[event.evidence.start] - event.confidence
        seen[event.type] += 1
        out.append({k: v for k, v in f.items() if v})
    return out


@dataclass(frozen=True)
class JudgeModel:
    """Weights by feature name and an intercept: P(real) = sigmoid(intercept + sum(w * x))."""

    weights: dict[str, float]
    intercept: float
    about: str = ""

    def probability(self, feats: dict[str, float]) -> float:
        """The probability that the candidate with ``feats`` is a real event of its type."""
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def judge_model() -> JudgeModel | None:
    """The shipped model (``data/judge.json``), or None when veille was built without one."""
    path = resources.files("veille.events").joinpath("data/judge.json")
    if not path.is_file():
        return None
    raw: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return JudgeModel(weights=raw["weights"], intercept=raw["intercept"], about=raw.get("about", ""))


def judged(candidates: list[Candidate], doc: Document, min_confidence: float,
           model: JudgeModel | None = None) -> list[Event]:
    """The candidates' events with the judge's probability as confidence, those under
    ``min_confidence`` left out. Without a model, the rules' confidence stands."""
    model = model or judge_model()
    if model is None or not candidates:
        return [c.event for c in candidates if c.event.confidence >= min_confidence]
    out = []
    for candidate, feats in zip(candidates, candidate_features(candidates, doc), strict=True):
        confidence = round(model.probability(feats), 3)
        if confidence >= min_confidence:
            out.append(candidate.event.model_copy(update={"confidence": confidence}))
    return out


def feature_names(rows: Iterable[dict[str, float]]) -> list[str]:
    """Every feature name used in ``rows``, sorted (the training matrix's columns)."""
    return sorted({name for row in rows for name in row})
