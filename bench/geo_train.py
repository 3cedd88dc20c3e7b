"""Fit the place resolver's weights on LGL and score LGL, GeoWebNews and TR-News in-process.

Gold mentions are given (as Mordecai and CamCoder are scored); the official end-to-end numbers come
from ``../shared/bench/score_geo.py`` in ``make bench``. Only LGL is used to fit:
GeoWebNews and TR-News are held out.

    python bench/geo_train.py [--fit] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from veille.geo import resolve as r
from veille.geo.gazetteer import load


def gold_sets(shared: Path) -> dict[str, list[dict]]:
    sys.path.insert(0, str(shared / "bench"))
    import score_geo  # the official loaders: same gold as the scorer

    bench = shared / "benchmarks"
    return {"lgl": score_geo.load_lgl_like(bench / "lgl" / "lgl.xml", "lgl"),
            "gwn": score_geo.load_gwn(),
            "trnews": score_geo.load_lgl_like(bench / "tr-news" / "TR-News.xml", "trn")}


def km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p = math.pi / 180
    h = (math.sin((b_lat - a_lat) * p / 2) ** 2
         + math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def mentions_of(doc: dict) -> list[r.Mention]:
    g = load()
    demonyms = r.demonym_table("en")
    out = []
    for t in doc["gold"]:
        out.append(r.mention_at(doc["text"], t["start"], t["end"], g, demonyms, given=True))
    r.link_containers(out, doc["text"])
    return out


def evaluate(docs: list[dict]) -> dict[str, float]:
    errors = []
    for doc in docs:
        ms = mentions_of(doc)
        r.resolve_mentions(ms)
        for m, t in zip(ms, doc["gold"], strict=True):
            c = m.choice
            errors.append(km(c.lat, c.lon, t["lat"], t["lon"]) if c is not None and c.lat is not None else 20039.0)
    n = len(errors)
    return {"n": n, "acc161": sum(e < 161 for e in errors) / n,
            "auc": sum(math.log(e + 1) for e in errors) / (n * math.log(20040)), "mean_km": sum(errors) / n}


def fit(docs: list[dict], l2: float = 0.01, steps: int = 1500, lr: float = 1.0) -> dict[str, float]:
    """Softmax regression over each mention's candidates; positives are those within 161 km."""
    groups: list[tuple[np.ndarray, np.ndarray]] = []
    for doc in docs:
        ms = mentions_of(doc)
        r.resolve_mentions(ms)  # first, to have neighbours and context as at prediction time
        ctx = r.build_context(ms)
        ctx.picks = [(r.norm(m.text), m.choice) for m in ms]
        for m, t in zip(ms, doc["gold"], strict=True):
            if len(m.candidates) < 2:
                continue
            pos = np.array([c.lat is not None and km(c.lat, c.lon, t["lat"], t["lon"]) < 161 for c in m.candidates])
            if not pos.any() or pos.all():
                continue
            x = np.array([r.features(m, c, ctx, with_neighbours=True) for c in m.candidates])
            groups.append((x, pos))
    w = np.zeros(len(r.FEATURES))
    fixed = np.array([name in r.FIXED_WEIGHTS for name in r.FEATURES])
    w[fixed] = [r.FIXED_WEIGHTS[name] for name in r.FEATURES if name in r.FIXED_WEIGHTS]
    for _ in range(steps):
        grad = l2 * w
        for x, pos in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * pos / (p * pos).sum()
            grad += (x.T @ (p - q)) / len(groups)
        grad[fixed] = 0.0
        w -= lr * grad
    return {name: round(float(v), 4) for name, v in zip(r.FEATURES, w, strict=True) if name not in r.FIXED_WEIGHTS}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--fit", action="store_true", help="refit the weights on LGL and write them")
    a = ap.parse_args()
    sets = gold_sets(a.shared)
    if a.fit:
        learned = fit(sets["lgl"])
        out = Path(str(r.resources.files("veille.geo").joinpath("data/resolver_weights.json")))
        out.write_text(json.dumps({"fitted_on": "LGL (all 588 articles), gold mentions; bench/geo_train.py --fit",
                                   "weights": learned}, indent=1) + "\n")
        r.weights.cache_clear()
        print(json.dumps(learned))
    for name, docs in sets.items():
        print(name, json.dumps(evaluate(docs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
