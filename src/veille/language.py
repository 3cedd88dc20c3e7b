"""The ``language.v1`` stage: ISO 639-1 code of the body, with lingua restricted to a language set.

Restricting lingua to the languages a deployment expects makes it faster and more accurate on short
texts; ``--lang`` (or a JSONL ``lang``) overrides detection.
"""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from veille.model import Document
from veille.registry import Stage, registry
from veille.settings import Settings


@cache
def detector(codes: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector for ``codes`` (ISO 639-1), built once per process and language set."""
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            raise ValueError(f"unknown language code {code!r} in settings.languages") from None
    if len(languages) < 2:
        raise ValueError("language detection needs at least two languages to choose from")
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str, codes: tuple[str, ...], sample_chars: int = 3000) -> str | None:
    """The ISO 639-1 code of ``text``'s language among ``codes``, or None when it cannot tell."""
    sample = text[:sample_chars]
    if not any(ch.isalpha() for ch in sample):
        return None
    found = detector(codes).detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


@registry.stage("language.v1")
def make_language(settings: Settings) -> Stage:
    """Factory of the language stage."""

    def language(doc: Document) -> Document:
        if doc.language and doc.language != "auto":
            doc.language = doc.language.lower()
            return doc
        doc.language = detect_language(doc.text or doc.title or "", settings.languages, settings.language_sample_chars)
        return doc

    return language
