"""The review card driven from the keyboard: editing a number, undoing, and where focus goes."""

from decimal import Decimal

from claims.models import Decision, NumericClaim, ReviewStatus
from tests.browser import BROWSER_TEST, expect, focused_card, press
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory

pytestmark = BROWSER_TEST


def test_editing_a_number_records_the_old_and_new_bounds_in_its_history(open_page, editor):
    claim = NumericClaimFactory()  # "at least 46": value 46, lower bound 46, no upper bound
    page = open_page(editor)
    page.goto(f"/review/?item={claim.key}&article={claim.article_id}")
    card = page.locator("#review-card")
    expect(card).to_have_attribute("data-item", claim.key)

    page.keyboard.press("e")
    expect(card.locator("form.edit-form")).to_be_visible()
    expect(page.locator("#id_value")).to_be_focused()
    expect(page.locator("#id_value")).to_have_value("46")
    expect(page.locator("#id_lower")).to_have_value("46")
    expect(page.locator("#id_upper")).to_have_value("")
    page.locator("#id_value").fill("45")
    page.locator("#id_qualifier").select_option("range")
    page.locator("#id_lower").fill("42")
    page.locator("#id_upper").fill("48.5")
    page.locator("#id_note").fill("The ministry's figure is a range.")
    page.locator("#id_upper").press("Enter")

    expect(card.locator(".notice")).to_contain_text("Saved with edits")
    expect(card.locator("form.edit-form")).to_have_count(0)
    claim.refresh_from_db()
    assert (claim.value, claim.lower, claim.upper) == (Decimal(45), Decimal(42), Decimal("48.5"))
    assert claim.qualifier == NumericClaim.Qualifier.RANGE
    assert (claim.status, claim.version) == (ReviewStatus.EDITED, 2)
    [decision] = Decision.objects.filter(claim=claim)
    assert (decision.actor, decision.action) == (editor, Decision.Action.EDIT)
    assert decision.changes == {
        "value": ["46", "45"],
        "lower": ["46", "42"],
        "upper": [None, "48.5"],
        "qualifier": [">=", "range"],
        "status": [ReviewStatus.EXTRACTED, ReviewStatus.EDITED],
    }

    page.goto(f"/review/?item={claim.key}")  # the edited number's own card
    expect(card.locator("dl.facts")).to_contain_text("42 … 48.5")
    page.keyboard.press("h")
    page.wait_for_url(f"**/claims/{claim.pk}/history/")
    row = page.locator(f"#decision-{decision.pk}")
    expect(row).to_contain_text(editor.username)
    expect(row).to_contain_text("Awaiting review → Approved with edits")
    changes = row.locator("ul.changes li")
    expect(changes.filter(has_text="value")).to_have_text("value: 46 → 45")
    expect(changes.filter(has_text="lower")).to_have_text("lower: 46 → 42")
    expect(changes.filter(has_text="upper")).to_have_text("upper: — → 48.5")
    expect(row).to_contain_text("The ministry's figure is a range.")


def test_u_undoes_the_last_decision_and_puts_the_item_back_in_the_queue(open_page, editor):
    quote = QuoteFactory()
    page = open_page(editor)
    page.goto("/review/")
    card = page.locator("#review-card")
    expect(card).to_have_attribute("data-item", quote.key)

    press(page, "a", then_shows=None)  # the queue is empty now
    expect(card.locator(".notice")).to_contain_text("Approved")
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.APPROVED

    press(page, "u", then_shows=quote.key)
    expect(card.locator(".notice")).to_contain_text("is “Awaiting review” again")
    expect(card.get_by_role("button", name="Approve")).to_be_visible()
    quote.refresh_from_db()
    assert (quote.status, quote.version) == (ReviewStatus.EXTRACTED, 3)
    review, undo = Decision.objects.filter(quote=quote).order_by("pk")
    assert (review.actor, review.to_state) == (editor, ReviewStatus.APPROVED)
    assert (undo.actor, undo.action, undo.undoes) == (editor, Decision.Action.UNDO, review)
    assert (undo.from_state, undo.to_state) == (ReviewStatus.APPROVED, ReviewStatus.EXTRACTED)


def test_after_a_decision_the_focus_is_inside_the_card_that_was_swapped_in(open_page, editor):
    article = ArticleFactory()
    quote = QuoteFactory(article=article)
    claim = NumericClaimFactory(article=article)  # "at least 46" comes after the quote
    page = open_page(editor)
    page.goto(f"/review/?article={article.pk}")
    expect(page.locator("#review-card")).to_have_attribute("data-item", quote.key)
    # Nothing has the focus yet, so the focus after the swap is the app's doing (htmx itself
    # only re-focuses an element whose id had the focus before the swap).
    assert focused_card(page) is None

    press(page, "a", then_shows=claim.key)
    assert focused_card(page) == claim.key
    assert page.evaluate("document.activeElement.id") == "review-card"

    press(page, "r", then_shows=None)  # keys keep working on the new card, no mouse needed
    expect(page.locator("#review-card")).to_contain_text("Nothing awaits review")
    quote.refresh_from_db()
    claim.refresh_from_db()
    assert (quote.status, claim.status) == (ReviewStatus.APPROVED, ReviewStatus.REJECTED)
    assert set(Decision.objects.values_list("actor__username", "to_state")) == {
        (editor.username, ReviewStatus.APPROVED),
        (editor.username, ReviewStatus.REJECTED),
    }


def test_a_round_bound_appears_in_the_history_as_the_editor_typed_it(open_page, editor):
    claim = NumericClaimFactory()
    page = open_page(editor)
    page.goto(f"/review/?item={claim.key}")
    page.keyboard.press("e")
    expect(page.locator("#id_value")).to_be_focused()
    page.locator("#id_lower").fill("40")
    page.locator("#id_lower").press("Enter")
    expect(page.locator("#review-card .notice")).to_contain_text("Saved with edits")
    claim.refresh_from_db()
    assert claim.lower == Decimal(40)

    page.goto(f"/claims/{claim.pk}/history/")
    lower = page.locator("ul.changes li", has_text="lower")
    assert lower.inner_text() == "lower: 46 → 40"
