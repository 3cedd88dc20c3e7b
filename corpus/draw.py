"""Draw the documents of the development corpus from ../shared/benchmarks, reproducibly.

Run from the repository root: `python corpus/draw.py` writes corpus/SELECTION.tsv. The draw is
random (seeded) so that the corpus is a sample of what each source holds, not a choice of stories
veille handles well. Documents listed in ../shared/examples/dev/HELD_OUT.txt, and those already
annotated in ../shared/examples/dev/, are never drawn. Each source also gets a reserve, taken in
order when an annotator finds a drawn item unusable (not news, empty, another language).
"""
from __future__ import annotations

import gzip
import json
import random
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

SHARED = Path("../shared")
BENCH = SHARED / "benchmarks"
SEED = 20261203


def held_out() -> set[str]:
    """Every line of HELD_OUT.txt (members, docids, archive::member, URLs)."""
    lines = (SHARED / "examples/dev/HELD_OUT.txt").read_text(encoding="utf-8").splitlines()
    keys = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return keys | {k.split(":")[-1] for k in keys}


def already_annotated() -> set[str]:
    """Inputs of the existing development gold files (member, docid or file name)."""
    keys: set[str] = set()
    for gold in (SHARED / "examples/dev").glob("*.gold.json"):
        inp = json.loads(gold.read_text(encoding="utf-8"))["input"]
        for field in ("member", "docid", "file"):
            if field in inp:
                keys.add(str(inp[field]).split("/")[-1])
                keys.add(str(inp[field]))
    for text in (SHARED / "examples/dev/texts").glob("en-ecb-*.txt"):
        keys.add(text.stem.removeprefix("en-ecb-"))
    return keys


def excluded(key: str, banned: set[str]) -> bool:
    return key in banned or key.split("/")[-1] in banned


def winer_members(banned: set[str]) -> list[str]:
    with tarfile.open(BENCH / "winer_fr/WiNER-fr_v0.2_brat.tar.gz") as tar:
        names = sorted(m.name for m in tar.getmembers() if m.name.endswith(".txt"))
    return [n for n in names if not excluded(n, banned)]


def trnews_docids(banned: set[str]) -> list[str]:
    root = ET.parse(BENCH / "tr-news/TR-News.xml").getroot()
    ids = sorted(a.get("docid") or "" for a in root.iter("article"))
    return [i for i in ids if i and not excluded(i, banned)]


def ecb_docs(banned: set[str], rng: random.Random) -> list[str]:
    """One ECB+ document per topic and corpus half (ecb / ecbplus), so stories differ."""
    by_subtopic: dict[str, list[str]] = {}
    with gzip.open(BENCH / "ecbplus/ecbplus_documents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if excluded(doc["doc_id"], banned):
                continue
            by_subtopic.setdefault(f"{doc['topic']}-{doc['subtopic']}", []).append(doc["doc_id"])
    return [rng.choice(sorted(ids)) for _key, ids in sorted(by_subtopic.items())]


def html_pages(banned: set[str], language: str) -> list[str]:
    """HTML pages of trafilatura-eval and ScrapingHub AEB whose gold text is in `language` (lingua)."""
    from lingua import Language, LanguageDetectorBuilder

    wanted = {"fr": Language.FRENCH, "en": Language.ENGLISH}[language]
    detector = LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
        Language.PORTUGUESE, Language.DUTCH, Language.RUSSIAN, Language.CHINESE).build()
    pages: list[str] = []
    traf = json.loads((BENCH / "trafilatura-eval/evaldata.json").read_text(encoding="utf-8"))
    for _url, item in sorted(traf.items()):
        key = f"tests/eval/{item['file']}"
        sample = " ".join(item.get("with") or [])
        if len(sample) > 40 and not excluded(key, banned) and detector.detect_language_of(sample) == wanted:
            pages.append(f"trafilatura-eval.tar.xz:{key}")
    aeb = json.loads((BENCH / "scrapinghub-aeb/ground-truth.json").read_text(encoding="utf-8"))
    for digest, item in sorted(aeb.items()):
        key = f"html/{digest}.html.gz"
        body = (item.get("articleBody") or "")[:1000]
        if len(body) > 200 and not excluded(key, banned) and detector.detect_language_of(body) == wanted:
            pages.append(f"scrapinghub-aeb:{key}")
    return pages


def interleave(*lists: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Round-robin over the sources, so that any prefix of the draw mixes them."""
    out: list[tuple[str, str, str]] = []
    for i in range(max(len(lst) for lst in lists)):
        out += [lst[i] for lst in lists if i < len(lst)]
    return out


def main() -> None:
    rng = random.Random(SEED)
    banned = held_out() | already_annotated()
    rows: list[tuple[str, str, str]] = []
    winer = winer_members(banned)
    rng.shuffle(winer)
    fr_web = html_pages(banned, "fr")
    rng.shuffle(fr_web)
    rows += interleave([("fr", "winer", m) for m in winer[:80]], [("fr", "web", p) for p in fr_web[:10]])
    trnews = trnews_docids(banned)
    rng.shuffle(trnews)
    ecb = ecb_docs(banned, rng)
    rng.shuffle(ecb)
    en_web = html_pages(banned, "en")
    rng.shuffle(en_web)
    rows += interleave([("en", "trnews", d) for d in trnews[:40]], [("en", "ecb", d) for d in ecb[:40]],
                       [("en", "web", p) for p in en_web[:10]])
    out = Path("corpus/SELECTION.tsv")
    with out.open("w", encoding="utf-8") as fh:
        fh.write("rank\tlanguage\tsource\titem\n")
        for lang in ("fr", "en"):
            for rank, (lng, src, item) in enumerate(r for r in rows if r[0] == lang):
                fh.write(f"{rank}\t{lng}\t{src}\t{item}\n")
    print(f"{len(rows)} rows written to {out}")


if __name__ == "__main__":
    main()
