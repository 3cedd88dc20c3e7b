"""Cheap text fingerprints for the store: content hash, canonical URL, MinHash, story features.

Everything here is pure and deterministic (no model, no network), so that ingesting the same input
twice gives the same fingerprints and the store stays idempotent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

# Query parameters that only track the reader, never change the page.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ref|ref_src|cmpid|xtor|at_\w+|ito)$", re.I)
_WORD = re.compile(r"\w+(?:[.,']\w+)*")
_SPACES = re.compile(r"\s+")

# Function words of the languages veille reads most: they say nothing about which story a text tells.
_STOPWORDS = """
a an the and or but of to in on at for from by with as is are was were be been being has have had do
does did not no it its this that these those he she they we you i his her their our your them him us who
whom which what when where why how than then there here into over after before about up down out off
said says say will would can could may might must shall should also just more most some any all one two
new per s t mr mrs ms
le la les un une des du de et ou mais en au aux dans sur par pour avec sans ce cet cette ces il elle ils
elles on nous vous je son sa ses leur leurs qui que quoi dont est sont été être a ont avait plus ne pas
der die das ein eine und oder aber von zu im mit für auf ist sind war nicht den dem des sich
el los las y o pero del con por para es son fue una se lo
"""
STOPWORDS = frozenset(_STOPWORDS.split())
# Capitalised but not names: they date a story (the time window does that) rather than tell it apart.
_CALENDAR_NAMES = """monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december"""
_CALENDAR = frozenset(_CALENDAR_NAMES.split())


def normalise_text(text: str) -> str:
    """Text reduced to what survives re-encoding and re-spacing: NFKC, case-folded, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    """Hash of the normalised body: two copies differing only in spacing or case share it."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """The page address without what varies between links to the same page.

    Lower-cased scheme and host, no ``www.``, no fragment, no tracking parameters, sorted query, no
    trailing slash. ``None`` for anything that is not an http(s) address.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING_PARAMS.match(k))
    path = parts.path.rstrip("/") or "/"
    # http and https serve the same article: the scheme is not part of its identity.
    return urlunsplit(("https", host, path, urlencode(query), ""))


# --- near-duplicates: MinHash over word shingles ------------------------------------------------

MINHASH_PERMUTATIONS = 64
MINHASH_BANDS = 16  # 16 bands of 4 rows: pairs above Jaccard ~0.5 become candidates, then verified
SHINGLE_WORDS = 5
_MERSENNE = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20161)  # fixed seed: signatures must be stable across runs and machines
_A = _rng.integers(1, (1 << 61) - 1, MINHASH_PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, MINHASH_PERMUTATIONS, dtype=np.uint64)


def _shingle_hashes(text: str) -> np.ndarray:
    words = _WORD.findall(normalise_text(text))
    if len(words) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles),
        dtype=np.uint64, count=len(shingles),
    )


def minhash(text: str, min_words: int = 30) -> np.ndarray | None:
    """MinHash signature (uint32 x 64) of the text's 5-word shingles; None for texts too short to judge."""
    hashes = _shingle_hashes(text)
    if len(hashes) < min_words:
        return None
    # a*x + b wraps modulo 2**64 before the modulo p: not an exact field, but MinHash only needs
    # well-mixed pseudo-random orders, and this keeps the whole signature one numpy expression.
    x = hashes[:, None]
    mixed = (x * _A[None, :] + _B[None, :]) % _MERSENNE
    return (mixed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """LSH band keys (signed 64-bit, as SQLite stores them): documents sharing one are candidates."""
    rows = MINHASH_PERMUTATIONS // MINHASH_BANDS
    keys = []
    for band in range(MINHASH_BANDS):
        chunk = signature[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures."""
    return float(np.mean(a == b))


# --- story features -----------------------------------------------------------------------------


_SENTENCE_BREAK = re.compile(r"[.!?:\n\"'«»“”]")


def story_features(title: str | None, text: str) -> tuple[dict[str, int], dict[str, int]]:
    """Two bags for story similarity: content words, and names and figures.

    Names and figures tell two similar stories apart (two earthquakes share their vocabulary, not
    their place names, magnitudes or dates), so they get a view of their own: capitalised words not
    at the start of a sentence (there, capitals say nothing), pairs of consecutive ones (full names),
    and tokens with digits. Counts, not weights: weights depend on document frequencies, which change
    as the store grows.
    """
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for part in (title or "", text):
        previous_end = 0
        previous_name: str | None = None
        for match in _WORD.finditer(part):
            token = match.group()
            low = token.casefold()
            gap = part[previous_end:match.start()]
            sentence_start = previous_end == 0 or bool(_SENTENCE_BREAK.search(gap))
            previous_end = match.end()
            if low in STOPWORDS or (len(low) < 2 and not low.isdigit()):
                previous_name = None
                continue
            words[low] += 1
            if any(ch.isdigit() for ch in token):
                names["#" + low] += 1
                previous_name = None
            elif token[0].isupper() and not sentence_start and low not in _CALENDAR:
                names[low] += 1
                if previous_name is not None and not gap.strip():
                    names[f"{previous_name}_{low}"] += 1
                previous_name = low
            else:
                previous_name = None
    return dict(words), dict(names)
