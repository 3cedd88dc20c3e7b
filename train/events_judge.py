"""Train the event judge (src/veille/events/judge.py) on the development corpus, and report it honestly.

    python train/events_judge.py            # 5-fold cross-validation by document, then fit on all, write the model
    python train/events_judge.py --cv-only  # the cross-validated numbers only

Candidates are the rules' events on every development document (../shared/examples/dev and corpus/gold).
A candidate is labelled real when the shared scorer (../shared/bench/score_doc.py, imported) would count
it as a found required or optional event, taking gold events in the scorer's own order, so that a second
record of an event already found is labelled as not real, as the scorer counts it. Folds are by document
(a document's candidates are never split between training and testing) and seeded. The report gives,
per language, what score_doc.py would print for the judged events at each threshold, with the model
trained without the document being scored, and the expected calibration error of those probabilities.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import events_dev  # noqa: E402  (the corpus loader and the shared scorer)

SEED = 20261203
FOLDS = 5
C = 0.3  # inverse L2 strength: chosen by cross-validation below (log-loss), kept fixed for reproducibility
MODEL = ROOT / "src" / "veille" / "events" / "data" / "judge.json"


def labels(events: list[dict[str, Any]], gold: dict[str, Any], text: str) -> list[int]:
    """1 for each candidate that reports a required or optional gold event as the scorer matches them
    (type, status, a shared participant, the evidence), else 0. Several mentions of one event are all
    real: joining them is the document merge's job, not the judge's."""
    match = events_dev.score_doc.matches
    golds = [g for kind in ("required", "optional") for g in gold.get("events", {}).get(kind, [])]
    return [int(any(match(e, g, text) for g in golds)) for e in events]


def candidates(files: list[Path]) -> list[dict[str, Any]]:
    """Per document: its candidates (events), their features and labels."""
    from veille.events import stage
    from veille.events.document import trigger_forms
    from veille.events.judge import candidate_features

    docs = events_dev.load_corpus(files, cached=True)
    out = []
    for f in files:
        doc = docs[f.name]
        found = stage.candidates(doc)
        events = [c.event for c in found]
        gold = json.loads(f.read_text(encoding="utf-8"))
        dumped = [e.model_dump(mode="json") for e in events]
        out.append({"file": f, "lang": doc.language, "doc": doc, "events": events,
                    "features": candidate_features(found, doc), "forms": trigger_forms(found),
                    "labels": labels(dumped, gold, doc.text)})
    return out


def _matrix(rows: list[dict[str, float]], names: list[str]) -> Any:
    import numpy as np

    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            if name in index:
                x[r, index[name]] = value
    return x


def fit(docs: list[dict[str, Any]], c: float = C) -> tuple[dict[str, float], float]:
    """Weights by feature name and intercept of an L2 logistic regression on ``docs``' candidates."""
    from sklearn.linear_model import LogisticRegression

    from veille.events.judge import feature_names

    rows = [f for d in docs for f in d["features"]]
    y = [label for d in docs for label in d["labels"]]
    names = [n for n in feature_names(rows) if n != "bias"]
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    model.fit(_matrix(rows, names), y)
    weights = {n: round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-6}
    return weights, round(float(model.intercept_[0]), 5)


def folds(docs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Documents split into ``FOLDS`` seeded folds, each language spread over all of them."""
    rng = random.Random(SEED)
    out: list[list[dict[str, Any]]] = [[] for _ in range(FOLDS)]
    for lang in sorted({d["lang"] or "" for d in docs}):
        group = [d for d in docs if (d["lang"] or "") == lang]
        rng.shuffle(group)
        for i, d in enumerate(group):
            out[i % FOLDS].append(d)
    return out


def cross_validate(docs: list[dict[str, Any]], c: float = C) -> None:
    """Attach out-of-fold probabilities (``oof``) to every document's candidates."""
    from veille.events.judge import JudgeModel

    parts = folds(docs)
    for k, test in enumerate(parts):
        train = [d for j, part in enumerate(parts) if j != k for d in part]
        weights, intercept = fit(train, c)
        model = JudgeModel(weights, intercept)
        for d in test:
            d["oof"] = [model.probability(f) for f in d["features"]]


def calibration_error(docs: list[dict[str, Any]], bins: int = 10) -> float:
    """Expected calibration error of the out-of-fold probabilities (equal-width bins)."""
    pairs = [(p, y) for d in docs for p, y in zip(d["oof"], d["labels"], strict=True)]
    total = 0.0
    for b in range(bins):
        inside = [(p, y) for p, y in pairs if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1.0)]
        if inside:
            mean_p = sum(p for p, _ in inside) / len(inside)
            total += len(inside) * abs(mean_p - sum(y for _, y in inside) / len(inside))
    return total / max(1, len(pairs))


def log_loss(docs: list[dict[str, Any]]) -> float:
    import math

    pairs = [(min(max(p, 1e-6), 1 - 1e-6), y) for d in docs for p, y in zip(d["oof"], d["labels"], strict=True)]
    return -sum(math.log(p) if y else math.log(1 - p) for p, y in pairs) / max(1, len(pairs))


def scored(docs: list[dict[str, Any]], threshold: float, key: str = "oof") -> dict[str, dict[str, float]]:
    """What score_doc.py counts when only candidates with probability >= ``threshold`` are printed."""
    from veille.events.document import lede_end, merged

    totals: dict[str, dict[str, int]] = {}
    for d in docs:
        every = merged([e.model_copy(update={"confidence": round(p, 3)})
                        for e, p in zip(d["events"], d[key], strict=True)], d["forms"], lede_end(d["doc"].text))
        kept = [e for e in every if e.confidence >= threshold]
        record = d["doc"].model_copy(update={"events": kept}).to_dict()
        r = events_dev.score_record(d["file"], record)
        for lang in (d["lang"] or "?", "all"):
            t = totals.setdefault(lang, {"required": 0, "found": 0, "extracted": 0, "false_pos": 0, "forbidden": 0})
            for name in t:
                t[name] += r[name]
    out = {}
    for lang, t in totals.items():
        tp = t["extracted"] - t["false_pos"] - t["forbidden"]
        out[lang] = {"recall": t["found"] / max(1, t["required"]), "precision": tp / max(1, t["extracted"]),
                     "traps": t["forbidden"], "events": t["extracted"]}
    return out


def report(docs: list[dict[str, Any]], thresholds: list[float]) -> None:
    print(f"{len(docs)} documents, {sum(len(d['labels']) for d in docs)} candidates, "
          f"{sum(sum(d['labels']) for d in docs)} real; cross-validated ({FOLDS} folds by document, seed {SEED})")
    print(f"log-loss {log_loss(docs):.3f}, expected calibration error {calibration_error(docs):.3f}")
    for t in thresholds:
        s = scored(docs, t)
        print(f"threshold {t:.2f}: " + "  ".join(
            f"{lang} R {v['recall']:.3f} P {v['precision']:.3f} traps {v['traps']} n {v['events']}"
            for lang, v in sorted(s.items())))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--thresholds", default="0,0.3,0.4,0.5,0.6")
    a = ap.parse_args()
    files = events_dev.gold_files()
    docs = candidates(files)
    cross_validate(docs, a.c)
    report(docs, [float(t) for t in a.thresholds.split(",")])
    if a.cv_only:
        return 0
    weights, intercept = fit(docs, a.c)
    about = (f"Event judge: L2 logistic regression (C={a.c}, scikit-learn) fitted by train/events_judge.py "
             f"(seed {SEED}) on {len(docs)} development documents ({sum(len(d['labels']) for d in docs)} "
             f"candidates). Cross-validated by document: log-loss {log_loss(docs):.3f}, "
             f"ECE {calibration_error(docs):.3f}.")
    MODEL.write_text(json.dumps({"about": about, "intercept": intercept, "weights": weights}, ensure_ascii=False,
                                indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"model written to {MODEL.relative_to(ROOT)} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
