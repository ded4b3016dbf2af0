"""An editor pastes an article, watches the real extraction finish, and reviews by keyboard."""

import re

import pytest

from claims import queue, services
from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus
from tests.browser import BROWSER_TEST, expect, press

pytestmark = BROWSER_TEST

TITLE = "Attacks on bases continue, ministry says"
BODY = (
    "Over 38 attacks have hit bases in the region since October, the ministry said on Tuesday.\n\n"
    "Defence Minister Maria Keller said at least 46 soldiers had been wounded.\n\n"
    '"We will protect our people, whatever it takes," she said.'
)


def test_a_pasted_article_is_extracted_in_the_background_and_highlighted(
    open_page, editor, run_queued_tasks
):
    page = open_page(editor)
    page.goto("/articles/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Article text").fill(BODY)
    page.get_by_role("button", name="Store and extract").click()

    page.wait_for_url("**/articles/*/")
    article = Article.objects.get(title=TITLE)
    assert page.url.endswith(f"/articles/{article.pk}/")
    assert article.body == BODY
    assert article.ingested_by == editor
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    status = page.locator("#extraction-status")
    expect(status).to_contain_text("Extraction is queued")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    expect(page.locator(".article-body a.hl")).to_have_count(0)

    run_queued_tasks(page)

    # The poll sees "done" and asks htmx to reload the page, which then shows what was found.
    expect(status).to_contain_text("Extracted", timeout=15_000)
    expect(status).not_to_have_attribute("hx-trigger", "every 2s")
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    quotes = list(article.quotes.order_by("start"))
    claims = list(article.numeric_claims.order_by("start"))
    assert {"Over 38", "at least 46"} <= {c.text for c in claims}
    assert any("We will protect our people" in q.text for q in quotes)
    assert all(item.status == ReviewStatus.EXTRACTED for item in (*quotes, *claims))

    total = len(quotes) + len(claims)
    expect(page.get_by_role("heading", name=f"{total} items found")).to_be_visible()
    expect(page.locator("aside.cards article.item-card")).to_have_count(total)
    for item in (*quotes, *claims):
        expect(page.locator(f"#card-{item.key}")).to_contain_text(item.text[:40])
    expect(page.locator(".article-body a.hl.hl-number", has_text="at least 46")).to_be_visible()
    quote_mark = page.locator(".article-body a.hl", has_text="We will protect our people")
    expect(quote_mark).to_have_class(re.compile(r"\bstatus-extracted\b"))


@pytest.fixture
def extracted_article(editor, run_queued_tasks) -> Article:
    """The article, stored by the real ingest service and extracted by the real task worker."""
    article = services.ingest_article(title=TITLE, body=BODY, method="paste", user=editor)
    run_queued_tasks()
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    return article


def test_an_editor_approves_a_claim_and_rejects_a_quote_with_the_keyboard(
    open_page, editor, extracted_article
):
    pending = [item.key for item in queue.pending_page(extracted_article.pk)]
    assert any(key.startswith("quote-") for key in pending)
    assert any(key.startswith("claim-") for key in pending)
    claim_key = next(key for key in pending if key.startswith("claim-"))
    quote_key = next(key for key in pending if key.startswith("quote-"))
    claim_at = pending.index(claim_key)
    assert claim_at + 1 < len(pending), "the sample article has items after its first number"
    page = open_page(editor)
    page.goto(f"/review/?article={extracted_article.pk}")
    expect(page.locator("#review-card")).to_have_attribute("data-item", pending[0])
    expect(page.locator("#review-card")).to_contain_text(
        f"{len(pending)} items awaiting review in this article"
    )

    for position in range(1, claim_at + 1):  # j walks forward through the queue
        press(page, "j", then_shows=pending[position])
    press(page, "a", then_shows=pending[claim_at + 1])  # the next pending item comes up
    expect(page.locator("#review-card .notice")).to_contain_text("Approved")
    remaining = [key for key in pending if key != claim_key]
    position, target = remaining.index(pending[claim_at + 1]), remaining.index(quote_key)
    while position != target:  # k walks back (j forward), skipping the approved claim
        step = -1 if position > target else 1
        position += step
        press(page, "k" if step < 0 else "j", then_shows=remaining[position])
    page.keyboard.press("r")
    expect(page.locator("#review-card .notice")).to_contain_text("Rejected")
    expect(page.locator("#review-card")).not_to_have_attribute("data-item", quote_key)

    claim = NumericClaim.objects.get(pk=claim_key.removeprefix("claim-"))
    quote = Quote.objects.get(pk=quote_key.removeprefix("quote-"))
    assert (claim.status, claim.version) == (ReviewStatus.APPROVED, 2)
    assert (quote.status, quote.version) == (ReviewStatus.REJECTED, 2)
    decisions = Decision.objects.order_by("pk")
    assert [(d.item, d.actor, d.action, d.from_state, d.to_state) for d in decisions] == [
        (claim, editor, Decision.Action.REVIEW, ReviewStatus.EXTRACTED, ReviewStatus.APPROVED),
        (quote, editor, Decision.Action.REVIEW, ReviewStatus.EXTRACTED, ReviewStatus.REJECTED),
    ]
    others = [key for key in pending if key not in (claim_key, quote_key)]
    assert queue.pending_count(extracted_article.pk) == len(others)


def test_an_editor_corrects_the_text_and_an_approved_quote_keeps_its_words_and_place(
    open_page, editor, extracted_article
):
    quote = extracted_article.quotes.get(text__contains="We will protect our people")
    services.review_item(quote, reviewer=editor, decision="approved")
    page = open_page(editor)
    page.goto(f"/articles/{extracted_article.pk}/")
    page.get_by_role("link", name="Correct the text").click()
    page.wait_for_url("**/edit/")

    # A change inside the approved quote's words is refused, and nothing is saved.
    page.get_by_label("Article text").fill(BODY.replace("protect our people", "defend them"))
    page.get_by_role("button", name="Save the corrected text").click()
    expect(page.get_by_role("alert")).to_contain_text("decided item")
    extracted_article.refresh_from_db()
    assert extracted_article.body == BODY

    # A preface and a corrected figure elsewhere are saved; the quote moves with its words.
    corrected = "Update: figures revised.\n\n" + BODY.replace("at least 46", "at least 48")
    page.get_by_label("Article text").fill(corrected)
    page.get_by_role("button", name="Save the corrected text").click()
    page.wait_for_url(f"**/articles/{extracted_article.pk}/")
    expect(page.locator(".messages")).to_contain_text("Text saved")
    mark = page.locator(f'.article-body a[href="#card-{quote.key}"]')
    expect(mark).to_have_text(quote.text)
    expect(mark).to_have_class(re.compile(r"\bstatus-approved\b"))
    quote.refresh_from_db()
    assert corrected[quote.start : quote.end] == quote.text
    assert quote.status == ReviewStatus.APPROVED
    assert [d.action for d in quote.decisions.order_by("pk")] == ["review", "move"]
