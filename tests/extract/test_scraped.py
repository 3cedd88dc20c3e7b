"""The scraped-text cleaner: body kept whole, furniture out, on pages of many layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.extract.scraped import Block, classify_line, clean_scraped_text, is_picture_credit, word_count

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FIXTURES = sorted((ROOT / "tests" / "data" / "scraped").glob("*.expected.json"))


def test_reference_article_body_and_furniture() -> None:
    raw = (SHARED / "examples" / "euronews-syrie-2016-09-08.txt").read_text(encoding="utf-8")
    page = clean_scraped_text(raw)
    assert page.title == "Syrie : rencontre entre Kerry et Lavrov à Genève"
    assert page.text.count("Dans la province d’Alep au nord de la Syrie") == 1
    assert page.paragraphs[0].startswith("Dans la province d’Alep")
    assert page.paragraphs[-2].startswith("Au téléphone, le président russe")
    for junk in ("Partager cet article", "PUBLICITÉ", "Tous droits réservés", "À découvrir", "Idlib", "Lien copié"):
        assert junk not in page.text
    kinds = {f.kind for f in page.furniture}
    assert {"title", "share", "ad", "copyright", "byline", "related"} <= kinds
    assert page.credit_lines == ["Avec AFP"]


@pytest.mark.parametrize("expected_path", FIXTURES, ids=[p.name.split(".")[0] for p in FIXTURES])
def test_fixture_pages(expected_path: Path) -> None:
    """Invented pages of other layouts (see tests/data/scraped/README.md), through the whole CLI path."""
    from veille import process

    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    raw = expected_path.with_name(expected_path.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8")
    doc = process(raw)
    for snippet in expected["text_must_contain"]:
        assert snippet in doc.text, f"body lost: {snippet!r}"
    for snippet in expected["text_must_not_contain"]:
        assert snippet not in doc.text, f"furniture kept: {snippet!r}"
    if expected.get("lede_once"):
        assert doc.text.count(expected["lede_once"]) == 1
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    assert len(paragraphs) == expected["paragraph_count"]
    assert doc.language == expected["language"]
    assert sorted(doc.credits) == sorted(expected["credits"])
    if expected.get("title"):
        assert doc.title == expected["title"]
    if expected.get("source"):
        assert doc.source == expected["source"]
    assert doc.published == expected.get("published")


def test_clean_text_is_left_alone() -> None:
    text = (
        "Short line one.\n\n"
        "The government announced on Monday that the curfew imposed last week in the capital would be lifted.\n\n"
        "Residents welcomed the decision.\n\n"
        "Opposition parties said the measure had been used to silence protests, and called for an inquiry."
    )
    page = clean_scraped_text(text)
    assert page.furniture == [] or all(f.kind == "title" for f in page.furniture)
    assert "Residents welcomed the decision." in page.paragraphs
    assert page.paragraphs[-1].startswith("Opposition parties")


def test_subheadings_inside_the_body_are_kept() -> None:
    body = "Les négociations ont repris mardi à Genève entre les deux délégations, sous l'égide de l'ONU."
    text = "\n\n".join([
        "Titre de l'article", body, "Un accord fragile", body.replace("mardi", "mercredi"),
        "« Nous ne céderons pas »", body.replace("mardi", "jeudi"),
    ])
    page = clean_scraped_text(text)
    assert "Un accord fragile" in page.paragraphs
    assert "« Nous ne céderons pas »" in page.paragraphs


def test_related_headlines_after_the_body_without_a_heading() -> None:
    body = "Police in the capital arrested at least forty protesters on Saturday after clashes near parliament."
    text = "\n".join(["Forty arrested in capital protests", body, body.replace("forty", "fifty"),
                      "Floods displace thousands in the north", "Election date set for March",
                      "Minister resigns over spending row"])
    page = clean_scraped_text(text)
    assert page.paragraphs == [body, body.replace("forty", "fifty")]
    assert [f.kind for f in page.furniture].count("related") == 3


def test_mid_body_read_also_insert() -> None:
    body = "Des milliers de personnes ont manifesté samedi à Paris contre la réforme des retraites du gouvernement."
    text = "\n\n".join(["Manifestation à Paris", body, "Lire aussi : Retraites, ce que contient la réforme",
                        body.replace("samedi", "dimanche")])
    page = clean_scraped_text(text)
    assert all("Lire aussi" not in p for p in page.paragraphs)
    assert len(page.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("PUBLICITÉ", "ad"),
        ("Advertisement", "ad"),
        ("Partager cet articleDiscussion", "share"),
        ("Share this article", "share"),
        ("Tous droits réservés", "copyright"),
        ("© 2019 The Daily Ledger. All rights reserved.", "copyright"),
        ("Par Jean Dupont", "byline"),
        ("Publié le 12/03/2019 à 10h32", "byline"),
        ("Lire aussi : Le Mali face aux jihadistes", "related"),
        ("Most read", "related"),
        ("We use cookies to improve your experience. Accept all", "navigation"),
        ("12 commentaires", "navigation"),
        ("Avec AFP", "credit"),
        ("Follow The Harbour Tribune on Twitter and Instagram @harbour and on Facebook.", "share"),
        ("Get the latest updates right in your inbox. Subscribe to our newsletters.", "navigation"),
        ("Accueil > Actualités et humeurs > Société", "navigation"),
        ("Category : Press Releases", "navigation"),
        ("Tempo de leitura: 2 minutos", "byline"),
        ("- Published 18 November 2019", "byline"),
        ("Release Date: March 3, 2021", "byline"),
        ("News date : 04/21/2022 Category : Press Releases", "byline"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "byline"),
        ("À lire aussi » Ballonnements, lourdeurs... Quel est votre profil digestif et comment y remédier ?",
         "related"),
        ("Lea también: Impiden ingreso a un reportero", "related"),
        ("DON'T MISS: Storm warning for the coast", "related"),
        ("Auch interessant:", "related"),
        ("Teilen mit:", "share"),
        ("Like this story? Share it with a friend!", "share"),
        ("*Werbung. Dieser Beitrag enthält Werbung für eine Modemarke.", "ad"),
        ("aja/PAP", "credit"),
        ("Fot. Jan Kowalski / Agencja Gazeta", "credit"),
        ("https://static.example.com/images/2019/11/port-strike.jpg", "navigation"),
        ("If you enjoyed this article, we have a proposition for you: join our members' club. Members get all of "
         "our content, no paywalls or content meters, an advertising-free experience and much more besides.",
         "navigation"),
        ("FILE PHOTO: Cranes stand idle at the container terminal during an earlier strike, March 3, 2021.",
         "credit"),
        ("Cranes stand idle at the terminal of the port during a strike, March 3, 2021. REUTERS/Jane Smith",
         "credit"),
    ],
)
def test_cue_lines(line: str, kind: str) -> None:
    block = Block(line, word_count(line), line.rstrip().endswith((".", "!", "?")))
    assert classify_line(block)[0] == kind


@pytest.mark.parametrize(
    "line",
    [
        "Top officials met on Monday in Brussels to discuss the sanctions package against the regime.",
        "Home to 2 million people, the city has been under siege for three months, aid agencies said.",
        "Par ailleurs, le ministre a annoncé une enquête sur les violences commises pendant le week-end.",
        "Share prices fell sharply in Tokyo and Seoul after the announcement of new tariffs on Friday.",
        "Readers who subscribe to the newsletter said they followed the story closely on Monday.",
        "Follow-up talks on the ceasefire are planned for next week in Doha, the mediators said.",
        "The agency said the photo, taken by a Reuters photographer, showed the damaged bridge.",
        "Related talks on trade will open in Geneva next month, officials said on Friday.",
        "Werbung für Zigaretten ist seit 2007 in deutschen Zeitungen verboten, sagte der Minister am Montag.",
        "Get ready for a long winter, the minister told farmers, as gas reserves fell to their lowest level.",
    ],
)
def test_news_sentences_are_not_cues(line: str) -> None:
    block = Block(line, word_count(line), True)
    assert classify_line(block)[0] is None


@pytest.mark.parametrize(
    ("line", "picture"),
    [
        ("FILE PHOTO: Cranes stand idle at the port.", True),
        ("Cranes stand idle at the port, March 3, 2021. REUTERS/Jane Smith/File Photo", True),
        ("Photo : KB / Bondy Blog", True),
        ("Avec AFP", False),
        ("Associated Press writer Jane Doe contributed to this report.", False),
    ],
)
def test_picture_credits_are_told_from_wire_credits(line: str, picture: bool) -> None:
    assert is_picture_credit(line) is picture


def test_a_wrapped_first_sentence_is_no_title() -> None:
    text = ("A top aide of the mayor has been arrested on suspicion of corruption, months after the politician was\n"
            "elected promising to clean up local government.\n"
            "The aide was arrested on Friday, as part of an investigation of business deals dating from 2013.\n")
    page = clean_scraped_text(text)
    assert page.title is None
    assert page.paragraphs[0].startswith("A top aide of the mayor")


def test_hard_wrapped_sentences_are_joined() -> None:
    text = ("Title of the story\n"
            "    On Wednesday, the ceasefire brokered by the mediators collapsed less than a day\n"
            "    after it was implemented,\n"
            "    as both sides accused each other of heavy shelling of the eastern districts.\n"
            "    Partager\n    lien copié\n")
    page = clean_scraped_text(text)
    assert page.paragraphs[0] == ("On Wednesday, the ceasefire brokered by the mediators collapsed less than a day "
                                  "after it was implemented, as both sides accused each other of heavy shelling "
                                  "of the eastern districts.")
    assert all("lien copié" not in p for p in page.paragraphs)  # short interface lines stay apart
