"""Human-readable view of ``veille extract`` output: ``veille extract FILE | python -m veille.show``.

Prints each document's metadata, a table of its events, then its places and times, with Rich.
"""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table


def _actors(actors: list[dict]) -> str:
    return ", ".join(filter(None, (a.get("name") or a.get("text") for a in actors))) or "-"


def show(doc: dict, console: Console) -> None:
    """Render one document record."""
    console.rule(f"[bold]{doc.get('title') or doc.get('id')}")
    console.print(
        f"source: {doc.get('source')}   credits: {', '.join(doc.get('credits') or []) or '-'}   "
        f"published: {doc.get('published')}   language: {doc.get('language')}   "
        f"paragraphs: {len([p for p in (doc.get('text') or '').split(chr(10) * 2) if p.strip()])}   "
        f"furniture removed: {len(doc.get('furniture') or [])}"
    )
    events = doc.get("events") or []
    table = Table(title=f"{len(events)} events", show_lines=False)
    for col in ("type", "status", "actor", "target", "place", "date"):
        table.add_column(col, overflow="fold")
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=70)
    for ev in events:
        table.add_row(
            ev.get("type", ""), ev.get("status", ""), _actors(ev.get("actor") or []),
            _actors(ev.get("target") or []), ((ev.get("place") or {}).get("name")) or "-",
            ((ev.get("date") or {}).get("value")) or "-", ((ev.get("evidence") or {}).get("text") or "")[:90],
        )
    console.print(table)
    if doc.get("places"):
        places = (f"{p['text']} → {p.get('name')} ({p.get('country')})" for p in doc["places"])
        console.print("places: " + "; ".join(places))
    if doc.get("times"):
        console.print("times: " + "; ".join(f"{t['text']} → {t.get('value')}" for t in doc["times"]))
    for err in doc.get("errors") or []:
        console.print(f"[red]error[/red] {err['stage']}: {err['message']}")


def main() -> int:
    """Read JSON lines on stdin, render each."""
    # Piped output (make run) gets a width that fits the events table instead of 80 columns.
    console = Console() if Console().is_terminal else Console(width=160)
    for line in sys.stdin:
        if line.strip():
            show(json.loads(line), console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
