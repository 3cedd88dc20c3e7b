"""The events stage's lexicons, read from ``data/`` once per process and language.

Trigger entries map a lemma (verb or noun) or a lemma sequence (phrase) to a PLOVER type, mode,
CAMEO code and ACLED type; cue lists give status (negation, planning, proposal, hypothesis,
continuation) and casualty/crowd words; the grammar lists the closed-class words (prepositions,
pronouns, clitics, auxiliaries) the argument and status rules read from the parse. See
``data/PROVENANCE.md`` for where they come from. A new language is these files plus its spaCy model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    lemma: str
    pos: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    acled: tuple[str, str | None] | None = None
    figurative_risk: bool = False
    reflexive: bool = False
    transitive: bool = False  # an event only with an object, or in the passive ("dispersed the crowd")
    objects: tuple[str, ...] = ()  # an event only with one of these objects ("adopter une résolution")

    @property
    def tokens(self) -> tuple[str, ...]:
        """The lemma sequence of a phrase (one item for a single word)."""
        return _split(self.lemma)


@cache
def _split(lemma: str) -> tuple[str, ...]:
    return tuple(lemma.split())


# The apostrophes a tokenizer may leave after an elided word ("l'", "l’", "l‘"): typography, not words.
_APOSTROPHES = "'’‘`ʼ"


@dataclass(frozen=True)
class Grammar:
    """The closed-class words of one language that the argument and status rules read from the parse
    (``data/grammar.<lang>.json``, where each list's note says what it is for). A language without
    that file has every list empty: its rules then find no preposition, pronoun or auxiliary."""

    target_cases: frozenset[str] = frozenset()
    locative_cases: frozenset[str] = frozenset()
    temporal_cases: frozenset[str] = frozenset()
    time_nouns: frozenset[str] = frozenset()
    personal_pronouns: frozenset[str] = frozenset()
    back_references: frozenset[str] = frozenset()
    reflexive_clitics: frozenset[str] = frozenset()
    elisions: frozenset[str] = frozenset()
    agent_cases: frozenset[str] = frozenset()
    genitive_cases: frozenset[str] = frozenset()
    partner_cases: frozenset[str] = frozenset()
    counterpart_cases: frozenset[str] = frozenset()
    between_cases: frozenset[str] = frozenset()
    perfect_auxiliaries: frozenset[str] = frozenset()
    attribution_markers: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    conditional_conjunctions: frozenset[str] = frozenset()
    concession_words: frozenset[str] = frozenset()
    future_auxiliaries: frozenset[str] = frozenset()
    reported_future_auxiliaries: frozenset[str] = frozenset()

    # Derived once per language (``cached_property``): the rules ask for them at every token or trigger.
    @cached_property
    def elision(self) -> re.Pattern[str] | None:
        """An elided word the tokenizer left at the start of a token ("l‘étranglement"), or None."""
        return _elision_pattern(self.elisions)

    def strip_elision(self, text: str) -> str:
        """``text`` without an elided word stuck to its start ("l‘étranglement" → "étranglement")."""
        pattern = self.elision
        return pattern.sub("", text) if pattern is not None else text

    @cached_property
    def attribution_words(self) -> frozenset[str]:
        """One-word attribution markers ("selon"), read as the preposition of their phrase."""
        return frozenset(m for m in self.attribution_markers if len(m.split()) == 1)

    @cached_property
    def attribution_pairs(self) -> frozenset[tuple[str, str]]:
        """Two-word attribution markers ("according to"), read as a word and the preposition it governs."""
        return frozenset((words[0], words[1]) for words in map(str.split, self.attribution_markers)
                         if len(words) == 2)


@cache
def _elision_pattern(elisions: frozenset[str]) -> re.Pattern[str] | None:
    if not elisions:
        return None
    # Longest first, so that "qu" is tried before a one-letter elision.
    words = "|".join(re.escape(w) for w in sorted(elisions, key=lambda w: (-len(w), w)))
    return re.compile(rf"^(?:{words})[{_APOSTROPHES}](?=\w)")


def _grammar(raw: Any, lang: str) -> Grammar:
    """The grammar lists of ``data/grammar.<lang>.json``; every list must be there (possibly empty), so
    that a misspelt name is an error rather than a rule silently switched off."""
    if raw is None:
        return Grammar()
    names = {f.name for f in fields(Grammar)}
    given = {k for k in raw if k != "about"}
    if given != names:
        raise ValueError(f"data/grammar.{lang}.json: unknown lists {sorted(given - names)}, "
                         f"missing lists {sorted(names - given)}")
    return Grammar(**{name: frozenset(raw[name]["words"]) for name in names})


@dataclass
class Lexicon:
    """Triggers and cues for one language."""

    lang: str
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    phrases: list[Trigger] = field(default_factory=list)
    # Phrases by their first lemma, longest first: a sentence is scanned once, not once per phrase.
    phrases_by_first: dict[str, list[Trigger]] = field(default_factory=dict)
    cues: dict[str, Any] = field(default_factory=dict)
    quantities: dict[str, Any] = field(default_factory=dict)
    grammar: Grammar = field(default_factory=Grammar)
    # Word sets derived from the cues, built once: they are asked for at every trigger.
    _derived: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False)

    def cue_words(self, status: str) -> frozenset[str]:
        """Single-word cues of a status (negated, planned, proposed, hypothetical, ongoing)."""
        key = ("cue", status)
        if key not in self._derived:
            words = (self.cues.get(status) or {}).get("words") or []
            self._derived[key] = frozenset(w.lower() for w in words if " " not in w.strip())
        return self._derived[key]

    def cue_set(self, section: str, key: str) -> frozenset[str]:
        """The words of list ``key`` in cue section ``section``, lower case ("figurative",
        "violent_context"), built once."""
        derived = ("cue_set", f"{section}/{key}")
        if derived not in self._derived:
            words = (self.cues.get(section) or {}).get(key) or []
            self._derived[derived] = frozenset(w.lower() for w in words)
        return self._derived[derived]

    def is_casualty(self, token: Token) -> bool:
        """Whether ``token`` names a death or an injury ("morts", "blessés", "killed")."""
        words = self.cue_set("figurative", "casualty_words")
        return token.lemma_.lower() in words or token.lower_ in words

    def cue_phrases(self, status: str) -> tuple[str, ...]:
        """Multi-word cues of a status, lower case."""
        spec = self.cues.get(status) or {}
        items = list(spec.get("words") or []) + list(spec.get("patterns") or [])
        return tuple(w.lower() for w in items if " " in w.strip() and not any(c in w for c in "[(\\*+?|"))

    def quantity_words(self, kind: str) -> frozenset[str]:
        """Words that mark a number as fatalities, injuries or size."""
        key = ("quantity", kind)
        if key not in self._derived:
            spec = self.quantities.get(kind) or {}
            items = spec.get("words", spec) if isinstance(spec, dict) else spec
            self._derived[key] = frozenset(w.lower() for w in items if isinstance(w, str))
        return self._derived[key]


def _read(name: str) -> Any:
    path = resources.files("veille.events").joinpath(f"data/{name}")
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def _entries(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict):
        raw = raw.get("triggers") or raw.get("entries") or []
    return [e for e in raw or [] if isinstance(e, dict) and e.get("lemma") and e.get("type")]


@cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` (empty when veille has none for that language)."""
    lex = Lexicon(lang=lang)
    for entry in _entries(_read(f"triggers.{lang}.json")):
        acled = entry.get("acled")
        trigger = Trigger(
            lemma=str(entry["lemma"]).strip().lower(),
            pos=str(entry.get("pos") or "VERB").upper(),
            type=entry["type"],
            mode=entry.get("mode"),
            cameo=entry.get("cameo"),
            acled=(acled["event_type"], acled.get("sub_event_type")) if isinstance(acled, dict) else None,
            figurative_risk=bool(entry.get("figurative_risk")),
            reflexive=bool(entry.get("reflexive")),
            transitive=bool(entry.get("transitive")),
            objects=tuple(str(o).lower() for o in entry.get("objects") or ()),
        )
        if trigger.pos == "PHRASE" or len(trigger.tokens) > 1:
            lex.phrases.append(trigger)
        elif trigger.pos in {"NOUN", "ADJ"}:
            lex.nouns.setdefault(trigger.lemma, []).append(trigger)
        else:
            lex.verbs.setdefault(trigger.lemma, []).append(trigger)
    lex.phrases.sort(key=lambda t: -len(t.tokens))  # longest first: "lever le blocus" before "lever"
    for trigger in lex.phrases:
        lex.phrases_by_first.setdefault(trigger.tokens[0], []).append(trigger)
    lex.cues = _read(f"negation_modality.{lang}.json") or {}
    lex.quantities = _read(f"quantities.{lang}.json") or {}
    lex.grammar = _grammar(_read(f"grammar.{lang}.json"), lang)
    return lex


def grammar_of(token: Token) -> Grammar:
    """The grammar of the language ``token`` was parsed in (its spaCy pipeline's language)."""
    return lexicon(token.doc.lang_).grammar
