"""The places stage on the real gazetteer and real parses: recognition, resolution, bring-your-own spans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import veille
import veille.geo.gazetteer as gz
from veille.geo.gazetteer import Gazetteer, GazetteerMissing, load
from veille.geo.names import norm
from veille.geo.stage import make_places
from veille.model import Document, Place
from veille.settings import Settings


def places(text: str, lang: str) -> list[Place]:
    return veille.process(text, lang=lang, published="2016-09-08").places


def by_text(found: list[Place], text: str) -> list[Place]:
    return [p for p in found if p.text == text]


def test_names_are_matched_across_languages_and_accents() -> None:
    g = load()
    assert 170063 in {c.id for c in g.candidates("Alep")}
    assert 2660646 in {c.id for c in g.candidates("Genève")}
    assert 2660646 in {c.id for c in g.candidates("GENEVE")}
    assert {c.feature for c in g.candidates("Syrie")} >= {"PCLI"}
    assert norm("Côte-d’Ivoire") == norm("cote d'ivoire")


def test_abbreviations_and_state_abbreviations() -> None:
    g = load()
    assert any(c.country == "USA" and c.feature == "PCLI" for c in g.candidates("U.S."))
    assert any(c.feature == "ADM1" and c.admin1 == "WV" for c in g.candidates("W.Va."))
    assert any(c.country == "COD" for c in g.candidates("RDC"))


def test_french_story_resolves_in_context() -> None:
    text = ("Dans la province d'Alep, au nord de la Syrie, les combats continuent. Des tanks ont été détruits "
            "près du village d'al-Waqf, selon l'armée. Les pourparlers se poursuivent à Genève.")
    found = places(text, "fr")
    alep = by_text(found, "Alep")
    assert alep and all(p.country == "SYR" for p in alep)
    assert {p.geonameid for p in alep} <= {170063, 170062}
    geneva = by_text(found, "Genève")
    assert geneva and geneva[0].geonameid == 2660646 and geneva[0].country == "CHE"
    # A village the gazetteer lacks (or only knows abroad): its text and offsets stay, with the
    # country the paragraph is about, never a namesake in Egypt.
    waqf = by_text(found, "al-Waqf")
    assert waqf and waqf[0].country == "SYR"
    assert text[waqf[0].start:waqf[0].end] == "al-Waqf"
    assert by_text(found, "Syrie")[0].feature == "PCLI"


def test_the_same_name_follows_the_document() -> None:
    us = places("Paris, Texas, is a small town. The mayor of Paris said the storm hit Lamar County hard.", "en")
    fr = places("Paris a accueilli le sommet. La mairie de Paris, en France, a fermé les parcs.", "fr")
    assert by_text(us, "Paris") and all(p.country == "USA" for p in by_text(us, "Paris"))
    assert by_text(fr, "Paris") and all(p.country == "FRA" for p in by_text(fr, "Paris"))


def test_country_is_not_pinned_to_its_capital() -> None:
    found = places("La Turquie a fermé sa frontière.", "fr")
    assert by_text(found, "Turquie")[0].feature == "PCLI"


def test_people_and_feasts_are_not_places() -> None:
    found = places("Le Front al-Nosra a revendiqué l'attaque pendant l'Aïd al-Adha à Idleb.", "fr")
    texts = {p.text for p in found}
    assert "Front al-Nosra" not in texts and not any(t.startswith("Aïd") for t in texts)
    assert "Idleb" in texts  # the filter removes the non-places, not the places


def _run_jsonl(tmp_path: Path, records: list[dict]) -> list[dict]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "veille", "extract", "--no-extract", str(path)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def test_bring_your_own_mentions_are_resolved_exactly(tmp_path: Path) -> None:
    text = "Officials in Alexandria, Virginia, met near the old mill on Tuesday."
    words = ("Alexandria", "Virginia", "the old mill")
    spans = [{"start": text.index(w), "end": text.index(w) + len(w)} for w in words]
    (doc,) = _run_jsonl(tmp_path, [{"id": "a", "text": text, "lang": "en", "places": spans}])
    got = [(p["start"], p["end"]) for p in doc["places"]]
    assert got == [(s["start"], s["end"]) for s in spans]
    alexandria = doc["places"][0]
    assert alexandria["country"] == "USA" and alexandria["admin1"] == "Virginia"
    assert doc["places"][2]["text"] == "the old mill" and doc["places"][2]["geonameid"] is None


def test_a_bad_hint_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "Talks in Geneva.", "lang": "en",
                "places": [{"start": 9, "end": 15}, {"start": -3, "end": 2}, {"start": "x"}]},
               {"id": "b", "text": "Rain in Lyon.", "lang": "en", "places": [{"start": 8, "end": 12}]}]
    first, second = _run_jsonl(tmp_path, records)
    assert [p["text"] for p in first["places"]] == ["Geneva"]
    assert len([e for e in first["errors"] if "place hint" in e["message"]]) == 2
    assert second["places"][0]["country"] == "FRA"


def test_records_with_line_separators_stay_one_line(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "Talks in Geneva\u2028resumed.\x85", "lang": "en"}, {"id": "b", "text": "Rain."}]
    assert [d["id"] for d in _run_jsonl(tmp_path, records)] == ["a", "b"]


def test_missing_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerMissing, match="not built"):
        Gazetteer(tmp_path / "nothing.sqlite")
    saved = dict(gz._shared)
    try:
        os.environ["VEILLE_GAZETTEER"] = str(tmp_path / "nothing.sqlite")
        doc = make_places(Settings())(Document(text="Rain in Lyon.", language="en"))
        assert doc.places == [] and any("gazetteer not built" in e.message for e in doc.errors)
    finally:
        del os.environ["VEILLE_GAZETTEER"]
        gz._shared.clear()
        gz._shared.update(saved)


def test_a_name_called_a_town_is_a_place_even_when_ner_misses_it() -> None:
    found = places("A roadside bombing near the town of Samarra on Sunday killed one soldier.", "en")
    samarra = by_text(found, "Samarra")
    assert samarra and samarra[0].country == "IRQ"


def _resolve(text: str, names: list[str]) -> dict[str, list]:
    """Resolve the given names of ``text`` (each occurrence) with the real gazetteer, as the stage does."""
    from veille.geo.resolve import demonym_table, link_containers, mention_at, resolve_mentions

    spans, start = [], 0
    for name in names:
        start = text.index(name, start)
        spans.append((start, start + len(name)))
        start += len(name)
    mentions = [mention_at(text, s, e, load(), demonym_table("en"), given=True) for s, e in spans]
    link_containers(mentions, text)
    resolve_mentions(mentions)
    out: dict[str, list] = {}
    for m in mentions:
        out.setdefault(m.text, []).append(m.choice)
    return out


def test_a_bare_country_name_is_the_country_unless_a_container_says_otherwise() -> None:
    got = _resolve("Farmers in Amarillo, Lubbock and Abilene said exports to China fell.",
                   ["Amarillo", "Lubbock", "Abilene", "China"])
    assert got["China"][0].feature == "PCLI" and got["China"][0].country == "CHN"
    # Once the writer says which China, every China of the story is that one.
    got = _resolve("In China, Texas, the mayor of Beaumont spoke. China has 1,100 people.",
                   ["China", "Texas", "Beaumont", "China"])
    assert [(c.country, c.feature) for c in got["China"]] == [("USA", "PPL"), ("USA", "PPL")]


def test_capitals_big_namesake_cities_and_acronyms() -> None:
    got = _resolve("The senator flew from Houston to Washington, then on to New York and the EU summit in the UK.",
                   ["Houston", "Washington", "New York", "EU", "UK"])
    assert got["Washington"][0].feature == "PPLC" and got["Washington"][0].admin1 == "DC"
    assert got["New York"][0].feature == "PPL" and got["New York"][0].name == "New York City"
    assert got["EU"][0].feature == "CONT" and got["UK"][0].country == "GBR"
    # A level word after the name turns the city or capital reading off.
    got = _resolve("Wildfires in Washington state and floods in New York state.", ["Washington", "New York"])
    assert got["Washington"][0].feature == "ADM1" and got["New York"][0].feature == "ADM1"


def test_an_english_story_keeps_english_towns() -> None:
    text = "Norwich beat Sunderland and Reading before losing at Fulham."
    got = _resolve(text, ["Norwich", "Sunderland", "Reading", "Fulham"])
    assert all(choice.country == "GBR" for choices in got.values() for choice in choices)


def test_given_spans_cut_through_words_are_widened_and_embedded_names_resolved(tmp_path: Path) -> None:
    text = "The storm reached Edmonton, Alberta. Students of the University of California and the Russian Embassy."
    edmonton = text.index("Edmonton")
    university = text.index("University of California")
    embassy = text.index("Russian Embassy")
    spans = [{"start": edmonton + 2, "end": edmonton + 10},  # "monton, ": offsets drifted by two characters
             {"start": university, "end": university + len("University of California")},
             {"start": embassy, "end": embassy + len("Russian Embassy")}]
    (doc,) = _run_jsonl(tmp_path, [{"id": "a", "text": text, "lang": "en", "places": spans}])
    first, second, third = doc["places"]
    assert (first["text"], first["start"], first["country"]) == ("Edmonton", edmonton, "CAN")
    assert any("cuts a word" in e["message"] and "'Edmonton'" in e["message"] for e in doc["errors"])
    assert second["text"] == "University of California" and second["name"] == "California"
    assert second["feature"] == "ADM1" and second["country"] == "USA"
    assert third["text"] == "Russian Embassy" and third["country"] == "RUS"


def test_a_nationality_word_before_city_of_says_the_country() -> None:
    found = places("Three US servicemen were killed outside the Iraqi city of Basra.", "en")
    assert by_text(found, "Basra")[0].country == "IRQ" and by_text(found, "Basra")[0].lat is not None
    found = places("Des combats ont eu lieu dans la ville syrienne d'Alep et dans la province irakienne de Ninive.",
                   "fr")
    assert by_text(found, "Alep")[0].country == "SYR"
    # Not in the gazetteer: the text still says which country it is in.
    assert by_text(found, "Ninive")[0].country == "IRQ"
