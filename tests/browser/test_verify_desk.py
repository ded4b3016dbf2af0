"""The verify desk driven from the keyboard: a verdict per key, the evidence field when Verified
needs it, skip, back, undo; and an editor assigning an unresolved speaker from the card."""

from claims.models import Decision, ReviewStatus, Verdict
from tests.browser import BROWSER_TEST, expect
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = BROWSER_TEST

EVIDENCE = "https://www.state.gov/remarks"
SETTLED = """expected => {
  const card = document.getElementById("verify-card");
  return card !== null && (card.dataset.item ?? null) === expected
    && !card.classList.contains("htmx-added")
    && !document.querySelector(".htmx-request, .htmx-settling");
}"""


def press(page, key: str, *, then_shows: str | None) -> None:
    """Press `key` on the desk and wait until the card for `then_shows` has settled."""
    page.keyboard.press(key)
    if then_shows is not None:
        expect(page.locator("#verify-card")).to_have_attribute("data-item", then_shows)
    page.wait_for_function(SETTLED, arg=then_shows)


def test_the_keyboard_loop_of_the_verify_desk(open_page, fact_checker):
    article = ArticleFactory(url="https://news.example/story")
    texts = ["Over 38 attacks", "We will take every necessary step", "at least 46 personnel"]
    first, second, third = (
        QuoteFactory(article=article, text=t, status=ReviewStatus.APPROVED) for t in texts
    )
    page = open_page(fact_checker)
    page.goto("/verify/")
    card = page.locator("#verify-card")
    expect(card).to_have_attribute("data-item", first.key)
    expect(card.get_by_role("link", name="Open the source")).to_have_attribute(
        "href", "https://news.example/story"
    )
    expect(card.locator("blockquote.context mark")).to_have_text("Over 38 attacks")

    press(page, "m", then_shows=second.key)  # misquoted; the next quote comes in
    expect(card.locator(".notice")).to_contain_text("Recorded “Misquoted”")
    assert page.evaluate("document.activeElement.id") == "verify-card"

    # Verified needs evidence: the key puts you in the field instead of sending a request
    page.keyboard.press("v")
    evidence = card.get_by_label("Evidence URL")
    expect(evidence).to_be_focused()
    assert Decision.objects.filter(quote=second).count() == 0
    page.keyboard.type(EVIDENCE)
    page.keyboard.press("Enter")  # Enter in the field records Verified
    expect(card).to_have_attribute("data-item", third.key)
    page.wait_for_function(SETTLED, arg=third.key)
    expect(card.locator(".notice")).to_contain_text("Recorded “Verified”")

    press(page, "z", then_shows=second.key)  # undo: the quote is back, unchecked
    expect(card.locator(".notice")).to_contain_text("is “Not checked yet” again")
    press(page, "n", then_shows=third.key)  # skip
    press(page, "k", then_shows=second.key)  # back
    press(page, "u", then_shows=third.key)  # unverifiable
    press(page, "o", then_shows=None)  # out of context; nothing left unchecked
    expect(card).to_contain_text("All done")
    assert "/verify/" in page.url

    for quote in (first, second, third):
        quote.refresh_from_db()
    assert [q.verdict for q in (first, second, third)] == [
        Verdict.MISQUOTED,
        Verdict.UNVERIFIABLE,
        Verdict.OUT_OF_CONTEXT,
    ]
    assert list(
        Decision.objects.filter(quote=second).order_by("pk").values_list("action", "to_state")
    ) == [("verdict", "verified"), ("undo", ""), ("verdict", "unverifiable")]


def test_a_verdict_keeps_the_filters_and_an_error_renders_in_the_card(open_page, fact_checker):
    article = ArticleFactory()
    ours = SpeakerFactory(name="Antony Blinken")
    texts = ["Over 38 attacks", "We will take every necessary step", "at least 46 personnel"]
    first, other, last = (
        QuoteFactory(article=article, text=t, status=ReviewStatus.APPROVED) for t in texts
    )
    for quote in (first, last):
        quote.speaker = ours
        quote.save(update_fields=["speaker"])
    page = open_page(fact_checker)
    page.goto("/verify/?speaker=Blinken")
    card = page.locator("#verify-card")
    expect(card).to_have_attribute("data-item", first.key)
    expect(card).to_contain_text("2 quotes match these filters")
    card.get_by_role("button", name="Verified").click()  # no evidence: refused in place
    expect(card.locator(".errorlist")).to_contain_text("needs the evidence")
    expect(page.locator("header.site")).to_be_visible()  # the page is still whole
    expect(card.get_by_label("Evidence URL")).to_be_focused()
    page.keyboard.press("Escape")
    press(page, "u", then_shows=last.key)  # the next quote of this speaker, not `other`
    assert "speaker=Blinken" in page.url
    other.refresh_from_db()
    assert other.verdict == ""


def test_an_editor_assigns_an_unresolved_speaker_with_one_key(open_page, editor):
    body = 'Lloyd Austin said: "We are ready." "We will take every necessary step," they said.'
    article = ArticleFactory(body=body)
    austin = SpeakerFactory(name="Lloyd Austin")
    ready = body.index("We are ready.")
    QuoteFactory(article=article, text="We are ready.", start=ready, end=ready + 13, speaker=austin)
    text = "We will take every necessary step,"
    start, at = body.index(text), body.index("they")
    they = QuoteFactory(
        article=article,
        text=text,
        start=start,
        end=start + len(text),
        speaker=None,
        speaker_start=at,
        speaker_end=at + 4,
    )
    page = open_page(editor)
    page.goto(f"/review/?item={they.key}")
    card = page.locator("#review-card")
    expect(card).to_contain_text("Speaker not resolved: the text says “they”")
    page.keyboard.press("1")
    expect(card.locator(".notice")).to_contain_text("Saved with edits")
    they.refresh_from_db()
    assert (they.speaker, they.status) == (austin, ReviewStatus.EDITED)


def test_an_editor_merges_two_speakers_from_a_card_after_confirming(open_page, editor):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Blinken"))
    full = SpeakerFactory(name="Antony Blinken")
    page = open_page(editor)
    page.goto(f"/articles/{quote.article_id}/")
    card = page.locator(f"#card-{quote.key}")
    card.locator("summary", has_text="Same person as").click()
    card.get_by_label("Another speaker, by name or alias").fill("Antony Blinken")
    card.get_by_role("button", name="Merge…").click()
    expect(card).to_contain_text("Same person?")
    assert quote.speaker.__class__.objects.filter(name="Blinken").exists()  # asked, not done
    card.get_by_role("button", name="Keep “Antony Blinken”").click()
    expect(card.locator(".notice")).to_contain_text("“Blinken” was merged into “Antony Blinken”")
    expect(card.locator("dl.facts")).to_contain_text("Antony Blinken")
    quote.refresh_from_db()
    assert quote.speaker == full
