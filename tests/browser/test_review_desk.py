"""The review desk in the browser: on to the next article from the keyboard, Esc keeping the
article filter, a bulk approval previewed before it is made, and buttons that look like buttons."""

from claims.models import Decision, Quote, ReviewStatus
from tests.browser import BROWSER_TEST, CARD_SETTLED, expect, press
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory

pytestmark = BROWSER_TEST


def test_a_finished_article_leads_to_the_next_with_n_and_esc_keeps_the_article(open_page, editor):
    first, second = ArticleFactory(title="First article"), ArticleFactory(title="Second article")
    done_soon = QuoteFactory(article=first)
    following = NumericClaimFactory(article=second)
    QuoteFactory(article=ArticleFactory())  # a third article, after the second in the queue
    page = open_page(editor)
    page.goto(f"/review/?article={first.pk}")
    card = page.locator("#review-card")
    expect(card).to_have_attribute("data-item", done_soon.key)

    page.keyboard.press("e")
    expect(card.locator("form.edit-form")).to_be_visible()
    expect(page.locator("#id_speaker_name")).to_be_focused()
    page.keyboard.press("Escape")  # from inside a field: cancels the edit
    expect(card.locator("form.edit-form")).to_have_count(0)
    expect(card).to_have_attribute("data-item", done_soon.key)
    assert page.url.endswith(f"/review/?item={done_soon.key}&article={first.pk}")
    expect(card).to_contain_text("1 item awaiting review in this article")
    # the cancelled edit swapped the card in again: a key before it settles posts the whole page
    page.wait_for_function(CARD_SETTLED, arg=done_soon.key)

    press(page, "a", then_shows=None)
    expect(card.get_by_role("heading", name="All done")).to_be_visible()
    offer = card.locator(".next-article a.button")
    expect(offer).to_contain_text("Second article")
    expect(offer).to_have_attribute("href", f"/review/?article={second.pk}")

    press(page, "n", then_shows=following.key)  # on to the next article, filter and all
    expect(card).to_contain_text("1 item awaiting review in this article")
    assert page.url.endswith(f"/review/?item={following.key}&article={second.pk}")
    assert Decision.objects.get().quote == done_soon


def test_approving_above_a_confidence_shows_exactly_what_before_approving(open_page, editor):
    article = ArticleFactory(title="Sure and unsure")
    sure = QuoteFactory(article=article, confidence=0.9)
    also_sure = NumericClaimFactory(article=article, confidence=0.95)
    unsure = NumericClaimFactory(
        article=article, text="Over 38", value=38, lower=38, qualifier=">", confidence=0.3
    )
    page = open_page(editor)
    page.goto("/review/?view=list")
    listed = page.locator("#review-list tbody tr")
    expect(listed).to_have_count(3)
    page.get_by_label("Confidence at least").fill("0.8")
    page.get_by_role("button", name="Filter").click()
    expect(listed).to_have_count(2)
    expect(page.locator("#review-list")).to_contain_text("2 items awaiting review match")

    page.get_by_role("link", name="Approve all 2 matching…").click()
    expect(page.get_by_role("heading", name="Approve 2 items?")).to_be_visible()
    preview = page.locator("#bulk-preview tbody tr")
    expect(preview).to_have_count(2)
    expect(preview.nth(0)).to_contain_text("We will take every necessary step")
    expect(preview.nth(1)).to_contain_text("at least 46")
    assert not Decision.objects.exists()  # nothing decided by looking

    page.get_by_role("button", name="Approve these 2").click()
    expect(page.locator(".messages")).to_contain_text("2 items approved.")
    expect(page.get_by_label("Confidence at least")).to_have_value("0.8")  # the list as it was
    expect(listed).to_have_count(1)
    statuses = {
        item.key: type(item).objects.get(pk=item.pk).status for item in (sure, also_sure, unsure)
    }
    assert statuses == {
        sure.key: ReviewStatus.APPROVED,
        also_sure.key: ReviewStatus.APPROVED,
        unsure.key: ReviewStatus.EXTRACTED,
    }
    assert set(Decision.objects.values_list("actor__username", flat=True)) == {editor.username}


def test_the_rest_of_an_article_is_approved_from_its_card_after_a_preview(open_page, editor):
    article = ArticleFactory()
    quote = QuoteFactory(article=article)
    claim = NumericClaimFactory(article=article)
    elsewhere = QuoteFactory()
    page = open_page(editor)
    page.goto(f"/review/?item={quote.key}")
    page.get_by_role("link", name="Approve the rest of this article…").click()
    expect(page.locator("#bulk-preview tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Approve these 2").click()
    expect(page.locator(".messages")).to_contain_text("2 items approved.")
    assert Quote.objects.get(pk=quote.pk).status == ReviewStatus.APPROVED
    assert type(claim).objects.get(pk=claim.pk).status == ReviewStatus.APPROVED
    assert Quote.objects.get(pk=elsewhere.pk).status == ReviewStatus.EXTRACTED


def test_correct_the_text_looks_like_the_buttons_beside_it(open_page, editor):
    article = ArticleFactory()
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    style = """element => {
      const s = getComputedStyle(element);
      return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.paddingTop,
              s.backgroundColor, s.color];
    }"""
    link = page.get_by_role("link", name="Correct the text").evaluate(style)
    button = page.get_by_role("button", name="Extract again").evaluate(style)
    assert link == button and link[:2] == ["solid", "1px"]
