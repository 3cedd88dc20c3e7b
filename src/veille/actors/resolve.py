"""Actor resolution: who a mention is, for which country, in which role.

Three sources, in order of trust:
1. the curated tables (``data/people.jsonl``, ``data/groups.jsonl``): canonical English name,
   country or IGO/NGO/IMG, sector, Wikidata id, aliases in several languages;
2. the words around the mention: role nouns (``data/roles.<lang>.json``: ministre → GOV, armée →
   MIL...) and nationality adjectives or country names (``data/demonyms.json``, CLDR through Babel)
   in the same noun phrase ("le ministre russe des Affaires étrangères Sergueï Lavrov");
3. for a common-noun phrase with no name ("l'armée turque", "les rebelles"), the same words alone.

Matching of names ignores case, accents and apostrophe styles; a surname alone matches a curated
person only when no other curated entry shares it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from veille.actors.gazetteer import read_data
from veille.model import Actor

SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "REB", "INS", "OPP", "PTY", "MED", "CVL", "BUS", "NGO", "IGO",
                     "REL", "LAB", "UAF"})


# A leading article is not part of a name: "The European Community", "la Commission européenne".
_DETERMINER = re.compile(r"^(?:the |le |la |les |l'|el |los |las )(?=\S)")


def norm(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("-", " ").split())


@dataclass(frozen=True)
class Entry:
    """A curated actor."""

    name: str
    code: str | None
    sector: str | None
    wikidata: str | None
    kind: str  # "person" or "group"


@dataclass
class Tables:
    """Everything actor resolution looks up, for one language, loaded once per process."""

    lang: str
    aliases: dict[str, Entry] = field(default_factory=dict)
    surnames: dict[str, Entry] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    metonyms: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def lookup_name(self, text: str) -> Entry | None:
        """The curated entry a name refers to, if any (full alias, else an unambiguous surname)."""
        key = _DETERMINER.sub("", norm(text))
        if key in self.aliases:
            return self.aliases[key]
        words = key.split(" ") if key else []
        if len(words) == 1 and words[0] in self.surnames:
            return self.surnames[words[0]]
        # Another transliteration of a curated person's first name ("Sergeuï Lavrov" for Sergueï):
        # the same surname, owned by one curated person, and the same initial.
        if len(words) in (2, 3) and words[-1] in self.surnames:
            entry = self.surnames[words[-1]]
            if norm(entry.name)[:1] == words[0][:1]:
                return entry
        return None


def _alpha3(alpha2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else None


def _cldr_countries(lang: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return {}
    out = {}
    for code, name in territories.items():
        if len(code) == 2 and code.isalpha() and (alpha3 := _alpha3(code)):
            out[norm(name)] = alpha3
    return out


@cache
def tables(lang: str) -> Tables:
    """The resolution tables for ``lang`` (English names are always known too)."""
    t = Tables(lang=lang)
    langs = [lang, "en"] if lang != "en" else ["en"]
    surname_owners: dict[str, set[str]] = {}
    for file, kind in (("people.jsonl", "person"), ("groups.jsonl", "group")):
        for row in read_data(file) or []:
            entry = Entry(row["name"], row.get("code"), row.get("sector"), row.get("wikidata"), kind)
            names = [row["name"]]
            for key, values in (row.get("aliases") or {}).items():
                if key in langs or key.endswith("_latin") or key == "all":
                    names += values
            for alias in names:
                t.aliases.setdefault(norm(alias), entry)
                if kind == "person" and " " in norm(alias):
                    surname_owners.setdefault(norm(alias).split(" ")[-1], set()).add(entry.name)
            if kind == "person":
                for alias in names:
                    key = norm(alias).split(" ")[-1]
                    if len(key) > 3:
                        t.surnames.setdefault(key, entry)
    # A surname shared by two curated people matches neither, unless they act for the same country in
    # the same role ("Bush": father and son): then the surname gives that country and role.
    by_name = {e.name: e for e in t.aliases.values()}
    for surname, owners in surname_owners.items():
        if len(owners) > 1:
            entries = [by_name[o] for o in owners if o in by_name]
            if entries and len({(e.code, e.sector) for e in entries}) == 1:
                t.surnames[surname] = Entry(surname.title(), entries[0].code, entries[0].sector, None, "person")
            else:
                t.surnames.pop(surname, None)
    # Role words only in the document's language: English "mayor" is Spanish "bigger".
    for row in read_data(f"roles.{lang}.json") or []:
        if row.get("sector") in SECTORS:
            t.roles.setdefault(norm(row["word"]), row["sector"])
    for code in langs:
        demonyms = read_data("demonyms.json") or {}
        for part in ("adjectives", "nouns"):  # "Russian", and "Palestinians" as a subject
            for word, alpha3 in (demonyms.get(part, {}).get(code) or {}).items():
                t.adjectives.setdefault(norm(word), alpha3)
        for name, alpha3 in (demonyms.get("countries", {}).get(code) or {}).items():
            t.countries.setdefault(norm(name), alpha3)
        for name, value in (demonyms.get("metonyms", {}).get(code) or {}).items():
            if isinstance(value, dict):
                t.metonyms.setdefault(norm(name), (value.get("code"), value.get("sector")))
        for name, alpha3 in _cldr_countries(code).items():
            t.countries.setdefault(name, alpha3)
    return t


@cache
def english_country_name(alpha3: str) -> str | None:
    """The English (CLDR) name of a country: actors' names are canonical in English."""
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return None
    return Locale.parse("en").territories.get(country.alpha_2) or country.name


def country_of(words: Iterable[str], t: Tables) -> str | None:
    """The first country named or qualified by ``words`` (adjective or country name)."""
    for word in words:
        key = norm(word)
        if key in t.adjectives:
            return t.adjectives[key]
        if key in t.countries:
            return t.countries[key]
    return None


def sector_of(words: Iterable[str], t: Tables) -> str | None:
    """The first role sector among ``words`` (lemmas or surface forms), longest roles first at each
    word ("forces de sécurité" before "forces")."""
    items = [norm(w) for w in words]
    for i in range(len(items)):
        for n in (4, 3, 2, 1):
            if i + n <= len(items) and " ".join(items[i:i + n]) in t.roles:
                return t.roles[" ".join(items[i:i + n])]
    return None


def resolve(text: str, context: list[str], lang: str, *, label: str | None = None) -> Actor | None:
    """The actor for a mention ``text`` with the words of its noun phrase ``context`` (roles,
    nationality), or None when nothing says who it is or acts for.

    A curated entry wins for name, Wikidata id and its own code; the context fills what the entry
    lacks and gives code and sector for names not curated.
    """
    t = tables(lang)
    entry = t.lookup_name(text)
    key = norm(text)
    context_code = country_of(context, t)
    context_sector = sector_of(context, t)
    if entry is not None:
        return Actor(text=text, name=entry.name, code=entry.code or context_code,
                     sector=entry.sector or context_sector, wikidata=entry.wikidata)
    if key in t.metonyms:
        code, sector = t.metonyms[key]
        return Actor(text=text, name=text, code=code, sector=sector)
    if label == "LOC" or key in t.countries:
        country = t.countries.get(key)
        if country is None:
            return None
        return Actor(text=text, name=english_country_name(country) or text, code=country, sector=context_sector)
    own_words = text.split()
    code = context_code or country_of(own_words, t)
    sector = context_sector or sector_of(own_words, t)
    if code is None and sector is None:
        return None
    name = " ".join(own_words)
    if len(own_words) == 1 and key in t.adjectives and code == t.adjectives[key]:
        # "une frappe russe": the nationality word alone stands for its country.
        name = english_country_name(code) or name
    return Actor(text=text, name=name, code=code, sector=sector)
