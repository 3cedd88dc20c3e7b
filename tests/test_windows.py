"""Long texts are analysed one window at a time (issue 18, resources), with offsets into the whole text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from veille.model import Document, RawInput
from veille.settings import Settings
from veille.windows import WindowedPipeline

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "euronews-syrie-2016-09-08.txt"
STAGES = ("extract.v1", "language.v1", "nlp.v1", "entities.v1", "times.v1")


def body() -> str:
    lines = [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 120]
    return "\n\n".join(lines)


def run(window_chars: int, text: str) -> Document:
    pipe = WindowedPipeline(Settings(stages=STAGES, window_chars=window_chars))
    return pipe(Document(raw=RawInput(content=text, origin="<long>", clean=True, fallback_published="2016-09-08")))


def test_windows_give_the_whole_texts_spans_and_say_their_progress(caplog: pytest.LogCaptureFixture) -> None:
    text = body()
    assert len(text) > 1500
    whole = run(10_000_000, text)
    with caplog.at_level(logging.INFO, logger="veille"):
        windowed = run(len(text) // 3, text)
    assert windowed.text == whole.text == text
    assert windowed.published == "2016-09-08" and windowed.language == "fr"
    for span in [*windowed.entities, *windowed.times]:
        assert text[span.start:span.end] == span.text
    # Found in every window, and mostly the same as in one pass (a window's edge may cut a context).
    assert max(e.start for e in windowed.entities) > 2 * len(text) // 3
    same = {(e.start, e.end) for e in windowed.entities} & {(e.start, e.end) for e in whole.entities}
    assert len(same) >= 0.8 * len(whole.entities)
    assert {(t.start, t.value) for t in windowed.times} == {(t.start, t.value) for t in whole.times}
    progress = [r.getMessage() for r in caplog.records if "window" in r.getMessage()]
    assert len(progress) >= 3 and progress[0].startswith("<long>: window 1 of")


def test_short_texts_are_not_cut() -> None:
    pipe = WindowedPipeline(Settings(stages=STAGES))
    assert pipe.analysis.stage_names == ["nlp.v1", "entities.v1", "times.v1"]
    assert pipe.whole.stage_names == ["extract.v1", "language.v1"]
