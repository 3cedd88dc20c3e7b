"""The local engine: the parts left to do through veille's own worker processes (``veille.runner``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from veille.batch.inputs import read_records
from veille.batch.manifest import Manifest
from veille.batch.output import PartTables, part_tables
from veille.model import Document
from veille.readers import InputOptions
from veille.runner import process_documents
from veille.settings import Settings

PartDone = Callable[[str, int, PartTables], None]
"""Called with (input, part, tables) when a part is processed: the runner writes it."""


def run_local(paths: list[str], manifest: Manifest, options: InputOptions, settings: Settings, workers: int | None,
              part_done: PartDone, records_known: Callable[[str, int], None]) -> None:
    """Read every input once, pass over the records of parts already written, process the others in
    worker processes (in input order) and hand each part over as soon as its last record is out.
    ``records_known`` is told each input's record count once it has been read to the end."""
    tags: deque[tuple[str, int, int]] = deque()  # (input, part, record) of each document in flight
    size = manifest.part_records

    def to_process() -> Iterator[Document]:
        for path in paths:
            if manifest.complete(path):
                continue
            count = 0
            for number, doc in enumerate(read_records(path, options)):
                count = number + 1
                if manifest.done(path, number // size):
                    continue
                tags.append((path, number // size, number))
                yield doc
            records_known(path, count)

    current: tuple[str, int] | None = None
    first = 0
    docs: list[Document] = []
    for doc in process_documents(to_process(), settings, jobs=workers):
        path, part, number = tags.popleft()
        if current != (path, part):
            if current is not None:
                part_done(current[0], current[1], part_tables(current[0], first, docs))
            current, first, docs = (path, part), number, []
        docs.append(doc)
    if current is not None:
        part_done(current[0], current[1], part_tables(current[0], first, docs))
