"""Fact-checkers record verdicts on approved quotes, and cannot review what was extracted."""

from claims.models import Decision, NumericClaim, Quote, ReviewStatus, Verdict
from tests.browser import BROWSER_TEST, expect
from tests.factories import NumericClaimFactory, QuoteFactory

pytestmark = BROWSER_TEST

EVIDENCE = "https://www.state.gov/secretary-blinken-remarks-2023-11-06/"


def test_a_fact_checker_verifies_an_approved_quote_with_an_evidence_url(open_page, fact_checker):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    QuoteFactory(text="Over 38 attacks", status=ReviewStatus.EXTRACTED)  # not for checking yet
    page = open_page(fact_checker)
    page.get_by_role("link", name="Verify", exact=True).click()
    page.wait_for_url("**/verify/")
    card = page.locator("#verify-card")
    expect(card).to_have_attribute("data-item", quote.key)
    expect(card).to_contain_text("1 quote match these filters")

    card.get_by_label("Evidence URL").fill(EVIDENCE)
    card.get_by_label("Note").fill("Matches the State Department transcript.")
    card.get_by_role("button", name="Verified").click()

    expect(card.locator(".notice")).to_contain_text("Recorded “Verified”")
    expect(card).to_contain_text("All done")
    quote.refresh_from_db()
    assert (quote.verdict, quote.evidence_url) == (Verdict.VERIFIED, EVIDENCE)
    assert quote.verdict_note == "Matches the State Department transcript."
    assert (quote.verified_by, quote.status) == (fact_checker, ReviewStatus.APPROVED)
    [decision] = Decision.objects.all()
    assert (decision.item, decision.actor) == (quote, fact_checker)
    assert (decision.action, decision.to_state) == (Decision.Action.VERDICT, Verdict.VERIFIED)


def test_a_fact_checker_can_neither_open_the_review_queue_nor_approve_an_item(
    open_page, fact_checker
):
    quote = QuoteFactory()
    claim = NumericClaimFactory(article=quote.article)
    page = open_page(fact_checker)
    expect(page.locator("nav[aria-label=Main]").get_by_role("link", name="Review")).to_have_count(0)

    response = page.goto("/review/")
    assert response.status == 403
    expect(page.locator("#review-card")).to_have_count(0)
    expect(page.get_by_role("heading", name="Review queue")).to_have_count(0)

    page.goto("/verify/")  # any of the fact-checker's pages carries a CSRF token
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    cookie = next(c for c in page.context.cookies() if c["name"] == "csrftoken")
    assert token and cookie["value"]
    for item in (claim, quote):
        response = page.request.post(
            page.url.replace("/verify/", f"/review/{item.item_type}/{item.pk}/"),
            form={"csrfmiddlewaretoken": token, "decision": "approved", "version": "1"},
            headers={"X-CSRFToken": token, "HX-Request": "true", "HX-Target": "review-card"},
        )
        assert response.status == 403
        # The view refused, not the CSRF check (which would also answer 403).
        assert response.text() == "You may not review extractions."

    for model, item in ((NumericClaim, claim), (Quote, quote)):
        item = model.objects.get(pk=item.pk)
        assert (item.status, item.version) == (ReviewStatus.EXTRACTED, 1)
    assert not Decision.objects.exists()
