"""The stage registry and the pipeline: composition, failure isolation, the Python API."""

from __future__ import annotations

import pytest

import veille
from veille.model import Document, RawInput
from veille.pipeline import Pipeline, registry
from veille.settings import Settings


@registry.stage("test.boom.v1")
def _boom(settings: Settings):  # type: ignore[no-untyped-def]
    def stage(doc: Document) -> Document:
        raise RuntimeError("stage exploded")

    return stage


@registry.stage("test.mark.v1")
def _mark(settings: Settings):  # type: ignore[no-untyped-def]
    def stage(doc: Document) -> Document:
        doc.title = "marked"
        return doc

    return stage


def test_registry_knows_builtin_stages() -> None:
    assert {"extract.v1", "language.v1", "nlp.v1", "entities.v1", "actors.v1"} <= set(registry.names())
    with pytest.raises(KeyError, match="known: "):
        registry.get("nope.v9")


def test_duplicate_registration_is_refused() -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.stage("test.mark.v1")(lambda settings: (lambda doc: doc))


def test_failing_stage_is_recorded_and_later_stages_run() -> None:
    pipeline = Pipeline(Settings(), stages=["test.boom.v1", "test.mark.v1"])
    doc = pipeline(Document(text="x"))
    assert doc.errors[0].stage == "test" and "stage exploded" in doc.errors[0].message
    assert doc.title == "marked"
    assert pipeline.timer.documents == 1 and set(pipeline.timer.seconds) == {"test.boom.v1", "test.mark.v1"}


def test_an_extraction_exception_fails_the_document() -> None:
    pipeline = Pipeline(Settings(max_html_chars=100), stages=["extract.v1", "test.mark.v1"])
    doc = pipeline(Document(raw=RawInput(content="<html><body>" + "<p>x</p>" * 100 + "</body></html>", kind="html")))
    assert doc.failed and "exceeds" in doc.errors[0].message


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEILLE_STAGES", "extract.v1, language.v1")
    monkeypatch.setenv("VEILLE_JOBS", "3")
    monkeypatch.setenv("VEILLE_SPACY_MODELS", "fr=fr_core_news_md")
    settings = Settings.from_env()
    assert settings.stages == ("extract.v1", "language.v1") and settings.jobs == 3
    assert settings.spacy_models == (("fr", "fr_core_news_md"),)


def test_process_api() -> None:
    html = ("<html><head><title>Accord</title></head><body><article><p>The two governments signed a trade "
            "agreement in Geneva on Monday after months of talks between their negotiators.</p>"
            "</article></body></html>")
    doc = veille.process(html, published="2020-02-03")
    assert doc.language == "en" and doc.published == "2020-02-03" and "trade agreement" in doc.text
    text_doc = veille.process("Les deux gouvernements ont signé un accord commercial lundi à Genève.", lang="fr")
    assert text_doc.language == "fr" and text_doc.text.startswith("Les deux gouvernements")


def test_stage_modules_do_not_import_the_pipeline() -> None:
    # The import circle pipeline -> stages -> pipeline is broken: stages import the leaf registry, and
    # only the pipeline imports the registrations module.
    import subprocess
    import sys

    code = ("import sys, veille.registrations as r; r.register_builtin_stages(); "
            "from veille.registry import registry; "
            "print(sorted(m for m in sys.modules if m in {'veille.pipeline', 'veille.runner'})); "
            "print(registry.names())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    imported, names = out.stdout.splitlines()
    assert imported == "[]"
    assert "'events.v1'" in names and "'extract.v1'" in names


def test_registry_module_imports_no_stage() -> None:
    import subprocess
    import sys

    code = "import sys, veille.registry; print(sorted(m for m in sys.modules if m.startswith('veille.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "['veille.model', 'veille.registry', 'veille.settings']"
