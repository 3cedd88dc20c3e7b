"""What a news page says about itself in its markup: JSON-LD (``headline``, ``datePublished``),
Open Graph (``og:title``, ``og:site_name``, ``og:url``), ``<link rel="canonical">``, and the texts
of its links.

trafilatura reads some of these for its own metadata, but mixes them with ``<title>`` and ``<h1>``
and does not expose which one it used, nor the JSON-LD publication date beside htmldate's, nor the
page's link texts; these are read here from one lxml parse of the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html

from veille.extract.metadata import FIRST_YEAR, LAST_YEAR, parse_date

# JSON-LD types that describe the article itself (schema.org's Article and its subtypes).
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "report",
    "scholarlyarticle", "techarticle", "liveblogposting", "webpage",
})
# A link's text must be this long to count as a headline of another page (shorter ones are menus).
LINK_TEXT_MIN_CHARS = 12
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass
class PageMeta:
    """Metadata a page declares about itself, each ``None`` when the page does not say it."""

    headline: str | None = None
    """JSON-LD ``headline`` of the article object."""
    date_published: str | None = None
    """JSON-LD ``datePublished`` of the article object, as the page wrote it."""
    og_title: str | None = None
    site_name: str | None = None
    """``og:site_name``, else JSON-LD ``publisher.name``."""
    canonical_url: str | None = None
    """``<link rel="canonical">``, else ``og:url``."""
    link_texts: frozenset[str] = field(default_factory=frozenset)
    """Folded texts of the links that lead to other pages (menus and in-page anchors left out)."""


def fold_space(text: str) -> str:
    """Lower case with runs of white space made one space: how link texts and lines are compared."""
    return " ".join(text.split()).lower()


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``value`` (JSON-LD nests articles in ``@graph`` and lists)."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _json_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from _json_objects(child)


def _types(obj: dict[str, Any]) -> set[str]:
    kinds = obj.get("@type")
    items = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).lower() for k in items if k}


def _article_objects(tree: html.HtmlElement) -> list[dict[str, Any]]:
    """The JSON-LD objects of article type, the most specific types (news, blog) first."""
    found: list[dict[str, Any]] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, ValueError):
            continue  # a page's broken JSON-LD is the page's problem; the other sources remain
        found += [obj for obj in _json_objects(data) if _types(obj) & ARTICLE_TYPES]
    return sorted(found, key=lambda obj: "webpage" in _types(obj))


def _meta(tree: html.HtmlElement, prop: str) -> str | None:
    for el in tree.iterfind(f'.//meta[@property="{prop}"]'):
        content = (el.get("content") or "").strip()
        if content:
            return content
    return None


def _link_texts(tree: html.HtmlElement) -> frozenset[str]:
    texts = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = fold_space(anchor.text_content())
        if len(text) >= LINK_TEXT_MIN_CHARS:
            texts.add(text)
    return frozenset(texts)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def read_page(markup: str) -> PageMeta:
    """The page's own metadata; an unparsable page gives an empty :class:`PageMeta`."""
    try:
        tree = html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return PageMeta()
    articles = _article_objects(tree)
    headline = next((_text(a.get("headline")) for a in articles if _text(a.get("headline"))), None)
    published = next((str(a["datePublished"]) for a in articles if a.get("datePublished")), None)
    publisher: dict[str, Any] = next((a["publisher"] for a in articles if isinstance(a.get("publisher"), dict)), {})
    canonical = next((el.get("href") for el in tree.iterfind('.//link[@rel="canonical"]') if el.get("href")), None)
    return PageMeta(
        headline=headline,
        date_published=published,
        og_title=_meta(tree, "og:title"),
        site_name=_meta(tree, "og:site_name") or _text(publisher.get("name")),
        canonical_url=(canonical or _meta(tree, "og:url") or "").strip() or None,
        link_texts=_link_texts(tree),
    )


def declared_day(meta: PageMeta) -> str | None:
    """The day of the article's JSON-LD ``datePublished`` as the page wrote it (``2020-09-15``), or None.

    The day is taken as written, in the page's own time zone: converting an offset to UTC would move
    late-evening articles to the next day.
    """
    if not meta.date_published:
        return None
    m = _DAY.match(meta.date_published.strip())
    if m:
        # Placeholders ("0001-01-01") and typos are no publication date.
        return m.group(1) if FIRST_YEAR <= int(m.group(1)[:4]) <= LAST_YEAR else None
    parsed = parse_date(meta.date_published, prefer_month_first=True)
    return parsed.isoformat() if parsed else None
