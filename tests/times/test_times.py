"""The times stage on real French and English sentences: values, spans, tense, robustness."""

from __future__ import annotations

import pytest

from veille.model import Document
from veille.pipeline import registry
from veille.settings import Settings
from veille.times import tag_times

DCT = "2016-09-08"  # a Thursday


def values(text: str, published: str | None = DCT, lang: str = "fr") -> dict[str, str | None]:
    """Span text -> value, after checking every offset."""
    out = tag_times(text, published, lang)
    for t in out:
        assert text[t.start:t.end] == t.text
    return {t.text: t.value for t in out}


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Il est arrivé le 6 septembre 2016 à Paris.", "le 6 septembre 2016", "2016-09-06"),
        ("La réunion du 6/09/2016 a échoué.", "6/09/2016", "2016-09-06"),
        ("Il s'est entretenu ce jeudi avec l'envoyé.", "ce jeudi", "2016-09-08"),
        ("Il doit rencontrer ce vendredi son homologue.", "ce vendredi", "2016-09-09"),
        ("Leur dernier tête-à-tête remonte au 26 août.", "26 août", "2016-08-26"),
        ("Les combats ont repris en début de semaine.", "en début de semaine", "2016-W36"),
        ("Une trêve de 48 heures a été évoquée.", "48 heures", "PT48H"),
        ("Il a parlé hier.", "hier", "2016-09-07"),
        ("Il parlera demain.", "demain", "2016-09-09"),
        ("Il l'a vu jeudi dernier.", "jeudi dernier", "2016-09-01"),
        ("Il viendra vendredi prochain.", "vendredi prochain", "2016-09-09"),
        ("Il est parti il y a deux semaines.", "il y a deux semaines", "2016-08-25"),
        ("Les ventes ont baissé l'an dernier.", "l'an dernier", "2015"),
        ("Il viendra la semaine prochaine.", "la semaine prochaine", "2016-W37"),
        ("Les élections auront lieu en 2017.", "2017", "2017"),
        ("Le sommet se tiendra à 14 h 30.", "14 h 30", "2016-09-08T14:30"),
        ("Le siège a duré trois jours.", "trois jours", "P3D"),
        ("Il a été condamné à deux ans de prison.", "deux ans", "P2Y"),
        ("La fête a lieu chaque année.", "chaque année", "P1Y"),
        ("Le marché se tient tous les lundis.", "tous les lundis", "XXXX-WXX-1"),
        ("Les combats ont repris hier soir.", "hier soir", "2016-09-07TEV"),
        ("Elle est actuellement à Genève.", "actuellement", "PRESENT_REF"),
        ("Les travaux reprendront cet automne.", "cet automne", "2016-FA"),
        ("Il a été élu dans les années 90.", "les années 90", "199X"),
        ("La trêve commencera mi-septembre.", "mi-septembre", "2016-09"),
    ],
)
def test_french_expressions(text: str, span: str, value: str) -> None:
    assert values(text).get(span) == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The talks opened on September 6, 2016 in Geneva.", "September 6, 2016", "2016-09-06"),
        ("He arrived yesterday.", "yesterday", "2016-09-07"),
        ("Prices rose last week.", "last week", "2016-W35"),
        ("They met on Tuesday.", "Tuesday", "2016-09-06"),
        ("The war ended two years ago.", "two years ago", "2014"),
        ("The vote is at 3 p.m. in the hall.", "3 p.m.", "2016-09-08T15:00"),
        ("The ceasefire lasted 48 hours.", "48 hours", "PT48H"),
        ("They meet every Monday.", "every Monday", "XXXX-WXX-1"),
        ("A 12-hour flight.", "12-hour", "PT12H"),
        ("Sales fell last year.", "last year", "2015"),
    ],
)
def test_english_expressions(text: str, span: str, value: str) -> None:
    assert values(text, lang="en").get(span) == value


def test_approximate_date_covers_the_day() -> None:
    text = "la possibilité de décréter une trêve de 48 heures pour l'Aïd, autour du 12 septembre."
    found = tag_times(text, DCT, "fr")
    hit = [t for t in found if "12 septembre" in t.text]
    assert hit and hit[0].value == "2016-09-12"


def test_no_publication_date_means_underspecified() -> None:
    v = values("Il est arrivé le 6 septembre à Paris.", published=None)
    assert v == {"le 6 septembre": "XXXX-09-06"}
    assert values("Il est venu hier.", published=None)["hier"] == "PAST_REF"
    assert values("They met on September 6.", published=None, lang="en")["September 6"] == "XXXX-09-06"


def test_tense_resolves_underspecified_dates_both_ways() -> None:
    # Published in early January: a past "15 décembre" is last year's, a future "15 mars" this year's.
    assert values("Il a été arrêté le 15 décembre.", "2017-01-05")["le 15 décembre"] == "2016-12-15"
    assert values("Le procès s'ouvrira le 15 décembre.", "2017-01-05")["le 15 décembre"] == "2017-12-15"
    # A weekday: future verb -> next one, past verb -> the last one.
    assert values("Il rencontrera lundi le ministre.")["lundi"] == "2016-09-12"
    assert values("Il a rencontré lundi le ministre.")["lundi"] == "2016-09-05"
    assert values("The minister will arrive on Monday.", lang="en")["Monday"] == "2016-09-12"
    assert values("The minister arrived on Monday.", lang="en")["Monday"] == "2016-09-05"


def test_clock_time_hangs_on_last_date() -> None:
    v = values("Les mariés seront reçus en mairie le samedi 5 juin à 17 h.", "1999-05-22")
    assert v["le samedi 5 juin"] == "1999-06-05"
    assert v["17 h"] == "1999-06-05T17:00"


def test_ages_are_not_durations() -> None:
    assert values("Jean Burget, 87 ans, a été heurté par une voiture.") == {}


def test_reference_article() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "shared" / "examples" / "euronews-syrie-2016-09-08.txt"
    if not path.exists():
        pytest.skip("shared example not available")
    found = tag_times(path.read_text(encoding="utf-8"), DCT, "fr")
    got = {(t.text, t.value) for t in found}
    for text, value in [("6 septembre", "2016-09-06"), ("ce jeudi", "2016-09-08"), ("ce vendredi", "2016-09-09"),
                        ("26 août", "2016-08-26"), ("en début de semaine", "2016-W36"), ("48 heures", "PT48H"),
                        ("12 septembre", "2016-09-12")]:
        assert any(text in t and v == value for t, v in got), (text, value)


def test_empty_and_non_latin_text() -> None:
    assert tag_times("", DCT, "fr") == []
    assert tag_times("   \n", None, None) == []
    out = tag_times("Переговоры прошли 6 сентября. 会谈于2016年9月6日举行。", DCT, "ru")
    for t in out:
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_large_text_is_tagged_whole() -> None:
    # Its speed is measured by bench/times_speed.py (`make bench`), not here: a timed test fails on a
    # busy machine and proves nothing on a fast one.
    text = ("Le ministre a rencontré hier son homologue, et ils se reverront le 12 septembre. " * 25_000)[:2_000_000]
    out = tag_times(text, DCT, "fr")
    assert len(out) > 40_000


def test_stage_sets_doc_times() -> None:
    stage = registry.get("times.v1")(Settings())
    doc = stage(Document(text="Il a parlé hier.", published=DCT, language="fr"))
    assert [(t.text, t.value, t.type) for t in doc.times] == [("hier", "2016-09-07", "DATE")]
    assert "times.v1" in Settings().stages
