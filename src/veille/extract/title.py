"""The article's bare headline: the page's title without the outlet's name around it.

Pages title themselves "Headline - Outlet", "Outlet | Headline", "Headline › outlet.de": the outlet
goes to ``source``, the headline to ``title``. A segment is the outlet's only when it names the
outlet the page declares (``og:site_name``, JSON-LD publisher) or its host name; a segment that names
nothing known stays, so "Syrie : rencontre entre Kerry et Lavrov" keeps its two halves. Language-free:
only separators and names are compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# What sites put between a headline and their name (spaced, so "Hong Kong-based" is never cut).
_SEPARATOR = re.compile(r"\s+(?:[|\-–—›»·•⋆~/:]|::)\s+|\s*\|\s*")
# A trailing date or time some sites add after the headline ("… : 31.10.2023, 10.19 Uhr").
_DATE_SEGMENT = re.compile(r"^[\d\s.,:/h-]+(uhr|h)?$", re.IGNORECASE)
# A name shorter than this (in letters and digits) is too vague to be matched inside another one.
MIN_NAME_KEY = 4
# Letters a segment may hold around an outlet's name and still be that name ("www." and ".de").
HOST_AFFIX_CHARS = 8
# Host labels that name no outlet.
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "news", "blog", "blogs", "com", "org", "net", "co"})


def name_key(text: str) -> str:
    """Letters and digits only, lower case, accents off: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).lower()


def host_names(host: str | None) -> list[str]:
    """The outlet names a host stands for: "www.popkultur.de" → ["popkultur.de", "popkultur"]."""
    if not host:
        return []
    labels = [label for label in host.lower().split(".") if label]
    while labels and labels[0] in _HOST_NOISE:
        labels = labels[1:]
    if not labels:
        return []
    return [".".join(labels), labels[0]]


def names_outlet(segment: str, outlets: Iterable[str]) -> bool:
    """Whether ``segment`` of a title is the outlet's name (or its host name, or a part of it)."""
    seg = name_key(segment)
    if len(seg) < MIN_NAME_KEY:
        return False
    for outlet in outlets:
        key = name_key(outlet)
        if len(key) < MIN_NAME_KEY:
            continue
        if key in seg and len(seg) - len(key) <= HOST_AFFIX_CHARS:
            return True  # "Popkultur.de" for popkultur, "www.AussenGedanken.de" for aussengedanken
        if key.endswith(seg) or key.startswith(seg):
            return True  # "Teufel Blog" for "Das Lautsprecher Teufel Blog"
    return False


@dataclass(frozen=True)
class BareTitle:
    """A headline and the outlet name taken off it (None when the title named no outlet)."""

    title: str
    outlet: str | None = None


def _strip_whole_name(title: str, outlets: list[str]) -> BareTitle | None:
    """A title that ends or starts with a declared outlet name that itself holds separators
    ("Pour le néolibéralisme… - AOC media - Analyse Opinion Critique")."""
    for outlet in outlets:
        if len(outlet) < MIN_NAME_KEY or not _SEPARATOR.search(outlet):
            continue
        for m in _SEPARATOR.finditer(title):
            head, tail = title[:m.start()], title[m.end():]
            if name_key(tail) == name_key(outlet) and head.strip():
                return BareTitle(head.strip(), tail.strip())
            if name_key(head) == name_key(outlet) and tail.strip():
                return BareTitle(tail.strip(), head.strip())
    return None


def bare_title(title: str | None, outlets: Iterable[str]) -> BareTitle | None:
    """``title`` without the outlet's name (and without a trailing date) at either end."""
    if not title or not title.strip():
        return None
    title = " ".join(title.split())
    names = [o for o in outlets if o]
    whole = _strip_whole_name(title, names)
    if whole is not None:
        return whole
    parts = _SEPARATOR.split(title)
    seps = _SEPARATOR.findall(title)
    outlet = None
    # Peel the outlet (or a date) off the end, then off the start; never the last segment left.
    while len(parts) > 1 and (names_outlet(parts[-1], names) or _DATE_SEGMENT.match(parts[-1].strip())):
        if not _DATE_SEGMENT.match(parts[-1].strip()):
            outlet = outlet or parts[-1].strip()
        parts, seps = parts[:-1], seps[:-1]
    if len(parts) > 1 and names_outlet(parts[0], names):
        outlet = outlet or parts[0].strip()
        parts, seps = parts[1:], seps[1:]
    rebuilt = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=True))
    return BareTitle(rebuilt.strip(), outlet)
