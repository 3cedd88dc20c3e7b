"""Main text and metadata from HTML pages: trafilatura for the body, title, site name and byline,
htmldate on the raw page for the publication date."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura
import trafilatura.settings
from htmldate import find_date

from veille.extract.scraped import strip_furniture_lines
from veille.model import Furniture

# Only interface strings that the HTML extractor let through are removed from its output: the
# structural cues of the flat-text cleaner are not needed, trafilatura already used the page's tree.
STRIP_FROM_HTML = frozenset({"share", "ad", "copyright", "navigation"})


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
    furniture: list[Furniture] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Paragraphs joined by a blank line, as the contract wants."""
        return "\n\n".join(self.paragraphs)


def extract_html(html: str, url: str | None = None, *, extensive_date_search: bool = True,
                 max_chars: int = 8 * 1024 * 1024) -> HtmlPage:
    """Extract the article of ``html`` (raises ValueError when the page has no readable article)."""
    if len(html) > max_chars:
        raise ValueError(f"HTML page of {len(html) / 2**20:.1f} MB exceeds the {max_chars / 2**20:.0f} MB limit")
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
    lines = (result.text or "").split("\n")
    paragraphs, dropped, credit_lines = strip_furniture_lines(lines, STRIP_FROM_HTML, title=result.title)
    if not paragraphs:
        raise NoArticleError("no article text found in the HTML page")
    return HtmlPage(
        paragraphs=paragraphs,
        title=result.title or None,
        sitename=result.sitename or None,
        hostname=result.hostname or None,
        author=result.author or None,
        date=find_date(html, url=url, extensive_search=extensive_date_search, original_date=True) or None,
        furniture=dropped,
        credit_lines=credit_lines,
    )
