"""`veille extract` end to end, as a user runs it: real subprocesses on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
VEILLE = str(Path(sys.executable).parent / "veille")
REFERENCE = SHARED / "examples" / "euronews-syrie-2016-09-08.txt"
CONTRACT = {"id", "url", "source", "credits", "title", "published", "language", "text", "furniture", "entities",
            "places", "times", "events", "errors"}
BODY = "Le gouvernement malien a annoncé mardi la libération de deux otages détenus depuis trois mois dans le nord."
# The CLI contract does not depend on the later stages: most cases run extraction only, for speed.
FAST = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1"}


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VEILLE, "extract", *args], input=stdin, capture_output=True, text=True, timeout=timeout,
                          env=env or FAST, cwd=ROOT)


def lines(out: subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def test_reference_article_whole_pipeline() -> None:
    out = run(str(REFERENCE), "--published", "2016-09-08", env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    [doc] = lines(out)
    assert set(doc) >= CONTRACT
    assert doc["title"] == "Syrie : rencontre entre Kerry et Lavrov à Genève"
    metadata = (doc["source"], doc["credits"], doc["language"], doc["published"])
    assert metadata == ("Euronews", ["AFP"], "fr", "2016-09-08")
    for junk in ("Partager cet article", "PUBLICITÉ", "Tous droits réservés", "À découvrir", "consulat d'Iran"):
        assert junk not in doc["text"]
    assert doc["text"].count("Dans la province d’Alep au nord de la Syrie") == 1
    assert any(e["text"] == "John Kerry" and e["label"] == "PER" for e in doc["entities"])
    assert all(doc["text"][e["start"]:e["end"]] == e["text"] for e in doc["entities"])


def test_files_jsonl_order_ids_and_options(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    second = "Les deux hommes, des employés d'une ONG, ont été remis aux autorités à Gao mercredi matin."
    (tmp_path / "b.html").write_text(f"<html><body><article><p>{BODY}</p><p>{second}</p></article></body></html>",
                                     encoding="utf-8")
    records = [{"id": "x1", "html": f"<html><body><p>{BODY}</p></body></html>"}, {"id": "x2", "text": BODY},
               {"id": "x3", "text": "The talks ended without agreement.", "lang": "en"}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = run(str(tmp_path / "a.txt"), str(tmp_path / "b.html"), str(tmp_path / "c.jsonl"), "--url", "https://x.example")
    assert out.returncode == 0, out.stderr
    docs = lines(out)
    assert [d["id"] for d in docs][2:] == ["x1", "x2", "x3"]
    assert docs[0]["text"] == BODY and docs[0]["language"] == "fr" and docs[0]["url"] == "https://x.example"
    assert docs[1]["text"] == f"{BODY}\n\n{second}"
    assert docs[4]["language"] == "en"
    # Without an input id, the id is a hash of the content: the same on every run.
    assert docs[0]["id"] == lines(run(str(tmp_path / "a.txt")))[0]["id"] and len(docs[0]["id"]) == 24


def test_no_extract_keeps_the_input_and_lang_overrides(tmp_path: Path) -> None:
    text = "Titre\n\nPartager cet article\n\n" + BODY + "\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    [doc] = lines(run(str(tmp_path / "t.txt"), "--no-extract", "--lang", "en"))
    assert doc["text"] == text and doc["language"] == "en" and doc["title"] is None


def test_stdin() -> None:
    out = run("-", "--published", "2021-01-05", stdin=BODY)
    [doc] = lines(out)
    assert out.returncode == 0 and doc["text"] == BODY and doc["published"] == "2021-01-05"


@pytest.mark.parametrize("args", [["--published", "notadate", "x.txt"], ["--lang", "xyz", "x.txt"], []])
def test_usage_errors_exit_2(args: list[str]) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr


def test_bad_inputs_fail_alone_with_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes(BODY.replace("malien", "malien à Gao, où l'été").encode("cp1252"))
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "ok", "text": BODY}) + "\n{broken\n", encoding="utf-8")
    out = run(*(str(tmp_path / n) for n in ("good.txt", "image.png", "empty.txt", "latin1.txt", "d.jsonl")))
    assert out.returncode == 1
    docs = lines(out)
    assert len(docs) == 6
    assert [bool(d["errors"]) for d in docs] == [False, True, True, False, False, True]
    assert "à Gao, où l'été" in docs[3]["text"]
    err = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(err) == 3
    assert "image.png" in err[0] and "binary" in err[0]
    assert "empty.txt" in err[1] and "empty" in err[1]
    assert "d.jsonl:2" in err[2] and "malformed JSON" in err[2]
    assert "Traceback" not in out.stderr


def test_huge_html_page_is_refused_clearly(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("w", encoding="utf-8") as f:
        f.write("<html><body>")
        chunk = "<div><p>" + "bla " * 250 + "</p></div>\n"
        for _ in range(50 * 2**20 // len(chunk)):
            f.write(chunk)
        f.write("</body></html>")
    out = run(str(page))
    assert out.returncode == 1
    [doc] = lines(out)
    assert "limit" in doc["errors"][0]["message"] and "huge.html" in out.stderr
    assert "Traceback" not in out.stderr


def test_hostile_html_does_not_crash_or_hang(tmp_path: Path) -> None:
    deep = "<html><body>" + "<div>" * 10_000 + f"<p>{BODY}</p>" + "</div>" * 10_000 + "</body></html>"
    script = f"<html><body><script>var s = '</p><p>fake';</script><article><p>{BODY}</p></article></body></html>"
    frames = "<html><body>" + "<iframe src='x'></iframe>" * 500 + "</body></html>"
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><item><title>&lol3;</title>'
              f"<description>{BODY}</description></item></channel></rss>")
    for name, content in (("deep.html", deep), ("script.html", script), ("frames.html", frames), ("lol.xml", laughs)):
        (tmp_path / name).write_text(content, encoding="utf-8")
    out = run(*(str(tmp_path / n) for n in ("deep.html", "script.html", "frames.html", "lol.xml")), timeout=120)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr
    docs = lines(out)
    assert len(docs) == 4
    assert "fake" not in docs[1]["text"] and BODY in docs[1]["text"]
    assert docs[2]["text"] == "" and docs[2]["errors"]
    assert len(docs[3]["text"]) < 10_000
