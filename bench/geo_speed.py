"""Speed and footprint of the places stage: gazetteer load time, size, stage docs/s, memory.

The documents are GeoWebNews' 200 news articles, parsed once by the stages before places; only
``places.v1`` is timed. Usage: python bench/geo_speed.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    a = ap.parse_args()
    sys.path.insert(0, str(a.shared / "bench"))
    import score_geo

    from veille.geo.build import default_path
    from veille.geo.gazetteer import load
    from veille.model import Document, RawInput
    from veille.pipeline import Pipeline
    from veille.settings import Settings

    path = default_path()
    started = time.perf_counter()
    gazetteer = load(path)
    gazetteer.candidates("Aleppo")
    load_s = time.perf_counter() - started
    stats = json.loads(gazetteer._db.execute("SELECT value FROM meta WHERE key='stats'").fetchone()[0])
    before = Pipeline(Settings.from_env(stages=("language.v1", "nlp.v1", "entities.v1", "actors.v1")))
    places = Pipeline(Settings.from_env(stages=("places.v1",)))
    docs = []
    for d in score_geo.load_gwn():
        doc = Document(text=d["text"], raw=RawInput(content=d["text"], clean=True))
        docs.append(before(doc))
    words = sum(len(d.text.split()) for d in docs)
    started = time.perf_counter()
    for doc in docs:
        places(doc)
    elapsed = time.perf_counter() - started
    n = sum(len(d.places) for d in docs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer {path.stat().st_size / 1e6:.0f} MB, "
          f"{stats.get('names')} names, load {load_s:.2f} s; places stage {len(docs) / elapsed:.0f} docs/s "
          f"({words / len(docs):.0f} words/doc, {n} places), peak RSS {rss:.0f} MB (process incl. spaCy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
