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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from veille.actors.resolve import norm, resolve, tables
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
LOCATIVE_CASES = {"à", "au", "aux", "at", "in", "dans", "en"}
TEMPORAL_CASES = {"après", "avant", "depuis", "after", "before", "since", "following"}
# Sectors of those who carry out attacks ("l'attaque des FSR", "les frappes de la coalition").
ARMED_SECTORS = {"MIL", "REB", "INS", "IMG", "UAF", "COP", "SPY"}
# Sectors of people who act where they live (CAMEO's domestic roles): "demonstrators", "police",
# "rebels" with no nationality named are of the country they are in, as event coders code them;
# troops and diplomats are not.
DOMESTIC_SECTORS = {"CVL", "OPP", "REB", "INS", "COP", "LAB", "EDU", "MED", "BUS", "JUD", "LEG", "AGR", "REF", "UAF"}
# The French reflexive clitic ("se sont rassemblés", "s'est dispersée").
_REFLEXIVE_CLITICS = {"se", "s'", "s’"}


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
    lang: str = ""
    governed: bool = False


# An elided article the tokenizer left on the word ("l‘étranglement" with a turned comma).
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu)['’‘`ʼ](?=\w)")


def find_triggers(sentence: Span, lex: Lexicon) -> Iterator[tuple[Token, Trigger]]:
    """Trigger tokens of ``sentence`` with their lexicon entries (phrases first, by length)."""
    taken: set[int] = set()
    tokens = list(sentence)
    lemmas = [_ELISION.sub("", t.lemma_.lower()) for t in tokens]
    found: list[tuple[int, int, Trigger]] = []
    for i, lemma in enumerate(lemmas):
        for trigger in lex.phrases_by_first.get(lemma, ()):
            n = len(trigger.tokens)
            if tuple(lemmas[i:i + n]) == trigger.tokens:
                found.append((i, n, trigger))
            elif n == 2 and tokens[i].pos_ == "VERB" and _governs_preposition(tokens[i], trigger.tokens[1]):
                # "a appelé les Occidentaux à livrer...": the verb's preposition comes after its object.
                found.append((i, 1, trigger))
    # Longest phrases win where two overlap.
    for i, n, trigger in sorted(found, key=lambda f: -f[1]):
        if taken & set(range(i, i + n)):
            continue
        taken.update(range(i, i + n))
        # The phrase's head is its first verb or noun.
        head = next((tokens[j] for j in range(i, i + n) if tokens[j].pos_ in {"VERB", "NOUN"}), tokens[i])
        yield head, trigger
    for i, tok in enumerate(tokens):
        if i in taken:
            continue
        lemma = lemmas[i]
        entries: list[Trigger] = []
        if tok.pos_ in {"VERB", "AUX"} and tok.pos_ != "AUX":
            entries = lex.verbs.get(lemma, [])
        elif tok.pos_ in {"NOUN", "ADJ", "PROPN"}:
            entries = lex.nouns.get(lemma, []) or lex.nouns.get(_ELISION.sub("", tok.text.lower()), [])
        usable = [t for t in entries if not t.objects or any(
            c.dep_ in OBJECTS | PASSIVE_SUBJECTS and c.lemma_.lower() in t.objects for c in tok.children)]
        for trigger in usable[:1]:
            clitic = any(c.lower_ in _REFLEXIVE_CLITICS for c in tok.children)
            if trigger.reflexive and not clitic:
                continue
            if trigger.transitive and (clitic or not any(
                    c.dep_ in OBJECTS | PASSIVE_SUBJECTS | {"aux:pass", "auxpass"} for c in tok.children)):
                continue  # "la foule s'est dispersée", "the crowd dispersed": no one did it to anyone
            yield tok, trigger


def _governs_preposition(verb: Token, preposition: str) -> bool:
    """Whether one of the verb's complements is introduced by ``preposition`` ("appeler X à")."""
    return any(c.dep_ in {"xcomp", "obl", "obl:arg", "obl:mod", "iobj", "ccomp", "advcl", "prep"}
               and (c.lower_ == preposition if c.dep_ == "prep" else
                    any(g.dep_ in {"case", "mark"} and g.lower_ == preposition for g in c.children))
               for c in verb.children)


# Dependents that belong to a noun phrase's core: the name and what qualifies it directly ("le
# ministre russe ... Sergueï Lavrov"), not its complements ("des Affaires étrangères") or clauses.
CORE_DEPS = {"flat", "flat:name", "flat:foreign", "compound", "appos", "amod", "nummod", "det", "fixed", "poss",
             "nmod:poss", "npadvmod", "nn"}
CLAUSE_DEPS = {"acl", "acl:relcl", "relcl", "advcl", "parataxis", "ccomp", "conj", "cc", "punct"}


def _core(token: Token) -> list[Token]:
    out, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in CORE_DEPS:
                out.append(child)
                stack.append(child)
    return out


def _phrase(token: Token) -> list[Token]:
    """The noun phrase of ``token`` without its clauses (relative, participial) and conjuncts."""
    out, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            # A bare participle is an adjective of the phrase ("des hommes armés"), not a clause.
            if child.dep_ not in CLAUSE_DEPS or (child.dep_ == "acl" and not list(child.children)):
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _entities_over(tokens: list[Token], entities: list[Entity], offset: int) -> list[Entity]:
    spans = [(t.idx + offset, t.idx + len(t.text) + offset) for t in tokens]
    return [e for e in entities if (e.actor is not None or e.label in {"PER", "ORG"})
            and any(a < e.end and e.start < b for a, b in spans)]


# A description longer than this many content words has swallowed more than its actor.
MAX_DESCRIPTION_WORDS = 6


def phrase_actors(token: Token, entities: list[Entity], offset: int, lang: str) -> list[Actor]:
    """Actors named by the phrase headed by ``token``, chosen from its head outwards: the entities of
    its core (the head, its name and its adjectives), else the first person named in its phrase, else
    the first named organisation or place, else the phrase itself resolved as a description ("l'armée
    turque", "les rebelles")."""
    found = _entities_over(_core(token), entities, offset)
    phrase = _phrase(token)
    located: set[int] = set()
    if not found:
        # "une manifestation de l'opposition à Dakar": the place where it stands names no one.
        located = {t.i for t in phrase if any(g.dep_ == "case" and g.lower_ in LOCATIVE_CASES for g in t.children)
                   or (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_CASES)}
        located |= {d.i for t in phrase if t.i in located for d in t.subtree}
        named = _entities_over([t for t in phrase if t.i not in located], entities, offset)
        people = [e for e in named if e.label == "PER"]
        found = people[:1] or named[:1]
        if not people and found and found[0].label == "LOC":
            # "un tribunal de Conakry", "l'armée de la Syrie": the role is who acts, the place says for
            # which country.
            role = resolve(token.text, [token.text, token.lemma_], lang)
            if role is not None and role.sector and role.code is None:
                place_code = found[0].actor.code if found[0].actor is not None else None
                return [role.model_copy(update={"code": place_code})]
    if found:
        # A person or organisation nothing more is known of is still who acted ("Patrice Talon").
        return _unique([e.actor if e.actor is not None else Actor(text=e.text, name=e.text) for e in found])
    # A description names who: places ("près de Fada N'Gourma") and adverbs are left out of it.
    words = [t for t in phrase if not t.is_punct and t.i not in located and t.pos_ != "ADV" and not (
        t.dep_ == "prep" and t.lower_ in LOCATIVE_CASES) and not (t.i != token.i and _is_place(t, entities, offset))]
    if len([t for t in words if t.pos_ in {"NOUN", "PROPN", "ADJ"}]) > MAX_DESCRIPTION_WORDS:
        words = [t for t in _core(token) if not t.is_punct]  # a run-on phrase: its head says who
    text = " ".join(t.text for t in words if t.pos_ not in {"DET", "ADP"}) or token.text
    # Forms in text order, then lemmas: multi-word roles ("forces de sécurité") are read as written.
    context = [t.text for t in words] + [t.lemma_ for t in words]
    actor = resolve(text, context, lang)
    if actor is not None and actor.code is None and actor.sector in DOMESTIC_SECTORS and located:
        # "les rebelles en Côte d'Ivoire", "demonstrators in Baghdad": people of the place they are in.
        where = _entities_over([t for t in phrase if t.i in located], entities, offset)
        code = next((e.actor.code for e in where if e.label == "LOC" and e.actor is not None and e.actor.code), None)
        if code is not None:
            actor = actor.model_copy(update={"code": code})
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


TIME_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "jour", "matin", "soir",
              "semaine", "mois", "année", "an", "hier", "heure", "fois", "nuit", "week-end", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "day", "morning", "evening", "week", "month",
              "year", "night", "time", "yesterday", "today"}


def _content(token: Token) -> Token:
    """The word a punctuation-headed argument stands for (“des combattants": the noun, not the quote)."""
    if token.is_punct:
        return next((c for c in token.children if c.pos_ in {"NOUN", "PROPN", "PRON"}), token)
    return token


def fronted_subject(verb: Token) -> Token | None:
    """A bare noun phrase before the verb's subject and attached to the verb without a preposition:
    the real subject, the parser having taken its apposition for it ("Abu Omar Saraqeb, le
    commandant..., la principale alliance de rebelles, a été déclaré mort")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
    if len(subjects) != 1:
        return None
    for child in verb.children:
        if child.i >= subjects[0].i or child.pos_ not in {"NOUN", "PROPN"} or child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            continue
        if child.lemma_.lower() in TIME_WORDS or any(g.dep_ in {"case", "mark"} for g in child.children):
            continue
        if child.dep_ in {"obl:mod", "obl", "dep", "appos", "nmod", "npadvmod", "vocative", "xcomp"} \
                and child.left_edge.i <= verb.sent.start + 1:
            return child
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.children if c.dep_ == "conj"]]


def _subjects_of(verb: Token) -> list[Token]:
    """The verb's subject heads (active subjects; passive ones without a passive auxiliary)."""
    fronted = fronted_subject(verb)
    if fronted is not None:
        return [fronted]
    passive = any(c.dep_ in {"aux:pass", "auxpass"} for c in verb.children)
    deps = SUBJECTS if passive else SUBJECTS | PASSIVE_SUBJECTS
    out = []
    for child in verb.children:
        if child.dep_ in deps and child.pos_ == "PRON" and verb.dep_ in {"ccomp", "xcomp", "advcl"} \
                and child.lower_ in _PERSONAL_PRONOUNS:
            # "Syria says it is willing...": the pronoun is the speaker named in the main clause.
            outer = [c for c in verb.head.children if c.dep_ in SUBJECTS and c.pos_ != "PRON"]
            out += outer or [child]
        elif child.dep_ in deps:
            if _has_preposition(child):
                # "Dans la ville d'Alep, les forces...": a fronted complement is no subject, but the
                # parser may have hung the real subject on it as a conjunct.
                out += [c for c in child.children if c.dep_ == "conj" and not _has_preposition(c)]
            else:
                out.append(_content(child))
    return out


_PERSONAL_PRONOUNS = {"it", "they", "he", "she", "il", "elle", "ils", "elles", "él", "ella", "ellos", "ellas"}


def _reflexive(verb: Token) -> bool:
    """"se sont rassemblées": French reflexive verbs take "être" without being passive."""
    return any(c.lower_ in _REFLEXIVE_CLITICS and c.dep_.startswith("expl") for c in verb.children)


def _is_place(token: Token, entities: list[Entity], offset: int) -> bool:
    """Whether ``token`` is inside a place name (a LOC entity)."""
    start = token.idx + offset
    return any(e.label == "LOC" and e.start <= start < e.end for e in entities)


def _has_preposition(token: Token) -> bool:
    return any(c.dep_ == "case" and c.i < token.i for c in token.children)


def arguments(token: Token, entities: list[Entity], offset: int, lang: str,
              reporting_verbs: frozenset[str] = frozenset(), *,
              patient_subject: bool = False, place_targets: bool = True,
              of_is_agent: bool = False, armed_of_is_agent: bool = False,
              ignore: frozenset[int] = frozenset()) -> tuple[list[Actor], list[Actor]]:
    """Actor and target of the event whose trigger is ``token`` (see module doc); a nominal trigger
    does not take the subject of a ``reporting_verbs`` verb ("X a fait état de la mort de..."). Without
    ``place_targets``, a place after "à"/"at" is where the event happens, not its target ("ont
    manifesté à Paris"). With ``of_is_agent``, a nominal trigger's "de"/"of" complement is who acts
    ("une manifestation de l'opposition"), not who suffers it ("la mort de deux soldats"); with
    ``armed_of_is_agent`` (an attack, "l'attaque des FSR"), it is who acts when it names an armed
    force. Tokens in ``ignore`` (a dateline) are nobody."""
    actor_heads: list[Token] = []
    target_heads: list[Token] = []
    children = list(token.children)
    # Passive only with a passive auxiliary: French movement verbs ("sont venus") take "être" too,
    # and the parser then calls their subject passive.
    passive = any(c.dep_ in {"aux:pass", "auxpass"} for c in children) and not _reflexive(token)
    subject = fronted_subject(token)
    for child in children:
        dep = child.dep_
        if subject is not None and child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            child = subject  # an apposition taken for the subject: the name before it is
        if dep in SUBJECTS | PASSIVE_SUBJECTS and not passive:
            if child.pos_ == "PRON" and subject is None:
                # "Switzerland said it had expelled...": the speaker of the main clause.
                actor_heads += [h for s in _subjects_of(token) for h in _with_conjuncts(s)]
            else:
                actor_heads += _with_conjuncts(_content(child))
        elif dep in PASSIVE_SUBJECTS:
            target_heads += _with_conjuncts(_content(child))
        elif dep in AGENTS:
            actor_heads.append(child)
        elif dep == "prep" and child.lower_ == "by" and passive:
            actor_heads += [g for g in child.children if g.dep_ == "pobj"]
        elif (dep.startswith("obl") or dep in OBJECTS) and token.pos_ == "VERB" \
                and child.lemma_.lower() in TIME_WORDS:
            # "rencontrer ce vendredi son homologue", "se rendre la semaine prochaine à Pékin": an
            # argument the parser hung on the time phrase.
            target_heads += [g for g in child.children if g.dep_ == "nmod" and g.pos_ in {"NOUN", "PROPN"} and (
                not any(h.dep_ == "case" for h in g.children)
                or (place_targets and any(h.dep_ == "case" and h.lower_ in TARGET_CASES for h in g.children)))]
        elif dep in OBJECTS and token.pos_ != "NOUN":
            target_heads += _with_conjuncts(child)
        elif dep.startswith("obl") and token.pos_ == "VERB" and child.pos_ in {"NOUN", "PROPN"} \
                and not any(g.dep_ in {"case", "mark"} for g in child.children) \
                and not _is_place(child, entities, offset):
            # "a libéré jeudi quatre otages": an object the parser took for an adjunct after the date.
            target_heads += _with_conjuncts(child)
        elif dep.startswith("obl") or dep == "nmod" or dep == "prep":
            case = next((g.lower_ for g in child.children if g.dep_ in {"case", "mark"}), None)
            if dep == "prep":
                case, heads = child.lower_, [g for g in child.children if g.dep_ == "pobj"]
            else:
                heads = [child]
            if not place_targets and case in LOCATIVE_CASES:
                heads = [h for h in heads if not _is_place(h, entities, offset)]
            of_case = token.pos_ == "NOUN" and case in {"de", "d'", "d’", "du", "des", "of"}
            if case in {"par", "by"} and (token.pos_ == "NOUN" or passive):
                # "une embuscade [tendue] par des jihadistes", "kidnappés par des hommes armés"
                actor_heads += heads
            elif of_case and (of_is_agent or (armed_of_is_agent and any(
                    a.sector in ARMED_SECTORS for h in heads for a in phrase_actors(h, entities, offset, lang)))):
                actor_heads += heads
            elif case in TARGET_CASES and (token.pos_ != "NOUN" or case not in {"de", "of"} or not target_heads):
                target_heads += heads
        elif dep == "amod" and token.pos_ == "NOUN" and norm(child.text) in tables(lang).adjectives:
            actor_heads.append(child)  # "une frappe israélienne": a nationality adjective names the actor
    # Participle qualifying a noun ("des tanks détruits par..."): the noun is the patient.
    if token.dep_ in {"acl", "amod"} and token.pos_ in {"VERB", "ADJ"}:
        target_heads.append(token.head)
    # Relative clause ("Lavrov, qui s'est entretenu avec..."): the antecedent acts.
    if token.dep_ in {"acl:relcl", "relcl"} and any(c.dep_ in SUBJECTS and c.pos_ == "PRON" for c in children):
        actor_heads = [token.head, *[h for h in actor_heads if h.pos_ != "PRON"]]
    # A state word said of its subject ("a été déclaré mort", "est mort"): the subject suffers it.
    # Other state words are stances the subject takes ("Norway is willing to send...").
    if token.pos_ == "ADJ" and token.dep_ not in {"amod"} and not patient_subject:
        for holder in (token, token.head):
            subjects = _subjects_of(holder) if holder is not token else [
                c for c in holder.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
            if subjects:
                actor_heads += [h for s in subjects for h in _with_conjuncts(s) if h not in actor_heads]
                break
    # "avoir « neutralisé »": a participle the parser read as an adjective, with its perfect auxiliary,
    # is an active verb.
    perfect = token.pos_ == "ADJ" and any(c.dep_.startswith("aux") and c.lemma_.lower() in {"avoir", "have"}
                                           for c in children)
    if token.pos_ == "ADJ" and token.dep_ not in {"amod"} and patient_subject and not perfect:
        for holder in (token, token.head):
            fronted = fronted_subject(holder)
            subjects = [fronted] if fronted is not None else [
                c for c in holder.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
            if subjects:
                target_heads += subjects
                actor_heads = [h for h in actor_heads if h not in subjects]
                if holder is not token:  # "déclaré mort par X": X declares, it did not kill
                    actor_heads = [h for h in actor_heads if h.head.i != holder.i]
                break
    # Control or modal verb ("doit rencontrer", "a évoqué... de décréter"): borrow the subject.
    # ... and a participle clause ("police opened fire, killing one person and arresting 12").
    clause = token.head if token.dep_ == "conj" and token.head.dep_ == "advcl" else token
    # ... and a purpose clause ("se sont rassemblés pour réclamer...", "gathered to demand...").
    participle = clause.dep_ == "advcl" and (clause.tag_ in {"VBG", "VBN"} or bool(
        {"Ger", "Part", "Inf"} & set(clause.morph.get("VerbForm", []))))
    if not actor_heads and (token.dep_ in {"xcomp", "acl"} or participle) \
            and clause.head.pos_ in {"VERB", "AUX", "NOUN"} and (token.pos_ != "ADJ" or perfect):
        governor = clause.head if clause.head.pos_ != "NOUN" else clause.head.head
        actor_heads = _subjects_of(governor)
        if not actor_heads and governor.dep_ in {"acl:relcl", "relcl"}:
            actor_heads = [governor.head]
    # A nominal trigger with no participants of its own ("Israel and Lebanon renewed negotiations",
    # "Au téléphone, Poutine a évoqué avec Erdoğan..."): those of the verb that governs it.
    # ... but not one the clause only dates itself by ("a imposé des sanctions après l'expulsion de..."):
    # that is another event, by someone else.
    # ("après trois nuits d'émeutes": the case may sit on the noun the trigger complements)
    dating = any(any(c.dep_ in {"case", "mark"} and c.lower_ in TEMPORAL_CASES for c in node.children)
                 or (node.dep_ == "pobj" and node.head.lower_ in TEMPORAL_CASES)
                 for node in (token, token.head) if node.pos_ in {"NOUN", "PROPN"})
    if token.pos_ in {"NOUN", "PROPN"} and not actor_heads and token.dep_ not in SUBJECTS | PASSIVE_SUBJECTS \
            and not dating:
        governor = token.head
        # Up through nouns and subject-less verbs ("a évoqué la possibilité de décréter une trêve").
        for _ in range(4):
            if governor.pos_ in {"VERB", "AUX"} and (_subjects_of(governor) or governor.dep_ in {"acl:relcl", "relcl"}):
                break
            if governor.head.i == governor.i:
                break
            governor = governor.head
        if governor.pos_ in {"VERB", "AUX"} and governor.lemma_.lower() not in reporting_verbs:
            actor_heads = [h for c in _subjects_of(governor) for h in _with_conjuncts(c)]
            if not actor_heads and governor.dep_ in {"acl:relcl", "relcl"}:
                actor_heads = [governor.head]
            if not target_heads:
                target_heads = [c for c in governor.children if c.dep_.startswith("obl") and any(
                    g.lower_ in {"avec", "with"} for g in c.children if g.dep_ == "case")]
    # "between X and Y", "entre X et Y": both sides act.
    for child in children:
        if any(g.lower_ in {"entre", "between"} for g in child.children if g.dep_ in {"case", "mark"}):
            actor_heads += [h for h in _with_conjuncts(child) if h not in actor_heads]
            target_heads = [h for h in target_heads if h not in actor_heads]
        elif child.dep_ == "prep" and child.lower_ == "between":
            for g in child.children:
                if g.dep_ == "pobj":
                    actor_heads += _with_conjuncts(g)
    # "s'est entretenu au téléphone avec son homologue": a partner or opponent the parser hung on an
    # adjunct of the verb.
    if token.pos_ == "VERB":
        for adjunct in (c for c in children if c.dep_.startswith("obl") and c.pos_ == "NOUN"):
            target_heads += [g for g in adjunct.children if g.dep_ == "nmod" and g not in target_heads and any(
                h.dep_ == "case" and h.lower_ in {"avec", "contre", "with", "against"} for h in g.children)]
    # "une embuscade tendue par des jihadistes", "an attack carried out by X": the agent of the
    # participle describing a nominal trigger did it.
    if token.pos_ == "NOUN" and not actor_heads:
        for clause_verb in (c for c in children if c.dep_ in {"acl", "amod"} and c.pos_ in {"VERB", "ADJ"}):
            actor_heads += [g for g in clause_verb.children if g.dep_ in AGENTS]
            actor_heads += [p for g in clause_verb.children if g.dep_ == "prep" and g.lower_ == "by"
                            for p in g.children if p.dep_ == "pobj"]
    # A verb sharing its subject with the verb it is coordinated with ("s'est dit choqué et a réclamé").
    if not actor_heads and token.pos_ == "VERB" and token.dep_ == "conj" and not passive \
            and not any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in children):
        governor = token.head.head if token.head.dep_ == "xcomp" and not _subjects_of(token.head) else token.head
        actor_heads = [h for s in _subjects_of(governor) for h in _with_conjuncts(s)]
    actors = [a for h in actor_heads if h.pos_ != "PRON" and h.i not in ignore
              for a in phrase_actors(h, entities, offset, lang)]
    targets = [a for h in target_heads if h.pos_ != "PRON" and h.i not in ignore
               for a in phrase_actors(h, entities, offset, lang)]
    actor_keys = {(a.name, a.code) for a in actors}
    return _unique(actors), _unique([t for t in targets if (t.name, t.code) not in actor_keys])


def is_figurative(token: Token, trigger: Trigger, lex: Lexicon) -> bool:
    """A violent word used as a metaphor ("les affrontements sont diplomatiques"), or a word often
    used so ("bataille", "attack") with no sign of real violence in its sentence."""
    qualifier_words = lex.cue_set("figurative", "figurative_qualifiers")
    qualifiers = [c for c in token.children if c.dep_ in {"amod", "acomp"}]
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.pos_ == "ADJ":
        qualifiers.append(token.head)
    if any(q.lemma_.lower() in qualifier_words or q.lower_ in qualifier_words for q in qualifiers):
        return True
    violent = lex.cue_set("figurative", "violent_context")
    casualty = lex.cue_set("figurative", "casualty_words")
    # A death or injury is a sign of violence for other triggers, not for itself: "290 personnes sont
    # mortes et 900 blessées" in a train crash is no attack.
    is_casualty = trigger.type == "ASSAULT" and lex.is_casualty(token)
    others = [t for t in token.sent if t.i != token.i]

    def violent_word(t: Token) -> bool:
        words = {t.lemma_.lower(), t.lower_}
        return bool(words & violent) and not (is_casualty and words & casualty)

    if is_casualty:
        causes = lex.cue_set("figurative", "non_violent_causes")
        if any(t.lemma_.lower() in causes or t.lower_ in causes for t in others) and not any(map(violent_word, others)):
            return True  # an accident, a disaster or an illness
    if not trigger.figurative_risk:
        return False
    return not any(map(violent_word, others))
