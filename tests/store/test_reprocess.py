"""`veille reprocess`: stored documents through the current pipeline again, in place (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from veille.store import Store

VEILLE = str(Path(sys.executable).parent / "veille")
EN = "Police arrested three protesters in Paris on Monday, 7 September 2020, after clashes near the parliament."


def test_reprocess_replaces_the_analysis_and_keeps_ids_texts_and_stories(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": EN, "published": "2020-09-08", "url": "http://x.org/a"}) + "\n"
                   + json.dumps({"text": EN + " Two were released."}) + "\n", encoding="utf-8")
    old = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1"}
    assert subprocess.run([VEILLE, "ingest", str(src), "--db", str(db)], env=old, capture_output=True).returncode == 0
    with Store(db, readonly=True) as store:
        before = list(store.documents(full=True))
    assert all(d["times"] == [] for d in before)
    new = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1,times.v1"}
    run = subprocess.run([VEILLE, "reprocess", "--db", str(db)], env=new, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "2 documents" in run.stderr
    with Store(db, readonly=True) as store:
        after = list(store.documents(full=True))
    keep = ("id", "url", "title", "published", "language", "story", "text")
    assert [{k: d[k] for k in keep} for d in after] == [{k: d[k] for k in keep} for d in before]
    assert [t["value"] for t in after[0]["times"]] == ["2020-09-07"]
