"""The NLP stage: real spaCy pipelines, chunking of long texts, entities with exact offsets."""

from __future__ import annotations

import pytest

from veille.model import Document
from veille.nlp import chunks
from veille.pipeline import Pipeline
from veille.settings import Settings


@pytest.fixture(scope="module")
def nlp_pipeline() -> Pipeline:
    return Pipeline(Settings(), stages=["language.v1", "nlp.v1"])


def test_french_entities_with_offsets(nlp_pipeline: Pipeline) -> None:
    text = "Le président Emmanuel Macron a reçu lundi à Paris le secrétaire général de l'ONU."
    doc = nlp_pipeline(Document(text=text, language="fr"))
    found = {(e.text, e.label) for e in doc.entities}
    assert ("Emmanuel Macron", "PER") in found
    assert ("Paris", "LOC") in found
    for e in doc.entities:
        assert text[e.start:e.end] == e.text
    assert doc.analysis is None  # the parse does not outlive the pipeline


def test_english_entities(nlp_pipeline: Pipeline) -> None:
    text = "Secretary of State Antony Blinken met Turkish officials in Ankara on Tuesday."
    doc = nlp_pipeline(Document(text=text, language="en"))
    found = {(e.text, e.label) for e in doc.entities}
    assert ("Antony Blinken", "PER") in found
    assert ("Ankara", "LOC") in found
    assert all(e.label in {"PER", "ORG", "LOC", "MISC"} for e in doc.entities)


def test_language_without_pipeline_is_degraded_not_broken(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline(Document(text="Die Regierung in Berlin hat am Dienstag neue Maßnahmen angekündigt.",
                                language="de"))
    assert doc.entities == []
    assert any(e.stage == "nlp" and "no trained pipeline" in e.message for e in doc.errors)


def test_empty_text(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline(Document(text="", language="fr"))
    assert doc.entities == [] and doc.errors == []


def test_long_paragraph_is_chunked_and_offsets_hold() -> None:
    sentence = "Les forces de sécurité ont arrêté trois suspects à Marseille mardi soir. "
    text = sentence * 30_000  # about 2 MB in a single paragraph
    pieces = chunks(text, 20_000)
    assert len(pieces) > 90
    assert all(len(p) <= 20_000 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert "".join(p for _, p in pieces).replace(" ", "") == text.replace(" ", "")
    assert all(p.endswith(". ") or p.endswith(".") for _, p in pieces[:-1])


def test_paragraphs_are_grouped_up_to_the_limit() -> None:
    text = "\n\n".join(f"Paragraphe {i} avec du texte." for i in range(100))
    pieces = chunks(text, 500)
    assert 1 < len(pieces) < 100
    assert all(text[o:o + len(p)] == p for o, p in pieces)


def test_long_text_through_the_stage(nlp_pipeline: Pipeline) -> None:
    text = ("Le ministre Jean Dupont s'est rendu à Lyon. " * 1_000).strip()  # ~45 KB, three chunks
    doc = nlp_pipeline(Document(text=text, language="fr"))
    lyon = [e for e in doc.entities if e.text == "Lyon"]
    assert len(lyon) > 500
    assert all(text[e.start:e.end] == "Lyon" for e in lyon)


def test_unsupported_script_is_reported_not_broken() -> None:
    import veille

    doc = veille.process("أعلنت الحكومة السورية اليوم عن وقف لإطلاق النار في مدينة حلب بعد أسابيع من القتال.")
    assert doc.language == "ar"
    assert any("no trained pipeline" in e.message for e in doc.errors)
    assert doc.events == [] and not doc.failed


def test_mixed_languages_keep_every_offset_right() -> None:
    import veille

    text = ("Le président Emmanuel Macron a reçu lundi à Paris le chancelier allemand. "
            "\"We will support Ukraine for as long as it takes\", said Joe Biden in Washington.")
    doc = veille.process(text)
    assert doc.language in {"fr", "en"}  # one language per document: the detector's majority
    found = {e.text for e in doc.entities}
    assert "Emmanuel Macron" in found and "Joe Biden" in found
    assert all(text[e.start:e.end] == e.text for e in doc.entities)
    assert all(text[p.start:p.end] == p.text for p in doc.places)
