"""The batch manifest: which parts of which inputs are written, so that a re-run resumes.

``DIR/manifest.json`` is rewritten whole (temporary name, fsync, rename) after each part's files are in
place: it never lists a part whose files are missing, and a part whose files exist but which it does not
list is simply written again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille import __version__

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = "veille-batch/1"
# Records per part: the unit of resume and of Ray's work (a part takes about a minute on one core, and a
# month of news makes many files, not one).
PART_RECORDS = 200
TABLES = ("documents", "events", "errors")
"""The datasets of a batch output, one folder each, a folder per input inside."""


class ManifestError(ValueError):
    """The output folder holds a manifest this veille cannot resume from."""


@dataclass
class InputState:
    """One input as the manifest knows it: its identity when first read, its record count once known,
    and the parts written with their counts."""

    key: str
    size: int
    mtime_ns: int
    records: int | None = None
    parts: dict[int, dict[str, int]] = field(default_factory=dict)


def input_key(path: str) -> str:
    """The input's folder name in the output: its file name made safe, and a hash of its full path
    (two ``page.warc.gz`` in different folders stay apart)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(path).name)[:60] or "input"
    return f"{name}-{hashlib.sha256(path.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _identity(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return -1, -1
    return stat.st_size, stat.st_mtime_ns


class Manifest:
    """Parts done per input, saved atomically in ``out/manifest.json``."""

    def __init__(self, out: Path, part_records: int, inputs: dict[str, InputState] | None = None) -> None:
        self.out = out
        self.part_records = part_records
        self.inputs: dict[str, InputState] = inputs or {}

    @classmethod
    def load(cls, out: Path, part_records: int | None = None) -> Manifest:
        """The folder's manifest, or a new one; a resumed batch keeps the part size it started with."""
        path = out / MANIFEST
        if not path.exists():
            return cls(out, part_records or PART_RECORDS)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ManifestError(f"{path}: unreadable batch manifest ({exc})") from exc
        if data.get("format") != FORMAT:
            raise ManifestError(f"{path}: not a veille batch manifest of format {FORMAT} "
                                f"(found {data.get('format')!r}); choose another --out")
        if part_records is not None and data["part_records"] != part_records:
            log.warning("%s: resuming with the %d records per part this batch started with (not %d)",
                        path, data["part_records"], part_records)
        inputs = {
            name: InputState(key=state["key"], size=state["size"], mtime_ns=state["mtime_ns"],
                             records=state.get("records"),
                             parts={int(k): v for k, v in state.get("parts", {}).items()})
            for name, state in data.get("inputs", {}).items()
        }
        return cls(out, int(data["part_records"]), inputs)

    def state(self, path: str) -> InputState:
        """The input's state; an input whose size or modification time changed since it was first
        read starts again (its old parts are overwritten as the new ones are written)."""
        size, mtime_ns = _identity(path)
        state = self.inputs.get(path)
        if state is not None and (state.size, state.mtime_ns) != (size, mtime_ns):
            log.warning("%s changed since this batch first read it: processed again", path)
            for table in TABLES:  # its old parts go: the new input may have fewer
                shutil.rmtree(self.out / table / state.key, ignore_errors=True)
            state = None
        if state is None:
            state = InputState(key=input_key(path), size=size, mtime_ns=mtime_ns)
            self.inputs[path] = state
        return state

    def part_count(self, records: int) -> int:
        """Parts of an input of ``records`` records."""
        return math.ceil(records / self.part_records)

    def done(self, path: str, part: int) -> bool:
        """Whether the part's files are written."""
        return part in self.state(path).parts

    def complete(self, path: str) -> bool:
        """Whether every part of the input is written (its record count is known)."""
        state = self.state(path)
        return state.records is not None and all(p in state.parts for p in range(self.part_count(state.records)))

    def mark_part(self, path: str, part: int, counts: dict[str, int]) -> None:
        """Record a written part (its files are in place) and save."""
        self.state(path).parts[part] = counts
        self.save()

    def set_records(self, path: str, records: int) -> None:
        """Record how many records the input holds and save."""
        self.state(path).records = records
        self.save()

    def save(self) -> None:
        """Write the manifest under a temporary name, flush it to disk, then rename it over the old one."""
        data = {
            "format": FORMAT,
            "veille": __version__,
            "part_records": self.part_records,
            "inputs": {
                name: {"key": s.key, "size": s.size, "mtime_ns": s.mtime_ns, "records": s.records,
                       "parts": {str(k): v for k, v in sorted(s.parts.items())}}
                for name, s in self.inputs.items()
            },
        }
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / MANIFEST
        temporary = self.out / f".{MANIFEST}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=1)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
