"""The runner: input order kept across worker processes, bounded read-ahead, a dying worker survived."""

from __future__ import annotations

import os
import time

from veille.model import Document, RawInput
from veille.pipeline import registry
from veille.runner import process_documents
from veille.settings import Settings


@registry.stage("test.slow_or_crash.v1")
def _make_slow_or_crash(settings: Settings):  # type: ignore[no-untyped-def]
    """A real stage registered for these tests: dies on CRASH, sleeps on SLOW."""

    def stage(doc: Document) -> Document:
        if doc.text == "CRASH":
            os._exit(3)  # a native crash or the OOM killer, as the parent process sees it
        if doc.text.startswith("SLOW"):
            time.sleep(0.2)
        doc.title = f"seen {doc.text}"
        return doc

    return stage


def raw(text: str) -> Document:
    return Document(text=text, raw=RawInput(content=text, origin=f"<{text}>"))


def test_order_is_kept_with_workers() -> None:
    texts = ["SLOW a", "b", "SLOW c", "d", "e", "SLOW f", "g"]
    settings = Settings(stages=("test.slow_or_crash.v1",))
    out = list(process_documents((raw(t) for t in texts), settings, jobs=2))
    assert [d.title for d in out] == [f"seen {t}" for t in texts]


def test_a_dying_worker_fails_one_document_and_the_rest_goes_on() -> None:
    texts = ["a", "b", "CRASH", *[f"after {i}" for i in range(6)]]
    settings = Settings(stages=("test.slow_or_crash.v1",))
    out = list(process_documents((raw(t) for t in texts), settings, jobs=2))
    assert len(out) == len(texts)
    assert [d.text for d in out] == texts
    crashed = out[2]
    assert crashed.failed and "worker process died" in crashed.errors[0].message
    assert all(d.title == f"seen {d.text}" for d in out[3:])


def test_unknown_stage_fails_early_with_its_name() -> None:
    import pytest

    with pytest.raises(KeyError, match=r"no\.such\.stage"):
        list(process_documents(iter([raw("x")]), Settings(stages=("no.such.stage",)), jobs=2))


def test_skipped_documents_keep_their_place_and_never_reach_the_pipeline() -> None:
    from veille.runner import _skipping

    docs = [raw(t) for t in ("stored-1", "A", "stored-2", "stored-3", "B", "stored-4")]
    settings = Settings(stages=("test.slow_or_crash.v1",))
    out = list(_skipping(docs, lambda d: d.text.startswith("stored"), settings, 1, False))
    assert [d.text for d in out] == ["stored-1", "A", "stored-2", "stored-3", "B", "stored-4"]
    assert [d.title for d in out] == [None, "seen A", None, None, "seen B", None]
    assert [bool(d.raw and d.raw.skipped) for d in out] == [True, False, True, True, False, True]
