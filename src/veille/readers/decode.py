"""Bytes → text, whatever the encoding: UTF-8 first, the page's declared charset, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can identify."""


WESTERN = ("cp1252", "iso8859_15", "latin_1")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode ``data``: BOM, UTF-8, the HTML-declared charset, then charset-normalizer's best guess."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after a {enc} byte-order mark ({exc.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall through to detection
    # The sample bounds detection time on huge inputs; the whole input is decoded with the result.
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise DecodeError("not valid UTF-8 and no text encoding could be identified")
    encoding = best.encoding
    # On short texts several 8-bit code pages decode equally well (cp1250 turns "à" into "ŕ"): at
    # equal chaos, prefer the Western European ones, the code pages of the languages veille reads most.
    for match in matches:
        if match.encoding in WESTERN and match.chaos <= best.chaos + 0.01:
            encoding = match.encoding
            break
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode(encoding, errors="replace")
