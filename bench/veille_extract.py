"""Run `veille extract --no-extract` over records, the way the shared scorers do, for bench scripts."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def extract_records(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """veille's output record for each input record (``id``, ``text``, ``lang``...), by id."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "veille"), "extract", "--no-extract", f.name],
                         capture_output=True, text=True, check=True).stdout
    Path(f.name).unlink(missing_ok=True)
    return {r["id"]: r for r in map(json.loads, filter(str.strip, out.splitlines()))}
