"""What a page declares about itself: JSON-LD article, Open Graph, canonical link, link texts."""

from __future__ import annotations

from pathlib import Path

from veille.extract.page import declared_day, read_page

PAGE = Path(__file__).resolve().parents[1] / "data" / "html" / "wire-like-en.html"


def test_jsonld_graph_open_graph_and_links() -> None:
    meta = read_page(PAGE.read_text(encoding="utf-8"))
    assert meta.headline == "Port workers strike over pay as talks stall"
    assert meta.date_published == "2022-05-12T18:40:00+02:00"
    assert meta.og_title == "Port workers strike over pay as talks stall | The Harbour Tribune"
    assert meta.site_name == "The Harbour Tribune"
    assert meta.canonical_url == "https://harbour-tribune.example/world/2022/05/12/port-strike"
    assert "ferry fares to rise from next month" in meta.link_texts
    assert "home" not in meta.link_texts  # menu words are too short to be headlines


def test_article_type_wins_over_webpage_and_broken_jsonld_is_skipped() -> None:
    markup = """<html><head>
    <script type="application/ld+json">{not json</script>
    <script type="application/ld+json">{"@type": "WebPage", "headline": "Home", "datePublished": "2019-01-01"}</script>
    <script type="application/ld+json">[{"@type": ["NewsArticle"], "headline": "  Floods in the north ",
      "datePublished": "Tue, Sep 15 2020 10:01:41 EDT", "publisher": {"name": "Daily Ledger"}}]</script>
    <link rel="canonical" href="https://ledger.example/floods"></head><body><p>x</p></body></html>"""
    meta = read_page(markup)
    assert meta.headline == "Floods in the north"
    assert meta.site_name == "Daily Ledger"
    assert declared_day(meta) == "2020-09-15"
    assert meta.canonical_url == "https://ledger.example/floods"


def test_page_without_metadata() -> None:
    meta = read_page("<html><body><p>Nothing declared here.</p></body></html>")
    assert (meta.headline, meta.date_published, meta.site_name, meta.canonical_url) == (None, None, None, None)
    assert declared_day(meta) is None
