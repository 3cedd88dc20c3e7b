"""Check corpus gold files before they are used: fields, types, statuses, evidence found in the text.

Usage (from the repository root): `python corpus/check_gold.py corpus/gold/*.gold.json`. Reads each
input the way ../shared/bench/score_doc.py does (its `input_path`), takes the text of plain-text
inputs as is and of HTML inputs through trafilatura (what a reader sees, not veille's output), and
reports every problem: unknown PLOVER type or status, an evidence snippet not in the text, a required
event without participants or evidence, a time without a value. Exit 1 when any problem is found.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path("../shared/bench").resolve()))
from score_doc import input_path  # noqa: E402  (the scorer's own reading of `input`)

TYPES = {"AGREE", "ACCUSE", "ASSAULT", "AID", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE",
         "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"}
STATUSES = {"occurred", "ongoing", "planned", "proposed", "negated", "hypothetical"}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


def document_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="replace")
    if "<html" in text[:5000].lower() or "<!doctype" in text[:500].lower():
        import trafilatura
        return trafilatura.extract(text, favor_recall=True) or ""
    return text


def problems(gold_path: Path) -> list[str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    found: list[str] = []
    for key in ("about", "input", "doc", "events"):
        if key not in gold:
            found.append(f"missing '{key}'")
    text = norm(document_text(input_path(gold_path, gold["input"])))
    if not text:
        found.append("input text is empty")
    for snippet in gold.get("doc", {}).get("text_must_contain", []):
        if norm(snippet) not in text:
            found.append(f"text_must_contain not in text: {snippet[:60]!r}")
    for kind in ("required", "optional", "forbidden"):
        for ev in gold.get("events", {}).get(kind, []):
            name = f"{kind} {ev.get('id')}"
            bad_types = set(ev.get("types") or []) - TYPES - {"*"}
            if bad_types:
                found.append(f"{name}: unknown types {sorted(bad_types)}")
            bad_status = set(ev.get("status") or []) - STATUSES
            if bad_status:
                found.append(f"{name}: unknown status {sorted(bad_status)}")
            snippet = ev.get("evidence_contains")
            if kind == "required" and not snippet:
                found.append(f"{name}: no evidence_contains")
            # a trap may sit in page furniture that a reader's extraction drops: only kept events are checked
            if snippet and kind != "forbidden" and norm(snippet) not in text:
                found.append(f"{name}: evidence not in text: {snippet[:60]!r}")
    for t in gold.get("times", []):
        if not t.get("value"):
            found.append(f"time {t.get('text')!r} has no value")
    return found


def main(paths: list[str]) -> int:
    failed = 0
    for p in paths:
        issues = problems(Path(p))
        failed += bool(issues)
        for issue in issues:
            print(f"{p}: {issue}")
    print(f"{len(paths)} files, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
