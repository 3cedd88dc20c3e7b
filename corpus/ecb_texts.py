"""Write the drawn ECB+ documents as plain text in corpus/texts/ (run from the repository root).

ECB+ ships token lists, which veille does not read: each document's tokens are joined with single
spaces into one paragraph, words and order unchanged, a leading URL line dropped (as for the ECB+
texts of ../shared/examples/dev/texts/). ECB+ is CC BY 3.0 (Cybulska & Vossen, LREC 2014).
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

BENCH = Path("../shared/benchmarks")


def main() -> None:
    wanted = {row["item"] for row in csv.DictReader(open("corpus/SELECTION.tsv", encoding="utf-8"), delimiter="\t")
              if row["source"] == "ecb"}
    out_dir = Path("corpus/texts")
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(BENCH / "ecbplus/ecbplus_documents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc["doc_id"] not in wanted:
                continue
            sentences = [" ".join(tokens) for tokens in doc["sentences"]]
            if sentences and sentences[0].lower().startswith(("http", "www.")):
                sentences = sentences[1:]
            (out_dir / f"en-ecb-{doc['doc_id']}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
