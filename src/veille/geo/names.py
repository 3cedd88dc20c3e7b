"""Name normalisation shared by the gazetteer build and lookups, so both sides agree on keys."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "‐": "-", "–": "-"})
_SPACE = re.compile(r"[\s\-_]+")


def norm(text: str) -> str:
    """Case-, accent-, hyphen- and apostrophe-insensitive key of a place name."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    return _SPACE.sub(" ", text).strip(" .,;:'\"")


def is_usable_alias(alt: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing: Latin-script words, not codes or links.

    GeoNames mixes airport/station codes ("ALP"), postal codes and URLs into alternate names; they
    would turn ordinary acronyms in news into places. Non-Latin scripts are left out to keep the
    index small, since veille's texts are in Latin-script languages first.
    """
    if len(alt) < 2 or len(alt) > 60 or any(ch.isdigit() for ch in alt) or "/" in alt or "http" in alt:
        return False
    if alt.isupper() and len(alt) <= 4:
        return False
    return all(not (ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")) for ch in alt)
