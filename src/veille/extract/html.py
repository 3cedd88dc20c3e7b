"""Main text and metadata from HTML pages: trafilatura for the body, title, site name and byline,
htmldate on the raw page for the publication date, and the page's own declarations (JSON-LD, Open
Graph, canonical link, link texts; :mod:`veille.extract.page`) for the headline, the outlet, the date
and the furniture trafilatura let through."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import trafilatura
import trafilatura.settings
from htmldate import find_date

from veille.extract.page import PageMeta, declared_day, fold_space, read_page
from veille.extract.scraped import strip_furniture_lines
from veille.extract.title import bare_title, host_names
from veille.model import Furniture

# Only interface strings that the HTML extractor let through are removed from its output: the
# structural cues of the flat-text cleaner are not needed, trafilatura already used the page's tree.
STRIP_FROM_HTML = frozenset({"share", "ad", "copyright", "navigation", "related", "byline", "credit"})
# A line whose characters are at least this share link text is a list of links, not prose.
LINK_DENSE_SHARE = 0.8
# A list item opening with a link of at least this many words is a teaser of another page.
TEASER_LINK_MIN_WORDS = 3
_LIST_ITEM = re.compile(r"^\s*[-•*]\s+")
_INNER_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]?\s*[A-Z]")
# A paragraph of prose this long that appears twice is a repeat of the page (a second rendering); shorter
# lines (a recipe's ingredient, a list item) may rightly repeat.
REPEAT_MIN_WORDS = 12


class NoArticleError(ValueError):
    """The page was read but holds no article text (a video page, an index page...)."""


@dataclass
class HtmlPage:
    """What an HTML page yields: body paragraphs and metadata."""

    paragraphs: list[str]
    title: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    author: str | None = None
    date: str | None = None
    date_note: str | None = None
    """Which of two disagreeing page dates was used, and the other one."""
    url: str | None = None
    """The page's canonical address (``<link rel="canonical">``, else ``og:url``)."""
    furniture: list[Furniture] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Paragraphs joined by a blank line, as the contract wants."""
        return "\n\n".join(self.paragraphs)


def link_share(line: str, link_texts: frozenset[str]) -> float:
    """Share of ``line``'s characters that are the text of links to other pages."""
    folded = fold_space(line).lstrip("-•* ")
    if not folded:
        return 0.0
    if folded in link_texts:
        return 1.0
    covered = sum(len(text) for text in link_texts if text in folded)
    return min(1.0, covered / len(folded))


def is_link_headline(line: str, link_texts: frozenset[str]) -> bool:
    """A line that is (almost all) the text of links elsewhere: the headline of another article
    or a list of them, never sentences of the article (those end with, or hold, a full stop)."""
    stripped = line.strip()
    if stripped.endswith(".") or stripped.startswith("|") or _INNER_SENTENCE_END.search(stripped):
        return False  # sentences, and table rows (a table of products links each name)
    if stripped.lower().startswith(("http://", "https://", "www.")):
        return False  # a spelled-out address is content the article shows (a source, a shop)
    return link_share(stripped, link_texts) >= LINK_DENSE_SHARE


def is_linked_teaser(line: str, link_texts: frozenset[str]) -> bool:
    """A list item that opens with the headline of another page, then its teaser ("- Pats place
    Olszewski on IR New England's roster is re-shuffling")."""
    if not _LIST_ITEM.match(line):
        return False
    folded = fold_space(_LIST_ITEM.sub("", line))
    return any(folded.startswith(text) and len(text.split()) >= TEASER_LINK_MIN_WORDS for text in link_texts)


def drop_link_headlines(lines: list[str], link_texts: frozenset[str]) -> tuple[list[str], list[Furniture]]:
    """Lines that are headlines of other pages out, as ``related`` furniture."""
    kept, dropped = [], []
    for line in lines:
        if line.strip() and (is_link_headline(line, link_texts) or is_linked_teaser(line, link_texts)):
            dropped.append(Furniture(text=line.strip(), kind="related"))
        else:
            kept.append(line)
    return kept, dropped


def drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[Furniture]]:
    """Second and later copies of a paragraph (pages that render the article twice, teasers)."""
    seen: set[str] = set()
    kept, dropped = [], []
    for paragraph in paragraphs:
        folded = fold_space(paragraph)
        if folded in seen and len(folded.split()) >= REPEAT_MIN_WORDS:
            dropped.append(Furniture(text=paragraph, kind="other"))
            continue
        seen.add(folded)
        kept.append(paragraph)
    return kept, dropped


def clean_lines(lines: list[str], meta: PageMeta, titles: list[str | None],
                url: str | None = None) -> tuple[list[str], list[Furniture], list[str]]:
    """Body paragraphs, furniture and wire-credit lines of trafilatura's output lines: headlines of
    other pages, interface strings, repeats and the page's own headline out. When every line looks
    like furniture the page was misread, and only the interface strings go."""
    kept, related = drop_link_headlines(lines, meta.link_texts)
    paragraphs, dropped, credit_lines = strip_furniture_lines(kept, STRIP_FROM_HTML, title=titles[0])
    paragraphs, repeats = drop_repeats(paragraphs)
    paragraphs, headlines = drop_headlines(paragraphs, titles[1:])
    paragraphs, addresses = drop_own_address(paragraphs, [url, meta.canonical_url])
    if not paragraphs:
        return strip_furniture_lines(lines, STRIP_FROM_HTML, title=titles[0])
    return paragraphs, headlines + related + dropped + repeats + addresses, credit_lines


def drop_headlines(paragraphs: list[str], headlines: list[str | None]) -> tuple[list[str], list[Furniture]]:
    """Repeats of the page's declared headlines (JSON-LD, Open Graph) in the body, as ``title``."""
    folded = {fold_space(h) for h in headlines if h}
    kept = [p for p in paragraphs if fold_space(p) not in folded]
    return kept, [Furniture(text=p, kind="title") for p in paragraphs if fold_space(p) in folded]


def drop_own_address(paragraphs: list[str], addresses: list[str | None]) -> tuple[list[str], list[Furniture]]:
    """A line that is the page's own address (a "copy the link" widget), as ``share``."""
    own = {a.strip().rstrip("/") for a in addresses if a}
    kept = [p for p in paragraphs if p.strip().rstrip("/") not in own]
    return kept, [Furniture(text=p, kind="share") for p in paragraphs if p.strip().rstrip("/") in own]


def choose_title(meta: PageMeta, extracted: str | None, outlets: list[str]) -> tuple[str | None, str | None]:
    """The bare headline and the outlet name found beside it: the article's JSON-LD headline,
    else ``og:title``, else trafilatura's title, each without the outlet's name."""
    for candidate in (meta.headline, meta.og_title, extracted):
        bare = bare_title(candidate, outlets)
        if bare is not None and bare.title:
            return bare.title, bare.outlet
    return None, None


def choose_date(meta: PageMeta, found: str | None) -> tuple[str | None, str | None]:
    """The publication day and, when the page's dates disagree, a note saying which was used.

    The article's own JSON-LD ``datePublished`` wins over htmldate's pick, which can come from
    another element of the page (a related article's date, a modification date).
    """
    declared = declared_day(meta)
    if not declared or not found or found[:10] == declared:
        return declared or found, None
    if found[:10] in utc_local_days(meta.date_published or ""):
        return found, (f"page dates disagree: used {found[:10]} (htmldate), a local day of the article's "
                       f"JSON-LD datePublished {meta.date_published} (UTC)")
    return declared, (f"page dates disagree: used the article's JSON-LD datePublished {declared}, "
                      f"not {found[:10]} (htmldate)")


def utc_local_days(stamp: str) -> set[str]:
    """The days a UTC timestamp ("2020-02-18T02:18:11Z") may be in the newsroom's own time zone
    (UTC-10 to UTC+14), or nothing when ``stamp`` is not a UTC time.

    Sites that store times in UTC move evening articles of the Americas to the next day; a date
    found elsewhere on the page (the address, the visible date) within that span is then the local
    day, not a disagreement.
    """
    try:
        instant = datetime.fromisoformat(stamp.strip())
        if instant.tzinfo is None or instant.utcoffset() != timedelta(0):
            return set()
        earliest, latest = instant - timedelta(hours=10), instant + timedelta(hours=14)
    except (ValueError, OverflowError):  # not ISO 8601, or a placeholder such as 0001-01-01
        return set()
    return {earliest.date().isoformat(), instant.date().isoformat(), latest.date().isoformat()}


def extract_html(html: str, url: str | None = None, *, extensive_date_search: bool = True,
                 max_chars: int = 8 * 1024 * 1024) -> HtmlPage:
    """Extract the article of ``html`` (raises ValueError when the page has no readable article)."""
    if len(html) > max_chars:
        raise ValueError(f"HTML page of {len(html) / 2**20:.1f} MB exceeds the {max_chars / 2**20:.0f} MB limit")
    meta = read_page(html)
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        # The date is found by htmldate below, on the raw page: trafilatura hands it a cleaned tree,
        # which loses dates (MediaCloud day accuracy 0.880 that way, 0.890 on the raw page).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(result, trafilatura.settings.Document):
        raise NoArticleError("no article text found in the HTML page")
    sitename = meta.site_name or result.sitename or None
    outlets = [name for name in (sitename, result.sitename, *host_names(result.hostname)) if name]
    title, outlet_in_title = choose_title(meta, result.title, outlets)
    lines = (result.text or "").split("\n")
    titles = [result.title, meta.headline, meta.og_title, title]
    paragraphs, furniture, credit_lines = clean_lines(lines, meta, titles, url)
    if not paragraphs:
        raise NoArticleError("no article text found in the HTML page")
    # The canonical address dates the article better than a syndication or tracking address.
    date_url = meta.canonical_url or url
    found = find_date(html, url=date_url, extensive_search=extensive_date_search, original_date=True) or None
    date, note = choose_date(meta, found)
    return HtmlPage(
        paragraphs=paragraphs,
        title=title,
        sitename=sitename or outlet_in_title,
        hostname=result.hostname or None,
        author=result.author or None,
        date=date,
        date_note=note,
        url=meta.canonical_url,
        furniture=furniture,
        credit_lines=credit_lines,
    )
