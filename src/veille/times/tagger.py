"""Rule-based temporal tagger (HeidelTime-style): lexicons per language, compiled once into regexes."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from veille.model import Time

DATA = Path(__file__).parent / "data"
Match = re.Match[str]
# Placeholder for the reference date of a clock time: the last full date mentioned before it.
REF = "@REF@"
# Characters either side of an expression searched for a tense cue.
TENSE_WINDOW = 80


def _alt(words: Any) -> str:
    """Regex alternation of ``words``, longest first so that the longest form wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _dct(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


class Lang:
    """Compiled patterns of one language; built once per language (module-level cache)."""

    def __init__(self, code: str) -> None:
        d = json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))
        self.d = d
        self.months = {k.lower(): v for k, v in d["months"].items()}
        self.weekdays = d["weekdays"]
        self.numbers = d["numbers"]
        self.units = d["units"]
        b = r"(?<![\w'’-])"
        e = r"(?![\w-])"
        # Abbreviations (a prefix of another name of the same month) may take a full stop.
        abbr = [k for k, v in self.months.items()
                if any(o != k and o.startswith(k) and w == v for o, w in self.months.items())]
        full = [k for k in self.months if k not in abbr]
        self.abbr = set(abbr)
        mon = rf"(?P<mon>{_alt(full)}|(?:{_alt(abbr)})\.?)"
        wd = rf"(?P<wd>{_alt(self.weekdays)})"
        num = rf"(?:\d+(?:[.,]\d+)?|{_alt(self.numbers)}|{_alt(d['vague_numbers'])})"
        first = _alt(d["first_day"]) if d["first_day"] else "(?!)"
        day = rf"(?P<day>(?:[0-2]?\d|3[01])(?:er|st|nd|rd|th)?|{first})"
        year = r"(?P<year>(?:1[5-9]|20)\d\d|'?\d\d(?!\s*(?:h\b|heures|%)))"
        last, nxt, this = _alt(d["last"]), _alt(d["next"]), _alt(d["this"])
        mods = _alt(d["mod_prefix"])
        pod = rf"(?P<pod>{_alt(d['parts_of_day'])})"
        unit = rf"(?P<unit>{_alt(self.units)})"
        deic = rf"(?P<deic>{_alt(d['deictic_days'])})"
        fr = code == "fr"
        art = r"(?:(?P<art>[Ll]e|[Ll]')\s*)?" if fr else r"(?:(?P<art>[Tt]he)\s+)?"
        hour = (r"(?P<h>[01]?\d|2[0-3])\s?h(?:eures?)?(?:\s?(?P<mi>[0-5]\d))?(?!\w)" if fr else
                r"(?P<h>1[0-2]|0?\d)(?::(?P<mi>[0-5]\d))?\s?(?P<ap>[ap]\.?m\.?)(?!\w)|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?!\d)")
        uws = [w for ws in d["unit_words"].values() for w in ws]
        clock_words = [k for k, v in d["parts_of_day"].items() if v.startswith("T")]
        approx = "environ|près de|plus de|moins de|about|nearly|almost|more than|less than"
        P: list[tuple[str, Callable[..., tuple[str, str] | None]]] = []
        if fr:
            P.append((rf"{art}(?:{wd}\s+)?{day}\s+{mon}(?:\s+{year})?(?:\s+(?P<rel>{last}|{nxt}))?", self._dm))
        else:
            P.append((rf"(?:{wd}\s*,?\s+)?{mon}\s+{day}(?:\s*,?\s+{year})?", self._dm))
            P.append((rf"(?:{wd},?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?{mon}(?:,?\s+{year})?", self._dm))
        P += [
            (r"(?P<d1>[0-3]?\d)[/.](?P<m1>[01]?\d)[/.](?P<y1>(?:19|20)\d\d)" if fr else
             r"(?P<m1>[01]?\d)/(?P<d1>[0-3]?\d)/(?P<y1>(?:19|20)\d\d)", self._num),
            (r"(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)", self._num),
            (rf"(?:(?P<mod>{mods})\s*(?:de\s+|d'|of\s+)?)?"
             rf"(?:(?:le\s+|the\s+)?{d['month_noun']}\s+(?:de\s+|d'|d’|of\s+))?{mon}"
             rf"(?:\s+(?P<year>(?:1[5-9]|20)\d\d|'?\d\d(?!\s*h\b))|\s+(?P<rel>{last}|{nxt}))?", self._month),
            (rf"(?:(?P<this>{this}|{last}|{nxt})\s+)?{wd}(?:\s+(?P<rel>{last}|{nxt}))?(?:\s+{pod})?", self._weekday),
            (rf"{deic}(?:\s+{pod})?", self._deictic),
            (rf"(?P<this>{this})\s+{pod}", self._thispod),
            (rf"(?P<ya>{_alt(d['year_last'])}|{_alt(d['year_next'])}|{_alt(d['year_this'])})", self._yearrel),
            (rf"(?P<wk>{_alt(d['week_mod'])})", self._weekmod),
            (rf"(?:(?P<pre>la|le|l'|{this}|the|{last})\s+)?(?P<uw>{_alt(uws)})\s+"
             rf"(?P<rel>{last}|{nxt}|(?:en\s+)?cours)" if fr else
             rf"(?P<pre>{this}|{last}|{nxt})\s+(?P<uw>{_alt(uws)})", self._unitrel),
            (rf"(?P<ago>{_alt(d['ago']) or '(?!)'})\s+(?P<n>{num})\s+{unit}", self._ago),
            (rf"(?P<n>{num})\s+{unit}\s+ago", self._ago),
            (rf"(?P<each>{_alt(d['set_each'])})\s+(?:(?P<n>{num})\s+)?"
             rf"(?:(?P<wds>{_alt(d['weekdays_plural'])}|{_alt(self.weekdays)})|{unit})", self._set),
            (rf"(?P<sadj>{_alt(d['set_adj'])})", self._setadj),
            (rf"(?:(?P<pre>{this}|{last}|{nxt}|l'|l’|the)\s*)?(?P<sea>{_alt(d['seasons'])})"
             r"(?:\s+(?P<sy>(?:19|20)\d\d))?", self._season),
            (r"(?:(?:début|fin|milieu)\s+des\s+)?(?:(?P<pre>les\s+années|années|the)\s+)"
             r"(?P<dec>(?:19|20)?\d0)'?s?", self._decade),
            (rf"(?P<pres>{_alt(d['present'])})", lambda m, c: ("TIME", "PRESENT_REF")),
            (rf"(?P<past>{_alt(d['past_ref'])})", lambda m, c: ("TIME", "PAST_REF")),
            (rf"(?P<fut>{_alt(d['future_ref'])})", lambda m, c: ("TIME", "FUTURE_REF")),
            (hour, self._time),
            (rf"(?:{_alt(d['time_prepositions'])})\s+(?P<core>{_alt(clock_words)})", self._noon),
            (rf"(?P<core>{_alt(d['ref_parts_of_day'])})", self._refpod),
            (rf"(?P<lex>{_alt(d['lexical_durations'])})", self._lexdur),
            (rf"(?:{_alt(d['set_per'])})", self._setper),
            (rf"(?:les|the)\s+(?P<core>{_alt(d['future_adj']) or '(?!)'})(?=\s+\w)",
             lambda m, c: ("TIME", "FUTURE_REF")),
            (rf"(?P<pre>{this})\s+(?P<uw>{_alt(uws)})", self._unitrel),
            (r"(?:en|in)\s+(?P<core>'?\d\d)(?=\s*[,.;)]|\s+\()", lambda m, c: ("DATE", str(_year(m["core"])))),
            (rf"(?:en|in)\s+(?P<core>{_alt(d['seasons'])})",
             lambda m, c: ("DATE", "XXXX-" + self.d["seasons"][m["core"].lower()])),
            (rf"(?P<mod>{mods})[\s-]*(?P<yr>(?:19|20)\d\d)", lambda m, c: ("DATE", m["yr"])),
            (rf"(?P<n>\d+|{_alt(self.numbers)})-(?P<unit>{_alt(self.units)})(?!-old)", self._duration),
            (rf"(?:(?P<appr>{approx})\s+)?(?P<n>{num})\s+{unit}", self._duration),
            (r"(?P<yr>(?:1[6-9]|20)\d\d)(?!\s*(?:h\b|heures|%|€|euros|\d|habitants|personnes|people))", self._year),
        ]
        flags = re.IGNORECASE
        # Most patterns cannot match unless a word of one lexicon occurs: one scan for every lexicon
        # word tells which patterns to run at all (the speed target is 500 documents/s).
        this_l, pods = d["this"], list(d["parts_of_day"])
        needs: dict[str, list[str]] = {
            "_dm": list(self.months), "_month": list(self.months), "_weekday": list(self.weekdays),
            "_deictic": list(d["deictic_days"]), "_thispod": this_l,
            "_yearrel": d["year_last"] + d["year_next"] + d["year_this"], "_weekmod": d["week_mod"],
            "_ago": d["ago"] + ["ago"], "_set": d["set_each"], "_setadj": list(d["set_adj"]),
            "_season": list(d["seasons"]), "_noon": pods, "_refpod": d["ref_parts_of_day"],
            "_setper": d["set_per"],
        }
        self.patterns = []
        for p, f in P:
            need = needs.get(getattr(f, "__name__", ""))
            self.patterns.append((re.compile(b + p + e, flags), f, {w.lower() for w in need} if need else None))
        vocab = {w.lower() for ws in needs.values() for w in ws}
        # Only "no letter before": "mi-septembre" and "l'an" must still reveal their words.
        self.vocab = re.compile(rf"(?<!\w)(?:{_alt(vocab)})(?!\w)", flags)
        self.future = re.compile("|".join(d["tense_future"]), flags)
        self.past = re.compile("|".join(d["tense_past"]), flags)
        self.last_re = re.compile(rf"^(?:{last})$", flags)
        self.next_re = re.compile(rf"^(?:{nxt})$", flags)
        self.this_re = re.compile(rf"^(?:{this})$", flags)
        self.unit_kind = {w.lower(): k for k, ws in d["unit_words"].items() for w in ws}

    # --- helpers -------------------------------------------------------------------------------
    def num(self, s: str) -> str:
        s = s.lower()
        if s in self.numbers:
            return str(self.numbers[s])
        if re.fullmatch(r"\d+", s):
            return str(int(s))
        if re.fullmatch(r"\d+[.,]\d+", s):
            return s.replace(",", ".")
        return "X"

    def tense(self, ctx: Ctx, m: Match) -> int:
        """-1 past, +1 future, 0 unknown, from cues in the sentence around the match."""
        # The nearest cue within the clause wins: a reporting verb far away ("a évoqué ... une trêve
        # autour du 12 septembre") says nothing about the date itself.
        a, z = ctx.sentence(m.start(), m.end())
        a = max(a, m.start() - TENSE_WINDOW)
        z = min(z, m.end() + TENSE_WINDOW)
        best, sign = TENSE_WINDOW + 1, 0
        for rx, sg in ((self.future, 1), (self.past, -1)):
            for c in rx.finditer(ctx.text, a, m.start()):
                if m.start() - c.end() < best:
                    best, sign = m.start() - c.end(), sg
            for c in rx.finditer(ctx.text, m.end(), z):
                if c.start() - m.end() < best:
                    best, sign = c.start() - m.end(), sg
        return sign

    # --- handlers: each returns (type, value) or None to reject the match -----------------------
    def _dm(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        dstr = m["day"].lower()
        day = 1 if not dstr[0].isdigit() else int(re.sub(r"\D", "", dstr))
        mon = self.months[m["mon"].lower().rstrip(".")]
        if not 1 <= day <= 31:
            return None
        if m["year"]:
            y = _year(m["year"])
            return "DATE", f"{y:04d}-{mon:02d}-{day:02d}"
        if c.dct is None:
            return "DATE", f"XXXX-{mon:02d}-{day:02d}"
        rel = (m.groupdict().get("rel") or "").lower()
        t = -1 if rel and self.last_re.match(rel) else 1 if rel and self.next_re.match(rel) else self.tense(c, m)
        y = _resolve_year(c.dct, mon, day, t)
        return "DATE", f"{y:04d}-{mon:02d}-{day:02d}"

    def _num(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        d, mo, y = int(m["d1"]), int(m["m1"]), int(m["y1"])
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            return None
        return "DATE", f"{y:04d}-{mo:02d}-{d:02d}"

    def _month(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        word = m["mon"].lower()
        mon = self.months[word.rstrip(".")]
        if (len(word) <= 3 or word.rstrip(".") in self.abbr) and not m["year"] and not m["mod"]:
            return None  # bare abbreviations ("mar", "may") are too ambiguous alone
        if word in ("may", "march") and not (m["year"] or m["mod"] or m["rel"]) and not m.group(0)[0].isupper():
            return None
        if m["year"]:
            return "DATE", f"{_year(m['year']):04d}-{mon:02d}"
        if c.dct is None:
            return "DATE", f"XXXX-{mon:02d}"
        rel = (m["rel"] or "").lower()
        t = -1 if rel and self.last_re.match(rel) else 1 if rel and self.next_re.match(rel) else self.tense(c, m)
        y = c.dct.year
        if t < 0 and mon > c.dct.month:
            y -= 1
        elif t > 0 and mon < c.dct.month:
            y += 1
        return "DATE", f"{y:04d}-{mon:02d}"

    def _weekday(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        wd = self.weekdays[m["wd"].lower()]
        pre = (m["this"] or "").lower()
        rel = (m["rel"] or "").lower()
        if c.dct is None:
            v = f"XXXX-WXX-{wd}"
        else:
            if self.last_re.match(pre or "-") or (rel and self.last_re.match(rel)):
                t = -1
            elif self.next_re.match(pre or "-") or (rel and self.next_re.match(rel)):
                t = 1
            else:
                t = self.tense(c, m)
            delta = wd - c.dct.isoweekday()
            if t < 0:
                off = delta if delta <= 0 and not rel else (delta - 7 if delta >= 0 else delta)
                if rel and delta == 0:
                    off = -7
            elif t > 0:
                off = delta if delta >= 0 else delta + 7
                if rel and delta == 0:
                    off = 7
            else:
                off = delta if -3 <= delta <= 3 else (delta - 7 if delta > 3 else delta + 7)
            v = (c.dct + dt.timedelta(days=off)).isoformat()
        if m["pod"]:
            return "TIME", v + _pod(self.d["parts_of_day"][m["pod"].lower()])
        return "DATE", v

    def _deictic(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        word = m["deic"].lower()
        off = self.d["deictic_days"][word]
        if word in ("lendemain", "veille"):
            return None  # anaphoric to another date, not to the publication date
        if c.dct is None:
            v = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}.get(off, "PAST_REF" if off < 0 else "FUTURE_REF")
            return ("DATE", v) if not m["pod"] else ("TIME", v)
        v = (c.dct + dt.timedelta(days=off)).isoformat()
        if m["pod"]:
            return "TIME", v + _pod(self.d["parts_of_day"][m["pod"].lower()])
        return "DATE", v

    def _thispod(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        code = self.d["parts_of_day"][m["pod"].lower()]
        base = c.dct.isoformat() if c.dct else "XXXX-XX-XX"
        return "TIME", base + _pod(code)

    def _yearrel(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        s = m["ya"].lower()
        lasts = {x.lower() for x in self.d["year_last"]}
        nexts = {x.lower() for x in self.d["year_next"]}
        off = -1 if s in lasts else 1 if s in nexts else 0
        if c.dct:
            return "DATE", f"{c.dct.year + off:04d}"
        return "DATE", "PAST_REF" if off < 0 else "FUTURE_REF" if off > 0 else "PRESENT_REF"

    def _weekmod(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        if c.dct is None:
            return "DATE", "XXXX-WXX"
        y, w, _ = c.dct.isocalendar()
        return "DATE", f"{y:04d}-W{w:02d}"

    def _unitrel(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        kind = self.unit_kind[m["uw"].lower()]
        pre = (m["pre"] or "").lower()
        rel = (m.groupdict().get("rel") or "").lower()
        off = -1 if self.last_re.match(rel or pre or "-") else 1 if self.next_re.match(rel or pre or "-") else 0
        if self.this_re.match(pre or "-") and not rel:
            off = 0
        if not (rel or pre):
            return None
        if c.dct is None:
            return "DATE", "PAST_REF" if off < 0 else "FUTURE_REF" if off > 0 else "PRESENT_REF"
        return "DATE", _shift(c.dct, kind, off)

    def _ago(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        n = self.num(m["n"])
        u = self.units[m["unit"].lower()]
        if c.dct is None or n == "X" or "." in n:
            return "DATE", "PAST_REF"
        k = int(n)
        kind = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(u)
        if kind is None:
            return "DATE", "PAST_REF"
        if kind == "week":
            kind, k = "day", 7 * k
        return "DATE", _shift(c.dct, kind, -k)

    def _set(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        if m["wds"]:
            w = m["wds"].lower()
            wd = self.d["weekdays_plural"].get(w) or self.weekdays.get(w)
            return "SET", f"XXXX-WXX-{wd}"
        n = self.num(m["n"]) if m["n"] else "1"
        u = self.units[m["unit"].lower()]
        return "SET", ("PT" if u in "HS" or (u == "M" and m["unit"].lower().startswith("min")) else "P") + n + u

    def _setadj(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        return "SET", self.d["set_adj"][m["sadj"].lower()]

    def _season(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        code = self.d["seasons"][m["sea"].lower()]
        pre = (m["pre"] or "").lower()
        if m["sy"]:
            return "DATE", f"{m['sy']}-{code}"
        if not pre:
            return None  # bare "été" is often the verb (past participle of être)
        if c.dct is None:
            return "DATE", f"XXXX-{code}"
        y = c.dct.year + (-1 if self.last_re.match(pre) else 1 if self.next_re.match(pre) else 0)
        return "DATE", f"{y:04d}-{code}"

    def _decade(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        d = m["dec"]
        if len(d) == 2:
            d = ("19" if int(d) > 20 else "20") + d
        return "DATE", d[:3] + self.d.get("decade_suffix", "")

    def _time(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        g = m.groupdict()
        if g.get("h2") is not None:
            h, mi = int(g["h2"]), int(g["mi2"])
        else:
            h, mi = int(g["h"]), int(g["mi"] or 0)
            ap = (g.get("ap") or "").lower()
            if ap.startswith("p") and h < 12:
                h += 12
            elif ap.startswith("a") and h == 12:
                h = 0
        # "48 heures" is a duration: a clock time needs "h" or a preposition ("à 14 heures").
        word = m.group(0)
        if re.search(r"heure", word, re.I):
            before = c.text[max(0, m.start() - 12):m.start()].lower()
            if not re.search(r"(?:\bà|\ba|vers|dès|jusqu'à|avant|après|\bde|entre|\bet)\s*$", before):
                return None
        return "TIME", f"{REF}T{h:02d}:{mi:02d}"

    def _lexdur(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        return "DURATION", self.d["lexical_durations"][m["lex"].lower()]

    def _noon(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        return "TIME", REF + self.d["parts_of_day"][m["core"].lower()]

    def _refpod(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        word = m["core"].lower().split()[-1]
        code = self.d["parts_of_day"].get(word)
        if code is None:
            return None
        return "TIME", REF + _pod(code)

    def _setper(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        return "SET", self.d["set_per_values"][m.group(0).lower().split()[-1]]

    def _duration(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        # Ages ("Jean Burget, 87 ans,", "âgé de 24 ans", "a 55-year-old") are not durations.
        before = c.text[max(0, m.start() - 12):m.start()].lower()
        if m["unit"].lower() in ("ans", "years", "year") and (
            re.search(r",\s*$", before) or any(before.rstrip().endswith(a) for a in self.d["age_before"])
        ):
            return None
        if c.text[m.end():m.end() + 4].lower() == "-old":
            return None
        n = self.num(m["n"])
        uw = m["unit"].lower()
        u = self.units[uw]
        if u == "DE":
            n, u = (str(int(n) * 10) if n != "X" else "X"), "Y"
        elif u == "CE":
            n, u = (str(int(n) * 100) if n != "X" else "X"), "Y"
        if u == "M" and uw.startswith("min"):
            return "DURATION", f"PT{n}M"
        return "DURATION", ("PT" if u in ("H", "S") else "P") + n + u

    def _year(self, m: Match, c: Ctx) -> tuple[str, str] | None:
        return "DATE", m["yr"]


class Ctx:
    """One text being tagged, with its publication date and lazily found sentence bounds."""

    _SENT = re.compile(r"[.!?;\n]")

    def __init__(self, text: str, dct: dt.date | None) -> None:
        self.text = text
        self.dct = dct

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start``-``end`` (cheap: scans at most 300 chars each way)."""
        lo = max(0, start - 300)
        left = self.text[lo:start]
        ms = list(self._SENT.finditer(left))
        a = lo + ms[-1].end() if ms else lo
        mz = self._SENT.search(self.text, end, min(len(self.text), end + 300))
        z = mz.start() if mz else min(len(self.text), end + 300)
        return a, z


def _year(s: str) -> int:
    s = s.lstrip("'")
    y = int(s)
    if len(s) == 2:
        y += 1900 if y > 30 else 2000
    return y


def _pod(code: str) -> str:
    return code if code.startswith("T") else "T" + code


def _resolve_year(dct: dt.date, mon: int, day: int, tense: int) -> int:
    y = dct.year
    try:
        cand = dt.date(y, mon, day)
    except ValueError:
        return y
    if tense < 0 and cand > dct:
        return y - 1
    if tense > 0 and cand < dct:
        return y + 1
    if tense == 0:
        # No tense cue: the nearest occurrence (within half a year of publication).
        if (cand - dct).days > 183:
            return y - 1
        if (dct - cand).days > 183:
            return y + 1
    return y


def _shift(d: dt.date, kind: str, k: int) -> str:
    if kind == "day":
        return (d + dt.timedelta(days=k)).isoformat()
    if kind == "week":
        y, w, _ = (d + dt.timedelta(weeks=k)).isocalendar()
        return f"{y:04d}-W{w:02d}"
    if kind == "month":
        m = d.month - 1 + k
        return f"{d.year + m // 12:04d}-{m % 12 + 1:02d}"
    return f"{d.year + k:04d}"


@cache
def get_lang(code: str) -> Lang:
    """The compiled patterns of ``code`` (fr or en), built on first use."""
    return Lang(code)


def tag(text: str, published: str | None, lang: str | None) -> list[Time]:
    """Tag ``text``; see :func:`veille.times.tag_times`."""
    if not text:
        return []
    code = lang if lang in ("fr", "en") else "fr"
    L = get_lang(code)
    ctx = Ctx(text, _dct(published))
    cands: list[tuple[int, int, str, str]] = []
    present = {w.lower() for w in L.vocab.findall(text)}
    for rx, fn, need in L.patterns:
        if need is not None and need.isdisjoint(present):
            continue
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            r = fn(m, ctx)
            if r is not None:
                # A "core" group marks the extent when the pattern needs context it does not annotate.
                sp = m.span("core") if "core" in rx.groupindex and m.group("core") else m.span()
                cands.append((sp[0], sp[1], r[0], r[1]))
    # Longest match wins, then earliest: one TIMEX3 per stretch of text.
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(text))  # characters already inside a kept expression (linear, not quadratic)
    out: list[Time] = []
    for s, e, ty, v in cands:
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        out.append(Time(text=text[s:e], start=s, end=e, type=ty, value=v))  # type: ignore[arg-type]
    out.sort(key=lambda t: t.start)
    # Clock times and parts of day hang on the last full date mentioned ("samedi 5 juin à 17 h"),
    # else on the publication date.
    ref = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
    for t in out:
        v = t.value or ""
        if REF in v:
            t.value = v.replace(REF, ref)
        elif re.fullmatch(r"\d{4}-\d\d-\d\d(?:T.*)?", v):
            ref = v[:10]
    return out
