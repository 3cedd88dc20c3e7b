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

The argument rules are named functions applied in a fixed order (``DEPENDENT_RULES``,
``PREPOSITION_RULES``, ``CLAUSE_RULES``), each of which can be traced, tested or left out alone. They
are language-free: the words they read (prepositions, pronouns, clitics, auxiliaries, time nouns) come
from ``data/grammar.<lang>.json`` through the lexicon's :class:`~veille.events.lexicon.Grammar`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from veille.actors.resolve import norm, resolve, tables
from veille.events.lexicon import Grammar, Lexicon, Trigger, grammar_of
from veille.model import Actor, Entity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    DependentRule = Callable[[Token, str, "ArgumentContext", "Heads"], bool]
    PrepositionRule = Callable[[str | None, list[Token], "ArgumentContext", "Heads"], bool]
    ClauseRule = Callable[["ArgumentContext", "Heads"], None]

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubj:pass", "nsubjpass", "csubjpass"}
OBJECTS = {"obj", "dobj", "iobj", "attr"}
AGENTS = {"obl:agent", "agent"}
# Sectors of those who carry out attacks ("l'attaque des FSR", "les frappes de la coalition").
ARMED_SECTORS = {"MIL", "REB", "INS", "IMG", "UAF", "COP", "SPY"}
# Sectors of people who act where they live (CAMEO's domestic roles): "demonstrators", "police",
# "rebels" with no nationality named are of the country they are in, as event coders code them;
# troops and diplomats are not.
DOMESTIC_SECTORS = {"CVL", "OPP", "REB", "INS", "COP", "LAB", "EDU", "MED", "BUS", "JUD", "LEG", "AGR", "REF", "UAF"}


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


def tree_depth(token: Token, limit: int = 50) -> int:
    """How many heads up from ``token`` its sentence's root is (at most ``limit``)."""
    depth = 0
    while token.head.i != token.i and depth < limit:
        token = token.head
        depth += 1
    return depth


def find_triggers(sentence: Span, lex: Lexicon) -> Iterator[tuple[Token, Trigger]]:
    """Trigger tokens of ``sentence`` with their lexicon entries (phrases first, by length)."""
    taken: set[int] = set()
    tokens = list(sentence)
    # An elided article the tokenizer left on the word ("l‘étranglement" with a turned comma).
    lemmas = [lex.grammar.strip_elision(t.lemma_.lower()) for t in tokens]
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
            entries = lex.nouns.get(lemma, []) or lex.nouns.get(lex.grammar.strip_elision(tok.text.lower()), [])
        usable = [t for t in entries if not t.objects or any(
            c.dep_ in OBJECTS | PASSIVE_SUBJECTS and c.lemma_.lower() in t.objects for c in tok.children)]
        for trigger in usable[:1]:
            clitic = any(c.lower_ in lex.grammar.reflexive_clitics for c in tok.children)
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
    locative = grammar_of(token).locative_cases
    if not found:
        # "une manifestation de l'opposition à Dakar": the place where it stands names no one.
        located = {t.i for t in phrase if any(g.dep_ == "case" and g.lower_ in locative for g in t.children)
                   or (t.dep_ == "pobj" and t.head.lower_ in locative)}
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
        t.dep_ == "prep" and t.lower_ in locative) and not (t.i != token.i and _is_place(t, entities, offset))]
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
    time_nouns = grammar_of(verb).time_nouns
    for child in verb.children:
        if child.i >= subjects[0].i or child.pos_ not in {"NOUN", "PROPN"} or child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            continue
        if child.lemma_.lower() in time_nouns or any(g.dep_ in {"case", "mark"} for g in child.children):
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
    passive = any(c.dep_ in PASSIVE_AUXILIARIES for c in verb.children)
    deps = SUBJECTS if passive else SUBJECTS | PASSIVE_SUBJECTS
    pronouns = grammar_of(verb).personal_pronouns
    out = []
    for child in verb.children:
        if child.dep_ in deps and child.pos_ == "PRON" and verb.dep_ in {"ccomp", "xcomp", "advcl"} \
                and child.lower_ in pronouns:
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


def _reflexive(verb: Token) -> bool:
    """"se sont rassemblées": reflexive verbs (a reflexive clitic, French "se") take "être" without
    being passive."""
    clitics = grammar_of(verb).reflexive_clitics
    return any(c.lower_ in clitics and c.dep_.startswith("expl") for c in verb.children)


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
    force. Tokens in ``ignore`` (a dateline) are nobody.

    The heads come from the rules of ``DEPENDENT_RULES`` (each dependent of the trigger, the first
    rule that claims it) and then ``CLAUSE_RULES``, in order; each head's phrase then names actors."""
    context = ArgumentContext.of(token, entities, offset, lang, reporting_verbs, patient_subject=patient_subject,
                                 place_targets=place_targets, of_is_agent=of_is_agent,
                                 armed_of_is_agent=armed_of_is_agent)
    heads = argument_heads(context)
    actors = [a for h in heads.actors if h.pos_ != "PRON" and h.i not in ignore
              for a in phrase_actors(h, entities, offset, lang)]
    targets = [a for h in heads.targets if h.pos_ != "PRON" and h.i not in ignore
               for a in phrase_actors(h, entities, offset, lang)]
    actor_keys = {(a.name, a.code) for a in actors}
    return _unique(actors), _unique([t for t in targets if (t.name, t.code) not in actor_keys])


@dataclass
class Heads:
    """The heads of the actor and target phrases the rules have found so far, in the order found."""

    actors: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class ArgumentContext:
    """What the argument rules know of a trigger: the token and its dependents, the sentence's
    entities, how the trigger's type reads its arguments (see :func:`arguments`), and the grammar of
    the language it was parsed in."""

    token: Token
    entities: list[Entity]
    offset: int
    lang: str
    grammar: Grammar
    children: list[Token]
    reporting_verbs: frozenset[str] = frozenset()
    patient_subject: bool = False
    place_targets: bool = True
    of_is_agent: bool = False
    armed_of_is_agent: bool = False
    # Passive only with a passive auxiliary: French movement verbs ("sont venus") take "être" too,
    # and the parser then calls their subject passive.
    passive: bool = False
    # A bare noun phrase before the parser's subject: the real subject (see ``fronted_subject``).
    subject: Token | None = None
    # "avoir « neutralisé »": a participle the parser read as an adjective, with its perfect
    # auxiliary, is an active verb.
    perfect: bool = False

    @classmethod
    def of(cls, token: Token, entities: list[Entity], offset: int, lang: str,
           reporting_verbs: frozenset[str] = frozenset(), *, patient_subject: bool = False,
           place_targets: bool = True, of_is_agent: bool = False, armed_of_is_agent: bool = False) -> ArgumentContext:
        """The context of ``token``, read as :func:`arguments`'s flags say."""
        grammar = grammar_of(token)
        children = list(token.children)
        return cls(
            token=token, entities=entities, offset=offset, lang=lang, grammar=grammar, children=children,
            reporting_verbs=reporting_verbs, patient_subject=patient_subject, place_targets=place_targets,
            of_is_agent=of_is_agent, armed_of_is_agent=armed_of_is_agent,
            passive=any(c.dep_ in PASSIVE_AUXILIARIES for c in children) and not _reflexive(token),
            subject=fronted_subject(token),
            perfect=token.pos_ == "ADJ" and any(c.dep_.startswith("aux") and c.lemma_.lower()
                                                in grammar.perfect_auxiliaries for c in children),
        )


PASSIVE_AUXILIARIES = {"aux:pass", "auxpass"}
RELATIVE_CLAUSES = {"acl:relcl", "relcl"}


def argument_heads(context: ArgumentContext) -> Heads:
    """The actor and target heads of ``context``'s trigger: each dependent goes to the first of
    ``DEPENDENT_RULES`` that claims it, then every rule of ``CLAUSE_RULES`` applies, in order."""
    heads = Heads()
    for dependent in context.children:
        dep = dependent.dep_
        # An apposition taken for the subject: the name before it is the subject.
        child = context.subject if context.subject is not None and dep in SUBJECTS | PASSIVE_SUBJECTS else dependent
        for rule in DEPENDENT_RULES:
            if rule(child, dep, context, heads):
                break
    for clause_rule in CLAUSE_RULES:
        clause_rule(context, heads)
    return heads


# Rules on one dependent of the trigger: ``(child, its relation, context, heads) -> claimed``.


def subject_acts(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """The subject of an active trigger acts; a pronoun subject is the speaker of the main clause
    ("Switzerland said it had expelled...")."""
    if dep not in SUBJECTS | PASSIVE_SUBJECTS or context.passive:
        return False
    if child.pos_ == "PRON" and context.subject is None:
        heads.actors += [h for s in _subjects_of(context.token) for h in _with_conjuncts(s)]
    else:
        heads.actors += _with_conjuncts(_content(child))
    return True


def passive_subject_suffers(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """The subject of a passive is the target ("deux otages ont été libérés")."""
    if dep not in PASSIVE_SUBJECTS:
        return False
    heads.targets += _with_conjuncts(_content(child))
    return True


def agent_acts(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """The agent of a passive acts (UD ``obl:agent``, ClearNLP ``agent``)."""
    if dep not in AGENTS:
        return False
    heads.actors.append(child)
    return True


def agent_preposition_acts(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """The object of a passive's agent preposition acts, where the parser attaches the preposition
    itself ("kidnapped by gunmen": ClearNLP ``prep``)."""
    if not (dep == "prep" and child.lower_ in context.grammar.agent_cases and context.passive):
        return False
    heads.actors += [g for g in child.children if g.dep_ == "pobj"]
    return True


def argument_under_time_noun_suffers(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """"rencontrer ce vendredi son homologue", "se rendre la semaine prochaine à Pékin": an argument
    the parser hung on the time phrase is the verb's target."""
    token, grammar = context.token, context.grammar
    if not ((dep.startswith("obl") or dep in OBJECTS) and token.pos_ == "VERB"
            and child.lemma_.lower() in grammar.time_nouns):
        return False
    heads.targets += [g for g in child.children if g.dep_ == "nmod" and g.pos_ in {"NOUN", "PROPN"} and (
        not any(h.dep_ == "case" for h in g.children)
        or (context.place_targets and any(h.dep_ == "case" and h.lower_ in grammar.target_cases
                                          for h in g.children)))]
    return True


def object_suffers(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """The object of a verbal trigger is the target ("a libéré les otages")."""
    if dep not in OBJECTS or context.token.pos_ == "NOUN":
        return False
    heads.targets += _with_conjuncts(child)
    return True


def bare_oblique_suffers(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """"a libéré jeudi quatre otages": a noun without preposition the parser took for an adjunct
    (after the date) is the object, unless it is a place."""
    if not (dep.startswith("obl") and context.token.pos_ == "VERB" and child.pos_ in {"NOUN", "PROPN"}
            and not any(g.dep_ in {"case", "mark"} for g in child.children)
            and not _is_place(child, context.entities, context.offset)):
        return False
    heads.targets += _with_conjuncts(child)
    return True


def prepositional_complement(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """A complement with a preposition: who acts after an agent preposition or, for some nominal
    triggers, a genitive; the target after a preposition of the other party (``PREPOSITION_RULES``).
    Without ``place_targets``, a place after a locative preposition is neither."""
    if not (dep.startswith("obl") or dep == "nmod" or dep == "prep"):
        return False
    case: str | None
    if dep == "prep":  # ClearNLP: the preposition heads its object
        case, phrase_heads = child.lower_, [g for g in child.children if g.dep_ == "pobj"]
    else:  # UD: the preposition is a dependent of its noun
        case, phrase_heads = next((g.lower_ for g in child.children if g.dep_ in {"case", "mark"}), None), [child]
    if not context.place_targets and case in context.grammar.locative_cases:
        phrase_heads = [h for h in phrase_heads if not _is_place(h, context.entities, context.offset)]
    for rule in PREPOSITION_RULES:
        if rule(case, phrase_heads, context, heads):
            break
    return True


def nationality_adjective_acts(child: Token, dep: str, context: ArgumentContext, heads: Heads) -> bool:
    """"une frappe israélienne": a nationality adjective of a nominal trigger names the actor."""
    if not (dep == "amod" and context.token.pos_ == "NOUN" and norm(child.text) in tables(context.lang).adjectives):
        return False
    heads.actors.append(child)
    return True


DEPENDENT_RULES: tuple[DependentRule, ...] = (
    subject_acts,
    passive_subject_suffers,
    agent_acts,
    agent_preposition_acts,
    argument_under_time_noun_suffers,
    object_suffers,
    bare_oblique_suffers,
    prepositional_complement,
    nationality_adjective_acts,
)


# Rules on a complement's preposition: ``(preposition, phrase heads, context, heads) -> claimed``.


def agent_case_acts(case: str | None, phrase_heads: list[Token], context: ArgumentContext, heads: Heads) -> bool:
    """"une embuscade [tendue] par des jihadistes", "kidnappés par des hommes armés": the agent
    preposition of a nominal or passive trigger introduces who acts."""
    if not (case in context.grammar.agent_cases and (context.token.pos_ == "NOUN" or context.passive)):
        return False
    heads.actors += phrase_heads
    return True


def genitive_agent_acts(case: str | None, phrase_heads: list[Token], context: ArgumentContext,
                        heads: Heads) -> bool:
    """"une manifestation de l'opposition", "l'attaque des FSR": the genitive of a nominal trigger
    acts when the trigger's type says so, or (an attack) when it names an armed force."""
    if not (context.token.pos_ == "NOUN" and case in context.grammar.genitive_cases):
        return False
    if not (context.of_is_agent or (context.armed_of_is_agent and any(
            a.sector in ARMED_SECTORS for h in phrase_heads
            for a in phrase_actors(h, context.entities, context.offset, context.lang)))):
        return False
    heads.actors += phrase_heads
    return True


def target_case_suffers(case: str | None, phrase_heads: list[Token], context: ArgumentContext,
                        heads: Heads) -> bool:
    """A preposition of the other party ("avec", "contre", "with", "against") introduces the target;
    a nominal trigger's genitive only when it has no target yet ("la mort de deux soldats")."""
    grammar = context.grammar
    if not (case in grammar.target_cases
            and (context.token.pos_ != "NOUN" or case not in grammar.genitive_cases or not heads.targets)):
        return False
    heads.targets += phrase_heads
    return True


PREPOSITION_RULES: tuple[PrepositionRule, ...] = (agent_case_acts, genitive_agent_acts, target_case_suffers)


# Rules on the trigger's clause, after its dependents: ``(context, heads) -> None``.


def participle_qualifies_its_patient(context: ArgumentContext, heads: Heads) -> None:
    """A participle qualifying a noun ("des tanks détruits par..."): the noun is the patient."""
    token = context.token
    if token.dep_ in {"acl", "amod"} and token.pos_ in {"VERB", "ADJ"}:
        heads.targets.append(token.head)


def relative_clause_antecedent_acts(context: ArgumentContext, heads: Heads) -> None:
    """A relative clause ("Lavrov, qui s'est entretenu avec..."): the antecedent acts, not the
    relative pronoun."""
    token = context.token
    if token.dep_ in RELATIVE_CLAUSES and any(c.dep_ in SUBJECTS and c.pos_ == "PRON" for c in context.children):
        heads.actors = [token.head, *[h for h in heads.actors if h.pos_ != "PRON"]]


def stance_holder_acts(context: ArgumentContext, heads: Heads) -> None:
    """A state word that is a stance its subject takes ("Norway is willing to send..."): the
    subject (of the word, else of the verb it hangs on) acts. Not for triggers whose subject suffers
    (``patient_subject``)."""
    token = context.token
    if token.pos_ != "ADJ" or token.dep_ in {"amod"} or context.patient_subject:
        return
    for holder in (token, token.head):
        subjects = _subjects_of(holder) if holder is not token else [
            c for c in holder.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
        if subjects:
            heads.actors += [h for s in subjects for h in _with_conjuncts(s) if h not in heads.actors]
            return


def state_subject_suffers(context: ArgumentContext, heads: Heads) -> None:
    """A state word said of its subject ("a été déclaré mort", "est mort"): the subject suffers it,
    and who declares it ("déclaré mort par X") did not do it."""
    token = context.token
    if token.pos_ != "ADJ" or token.dep_ in {"amod"} or not context.patient_subject or context.perfect:
        return
    for holder in (token, token.head):
        fronted = fronted_subject(holder)
        subjects = [fronted] if fronted is not None else [
            c for c in holder.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS]
        if subjects:
            heads.targets += subjects
            heads.actors = [h for h in heads.actors if h not in subjects]
            if holder is not token:  # "déclaré mort par X": X declares, it did not kill
                heads.actors = [h for h in heads.actors if h.head.i != holder.i]
            return


def controller_acts(context: ArgumentContext, heads: Heads) -> None:
    """A control or modal verb ("doit rencontrer", "a évoqué... de décréter"), a participle clause
    ("police opened fire, killing one person and arresting 12") or a purpose clause ("se sont
    rassemblés pour réclamer...", "gathered to demand..."): with no actor of its own, the trigger
    borrows the subject of the verb that governs it."""
    token = context.token
    clause = token.head if token.dep_ == "conj" and token.head.dep_ == "advcl" else token
    participle = clause.dep_ == "advcl" and (clause.tag_ in {"VBG", "VBN"} or bool(
        {"Ger", "Part", "Inf"} & set(clause.morph.get("VerbForm", []))))
    if heads.actors or not (token.dep_ in {"xcomp", "acl"} or participle) \
            or clause.head.pos_ not in {"VERB", "AUX", "NOUN"} or (token.pos_ == "ADJ" and not context.perfect):
        return
    governor = clause.head if clause.head.pos_ != "NOUN" else clause.head.head
    heads.actors = _subjects_of(governor)
    if not heads.actors and governor.dep_ in RELATIVE_CLAUSES:
        heads.actors = [governor.head]


def nominal_takes_its_verbs_participants(context: ArgumentContext, heads: Heads) -> None:
    """A nominal trigger with no participants of its own ("Israel and Lebanon renewed negotiations",
    "Au téléphone, Poutine a évoqué avec Erdoğan..."): those of the verb that governs it (its
    subject, and a partner of that verb), unless the verb reports or judges the event ("X a fait
    état de la mort de...") or the clause only dates itself by the event (``dates_itself_by``)."""
    token = context.token
    if token.pos_ not in {"NOUN", "PROPN"} or heads.actors or token.dep_ in SUBJECTS | PASSIVE_SUBJECTS \
            or dates_itself_by(token, context.grammar):
        return
    governor = governing_verb(token)
    if governor.pos_ not in {"VERB", "AUX"} or governor.lemma_.lower() in context.reporting_verbs:
        return
    heads.actors = [h for c in _subjects_of(governor) for h in _with_conjuncts(c)]
    if not heads.actors and governor.dep_ in RELATIVE_CLAUSES:
        heads.actors = [governor.head]
    if not heads.targets:
        heads.targets = [c for c in governor.children if c.dep_.startswith("obl") and any(
            g.lower_ in context.grammar.partner_cases for g in c.children if g.dep_ == "case")]


def dates_itself_by(token: Token, grammar: Grammar) -> bool:
    """Whether the clause only dates itself by the nominal trigger ("a imposé des sanctions après
    l'expulsion de...": that is another event, by someone else); the temporal preposition may sit
    on the noun the trigger complements ("après trois nuits d'émeutes")."""
    return any(any(c.dep_ in {"case", "mark"} and c.lower_ in grammar.temporal_cases for c in node.children)
               or (node.dep_ == "pobj" and node.head.lower_ in grammar.temporal_cases)
               for node in (token, token.head) if node.pos_ in {"NOUN", "PROPN"})


def governing_verb(token: Token) -> Token:
    """The verb a nominal trigger hangs on, up through nouns and subject-less verbs ("a évoqué la
    possibilité de décréter une trêve"), at most four steps up (else where the climb stopped)."""
    governor = token.head
    for _ in range(4):
        if governor.pos_ in {"VERB", "AUX"} and (_subjects_of(governor) or governor.dep_ in RELATIVE_CLAUSES):
            break
        if governor.head.i == governor.i:
            break
        governor = governor.head
    return governor


def between_both_act(context: ArgumentContext, heads: Heads) -> None:
    """"between X and Y", "entre X et Y": both sides act."""
    between = context.grammar.between_cases
    for child in context.children:
        if any(g.lower_ in between for g in child.children if g.dep_ in {"case", "mark"}):
            heads.actors += [h for h in _with_conjuncts(child) if h not in heads.actors]
            heads.targets = [h for h in heads.targets if h not in heads.actors]
        elif child.dep_ == "prep" and child.lower_ in between:
            for g in child.children:
                if g.dep_ == "pobj":
                    heads.actors += _with_conjuncts(g)


def counterpart_on_adjunct_suffers(context: ArgumentContext, heads: Heads) -> None:
    """"s'est entretenu au téléphone avec son homologue": a partner or opponent the parser hung on an
    adjunct of the verb is the target."""
    if context.token.pos_ != "VERB":
        return
    counterpart = context.grammar.counterpart_cases
    for adjunct in (c for c in context.children if c.dep_.startswith("obl") and c.pos_ == "NOUN"):
        heads.targets += [g for g in adjunct.children if g.dep_ == "nmod" and g not in heads.targets and any(
            h.dep_ == "case" and h.lower_ in counterpart for h in g.children)]


def describing_participle_agent_acts(context: ArgumentContext, heads: Heads) -> None:
    """"une embuscade tendue par des jihadistes", "an attack carried out by X": the agent of the
    participle describing a nominal trigger did it."""
    if context.token.pos_ != "NOUN" or heads.actors:
        return
    agent_cases = context.grammar.agent_cases
    for clause_verb in (c for c in context.children if c.dep_ in {"acl", "amod"} and c.pos_ in {"VERB", "ADJ"}):
        heads.actors += [g for g in clause_verb.children if g.dep_ in AGENTS]
        heads.actors += [p for g in clause_verb.children if g.dep_ == "prep" and g.lower_ in agent_cases
                         for p in g.children if p.dep_ == "pobj"]


def coordinated_verb_shares_subject(context: ArgumentContext, heads: Heads) -> None:
    """A verb sharing its subject with the verb it is coordinated with ("s'est dit choqué et a
    réclamé"), through an infinitive without a subject of its own."""
    token = context.token
    if heads.actors or token.pos_ != "VERB" or token.dep_ != "conj" or context.passive \
            or any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in context.children):
        return
    governor = token.head.head if token.head.dep_ == "xcomp" and not _subjects_of(token.head) else token.head
    heads.actors = [h for s in _subjects_of(governor) for h in _with_conjuncts(s)]


CLAUSE_RULES: tuple[ClauseRule, ...] = (
    participle_qualifies_its_patient,
    relative_clause_antecedent_acts,
    stance_holder_acts,
    state_subject_suffers,
    controller_acts,
    nominal_takes_its_verbs_participants,
    between_both_act,
    counterpart_on_adjunct_suffers,
    describing_participle_agent_acts,
    coordinated_verb_shares_subject,
)


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
