"""The ``times`` stage: temporal expressions tagged and normalised to TIMEX3 values (fr, en)."""

from __future__ import annotations

from veille.model import Time
from veille.times.tagger import tag

__all__ = ["tag_times"]


def tag_times(text: str, published: str | None, lang: str | None) -> list[Time]:
    """Every temporal expression of ``text`` as a :class:`Time`, normalised against ``published``.

    ``published`` is the document creation time (ISO date); without it, values that depend on it are
    underspecified (``XXXX-09-06``, ``PAST_REF``), never guessed. ``lang`` picks the lexicon (fr, en;
    anything else falls back to French patterns, which also catch numeric dates and years).
    """
    return tag(text, published, lang)
