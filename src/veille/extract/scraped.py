"""Cleaning scraped plain text: tell the article's body from the page furniture a scraper kept.

No library does this: trafilatura, justext and readability work on the HTML tree, and once a page is
flattened to lines the tree is gone. What is left are structural cues (position relative to the body,
length, sentence punctuation, repetition, runs of headline-like lines after the body) and interface
phrases ("Partager cet article", "PUBLICITÉ", "Most read"), kept per language in
``data/furniture.json``. The classifier combines both:

1. the first line is the title when it reads like one; its repeats are furniture;
2. lines matching a cue of a furniture kind are that kind (strict patterns for sentence-like lines);
3. the body core runs from the first to the last sentence-like paragraph; short lines inside it
   (subheadings, one-line quotes) are body, short lines before it are furniture;
4. a teaser that repeats the lede and ends with an ellipsis, or a repeated paragraph, is furniture;
5. after the body, headline-like lines (a "related articles" list, with or without its heading) are
   furniture.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from veille.model import Furniture, FurnitureKind

# A paragraph at least this long that ends like a sentence anchors the body.
BODY_MIN_WORDS = 12
# Lines this long are prose even without final punctuation (some scrapers drop it).
PROSE_MIN_WORDS = 30
# A line this long that ends like a sentence is never matched by the loose `line` cues.
SENTENCE_MIN_WORDS = 10
# A line this long that stops mid-sentence and goes on in lower case on the next line was wrapped.
WRAPPED_LINE_MIN_WORDS = 8
# `sentence` cues are specific and bound their own length in characters: they apply to lines up to
# this long whatever their kind's `max_words` ("If you enjoyed this article, … Join …" runs to 50 words).
SENTENCE_CUE_MAX_WORDS = 80
# A teaser must share at least this many characters with the paragraph it announces.
TEASER_MIN_CHARS = 30

_SENTENCE_END = re.compile(r"[.!?…:;»\"”’)\]]\s*$")
_PICTURE_CREDIT = re.compile(
    r"^\s*(photo|photos|crédits? photos?|image|images|illustration|picture|vidéo|video|©"
    r"|file photo|archive photo|photo d'archive|image d'archive|fot\.|foto:|fotos:|beitragsbild|bildquelle)",
    re.IGNORECASE,
)
# A caption closed by its photographer's credit: "… in Paris, May 5, 2019. REUTERS/Gonzalo Fuentes".
_PHOTOGRAPHER_CREDIT_END = re.compile(
    r"\b(REUTERS|Reuters|AFP|AP|EPA|Getty Images|AFP PHOTO)\s?/\s?[A-Z][^\s/]*( [A-Z][^\s/]*){0,3}"
    r"(\s?/\s?(File|FILE|Archives?)( Photo| PHOTO)?)?\.?\s*$"
)


def is_picture_credit(line: str) -> bool:
    """A caption or a photo credit, unlike a wire credit of the text ("Avec AFP")."""
    return bool(_PICTURE_CREDIT.match(line) or _PHOTOGRAPHER_CREDIT_END.search(line))

_LIST_MARKER = re.compile(r"^[-•*]\s+")
_ELLIPSIS_END = re.compile(r"(…|\.\.\.)\s*$")
_WORD = re.compile(r"\w+", re.UNICODE)
_KIND_ORDER: tuple[FurnitureKind, ...] = (
    "copyright", "share", "ad", "credit", "related", "byline", "navigation",
)


@dataclass(frozen=True)
class CueSet:
    """Compiled cues of one furniture kind."""

    kind: FurnitureKind
    max_words: int
    line: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    contains: tuple[str, ...]
    heading: re.Pattern[str] | None


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")", re.IGNORECASE)


@cache
def load_cues() -> tuple[CueSet, ...]:
    """The furniture cues from ``data/furniture.json``, compiled once per process."""
    raw = json.loads(resources.files("veille.extract").joinpath("data/furniture.json").read_text("utf-8"))
    cues = []
    for kind in _KIND_ORDER:
        spec = raw["kinds"][kind]
        cues.append(
            CueSet(
                kind=kind,
                max_words=int(spec["max_words"]),
                line=_alternation(spec.get("line", [])),
                sentence=_alternation(spec.get("sentence", [])),
                contains=tuple(fold(c) for c in spec.get("contains", [])),
                heading=_alternation(spec.get("heading", [])),
            )
        )
    return tuple(cues)


def fold(text: str) -> str:
    """Lower case, apostrophes and spaces unified: the form cues and repeats are compared in."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.lower().split())


def word_count(text: str) -> int:
    """Number of words (``\\w+`` runs)."""
    return len(_WORD.findall(text))


@dataclass
class Block:
    """One non-empty line of the scraped page and what the classifier decided about it."""

    text: str
    words: int
    ends_sentence: bool
    kind: FurnitureKind | None = None
    heading: bool = False
    credit: bool = False

    @property
    def sentence_like(self) -> bool:
        return self.words >= SENTENCE_MIN_WORDS and self.ends_sentence

    @property
    def body_like(self) -> bool:
        return (self.words >= BODY_MIN_WORDS and self.ends_sentence) or self.words >= PROSE_MIN_WORDS


@dataclass
class ScrapedPage:
    """The result of cleaning: title, body paragraphs and the furniture removed, in page order."""

    title: str | None
    paragraphs: list[str]
    furniture: list[Furniture] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)
    """Wire credits kept in the body ("Avec AFP"): they are the article's own attribution."""

    @property
    def text(self) -> str:
        """The clean body: paragraphs joined by a blank line."""
        return "\n\n".join(self.paragraphs)


def classify_line(block: Block) -> tuple[FurnitureKind | None, bool]:
    """The furniture kind a line's own wording gives it (and whether it heads a related list); a
    list marker ("- ", "• ") does not hide the wording."""
    folded = _LIST_MARKER.sub("", fold(block.text))
    for cue in load_cues():
        if cue.sentence is not None and block.words <= max(cue.max_words, SENTENCE_CUE_MAX_WORDS) \
                and cue.sentence.fullmatch(folded):
            return cue.kind, False
        if block.words > cue.max_words or block.sentence_like:
            continue
        if cue.heading is not None and cue.heading.fullmatch(folded):
            return cue.kind, True
        if cue.line is not None and cue.line.fullmatch(folded):
            return cue.kind, False
        if any(c in folded for c in cue.contains):
            return cue.kind, False
    return None, False


def unwrap_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, with sentences a scraper hard-wrapped joined again: a long line
    that ends mid-sentence and is continued in lower case on the next line is one line with it."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        previous = lines[-1] if lines else ""
        if (line[:1].islower() and word_count(previous) >= WRAPPED_LINE_MIN_WORDS
                and not _SENTENCE_END.search(previous)):
            lines[-1] = f"{previous} {line}"
        else:
            lines.append(line)
    return lines


def _make_blocks(text: str) -> list[Block]:
    return [Block(line, word_count(line), bool(_SENTENCE_END.search(line))) for line in unwrap_lines(text)]


def _looks_like_title(block: Block, following: Block | None = None) -> bool:
    """A short line without a final full stop that the next line does not continue: a line that
    goes on in lower case ("…after the politician was" / "elected promising…") is a wrapped sentence."""
    continued = following is not None and following.text[:1].islower()
    return 3 <= block.words <= 30 and not block.text.endswith(".") and not continued


def _opens_body(block: Block, following: Block) -> bool:
    """A line just above the body that belongs to it: a short sentence (a one-line lede), or the
    first part of a sentence the scraper wrapped, continued in lower case on the next line."""
    return block.words >= 3 and (block.ends_sentence or following.text[:1].islower())


def clean_scraped_text(text: str, title: str | None = None) -> ScrapedPage:
    """Split scraped page text into title, body paragraphs and furniture (see module doc)."""
    blocks = _make_blocks(text)
    if not blocks:
        return ScrapedPage(title=title, paragraphs=[])

    # 2. Lines that say what they are.
    credit_lines: list[str] = []
    for block in blocks:
        if block.kind is None:
            block.kind, block.heading = classify_line(block)
        if block.kind == "credit" and not is_picture_credit(block.text):
            # A text credit ("Avec AFP", "(Reuters)", "AP writer X contributed") is part of the
            # article as published, like a dateline: it stays in the body and feeds `credits`.
            block.kind = None
            block.credit = True
            credit_lines.append(block.text)

    # 1. Title: the first line that reads like one before any prose (navigation words such as
    # "Accueil" are cues, already marked), or the title the input gave; then its repeats.
    if title is None and len(blocks) > 1:
        for block, following in zip(blocks, [*blocks[1:], None], strict=True):
            if block.body_like:
                break
            if block.kind is None and _looks_like_title(block, following):
                title = block.text
                break
    if title:
        folded_title = fold(title)
        for block in blocks:
            if fold(block.text) == folded_title:
                block.kind = "title"

    # 4a. Teasers: a paragraph cut with an ellipsis that another paragraph continues; exact repeats.
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if block.kind is not None:
            continue
        folded = fold(block.text)
        if _ELLIPSIS_END.search(block.text):
            prefix = _ELLIPSIS_END.sub("", folded).rstrip(" .")
            if len(prefix) >= TEASER_MIN_CHARS and any(
                j != i and other.kind is None and len(other.text) > len(block.text)
                and fold(other.text).startswith(prefix)
                for j, other in enumerate(blocks)
            ):
                block.kind = "other"
                continue
        if block.words >= 5 and folded in seen:
            block.kind = "other"
        seen.add(folded)

    # 3. The body core: first to last paragraph that reads as prose.
    anchors = [i for i, b in enumerate(blocks) if b.kind is None and b.body_like]
    if not anchors:
        # No prose paragraph (a short dispatch, a list): keep every line not marked as furniture.
        paragraphs = [b.text for b in blocks if b.kind is None]
        return ScrapedPage(title, paragraphs, _furniture(blocks), credit_lines)
    first, last = anchors[0], anchors[-1]

    # Before the body: short sentences directly above the first anchor are the start of the body
    # (a one-line lede); anything else unmarked there is page furniture.
    i = first - 1
    while i >= 0 and blocks[i].kind is None and _opens_body(blocks[i], blocks[i + 1]):
        first = i
        i -= 1
    for block in blocks[:first]:
        if block.kind is None:
            block.kind = "other"

    # After the body: closing short sentences directly below the last anchor still belong to it.
    i = last + 1
    while i < len(blocks) and blocks[i].kind is None and (
        blocks[i].credit or (blocks[i].ends_sentence and blocks[i].words >= 3)
    ):
        last = i
        i += 1
    for block in blocks[last + 1:]:
        if block.kind is None:
            block.kind = "related" if 3 <= block.words <= 30 and not block.text.endswith(".") else "other"

    # Inside the body: a related heading ("LIRE AUSSI") takes the headline lines right after it.
    in_related = False
    for block in blocks[first:last + 1]:
        if block.kind == "related" and block.heading:
            in_related = True
            continue
        if in_related and block.kind is None and not block.body_like and not block.ends_sentence:
            block.kind = "related"
            continue
        in_related = False

    paragraphs = [b.text for b in blocks if b.kind is None]
    return ScrapedPage(title, paragraphs, _furniture(blocks), credit_lines)


def _furniture(blocks: list[Block]) -> list[Furniture]:
    return [Furniture(text=b.text, kind=b.kind) for b in blocks if b.kind is not None]


def strip_furniture_lines(
    lines: list[str], kinds: frozenset[str], title: str | None = None
) -> tuple[list[str], list[Furniture], list[str]]:
    """Split extracted lines into kept paragraphs, the furniture of ``kinds`` their wording reveals
    (and repeats of ``title``), and the wire-credit lines kept in the body."""
    kept: list[str] = []
    dropped: list[Furniture] = []
    credit_lines: list[str] = []
    folded_title = fold(title) if title else None
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if folded_title is not None and fold(line) == folded_title:
            dropped.append(Furniture(text=line, kind="title"))
            continue
        block = Block(line, word_count(line), bool(_SENTENCE_END.search(line)))
        kind, _ = classify_line(block)
        if kind == "credit" and not is_picture_credit(line):
            # A wire credit ("Avec AFP") is the article's own attribution: it stays, as in scraped text.
            credit_lines.append(line)
            kind = None
        if kind is not None and kind in kinds:
            dropped.append(Furniture(text=line, kind=kind))
        else:
            kept.append(line)
    return kept, dropped, credit_lines


# Furniture that can hide inside a text given as clean (``--no-extract``, JSONL `text`): its lines
# still carry no entities, places or events.
FURNITURE_IN_TEXT = frozenset({"share", "ad", "navigation"})


def furniture_line_spans(text: str, kinds: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the lines of ``text`` whose wording marks them as furniture of ``kinds``."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) < 200:
            block = Block(stripped, word_count(stripped), bool(_SENTENCE_END.search(stripped)))
            kind, _ = classify_line(block)
            if kind in kinds:
                spans.append((offset, offset + len(line)))
        offset += len(line)
    return spans
