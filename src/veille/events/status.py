"""Event status from the parse: negated, planned, proposed, hypothetical, ongoing or occurred.

Morphology does the grammatical part (future tense, conditional mood, present tense, the
negation dependency); the words that govern a trigger ("doit rencontrer", "a évoqué la possibilité
de décréter", "ne sont pas parvenus à un accord", "appelle à") come from the per-language cue
lists in ``data/negation_modality.<lang>.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from veille.events.lexicon import Grammar, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

# How many heads up from the trigger a governing cue may stand ("a évoqué la possibilité de décréter").
GOVERNOR_DEPTH = 3
_NEGATION_DEPS = {"neg"}


# A cue governs a trigger through complement relations only: "doit rencontrer" (xcomp), "a évoqué la
# possibilité de décréter" (obj, acl); not through a relative clause, a subject or an adverbial.
_COMPLEMENT_DEPS = {"xcomp", "ccomp", "obj", "dobj", "obl:arg", "nmod", "acl", "pobj", "prep", "mark", "case",
                    "advcl:cleft", "nsubj:pass"}


def _governors(token: Token) -> list[Token]:
    chain = []
    current = token
    for _ in range(GOVERNOR_DEPTH):
        if current.head.i == current.i or current.dep_ not in _COMPLEMENT_DEPS:
            break
        current = current.head
        chain.append(current)
    return chain


def _negated(token: Token, lex: Lexicon) -> bool:
    words = lex.cue_words("negated")
    return any(c.dep_ in _NEGATION_DEPS or (c.dep_ == "advmod" and c.lower_ in words) for c in token.children)


def _verbal_core(token: Token) -> Token:
    """The verb that carries tense for ``token``: itself, or the verb a nominal trigger depends on."""
    if token.pos_ in {"VERB", "AUX"}:
        return token
    for gov in _governors(token):
        if gov.pos_ in {"VERB", "AUX"}:
            return gov
    return token


def _morph(token: Token, feature: str) -> set[str]:
    values = set(token.morph.get(feature, []))
    for child in token.children:
        if child.dep_.startswith("aux"):
            values |= set(child.morph.get(feature, []))
    return values


def _in_condition(verb: Token, grammar: Grammar) -> bool:
    """A verb of an "if" clause ("si l'Otan déployait des troupes"), not of a concession ("même si")."""
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in grammar.condition_marks:
            previous = c.nbor(-1).lower_ if c.i > 0 else ""
            return previous not in grammar.concession_words
    return False


def status_of(token: Token, lex: Lexicon) -> str:
    """The status of the event triggered by ``token``."""
    chain = [token, *_governors(token)]
    lemmas = [t.lemma_.lower() for t in chain]
    core = _verbal_core(token)
    grammar = lex.grammar
    # Negation of the trigger or of the verb it hangs on ("ne sont pas parvenus à un accord").
    # A nominal trigger takes the negation of its verb; a verb in a subordinate clause does not
    # ("on ne sait pas s'il a été tué": he was killed).
    if _negated(token, lex) or (token.pos_ != "VERB" and (_negated(core, lex) or any(
            _negated(g, lex) for g in _governors(token)[:1]))):
        return "negated"
    if any(lemma in lex.cue_words("negated") for lemma in lemmas[1:]):
        return "negated"
    # A verb controlled by a negated verb ("ne sont pas parvenus à s'entendre [sur une trêve]") did not
    # happen, nor what it governs, unless the two negations cancel ("n'a pas hésité à frapper").
    inverting = lex.cue_set("negated", "not_negating_governors")
    verb = token if token.pos_ == "VERB" else core
    if verb.pos_ == "VERB" and verb.dep_ == "xcomp" and _negated(verb.head, lex) \
            and verb.head.lemma_.lower() not in inverting:
        return "negated"
    # Only what governs the trigger makes it a proposal ("appelle à un cessez-le-feu"); a REQUEST
    # trigger such as "appeler" is not itself proposed.
    if any(lemma in lex.cue_words("proposed") for lemma in lemmas[1:]):
        return "proposed"
    if any(lemma in lex.cue_words("hypothetical") for lemma in lemmas[1:]) or (
        "Cnd" in _morph(core, "Mood") and any(c.lower_ in grammar.conditional_conjunctions for c in core.children)
    ) or _in_condition(core, grammar):
        return "hypothetical"
    modal_children = {c.lower_ for c in core.children if c.dep_ in {"aux", "aux:tense"}}
    # "said it would tighten the blockade": the future of reported speech.
    reported_future = bool(modal_children & grammar.reported_future_auxiliaries) and core.dep_ in {"ccomp", "xcomp"}
    if "Fut" in _morph(core, "Tense") or modal_children & grammar.future_auxiliaries or reported_future or any(
        lemma in lex.cue_words("planned") for lemma in lemmas[1:]
    ):
        return "planned"
    if any(lemma in lex.cue_words("ongoing") for lemma in lemmas[1:]):
        return "ongoing"
    # A present-tense verb trigger, or a noun carried by a light verb ("les forces procèdent à
    # l'étranglement"), describes what is going on.
    support = {w.split()[0].lower() for w in (lex.cues.get("support_verbs") or {}).get("words", [])}
    carried = token.pos_ == "VERB" or core.lemma_.lower() in support
    has_aux = any(c.dep_.startswith("aux") for c in core.children)
    if carried and core.pos_ == "VERB" and not has_aux and "Pres" in set(core.morph.get("Tense", [])) and \
            "Ind" in set(core.morph.get("Mood", [])):
        return "ongoing"
    return "occurred"
