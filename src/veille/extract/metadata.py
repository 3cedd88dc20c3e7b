"""Metadata found in the text itself: wire-agency credits, the outlet named in a byline, and the
publication date from a byline or a dateline ("PARIS, 8 sept 2016 (AFP) -", "15 mars 2016 . –")."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources

from veille.extract.scraped import is_picture_credit
from veille.model import Furniture

# A dateline opens the first paragraph: "PARIS, 8 sept (AFP) -", "KYIV, Ukraine (AP) —", "Bamako (AFP) - ".
_DATELINE = re.compile(r"^(?P<head>[^\n]{0,80}?)\s*[-–—]{1,2}\s", re.UNICODE)
_DATELINE_AGENCY = re.compile(r"^[^\n()]{0,60}\(([^()]{1,40})\)\s*[-–—]{1,2}\s")
# "… a annoncé le Conseil fédéral. (ats/nxp)": agencies and editors' initials closing the text.
_CLOSING_CREDIT = re.compile(r"\(([A-Za-z]{2,12}(?:\s*[/,]\s*[A-Za-z]{2,12}){0,4})\)\s*$")
_INITIALS = re.compile(r"[a-z]{2,4}")
# Years a news article's date can be in: earlier or later ones are placeholders or typos.
FIRST_YEAR, LAST_YEAR = 1990, 2100
# A dateline opens one of the first paragraphs (a byline or a kicker line may come before it).
DATELINE_PARAGRAPHS = 3
_DATE_CANDIDATE = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:er|st|nd|rd|th)?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}"
    r"|[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})\b",
    re.UNICODE,
)
# "By The Guardian staff", "Par la rédaction de Ouest-France": the outlet without the staff word.
_STAFF_WORDS = re.compile(
    r"(\s+(staff|reporters?|team|newsroom|correspondents?|writers?|editors?)$|^(la )?rédaction( de| d')?\s*)",
    re.IGNORECASE,
)
_ARTICLES = {"le", "la", "les", "l'", "the", "el", "der", "die", "il"}
_SPLIT_CREDITS = re.compile(r"\s*(?:,|/|&|\+|\bavec\b|\bwith\b|\bet\b|\band\b)\s*", re.IGNORECASE)


@cache
def agency_aliases() -> dict[str, str]:
    """Alias → canonical agency name, from ``data/agencies.json``."""
    raw = json.loads(resources.files("veille.extract").joinpath("data/agencies.json").read_text("utf-8"))
    return {alias: a["name"] for a in raw["agencies"] for alias in a["aliases"]}


@cache
def _agency_pattern() -> re.Pattern[str]:
    aliases = sorted(agency_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")


def agencies_in(text: str) -> list[str]:
    """Canonical names of the agencies named in a credit-position string, in order, once each."""
    found: list[str] = []
    for m in _agency_pattern().finditer(text):
        name = agency_aliases()[m.group(1)]
        if name not in found:
            found.append(name)
    return found


def _dateline(paragraph: str) -> re.Match[str] | None:
    """A wire dateline opening ``paragraph``: its parentheses hold agency names only ("AFP",
    "AFP/Reuters"), nothing else."""
    m = _DATELINE_AGENCY.match(paragraph)
    if not m or _agency_pattern().sub("", m.group(1)).strip(" /,&+-"):
        return None
    return m


def dateline_end(paragraph: str) -> int:
    """Where a wire dateline opening ``paragraph`` ends ("Khartoum, 14 mars (AFP) - "), 0 if none."""
    m = _dateline(paragraph)
    return m.end() if m else 0


def dateline_credits(first_paragraph: str) -> list[str]:
    """Agencies credited in a wire dateline opening the body: "PARIS, 8 sept (AFP) -" credits AFP,
    but "Le gouvernement (selon l'AFP) a annoncé - hier -" is running text, not a dateline."""
    m = _dateline(first_paragraph)
    return agencies_in(m.group(1)) if m else []


def byline_outlet(byline: str) -> str | None:
    """The outlet a byline names ("Par Euronews", "By The Daily Ledger staff"), not a person's name.

    A person's name is two to four capitalised words; an outlet is one word ("Euronews"), a name with
    a digit ("France 24") or one opening with an article ("Le Figaro", "The Guardian").
    """
    m = re.match(r"^(?:par|by|de|written by)\s+(.+)$", byline.strip(), re.IGNORECASE)
    if not m:
        return None
    for part in _SPLIT_CREDITS.split(m.group(1).strip().rstrip(".")):
        part = _STAFF_WORDS.sub("", part.strip()).strip()
        if not part or agencies_in(part) == [agency_aliases().get(part, "")]:
            continue
        if part in agency_aliases() or not part[0].isupper():
            continue
        words = part.split()
        if len(words) == 1 or any(ch.isdigit() for ch in part) or words[0].lower() in _ARTICLES:
            return part
    return None


def copyright_outlet(line: str) -> str | None:
    """The holder named in a copyright line ("© 2019 The Daily Ledger. All rights reserved")."""
    m = re.search(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([^.|,]{2,60})", line, re.IGNORECASE)
    if not m:
        return None
    holder = re.sub(r"\b(tous droits réservés|all rights reserved)\b.*$", "", m.group(1), flags=re.IGNORECASE)
    holder = re.sub(r"\s*\d{4}(\s*[-–]\s*\d{4})?\s*$", "", holder).strip(" -–—:")
    if not holder or holder.lower() in {"tous droits réservés", "all rights reserved"} or holder in agency_aliases():
        return None
    return holder


def closing_credits(paragraph: str) -> list[str]:
    """Agencies credited by the parenthesis that closes an article: "(ats/nxp)", "(AFP)",
    "(Reuters/dpa)". Each part must be an agency or an editor's initials (two to four lower-case
    letters); at least one must be an agency. Agencies write their own name in lower case there
    ("ats", "afp"), so the match ignores case."""
    m = _CLOSING_CREDIT.search(paragraph)
    if not m:
        return []
    folded = {alias.casefold(): name for alias, name in agency_aliases().items()}
    found: list[str] = []
    for part in re.split(r"\s*[/,]\s*", m.group(1)):
        name = folded.get(part.casefold())
        if name:
            found.append(name)
        elif not _INITIALS.fullmatch(part):
            return []
    return list(dict.fromkeys(found))


def credits_from(furniture: list[Furniture], paragraphs: list[str], credit_lines: list[str] | None = None) -> list[str]:
    """Wire agencies credited by credit lines, bylines, a dateline opening one of the first
    paragraphs (a byline or a kicker may come first) and a credit closing the last one."""
    credited: list[str] = [a for line in credit_lines or [] for a in agencies_in(line)]
    for item in furniture:
        if item.kind in ("credit", "byline") and not is_picture_credit(item.text):
            credited += agencies_in(item.text)
    for paragraph in paragraphs[:DATELINE_PARAGRAPHS]:
        credited += dateline_credits(paragraph)
    if paragraphs:
        credited += closing_credits(paragraphs[-1])
    return list(dict.fromkeys(credited))


def source_from(furniture: list[Furniture]) -> str | None:
    """The outlet named by a byline, else by a copyright line."""
    for item in furniture:
        if item.kind == "byline":
            outlet = byline_outlet(item.text)
            if outlet:
                return outlet
    for item in furniture:
        if item.kind == "copyright":
            outlet = copyright_outlet(item.text)
            if outlet:
                return outlet
    return None


def parse_date(fragment: str, prefer_month_first: bool = False) -> date | None:
    """A full calendar date (day, month and year all stated) in ``fragment``, else None."""
    import dateparser  # imported lazily: it costs ~0.3 s and is needed only when the text carries dates

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "MDY" if prefer_month_first else "DMY",
        "PREFER_LOCALE_DATE_ORDER": False,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    for m in _DATE_CANDIDATE.finditer(fragment):
        try:
            parsed = dateparser.parse(m.group(1), settings=settings)
        except (ValueError, OverflowError):
            continue
        if parsed is not None and FIRST_YEAR <= parsed.year <= LAST_YEAR:
            return parsed.date()
    return None


def published_from(furniture: list[Furniture], first_paragraph: str) -> str | None:
    """Publication date stated by a byline line or the dateline; never a guessed year."""
    for item in furniture:
        if item.kind == "byline":
            english = bool(re.match(r"(posted|published|updated|last updated|first published)\b", item.text, re.I))
            found = parse_date(item.text, prefer_month_first=english)
            if found:
                return found.isoformat()
    m = _DATELINE.match(first_paragraph)
    if m:
        found = parse_date(m.group("head"))
        if found:
            return found.isoformat()
    return None
