"""How many documents the inputs hold, estimated cheaply, so that progress bars have a total and an ETA."""

from __future__ import annotations

import gzip
from pathlib import Path

# Kinds holding a number of documents that only a full parse tells (feeds, archives): no estimate.
_UNCOUNTED = (".warc", ".warc.gz", ".arc", ".arc.gz", ".xml", ".rss", ".atom", ".xml.gz")
_LINES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz")


def _lines(path: Path) -> int:
    """Non-empty lines of a JSON Lines file (gzipped or not), read as bytes in large blocks."""
    opener = gzip.open if path.name.endswith(".gz") else open
    count = 0
    with opener(path, "rb") as stream:
        for line in stream:
            count += bool(line.strip())
    return count


def estimate_documents(paths: list[str]) -> int | None:
    """Documents in ``paths`` by their names: one per page, one per line of JSON Lines; None when some
    input's count cannot be known without parsing it (stdin, feeds, WARC archives)."""
    total = 0
    for name in paths:
        path = Path(name)
        lower = path.name.lower()
        if name == "-" or lower.endswith(_UNCOUNTED):
            return None
        if lower.endswith(_LINES):
            try:
                total += _lines(path)
            except (OSError, EOFError):
                total += 1  # unreadable: the reader will report it as one failed input
        else:
            total += 1
    return total
