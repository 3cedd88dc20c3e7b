"""Batch inputs: folders and globs expanded into files, and each file read as numbered records."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from veille.model import Document
from veille.readers import InputOptions, iter_documents

_GLOB_CHARS = frozenset("*?[")


def expand_inputs(arguments: list[str], exclude: Path | None = None) -> list[str]:
    """Absolute paths of the files named by ``arguments``, in the order given: a folder gives every file
    under it (sorted, hidden ones left out), a glob its matches (sorted, ``**`` recursive). A name that
    matches nothing is kept: the reader reports it ("no such file") and the batch goes on. Files under
    ``exclude`` (the batch's own output folder) are left out. Absolute, because Ray actors on other
    nodes (or in other working folders) read them too."""
    seen: set[str] = set()
    files: list[str] = []
    for argument in arguments:
        for name in _matches(argument):
            path = Path(name).absolute()
            if exclude is not None and path.is_relative_to(exclude.absolute()):
                continue
            if str(path) not in seen:
                seen.add(str(path))
                files.append(str(path))
    return files


def _matches(argument: str) -> list[str]:
    path = Path(argument)
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*")
                      if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if _GLOB_CHARS & set(argument):
        found = sorted(p for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        return found or [argument]
    return [argument]


def read_records(path: str, options: InputOptions, start: int = 0, stop: int | None = None) -> Iterator[Document]:
    """Records ``start`` to ``stop`` (excluded) of one input, as raw documents: every reader's records,
    unreadable ones included (``doc.failed``), so numbering is the same on every run and every node."""
    return islice(iter_documents(path, options), start, stop)


def count_records(path: str, options: InputOptions) -> int:
    """How many records ``path`` holds (one read through it: the Ray engine plans its parts with it)."""
    return sum(1 for _ in iter_documents(path, options))
