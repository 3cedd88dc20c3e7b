"""The events data files hold together: every trigger has a known PLOVER type, mode, CAMEO code and
part of speech, both languages cover all 16 types, crosswalks agree (bench/events_data_check.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_events_data_files_pass_their_checks() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "events_data_check.py")], capture_output=True,
                         text=True, cwd=ROOT, timeout=120, check=False)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "events data: OK" in out.stdout
