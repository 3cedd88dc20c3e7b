"""Titles: share of exact headlines on the extraction sets that carry a gold title.

trafilatura's evaluation set gives a gold `title` for 851 of its 990 pages (845 of them resolve to a
file); ScrapingHub's AEB gives only `articleBody` and `url`, so it has no title to score. veille is
run as the shared scorers run it (`veille extract` over JSONL, extraction stages only, since the title
comes from them). A title is exact when it equals the gold one after white space is collapsed.
Usage: python bench/extract_titles.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def shared_scorer(shared: Path) -> ModuleType:
    """The shared extraction scorer, imported from ../shared/bench (its page loaders, not a copy)."""
    spec = importlib.util.spec_from_file_location("score_extract", shared / "bench" / "score_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_titles(shared: Path, limit: int) -> list[dict]:
    """trafilatura-eval pages with their gold title."""
    scorer = shared_scorer(shared)
    evaldata = json.loads((shared / "benchmarks" / "trafilatura-eval" / "evaldata.json").read_text())
    docs = [d for d in scorer.load_traf(0) if evaldata[d["url"]].get("title")]
    for d in docs:
        d["title"] = evaldata[d["url"]]["title"]
    return docs[: limit or None]


def veille_titles(docs: list[dict]) -> dict[str, str]:
    """veille's title for each page, by id."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "html": d["html"], "url": d["url"]}, ensure_ascii=False) + "\n")
    env = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1"}
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "veille"), "extract", f.name], capture_output=True,
                         text=True, env=env, cwd=ROOT).stdout
    Path(f.name).unlink(missing_ok=True)
    return {r["id"]: r.get("title") or "" for r in map(json.loads, filter(str.strip, out.splitlines()))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    docs = gold_titles(a.shared.resolve(), a.limit)
    got = veille_titles(docs)
    norm = lambda s: " ".join((s or "").split())  # noqa: E731
    exact = sum(norm(got.get(d["id"])) == norm(d["title"]) for d in docs)
    print(f"titles: trafilatura-eval {len(docs)} pages with a gold title: exact {exact / len(docs):.3f} "
          f"({exact}); AEB: no gold title")
    return 0


if __name__ == "__main__":
    sys.exit(main())
