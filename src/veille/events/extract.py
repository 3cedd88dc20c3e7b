"""Events from parsed sentences: triggers, arguments, status, figurative filter.

For each sentence, trigger words from the lexicon (verbs and nouns by lemma, phrases by lemma
sequence) are located; their arguments come from the dependency parse (Universal Dependencies
labels for French, ClearNLP labels for English):

- actor: the active subject; for a passive or a participle ("des tanks détruits par des tirs du
  groupe EI"), the agent; for a relative clause ("Lavrov, qui s'est entretenu"), the antecedent;
  for a control verb ("doit rencontrer"), the subject of the governing verb;
- target: the object, the passive subject or the noun a participle qualifies, an oblique introduced
  by with/against ("avec", "contre", "sur"), the complement of a nominal trigger ("la mort de deux
  soldats").

Each argument phrase becomes actors through the entities it contains (their ``actor``) or, for
common-noun phrases ("l'armée turque", "les rebelles"), through the actor resolver.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from veille.actors.resolve import resolve
from veille.events.lexicon import Lexicon, Trigger
from veille.model import Actor, Entity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubj:pass", "nsubjpass", "csubjpass"}
OBJECTS = {"obj", "dobj", "iobj", "attr"}
AGENTS = {"obl:agent", "agent"}
# Prepositions that introduce the other party of an interaction.
TARGET_CASES = {"avec", "contre", "sur", "à", "with", "against", "on", "at", "to", "de", "of"}
@dataclass
class Mention:
    """One event mention found in one sentence, before merging."""

    trigger: Trigger
    token: Token
    sentence: Span
    actor: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    status: str = "occurred"
    figurative: bool = False


def find_triggers(sentence: Span, lex: Lexicon) -> Iterator[tuple[Token, Trigger]]:
    """Trigger tokens of ``sentence`` with their lexicon entries (phrases first, by length)."""
    taken: set[int] = set()
    lemmas = [t.lemma_.lower() for t in sentence]
    for trigger in sorted(lex.phrases, key=lambda t: -len(t.tokens)):
        n = len(trigger.tokens)
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i:i + n]) == trigger.tokens and not taken & set(range(i, i + n)):
                taken.update(range(i, i + n))
                # The phrase's head is its first verb or noun.
                head = next((sentence[j] for j in range(i, i + n) if sentence[j].pos_ in {"VERB", "NOUN"}),
                            sentence[i])
                yield head, trigger
    for i, tok in enumerate(sentence):
        if i in taken:
            continue
        lemma = tok.lemma_.lower()
        entries: list[Trigger] = []
        if tok.pos_ in {"VERB", "AUX"} and tok.pos_ != "AUX":
            entries = lex.verbs.get(lemma, [])
        elif tok.pos_ in {"NOUN", "ADJ", "PROPN"}:
            entries = lex.nouns.get(lemma, []) or lex.nouns.get(tok.text.lower(), [])
        for trigger in entries[:1]:
            if trigger.reflexive and not any(c.lower_ in {"se", "s'", "s’"} for c in tok.children):
                continue
            yield tok, trigger


def _phrase_actors(token: Token, entities: list[Entity], offset: int, lang: str) -> list[Actor]:
    """Actors named in the phrase headed by ``token``: its entities' actors, else the phrase itself."""
    start = token.left_edge.idx + offset
    end = token.right_edge.idx + len(token.right_edge.text) + offset
    found = [e.actor for e in entities if e.actor is not None and start <= e.start and e.end <= end]
    if found:
        return _unique(found)
    words = [t for t in token.subtree if not t.is_punct]
    text = " ".join(t.text for t in words if t.pos_ not in {"DET", "ADP"}) or token.text
    context = [w for t in words for w in (t.text, t.lemma_)]
    actor = resolve(text, context, lang)
    return [actor] if actor is not None else []


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out = []
    for a in actors:
        key = (a.name, a.code, a.sector)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.children if c.dep_ == "conj"]]


def arguments(token: Token, entities: list[Entity], offset: int, lang: str) -> tuple[list[Actor], list[Actor]]:
    """Actor and target of the event whose trigger is ``token`` (see module doc)."""
    actor_heads: list[Token] = []
    target_heads: list[Token] = []
    children = list(token.children)
    passive = any(c.dep_ in {"aux:pass", "auxpass"} for c in children) or any(
        c.dep_ in PASSIVE_SUBJECTS for c in children)
    for child in children:
        dep = child.dep_
        if dep in SUBJECTS and not passive:
            actor_heads += _with_conjuncts(child)
        elif dep in PASSIVE_SUBJECTS:
            target_heads += _with_conjuncts(child)
        elif dep in AGENTS:
            actor_heads.append(child)
        elif dep == "prep" and child.lower_ == "by" and passive:
            actor_heads += [g for g in child.children if g.dep_ == "pobj"]
        elif dep in OBJECTS and token.pos_ != "NOUN":
            target_heads += _with_conjuncts(child)
        elif dep.startswith("obl") or dep == "nmod" or dep == "prep":
            case = next((g.lower_ for g in child.children if g.dep_ in {"case", "mark"}), None)
            if dep == "prep":
                case, heads = child.lower_, [g for g in child.children if g.dep_ == "pobj"]
            else:
                heads = [child]
            if case in TARGET_CASES and (token.pos_ != "NOUN" or case not in {"de", "of"} or not target_heads):
                target_heads += heads
        elif dep == "amod" and token.pos_ == "NOUN":
            actor_heads.append(child)  # "une frappe israélienne": the adjective names the actor
    # Participle qualifying a noun ("des tanks détruits par..."): the noun is the patient.
    if token.dep_ in {"acl", "amod"} and token.pos_ in {"VERB", "ADJ"}:
        target_heads.append(token.head)
    # Relative clause ("Lavrov, qui s'est entretenu avec..."): the antecedent acts.
    if token.dep_ in {"acl:relcl", "relcl"} and any(c.dep_ in SUBJECTS and c.pos_ == "PRON" for c in children):
        actor_heads = [token.head, *[h for h in actor_heads if h.pos_ != "PRON"]]
    # Control or modal verb ("doit rencontrer", "a évoqué... de décréter"): borrow the subject.
    if not actor_heads and token.dep_ in {"xcomp", "acl"} and token.head.pos_ in {"VERB", "AUX", "NOUN"}:
        governor = token.head if token.head.pos_ != "NOUN" else token.head.head
        actor_heads = [c for c in governor.children if c.dep_ in SUBJECTS]
        if not actor_heads and governor.dep_ in {"acl:relcl", "relcl"}:
            actor_heads = [governor.head]
    actors = [a for h in actor_heads if h.pos_ != "PRON" for a in _phrase_actors(h, entities, offset, lang)]
    targets = [a for h in target_heads if h.pos_ != "PRON" for a in _phrase_actors(h, entities, offset, lang)]
    actor_keys = {(a.name, a.code) for a in actors}
    return _unique(actors), _unique([t for t in targets if (t.name, t.code) not in actor_keys])


def is_figurative(token: Token, trigger: Trigger, lex: Lexicon) -> bool:
    """A violent word used as a metaphor ("les affrontements sont diplomatiques"), or a word often
    used so ("bataille", "attack") with no sign of real violence in its sentence."""
    figurative = lex.cues.get("figurative") or {}
    qualifier_words = {w.lower() for w in figurative.get("figurative_qualifiers") or []}
    qualifiers = [c for c in token.children if c.dep_ in {"amod", "acomp"}]
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.pos_ == "ADJ":
        qualifiers.append(token.head)
    if any(q.lemma_.lower() in qualifier_words or q.lower_ in qualifier_words for q in qualifiers):
        return True
    if not trigger.figurative_risk:
        return False
    violent = {w.lower() for w in figurative.get("violent_context") or []}
    return not any(t.lemma_.lower() in violent or t.lower_ in violent for t in token.sent if t.i != token.i)
