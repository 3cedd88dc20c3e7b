"""Write a WARC archive of HTTP response records from the HTML pages of ../shared/benchmarks.

`python bench/make_warc.py --out bench/out/pages.warc.gz` writes every page (1,402: ScrapingHub
AEB, MediaCloud's htmldate test set, trafilatura-eval), one gzipped response record each, in a fixed
order, with the page's address when the benchmark gives one (else a made-up `https://benchmark.invalid/`
one) and a fixed WARC-Date. `--limit N` keeps the first N pages (tests use about ten). Documents listed in
../shared/examples/dev/HELD_OUT.txt are left out (corpus/draw.py's own exclusion).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
WARC_DATE = "2026-12-01T00:00:00Z"


def _banned(shared: Path) -> tuple[set[str], object]:
    sys.path.insert(0, str(ROOT / "corpus"))
    import draw  # corpus/draw.py: the development corpus's exclusion of held-out documents

    draw.SHARED = shared  # type: ignore[attr-defined]
    return draw.held_out(), draw.excluded


def aeb_pages(bench: Path) -> Iterator[tuple[str, str, bytes]]:
    """(key, url, html) of the ScrapingHub AEB pages."""
    gold = json.loads((bench / "scrapinghub-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(gold):
        with gzip.open(bench / "scrapinghub-aeb" / "html" / f"{key}.html.gz") as page:
            yield key, gold[key].get("url") or f"https://benchmark.invalid/aeb/{key}", page.read()


def tar_pages(archive: Path, source: str) -> Iterator[tuple[str, str, bytes]]:
    """(member, made-up url, html) of the HTML members of a benchmark's tar archive, in archive order
    (read as a stream: an xz archive has no random access)."""
    with tarfile.open(archive, "r|*") as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith((".html", ".htm"))):
                continue
            data = tar.extractfile(member)
            if data is not None:
                yield member.name, f"https://benchmark.invalid/{source}/{Path(member.name).name}", data.read()


def pages(shared: Path) -> Iterator[tuple[str, str, bytes]]:
    """Every benchmark page, sources in a fixed order, held-out documents left out."""
    bench = shared / "benchmarks"
    banned, excluded = _banned(shared)
    sources = [aeb_pages(bench), tar_pages(bench / "htmldate-mediacloud" / "test_set.tar.xz", "mediacloud"),
               tar_pages(bench / "trafilatura-eval" / "trafilatura-eval.tar.xz", "trafilatura-eval")]
    for source in sources:
        for key, url, html in source:
            if not excluded(key, banned) and not excluded(url, banned):  # type: ignore[operator]
                yield key, url, html


def write_warc(out: Path, shared: Path, limit: int | None = None) -> int:
    """Write the archive; how many response records it holds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(out, "wb") as file:
        writer = WARCWriter(file, gzip=out.name.endswith(".gz"))
        for _key, url, html in pages(shared):
            if limit is not None and count >= limit:
                break
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": WARC_DATE})
            writer.write_record(record)
            count += 1
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "pages.warc.gz")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()
    count = write_warc(a.out, a.shared, a.limit)
    print(f"{a.out}: {count} response records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
