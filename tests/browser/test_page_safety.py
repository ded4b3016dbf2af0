"""Article text is shown, never run, and no page reaches outside the site."""

from claims.models import ReviewStatus
from tests.browser import BROWSER_TEST, expect, press
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory

pytestmark = BROWSER_TEST

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
BODY = (
    f"Protesters held up a sign reading {SCRIPT} outside the ministry on Monday.\n\n"
    f'"Nothing on that sign {IMAGE} worries us," the spokesperson said, '
    "adding that at least 46 people had gathered."
)


def assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main script, main img").count() == 0


def test_markup_in_an_article_is_shown_as_text_and_never_runs(open_page, editor):
    article = ArticleFactory(title=f"Sign {SCRIPT} at the ministry", body=BODY)
    quote = QuoteFactory(article=article, text=f'"Nothing on that sign {IMAGE} worries us,"')
    claim = NumericClaimFactory(article=article)
    page = open_page(editor)

    page.goto(f"/articles/{article.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign {SCRIPT} at the ministry")
    body = page.locator(".article-body")
    expect(body).to_contain_text(f"a sign reading {SCRIPT} outside")
    expect(body.locator("a.hl", has_text=IMAGE)).to_be_visible()
    # the card shows the paragraph around the quote, the quote marked in it
    expect(page.locator(f"#card-{quote.key} blockquote mark")).to_have_text(quote.text)
    assert page.title().startswith(f"Sign {SCRIPT} at the ministry")
    assert_nothing_ran(page)

    page.goto(f"/review/?article={article.pk}")
    card = page.locator("#review-card")
    expect(card).to_have_attribute("data-item", quote.key)
    expect(card.locator("mark")).to_have_text(quote.text)
    expect(card.get_by_role("heading", level=2)).to_contain_text(SCRIPT)
    assert_nothing_ran(page)
    press(page, "a", then_shows=claim.key)  # the swapped-in card is escaped as well
    expect(card.locator("blockquote.context")).to_contain_text(IMAGE)
    assert_nothing_ran(page)
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.APPROVED


def test_no_page_loads_anything_from_outside_the_site(
    open_page, editor, live_server, requests_made
):
    quote = QuoteFactory()
    page = open_page(editor)
    for path in (
        "/",
        "/articles/",
        "/articles/new/",
        f"/articles/{quote.article_id}/",
        "/review/",
        "/review/?view=list",
        f"/quotes/{quote.pk}/history/",
        "/speakers/",
        f"/speakers/{quote.speaker_id}/",
        "/search/?q=necessary",
    ):
        response = page.goto(path)
        assert response.status == 200, path
    page.goto(f"/articles/{quote.article_id}/")
    page.locator(f"#card-{quote.key} summary", has_text="History").click()  # htmx brings it
    expect(page.locator(f"#card-{quote.key} .history")).to_contain_text("No decisions yet")

    paths = [url.removeprefix(live_server.url) for url in requests_made]
    assert all(url.startswith(live_server.url + "/") for url in requests_made), requests_made
    assert "/static/claims/claimdesk.css" in paths
    assert "/static/claims/claimdesk.js" in paths
    assert any(path.startswith("/static/django_htmx/htmx") for path in paths)
    assert f"/quotes/{quote.pk}/history/" in paths
