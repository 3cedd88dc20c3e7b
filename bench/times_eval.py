#!/usr/bin/env python3
"""Fast scorer for the times stage: calls ``tag_times`` directly (no CLI).

French TimeBank (loaded as ../shared/bench/score_time.py does: TEXT flattened, TIMEX3 as character
offsets, DCT as publication date) and MEANTIME English (tokens joined by spaces, one sentence a line;
the creation-time TIMEX3 gives the publication date). Prints strict / relaxed / type / value F1,
TempEval-3 style, for all FTB files, the first 70% (development) and the last 30% (held out).

Usage: .venv/bin/python bench/times_eval.py [--errors ftb|meantime]
"""

from __future__ import annotations

import argparse
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

from veille.times import tag_times

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def _flatten(el: ET.Element) -> tuple[str, list[dict]]:
    parts: list[str] = []
    spans: list[dict] = []
    pos = 0

    def walk(e: ET.Element) -> None:
        nonlocal pos
        start = pos
        if e.text:
            parts.append(e.text)
            pos += len(e.text)
        for c in e:
            walk(c)
            if c.tail:
                parts.append(c.tail)
                pos += len(c.tail)
        if e.tag == "TIMEX3" and pos > start:
            spans.append({"start": start, "end": pos, "type": e.get("type"), "value": e.get("value")})

    walk(el)
    return "".join(parts), spans


def load_ftb() -> list[dict]:
    """FTB documents: id, text, published (DCT), gold spans."""
    docs = []
    with tarfile.open(BENCH / "fr_timebank" / "FR-TimeBank-1.1_Data.tar.gz") as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if not m.name.endswith(".tml"):
                continue
            f = tar.extractfile(m)
            assert f is not None
            root = ET.fromstring(f.read())
            dct_el = root.find("DCT/TIMEX3")
            text_el = root.find("TEXT")
            assert dct_el is not None and text_el is not None
            text, spans = _flatten(text_el)
            docs.append({"id": Path(m.name).stem, "text": text, "published": dct_el.get("value"),
                         "gold": spans, "lang": "fr"})
    return docs


def load_meantime() -> list[dict]:
    """MEANTIME English documents (intra_cross-doc layer), tokens joined with spaces."""
    docs = []
    with tarfile.open(BENCH / "meantime" / "meantime_newsreader_english_oct15.xml.tar.gz") as tar:
        for m in sorted(tar.getmembers(), key=lambda m: m.name):
            if "intra_cross-doc" not in m.name or not m.name.endswith(".xml"):
                continue
            f = tar.extractfile(m)
            assert f is not None
            root = ET.fromstring(f.read())
            # MEANTIME annotates times only in the first sentences of each article (entities and
            # events go further): score the part up to the last sentence with a TIMEX3, SIGNAL or
            # VALUE. Sentence 1 is the dateline, whose date is the unanchored creation time: dropped.
            sent_of = {t.get("t_id"): int(t.get("sentence", "0")) for t in root.iter("token")}
            mk0 = root.find("Markables")
            anchored = [sent_of.get(a.get("t_id"), 0) for el in (mk0 if mk0 is not None else [])
                        if el.tag in ("TIMEX3", "SIGNAL", "VALUE") for a in el.iter("token_anchor")]
            last_sent = max(anchored, default=0)
            pieces: list[str] = []
            offs: dict[str, tuple[int, int]] = {}
            pos, sent = 0, None
            for tok in root.iter("token"):
                s = tok.get("sentence")
                if int(s or 0) > last_sent:
                    break
                if s == "1":
                    continue
                if pieces:
                    sep = "\n" if s != sent else " "
                    pieces.append(sep)
                    pos += 1
                sent = s
                w = tok.text or ""
                offs[tok.get("t_id", "")] = (pos, pos + len(w))
                pieces.append(w)
                pos += len(w)
            text = "".join(pieces)
            dct, gold = None, []
            mk = root.find("Markables")
            for t in (mk.iter("TIMEX3") if mk is not None else []):
                ids = [a.get("t_id", "") for a in t.iter("token_anchor")]
                if t.get("functionInDocument") == "CREATION_TIME":
                    dct = t.get("value")
                if not ids or t.get("functionInDocument") == "CREATION_TIME" or ids[0] not in offs:
                    continue
                end = offs.get(ids[-1], offs[ids[0]])[1]
                gold.append({"start": offs[ids[0]][0], "end": end, "type": t.get("type"), "value": t.get("value")})
            gold = [g for g in gold if g["end"] <= len(text)]
            docs.append({"id": Path(m.name).stem, "text": text, "published": dct, "gold": gold,
                         "lang": "en"})
    return docs


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    """F1 from true positives and the two counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(docs: list[dict], show_errors: bool = False) -> str:
    """Score line for ``docs`` (TempEval-3 style, as score_time.py)."""
    n_gold = n_pred = strict = relaxed = typed = valued = 0
    for d in docs:
        pred = [t.model_dump() for t in tag_times(d["text"], d["published"], d["lang"])]
        n_gold += len(d["gold"])
        n_pred += len(pred)
        for g in d["gold"]:
            same = [p for p in pred if p["start"] == g["start"] and p["end"] == g["end"]]
            over = [p for p in pred if p["start"] < g["end"] and g["start"] < p["end"]]
            strict += bool(same)
            relaxed += bool(over)
            typed += any(p["type"] == g["type"] for p in over)
            ok = any(p["value"] == g["value"] for p in over)
            valued += ok
            if show_errors and not ok:
                gt = d["text"][g["start"]:g["end"]]
                ctx = d["text"][max(0, g["start"] - 40):g["end"] + 30].replace("\n", " ")
                print(f"MISS {g['value']!r:16} {gt!r:30} pred={[(p['text'], p['value']) for p in over]} | {ctx}")
        if show_errors:
            for p in pred:
                if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in d["gold"]):
                    ctx = d["text"][max(0, p["start"] - 40):p["end"] + 30].replace("\n", " ")
                    print(f"FP   {p['value']!r:16} {p['text']!r:30} | {ctx}")
    return (f"{len(docs)} docs, {n_gold} gold, {n_pred} pred: strict {f1(strict, n_pred, n_gold):.3f} "
            f"relaxed {f1(relaxed, n_pred, n_gold):.3f} type {f1(typed, n_pred, n_gold):.3f} "
            f"value {f1(valued, n_pred, n_gold):.3f}")


def main() -> None:
    """Print the scores (and with --errors, every miss and false positive of one corpus)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=["ftb", "ftb-dev", "meantime"])
    a = ap.parse_args()
    ftb = load_ftb()
    cut = int(len(ftb) * 0.7)
    mt = load_meantime()
    if a.errors:
        score({"ftb": ftb, "ftb-dev": ftb[:cut], "meantime": mt}[a.errors], show_errors=True)
        return
    print("FTB all     ", score(ftb), " (HeidelTime 1.8: strict .860 relaxed .910 type .827 value .736)")
    print("FTB dev 70% ", score(ftb[:cut]))
    print("FTB held 30%", score(ftb[cut:]))
    print("MEANTIME en ", score(mt))


if __name__ == "__main__":
    main()
