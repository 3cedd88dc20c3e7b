"""Events on the development corpus, in one process: what `score_doc.py --parts events` measures,
fast enough to run after every change, and the candidates the event judge is trained on.

    python bench/events_dev.py                 # process the corpus, cache the analyses, score
    python bench/events_dev.py --cached        # reuse the cached analyses: re-run the events stage only
    python bench/events_dev.py --verbose       # every miss, false positive and trap
    python bench/events_dev.py --cached --dump events.json   # the events, to diff two versions
    python bench/events_dev.py --cached --rerun actors.v1    # re-run a stage before events (after changing it)

The gold files are ../shared/examples/dev/*.gold.json and corpus/gold/*.gold.json (never the documents
of HELD_OUT.txt, which no gold file here points to). Scoring is the shared scorer's own `score`
(imported, not copied): only its way of running veille is replaced by this process's pipeline.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".venv" / "events-dev-cache.pkl"
sys.path.insert(0, str(SHARED / "bench"))
import score_doc  # noqa: E402  (the shared scorer)

INPUT_PATH = score_doc.input_path  # the scorer's reading of a gold file's input, kept for analysing


def score_record(gold_path: Path, record: dict[str, Any]) -> dict[str, Any]:
    """score_doc.py's own ``score`` of ``record`` (veille's output for ``gold_path``'s input), events only.
    Its way of running veille is replaced by the record, and its reading of the input (which only
    feeds that run) by nothing, as the record is at hand."""
    score_doc.run_veille = lambda *_args: record  # type: ignore[assignment]
    score_doc.input_path = lambda gold, _inp: gold  # type: ignore[assignment]
    try:
        return score_doc.score(gold_path, {"events"})
    finally:
        score_doc.input_path = INPUT_PATH


def gold_files(pattern: str | None = None) -> list[Path]:
    """The development gold files (shared dev corpus, then the project's corpus)."""
    files = sorted((SHARED / "examples" / "dev").glob("*.gold.json"))
    files += sorted((ROOT / "corpus" / "gold").glob("*.gold.json"))
    return [f for f in files if pattern is None or pattern in f.name]


def analysed(gold_path: Path) -> Any:
    """The document of one gold file after every stage before events (its parse kept)."""
    import json

    from veille.readers import InputOptions, iter_documents

    inp = json.loads(gold_path.read_text(encoding="utf-8"))["input"]
    path = INPUT_PATH(gold_path, inp)
    pipeline = _pipeline()
    doc = next(iter(iter_documents(str(path), InputOptions(published=inp.get("published")))))
    for name, stage in pipeline.stages:
        if name.startswith("events"):
            break
        doc = stage(doc)
    return doc


_PIPELINE: Any = None


def _pipeline() -> Any:
    global _PIPELINE
    if _PIPELINE is None:
        from veille.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def load_corpus(files: list[Path], cached: bool) -> dict[str, Any]:
    """Analysed documents by gold file name, from the cache when asked and present."""
    docs: dict[str, Any] = {}
    if cached and CACHE.exists():
        with CACHE.open("rb") as fh:
            docs = pickle.load(fh)
    missing = [f for f in files if f.name not in docs]
    for i, f in enumerate(missing, 1):
        print(f"\ranalysing {i}/{len(missing)} {f.name:60}", end="", file=sys.stderr)
        docs[f.name] = analysed(f)
    if missing:
        print(file=sys.stderr)
        with CACHE.open("wb") as fh:
            pickle.dump(docs, fh)
    return docs


def run_events(doc: Any, min_confidence: float | None = None, rerun: tuple[str, ...] = ()) -> dict[str, Any]:
    """The contract's JSON of ``doc`` after the events stage (on a copy: the cache stays as it was);
    ``min_confidence`` 0 shows every candidate the judge sees; the stages named in ``rerun`` (between
    the parse and events) are run again first, on a deep copy, to measure a change to them."""
    from veille.events.stage import make_events
    from veille.settings import Settings

    settings = Settings.from_env(**({} if min_confidence is None else {"min_confidence": min_confidence}))
    doc = doc.model_copy(deep=bool(rerun))
    for name, stage in _pipeline().stages:
        if name in rerun:
            doc = stage(doc)
    return make_events(settings)(doc).to_dict()


def score_all(files: list[Path], outputs: dict[str, dict[str, Any]], verbose: bool) -> dict[str, float]:
    """Per-language and overall recall, precision, traps, duplicates, as score_doc.py counts them."""
    import json as _json

    totals: dict[str, dict[str, int]] = {}
    for f in files:
        r = score_record(f, outputs[f.name])
        lang = _json.loads(f.read_text(encoding="utf-8"))["input"].get("language", "?")
        for key in (lang, "all"):
            t = totals.setdefault(key, {"required": 0, "found": 0, "extracted": 0, "false_pos": 0, "forbidden": 0,
                                        "duplicates": 0})
            for k in t:
                t[k] += r[k]
        if verbose:
            print(f"{f.name}: {r['found']}/{r['required']} found, {r['extracted']} out, {r['false_pos']} fp, "
                  f"{r['forbidden']} traps")
            for fail in r["fails"]:
                print("   -", fail)
    summary: dict[str, float] = {}
    for key, t in sorted(totals.items()):
        rec = t["found"] / t["required"] if t["required"] else 1.0
        tp = t["extracted"] - t["false_pos"] - t["forbidden"]
        prec = tp / t["extracted"] if t["extracted"] else 0.0
        print(f"{key:4} recall {rec:.3f} ({t['found']}/{t['required']})  precision {prec:.3f} "
              f"({tp}/{t['extracted']})  traps {t['forbidden']}  duplicates {t['duplicates']}")
        summary[f"{key}_recall"], summary[f"{key}_precision"] = rec, prec
        summary[f"{key}_traps"] = t["forbidden"]
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cached", action="store_true", help="reuse the cached analyses")
    ap.add_argument("--only", help="gold files whose name contains this")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--min-confidence", type=float, help="the judge's threshold (default: the settings')")
    ap.add_argument("--rerun", nargs="*", default=[], help="stages to run again before events (actors.v1...)")
    ap.add_argument("--dump", type=Path, help="write every document's events here (JSON), to compare two versions")
    a = ap.parse_args()
    files = gold_files(a.only)
    docs = load_corpus(files, a.cached)
    outputs = {f.name: run_events(docs[f.name], a.min_confidence, tuple(a.rerun)) for f in files}
    if a.dump:
        import json

        a.dump.write_text(json.dumps({k: v["events"] for k, v in outputs.items()}, ensure_ascii=False, indent=1,
                                     sort_keys=True), encoding="utf-8")
    score_all(files, outputs, a.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
