"""What a run tells the user beside the data: documents in languages veille does not analyse."""

from __future__ import annotations

import logging
from collections import Counter

from veille.model import Document
from veille.settings import SUPPORTED_LANGUAGES

log = logging.getLogger("veille")


class LanguageNotes:
    """Counts the documents in languages without entities, places or events, and says so once per language."""

    def __init__(self, supported: tuple[str, ...] = SUPPORTED_LANGUAGES) -> None:
        self.supported = supported
        self.counts: Counter[str] = Counter()

    def add(self, doc: Document) -> None:
        """Note ``doc`` if it has text in a language veille does not analyse (a warning the first time)."""
        if doc.failed or not doc.text.strip() or doc.language in self.supported:
            return
        language = doc.language or "unknown"
        if language not in self.counts:
            where = doc.raw.origin if doc.raw is not None else doc.id
            log.warning("%s: language %s is not analysed (veille analyses %s): its documents are kept with "
                        "their text and metadata, but get no entities, places or events",
                        where, language, ", ".join(self.supported))
        self.counts[language] += 1

    def line(self) -> str:
        """``3 in languages not analysed (de 2, ru 1): no entities, places or events``, or ``""``."""
        if not self.counts:
            return ""
        detail = ", ".join(f"{lang} {n}" for lang, n in self.counts.most_common())
        return f"{sum(self.counts.values())} in languages not analysed ({detail}): no entities, places or events"
