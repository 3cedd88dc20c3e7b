"""The command line as a new user meets it (issue 18): what stderr says, settings, workers, resume."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VEILLE = str(Path(sys.executable).parent / "veille")
# These cases do not depend on the later stages: extraction and language only, for speed.
FAST = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1"}
EN = ("Government forces shelled rebel positions in Aleppo on Thursday, killing at least twelve people, "
      "according to a monitoring group based in London.")
DE = ("Die Polizei hat am Montag in Berlin drei Demonstranten festgenommen, nachdem es vor dem Parlament zu "
      "Auseinandersetzungen gekommen war, teilte das Innenministerium mit.")


def veille(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VEILLE, *args], capture_output=True, text=True, timeout=300, env=env or FAST, cwd=cwd)


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_help_lists_the_supported_languages() -> None:
    out = veille("--help")
    assert out.returncode == 0
    assert "fr, en are analysed" in out.stdout
    assert "no entities" in out.stdout and "veille.toml" in out.stdout


def test_feed_fragments_leave_no_library_noise_on_stderr(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>
<item><title>A</title><link>http://example.org/a</link><description>&lt;p&gt;{EN}&lt;/p&gt;</description></item>
</channel></rss>""", encoding="utf-8")
    out = veille("extract", str(feed))
    assert out.returncode == 0
    [doc] = [json.loads(line) for line in out.stdout.splitlines()]
    assert doc["text"] == EN
    assert "parsed tree" not in out.stderr and "ERROR" not in out.stderr


def test_unsupported_language_is_said_in_the_summary_and_on_stderr(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "en", "text": EN}, {"id": "de1", "text": DE},
                                        {"id": "de2", "text": DE + " Zwei wurden verletzt."}])
    out = veille("ingest", str(src), "--db", str(tmp_path / "t.db"))
    assert out.returncode == 0, out.stderr
    assert "3 new" in out.stderr
    assert "language de is not analysed" in out.stderr
    assert "2 in languages not analysed (de 2): no entities, places or events" in out.stderr
    extract = veille("extract", str(src))
    assert "2 in languages not analysed (de 2)" in extract.stderr


def test_verbose_and_quiet_after_the_subcommand(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": EN, "author": "X"}])
    loud = veille("extract", str(src), "-v")
    assert loud.returncode == 0
    assert "worker processes" in loud.stderr or "stages built" in loud.stderr  # veille's own lines
    assert "parsed tree" not in loud.stderr
    quiet = veille("ingest", str(src), "--db", str(tmp_path / "t.db"), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_settings_file_beside_the_environment(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": EN}])
    env = {k: v for k, v in os.environ.items() if k != "VEILLE_STAGES"}
    (tmp_path / "veille.toml").write_text('stages = ["extract.v1"]\n', encoding="utf-8")
    out = veille("extract", str(src), cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["language"] is None  # only extraction ran, as the file says
    env_wins = veille("extract", str(src), cwd=tmp_path, env={**env, "VEILLE_STAGES": "extract.v1,language.v1"})
    assert json.loads(env_wins.stdout)["language"] == "en"
    (tmp_path / "veille.toml").write_text("stagess = 1\n", encoding="utf-8")
    bad = veille("extract", str(src), cwd=tmp_path, env=env)
    assert bad.returncode == 2 and "unknown setting 'stagess'" in bad.stderr


def test_workers_are_capped_at_the_cores_unless_forced(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": EN}])
    cores = len(os.sched_getaffinity(0))
    out = veille("extract", str(src), "-j", str(cores + 6), "-v")
    assert out.returncode == 0
    assert f"{cores + 6} worker processes asked for on {cores} cores" in out.stderr
    assert f"{cores} worker processes" in out.stderr or cores == 1
    forced = veille("extract", str(src), "-j", str(cores + 1), "--force-jobs", "-v")
    assert f"{cores + 1} worker processes" in forced.stderr and "asked for" not in forced.stderr


def test_rerun_skips_stored_inputs_before_processing_and_update_replaces(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    src = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": EN}, {"text": EN + " Two more died later."}])
    assert veille("ingest", str(src), "--db", str(db)).returncode == 0
    # A stage that would fail on any document: a re-run that skips before the pipeline never meets it.
    rerun = veille("ingest", str(src), "--db", str(db), env={**FAST, "VEILLE_STAGES": "extract.v1,no-such-stage"})
    assert rerun.returncode == 0, rerun.stderr
    assert "0 new (0 reprints), 2 already stored" in rerun.stderr
    corrected = jsonl(tmp_path / "fix.jsonl", [{"id": "a", "text": EN + " Correction: fourteen people."}])
    kept = veille("ingest", str(corrected), "--db", str(db))
    assert "1 inputs have a stored id but new content" in kept.stderr
    updated = veille("ingest", str(corrected), "--db", str(db), "--update")
    assert "1 updated" in updated.stderr, updated.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM documents WHERE id = 'a'").fetchone()[0].endswith("fourteen people.")
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
