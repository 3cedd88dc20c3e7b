"""Words per second per core of the NLP and actor stages (nlp.v1, entities.v1, actors.v1) on real
French and English news (WiNER-fr articles, GeoWebNews articles), in one process (one core).

Usage: python bench/nlp_speed.py [--shared ../shared] [--docs 150]
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import time
from pathlib import Path

STAGES = ("language.v1", "nlp.v1", "entities.v1", "actors.v1")


def _winer(shared: Path, n: int) -> list[str]:
    texts = []
    with tarfile.open(shared / "benchmarks" / "winer_fr" / "WiNER-fr_v0.2_brat.tar.gz") as tar:
        for member in tar:
            if member.name.endswith(".txt") and member.name.count("/") == 2:
                handle = tar.extractfile(member)
                if handle is not None:
                    texts.append(handle.read().decode("utf-8"))
            if len(texts) >= n:
                break
    return texts


def _english(shared: Path, n: int) -> list[str]:
    """GeoWebNews articles (English news from 200 sites), through the official loader."""
    sys.path.insert(0, str(shared / "bench"))
    import score_geo

    return [d["text"] for d in score_geo.load_gwn()[:n] if d["text"].strip()]


def measure(texts: list[str], lang: str) -> str:
    from veille.model import Document, RawInput
    from veille.pipeline import Pipeline
    from veille.settings import Settings

    pipeline = Pipeline(Settings.from_env(stages=STAGES))
    pipeline(Document(text=texts[0], language=lang, raw=RawInput(content=texts[0], clean=True)))  # load models
    pipeline.timer.seconds.clear()
    words = 0
    started = time.perf_counter()
    for text in texts:
        words += len(text.split())
        pipeline(Document(text=text, language=lang, raw=RawInput(content=text, clean=True)))
    elapsed = time.perf_counter() - started
    timed = sum(v for k, v in pipeline.timer.seconds.items() if k != "language.v1")
    return f"{lang}: {words / timed:.0f} words/s/core ({len(texts)} docs, {words / len(texts):.0f} words/doc, " \
           f"{elapsed:.1f} s)"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--docs", type=int, default=150)
    a = ap.parse_args()
    print(measure(_winer(a.shared, a.docs), "fr"))
    english = _english(a.shared, a.docs)
    if english:
        print(measure(english, "en"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
