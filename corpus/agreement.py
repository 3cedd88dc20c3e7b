"""Inter-annotator agreement on the doubly annotated documents (corpus/second/ against corpus/gold/).

Usage (from the repository root): `python corpus/agreement.py [--before DIR]`. For each document both
annotators did, the required events of one are matched to the events of the other, one to one: two
events match when their types and statuses overlap, they share a participant (by code or by name, as
score_doc.py counts it) or one has none, and their evidence snippets overlap (one contains the other,
or they share half of their words). Reported: strict F1 (required against required) and lenient
recall (a required event of one found among the other's required or optional ones), both directions
averaged, per language; and, on strictly matched pairs, how often the two chose the same main type.
"""
from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'").strip()


def words(s: str | None) -> set[str]:
    return set(re.findall(r"\w+", norm(s)))


def same_evidence(a: dict, b: dict) -> bool:
    x, y = norm(a.get("evidence_contains")), norm(b.get("evidence_contains"))
    if not x or not y:
        return True
    if x in y or y in x:
        return True
    wa, wb = words(x), words(y)
    return len(wa & wb) >= 0.5 * min(len(wa), len(wb))


def same_participants(a: dict, b: dict) -> bool:
    pa, pb = a.get("participants") or [], b.get("participants") or []
    if not pa or not pb:
        return True
    codes = {p.get("code") for p in pa if p.get("code")} & {p.get("code") for p in pb if p.get("code")}
    names = {norm(p.get("name")) for p in pa if p.get("name")} & {norm(p.get("name")) for p in pb if p.get("name")}
    return bool(codes or names)


def match(a: dict, b: dict) -> bool:
    types = set(a.get("types") or ["*"]), set(b.get("types") or ["*"])
    if "*" not in types[0] and "*" not in types[1] and not types[0] & types[1]:
        return False
    status = set(a.get("status") or []), set(b.get("status") or [])
    if status[0] and status[1] and not status[0] & status[1]:
        return False
    return same_evidence(a, b) and same_participants(a, b)


def matched(left: list[dict], right: list[dict]) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for a in left:
        j = next((j for j, b in enumerate(right) if j not in used and match(a, b)), None)
        if j is not None:
            used.add(j)
            pairs.append((a, right[j]))
    return pairs


def input_key(gold: dict) -> str:
    """The document a gold file is about (file names may differ between annotators)."""
    inp = gold["input"]
    return str(inp.get("docid") or inp.get("member") or Path(str(inp.get("file"))).name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", type=Path, default=Path("corpus/gold"), help="the first annotations")
    ap.add_argument("--second", type=Path, default=Path("corpus/second"))
    a = ap.parse_args()
    totals: dict[str, dict[str, float]] = {}
    firsts = {input_key(json.loads(p.read_text(encoding="utf-8"))): p for p in a.first.glob("*.gold.json")}
    for second in sorted(a.second.glob("*.gold.json")):
        g2 = json.loads(second.read_text(encoding="utf-8"))
        first = firsts.get(input_key(g2))
        if first is None:
            continue
        g1 = json.loads(first.read_text(encoding="utf-8"))
        lang = g1["input"].get("language", "?")
        r1, r2 = g1["events"].get("required", []), g2["events"].get("required", [])
        o1, o2 = r1 + g1["events"].get("optional", []), r2 + g2["events"].get("optional", [])
        strict = matched(r1, r2)
        for key in (lang, "all"):
            t = totals.setdefault(key, {"docs": 0, "r1": 0, "r2": 0, "strict": 0, "lenient1": 0, "lenient2": 0,
                                        "same_type": 0})
            t["docs"] += 1
            t["r1"] += len(r1)
            t["r2"] += len(r2)
            t["strict"] += len(strict)
            t["lenient1"] += len(matched(r1, o2))
            t["lenient2"] += len(matched(r2, o1))
            t["same_type"] += sum((p[0].get("types") or ["*"])[0] == (p[1].get("types") or ["*"])[0] for p in strict)
    for key, t in sorted(totals.items()):
        f1 = 2 * t["strict"] / max(1, t["r1"] + t["r2"])
        lenient = (t["lenient1"] / max(1, t["r1"]) + t["lenient2"] / max(1, t["r2"])) / 2
        same = t["same_type"] / max(1, t["strict"])
        print(f"{key:4} {int(t['docs'])} documents, required events {int(t['r1'])} / {int(t['r2'])}: strict F1 {f1:.2f}, "
              f"lenient recall {lenient:.2f}, same main type on matched pairs {same:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
