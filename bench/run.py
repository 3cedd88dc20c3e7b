"""`make bench`: score every stage on ../shared/benchmarks with the scorers veille is judged with,
measure throughput, per-stage share of time and memory, and print one table beside the published
anchors.

The scorers live in ../shared/bench and are called as they are (never copied). Each row says the
command that reproduces it. Usage: python bench/run.py [--shared ../shared] [--only NAME,...] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
VEILLE = ROOT / ".venv" / "bin" / "veille"


@dataclass
class Row:
    """One line of the results table."""

    stage: str
    name: str
    value: str
    anchor: str
    target: str
    ok: bool | None
    command: str


def run_scorer(shared: Path, args: list[str], timeout: int = 3600) -> tuple[int, str, float]:
    """Run one of ../shared/bench's scorers from the project root; its exit code, output and seconds."""
    started = time.perf_counter()
    out = subprocess.run([str(VENV_PY), str(shared / "bench" / args[0]), *args[1:]], cwd=ROOT,
                         capture_output=True, text=True, timeout=timeout)
    return out.returncode, (out.stdout + out.stderr).strip(), time.perf_counter() - started


def number(pattern: str, text: str) -> float | None:
    """The first number captured by ``pattern`` in ``text``."""
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None


def bench_extract(shared: Path, rows: list[Row]) -> None:
    """Main text (AEB, trafilatura set) and publication dates (MediaCloud)."""
    _, out, _ = run_scorer(shared, ["score_extract.py", "aeb"])
    ours, theirs = number(r"veille F1 ([0-9.]+)", out), number(r"trafilatura F1 ([0-9.]+)", out)
    rows.append(Row("extract", "ScrapingHub AEB shingle F1", f"{ours}" if ours is not None else out[-80:],
                    f"trafilatura {theirs} here; best published 0.970", ">= trafilatura",
                    ours is not None and theirs is not None and ours >= theirs,
                    "python ../shared/bench/score_extract.py aeb"))
    _, out, _ = run_scorer(shared, ["score_extract.py", "traf"])
    ours = number(r"veille F1 ([0-9.]+)", out)
    rows.append(Row("extract", "trafilatura-eval snippet F1", f"{ours}", "trafilatura 2.2: 0.924", ">= 0.92",
                    ours is not None and ours >= 0.92, "python ../shared/bench/score_extract.py traf"))
    _, out, _ = run_scorer(shared, ["score_extract.py", "dates"])
    acc = number(r"day accuracy ([0-9.]+)", out)
    rows.append(Row("extract", "MediaCloud publication-date day accuracy", f"{acc}", "htmldate 0.890", ">= 0.89",
                    acc is not None and acc >= 0.89, "python ../shared/bench/score_extract.py dates"))


def bench_titles(rows: list[Row], shared: Path) -> None:
    """Exact-title share where a gold title exists (trafilatura-eval; AEB carries none)."""
    out = subprocess.run([str(VENV_PY), "bench/extract_titles.py", "--shared", str(shared)], capture_output=True,
                         text=True, cwd=ROOT).stdout.strip()
    share = number(r"exact ([0-9.]+)", out)
    rows.append(Row("extract", "titles: exact-title share (trafilatura-eval gold titles; AEB has none)",
                    f"{share}" if share is not None else out[-120:], "before issue 14: 0.573", ">= 0.70",
                    share is not None and share >= 0.70, "python bench/extract_titles.py"))


def bench_reference(shared: Path, rows: list[Row], parts: str) -> None:
    """The reference article's gold checks."""
    gold = shared / "examples" / "euronews-syrie-2016-09-08.gold.json"
    code, out, _ = run_scorer(shared, ["score_doc.py", "--parts", parts, "--verbose", str(gold)])
    last = out.splitlines()[-1] if out else "no output"
    fails = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("- ")]
    rows.append(Row("reference", f"euronews gold ({parts})", last + (f" | {len(fails)} fails" if fails else ""),
                    "-", "all checks", code == 0, f"python ../shared/bench/score_doc.py --parts {parts} <gold>"))


def bench_times(shared: Path, rows: list[Row]) -> None:
    """French TimeBank TIMEX3."""
    _, out, _ = run_scorer(shared, ["score_time.py", "ftb"])
    value, relaxed = number(r"value F1 ([0-9.]+)", out), number(r"relaxed F1 ([0-9.]+)", out)
    rows.append(Row("times", "FR TimeBank value F1 / relaxed F1", f"{value} / {relaxed}",
                    "HeidelTime 0.736 / 0.910", ">= 0.74 / 0.88",
                    value is not None and relaxed is not None and value >= 0.74 and relaxed >= 0.88,
                    "python ../shared/bench/score_time.py ftb"))


def bench_times_extra(rows: list[Row]) -> None:
    """MEANTIME English value F1 and the times stage's speed (one core, and all cores)."""
    out = subprocess.run([str(VENV_PY), "bench/times_eval.py"], capture_output=True, text=True, cwd=ROOT).stdout
    value = number(r"MEANTIME en .* value ([0-9.]+)", out)
    rows.append(Row("times", "MEANTIME English value F1", f"{value}", "-", "reported", None,
                    "python bench/times_eval.py"))
    out = subprocess.run([str(VENV_PY), "bench/times_speed.py", "1000"], capture_output=True, text=True,
                         cwd=ROOT).stdout
    rows.append(Row("times", "times stage docs/s, 500-word texts", " | ".join(out.split("\n")).strip(" |"), "-",
                    ">= 500 docs/s", None, "python bench/times_speed.py"))


def bench_entities(shared: Path, rows: list[Row]) -> None:
    """WiNER-fr exact-span micro F1 over PER/ORG/LOC, whole corpus."""
    _, out, _ = run_scorer(shared, ["score_ner.py", "--limit", "0"])
    f1 = number(r"micro P [0-9.]+ R [0-9.]+ F1 ([0-9.]+)", out)
    rows.append(Row("entities", "WiNER-fr micro F1 (PER/ORG/LOC)", out.split(": ", 1)[-1][:120],
                    "fr_core_news_md 0.749", ">= 0.82", f1 is not None and f1 >= 0.82,
                    "python ../shared/bench/score_ner.py --limit 0"))


def bench_places(shared: Path, rows: list[Row]) -> None:
    """Toponym resolution with gold mentions (LGL fitted, GeoWebNews and TR-News held out), end-to-end
    recognition on GeoWebNews, and the stage's speed and footprint."""
    anchors = {"lgl": ("Mordecai 3.5 0.827; naive 0.48", 0.75), "trnews": ("Mordecai 3.5 0.873; naive 0.64", 0.85),
               "gwn": ("Mordecai 3.5 0.941; naive 0.52", 0.85)}
    for name, (anchor, target) in anchors.items():
        _, out, _ = run_scorer(shared, ["score_geo.py", name])
        acc = number(r"acc@161 ([0-9.]+)", out)
        rows.append(Row("places", f"{name} acc@161, AUC, mean error (gold mentions)", out.split(": ", 1)[-1][:120],
                        anchor, f">= {target}", acc is not None and acc >= target,
                        f"python ../shared/bench/score_geo.py {name}"))
    _, out, _ = run_scorer(shared, ["score_geo.py", "gwn", "--mode", "e2e"])
    rows.append(Row("places", "gwn end-to-end (own recognition)", out.split(": ", 1)[-1][:160], "-", "reported",
                    None, "python ../shared/bench/score_geo.py gwn --mode e2e"))
    out = subprocess.run([str(VENV_PY), "bench/geo_speed.py", "--shared", str(shared)], capture_output=True,
                         text=True, cwd=ROOT).stdout.strip()
    rate = number(r"places stage ([0-9.]+) docs/s", out)
    load_s = number(r"load ([0-9.]+) s", out)
    rows.append(Row("places", "gazetteer and places-stage speed", out, "-", ">= 200 docs/s, load <= 2 s",
                    rate is not None and load_s is not None and rate >= 200 and load_s <= 2,
                    "python bench/geo_speed.py"))


def bench_nlp_speed(shared: Path, rows: list[Row]) -> None:
    """Words per second per core of nlp.v1 + entities.v1 + actors.v1."""
    out = subprocess.run([str(VENV_PY), "bench/nlp_speed.py", "--shared", str(shared)], capture_output=True,
                         text=True, cwd=ROOT).stdout.strip()
    rows.append(Row("entities", "NLP + actors speed, words/s per core", " | ".join(out.splitlines()),
                    "stock en_core_web_sm alone ≈ 4,350 words/s on this machine", "aim >= 6,000", None,
                    "python bench/nlp_speed.py"))


def bench_events(shared: Path, rows: list[Row]) -> None:
    """Sentence-level PLOVER coding: GSR (en), Spanish protest and fight sets."""
    for name in ("plover", "es-protest", "es-fight"):
        _, out, _ = run_scorer(shared, ["score_gsr.py", name])
        macro = number(r"macro-F1 ([0-9.]+)", out)
        ok = (macro is not None and macro >= 0.55) if name == "plover" else None
        rows.append(Row("events", f"{name}: accuracy, macro-F1, source code", out.split(": ", 1)[-1][:160], "-",
                        ">= 0.55 macro-F1" if name == "plover" else "reported", ok,
                        f"python ../shared/bench/score_gsr.py {name}"))


def bench_events_dev(rows: list[Row]) -> None:
    """Events on the development corpus (score_doc.py's rules, per language): the shipped judge, then
    5-fold cross-validation by document (the honest number)."""
    out = subprocess.run([str(VENV_PY), "bench/events_dev.py"], capture_output=True, text=True, cwd=ROOT).stdout
    for lang in ("en", "fr"):
        line = next((ln for ln in out.splitlines() if ln.startswith(lang)), "no output")
        rows.append(Row("events", f"dev corpus events {lang}, shipped judge (trained on it)", line[5:], "-",
                        "R >= 0.80, P >= 0.75, <= 2 traps", None, "python bench/events_dev.py"))
    out = subprocess.run([str(VENV_PY), "train/events_judge.py", "--cv-only", "--thresholds", "0.5"],
                         capture_output=True, text=True, cwd=ROOT).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("threshold")), "no output")
    ece = number(r"expected calibration error ([0-9.]+)", out)
    rows.append(Row("events", "dev corpus events, 5-fold CV by document", line, "-",
                    "R >= 0.80, P >= 0.75; ECE <= 0.05", None, "python train/events_judge.py --cv-only"))
    rows.append(Row("events", "dev corpus judge calibration (CV ECE)", f"{ece}", "-", "<= 0.05",
                    ece is not None and ece <= 0.05, "python train/events_judge.py --cv-only"))


def bench_events_quad(shared: Path, rows: list[Row]) -> None:
    """Penta-class (CAMEO quad classes + neutral) on ConfliBERT's CAMEO test sentences."""
    out = subprocess.run([str(VENV_PY), "bench/events_quad.py", "--shared", str(shared)], capture_output=True,
                         text=True, cwd=ROOT).stdout.strip()
    rows.append(Row("events", "conflibert-cameo penta class (quad classes + neutral)", out, "no published score",
                    "reported", None, "python bench/events_quad.py"))


def bench_events_reliability(shared: Path, rows: list[Row]) -> None:
    """Reliability table of the events' confidence (PLOVER sentences)."""
    out = subprocess.run([str(VENV_PY), "bench/events_reliability.py", "--shared", str(shared)],
                         capture_output=True, text=True, cwd=ROOT).stdout.strip()
    ece = number(r"expected calibration error ([0-9.]+)", out)
    rows.append(Row("events", "confidence reliability (bin: n, mean confidence, share right)", out, "-",
                    "calibrated: error <= 0.10", ece is not None and ece <= 0.10,
                    "python bench/events_reliability.py"))


def bench_store(shared: Path, rows: list[Row]) -> None:
    """ECB+ stories, idempotent ingest, exports."""
    code, out, _ = run_scorer(shared, ["score_store.py"])
    b3 = number(r"B3 F1 ([0-9.]+)", out) or number(r"F1 ([0-9.]+)", out)
    rows.append(Row("store", "ECB+ story BCubed F1 (+ idempotence, exports)", f"{b3}", "bag-of-words 0.870",
                    ">= 0.90", code == 0 and b3 is not None and b3 >= 0.90, "python ../shared/bench/score_store.py"))


def bench_ingest(shared: Path, rows: list[Row]) -> None:
    """`veille ingest` throughput on the ECB+ test split, and the store's share of the time."""
    import gzip
    import tempfile

    with gzip.open(shared / "benchmarks" / "ecbplus" / "ecbplus_documents.jsonl.gz", "rt") as f:
        docs = [json.loads(line) for line in f]
    folder = Path(tempfile.mkdtemp(prefix="veille-bench-"))
    src = folder / "ecb.jsonl"
    with src.open("w", encoding="utf-8") as out:
        for d in docs:
            if d["split"] == "test":
                text = "\n".join(" ".join(s) for s in d["sentences"] if s)
                out.write(json.dumps({"id": d["doc_id"], "text": text, "lang": "en"}) + "\n")
    res = subprocess.run([str(VEILLE), "ingest", str(src), "--db", str(folder / "bench.db")],
                         capture_output=True, text=True, cwd=ROOT)
    line = next((ln for ln in res.stderr.splitlines() if ln.startswith("veille ingest:")), res.stderr[-150:])
    rate = number(r"\(([0-9.]+) documents/s", line)
    rows.append(Row("store", "veille ingest, ECB+ test (210 docs, whole pipeline)", line.replace("veille ingest: ", ""),
                    "-", "aim: store <= 10% of the time", None if rate is not None else False,
                    "python bench/run.py --only ingest"))


def _corpus(shared: Path, limit: int) -> list[dict]:
    """HTML pages for throughput: the AEB pages (news and blog articles)."""
    import gzip

    gold = json.loads((shared / "benchmarks" / "scrapinghub-aeb" / "ground-truth.json").read_text())
    docs = []
    for k in sorted(gold)[:limit]:
        with gzip.open(shared / "benchmarks" / "scrapinghub-aeb" / "html" / f"{k}.html.gz") as f:
            html = f.read()
        docs.append({"id": k, "html": html.decode("utf-8", "replace"), "url": gold[k].get("url")})
    return docs


def bench_speed(shared: Path, rows: list[Row], limit: int) -> None:
    """Throughput of `veille extract` on HTML (all cores), per-stage share and peak memory."""
    docs = _corpus(shared, limit)
    path = ROOT / "bench" / "out" / "speed.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    extraction_only = {**os.environ, "VEILLE_STAGES": "extract.v1,language.v1"}
    for label, env, target in (("extraction", extraction_only, 40.0), ("whole pipeline", None, 20.0)):
        started = time.perf_counter()
        # Through a small wrapper that reports the peak memory of veille and its worker processes.
        wrapper = ("import resource,subprocess,sys; r=subprocess.run(sys.argv[1:]); "
                   "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
        out = subprocess.run([str(VENV_PY), "-c", wrapper, str(VEILLE), "extract", str(path)],
                             capture_output=True, text=True, cwd=ROOT, env=env)
        elapsed = time.perf_counter() - started
        texts = [json.loads(line).get("text", "") for line in out.stdout.splitlines() if line.strip()]
        words = sum(len(t.split()) for t in texts)
        peak_mb = int(out.stderr.strip().splitlines()[-1]) / 1024
        rate = len(docs) / elapsed
        rows.append(Row("speed", f"veille extract, {label} ({len(docs)} HTML pages, {os.cpu_count()} cores)",
                        f"{rate:.1f} pages/s, {words / elapsed:.0f} words/s, {words / max(len(docs), 1):.0f} "
                        f"words/page, peak {peak_mb:.0f} MB/process", "-", f">= {target:.0f} pages/s",
                        rate >= target, "python bench/run.py --only speed"))
    # Per-stage share, in process with one worker so stage timers are complete.
    code = (
        "import json,sys\n"
        "from veille.pipeline import Pipeline\n"
        "from veille.readers import InputOptions, iter_documents\n"
        "p=Pipeline()\n"
        "for d in iter_documents(sys.argv[1], InputOptions()): p(d)\n"
        "print(json.dumps(p.timer.seconds))\n"
    )
    res = subprocess.run([str(VENV_PY), "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    try:
        seconds = json.loads(res.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        seconds = {}
    total = sum(seconds.values()) or 1.0
    share = ", ".join(f"{k} {v / total:.0%} ({len(docs) / v:.0f}/s)" for k, v in seconds.items() if v)
    rows.append(Row("speed", "share of time per stage (1 worker)", share or res.stderr[-120:], "-", "-", None,
                    "python bench/run.py --only speed"))


def bench_batch(rows: list[Row], pages: int) -> None:
    """`veille batch` on a WARC of benchmark pages: same records as `veille extract` for each engine, Ray 1
    against 2 actors, and the profile of reading and each stage (bench/batch_run.py)."""
    command = f"python bench/batch_run.py --limit {pages}"
    out = subprocess.run([str(VENV_PY), "bench/batch_run.py", "--limit", str(pages)], capture_output=True,
                         text=True, cwd=ROOT)
    for line in out.stdout.splitlines():
        name, _, value = line.partition(": ")
        ok = None if "batch" not in name else "same records as extract" in value
        rows.append(Row("batch", name, value, "-", "same records as extract" if ok is not None else "-", ok, command))
    if out.returncode:
        rows.append(Row("batch", "bench/batch_run.py failed", out.stderr[-200:], "-", "-", False, command))


def print_table(rows: list[Row]) -> None:
    """The results table (Rich when available)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        for r in rows:
            print(" | ".join([r.stage, r.name, r.value, r.anchor, r.target, str(r.ok), r.command]))
        return
    table = Table(title="veille bench", show_lines=True)
    for col in ("stage", "measure", "veille", "published anchor", "target", "ok", "reproduce"):
        table.add_column(col, overflow="fold")
    for r in rows:
        mark = "-" if r.ok is None else ("yes" if r.ok else "NO")
        table.add_row(r.stage, r.name, r.value, r.anchor, r.target, mark, r.command)
    Console(width=200).print(table)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", default="",
                    help="comma-separated: extract,reference,times,entities,places,events,store,ingest,speed,batch")
    ap.add_argument("--speed-pages", type=int, default=181)
    ap.add_argument("--batch-pages", type=int, default=1402, help="pages in the WARC of the batch bench")
    a = ap.parse_args()
    shared = a.shared.resolve()
    only = set(filter(None, a.only.split(",")))
    want = lambda name: not only or name in only  # noqa: E731
    rows: list[Row] = []
    sys.path.insert(0, str(ROOT / "src"))
    from veille.settings import Settings  # the default pipeline's stages decide which benchmarks apply

    stages = set(Settings.from_env().stages)
    parts = ",".join(["doc"] + [p for p, s in (("places", "places.v1"), ("times", "times.v1"),
                                               ("events", "events.v1")) if s in stages])
    steps = [
        ("extract", lambda: (bench_extract(shared, rows), bench_titles(rows, shared))),
        ("reference", lambda: bench_reference(shared, rows, parts)),
        ("times", lambda: (bench_times(shared, rows), bench_times_extra(rows)) if "times.v1" in stages else None),
        ("entities", lambda: (bench_entities(shared, rows), bench_nlp_speed(shared, rows))
         if "entities.v1" in stages else None),
        ("places", lambda: bench_places(shared, rows) if "places.v1" in stages else None),
        ("events", lambda: (bench_events(shared, rows), bench_events_quad(shared, rows),
                            bench_events_reliability(shared, rows), bench_events_dev(rows))
         if "events.v1" in stages else None),
        ("store", lambda: bench_store(shared, rows) if (ROOT / "src" / "veille" / "store").exists() else None),
        ("ingest", lambda: bench_ingest(shared, rows)),
        ("speed", lambda: bench_speed(shared, rows, a.speed_pages)),
        ("batch", lambda: bench_batch(rows, a.batch_pages)),
    ]
    for name, step in steps:
        if want(name):
            print(f"bench: {name}...", file=sys.stderr, flush=True)
            step()
    print_table(rows)
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
