"""Approved work out, as people get it: an export link that follows the page's filters and
downloads what the page shows, and a published fact-check read by an anonymous visitor."""

import csv
import io
import json
from pathlib import Path

from claims import services
from claims.models import ReviewStatus
from tests.browser import BROWSER_TEST, expect
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = BROWSER_TEST


def test_the_article_lists_export_follows_its_filter_and_downloads_those_quotes(open_page, editor):
    harbour = ArticleFactory(title="Harbour strike enters second week")
    QuoteFactory(article=harbour)
    QuoteFactory(article=ArticleFactory(title="Budget talks stall"))
    page = open_page(editor)
    page.goto("/articles/")
    page.get_by_label("Search titles").fill("harbour")
    link = page.get_by_role("link", name="Quotes CSV")
    expect(link).to_have_attribute("href", "/export/quotes.csv?title=harbour")  # htmx swapped
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("claimdesk-quotes-title-harbour-")
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert [row["article_title"] for row in rows] == [harbour.title]
    with page.expect_download() as download:
        page.get_by_role("link", name="Quotes JSON Lines").click()
    head = json.loads(Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0])
    assert head["filters"] == {"title": "harbour"}


def test_an_anonymous_visitor_reads_a_fact_check_and_its_json_ld(
    open_page, fact_checker, live_server
):
    hostile = "</script><script>window.__pwned=1</script>"
    article = ArticleFactory(body=f"She said {hostile} and left.", url="https://news.example/a")
    quote = QuoteFactory(article=article, text=hostile, status=ReviewStatus.APPROVED)
    services.record_verdict(quote, checker=fact_checker, verdict="misquoted")
    page = open_page()  # nobody logged in
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"/fact-checks/{quote.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fact-check of a quote")
    expect(page.locator("blockquote")).to_have_text(hostile)
    expect(page.locator("strong.badge")).to_have_text("Misquoted")
    assert page.evaluate("window.__pwned") is None
    document = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert document["claimReviewed"] == hostile
    assert document["url"] == f"{live_server.url}/fact-checks/{quote.pk}/"
    assert not errors  # the Content-Security-Policy refused nothing
