"""Adding what the extractor missed, and fixing spans, by selecting words in the browser.

The browser counts UTF-16 code units and the server code points, so the texts here hold emoji
outside the Basic Multilingual Plane, combining marks and right-to-left words, and every test
checks the stored words against the words meant.
"""

from decimal import Decimal

from claims.models import Decision, NumericClaim, Quote, ReviewStatus
from tests.browser import BROWSER_TEST, expect
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = BROWSER_TEST

BODY = (
    "🎉🎉 The mayor 👩🏽‍⚖️ Zoë Ferreira said the new plan was “a gift to 𝔸ll of us”.\n"
    "«Nous ne céderons pas», a déclaré Rene\u0301e Dupont, 🇫🇷 ministre.\n"
    "قال الوزير إن 12 مدرسة أغلقت هذا الأسبوع، وأضاف أن “الوضع صعب جدا”.\n"
    "Officials said about 4,5 million 🏠 homes were affected."
)

# Select the first occurrence of `words` inside the element matching `selector` with the
# Selection API, as a drag of the mouse leaves it: a range over the element's text nodes, at
# offsets the browser counts in UTF-16 code units.
SELECT = """([selector, words]) => {
  const root = document.querySelector(selector);
  const at = root.textContent.indexOf(words);
  if (at < 0) throw new Error("not in the text: " + words);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, started = false, node;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!started && at < pos + len) { range.setStart(node, at - pos); started = true; }
    const end = at + words.length;
    if (started && end <= pos + len) { range.setEnd(node, end - pos); break; }
    pos += len;
  }
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

WORD_BOX = """([selector, word]) => {
  const root = document.querySelector(selector);
  const at = root.textContent.indexOf(word);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0, node;
  while ((node = walker.nextNode())) {
    if (at < pos + node.data.length) {
      const range = document.createRange();
      range.setStart(node, at - pos);
      range.setEnd(node, at - pos + word.length);
      const box = range.getBoundingClientRect();
      return {x: box.left + box.width / 2, y: box.top + box.height / 2};
    }
    pos += node.data.length;
  }
}"""


# htmx marks what it is still swapping or settling; a selection made in it would be replaced.
SWAPPING = ".htmx-request, .htmx-swapping, .htmx-settling"


def select(page, words: str, selector: str = "#article-text") -> None:
    expect(page.locator(SWAPPING)).to_have_count(0)  # as a person would: once the text is there
    page.evaluate(SELECT, [selector, words])


def added_card(page, model, words: str):
    """Wait for the swapped-in highlight of the item just added; return the item."""
    item = None

    def stored():
        nonlocal item
        item = model.objects.filter(added_by_hand=True, text=words).first()
        return item is not None

    expect(page.locator("#article-text a.hl.status-approved", has_text=words).first).to_be_visible()
    assert stored(), f"no {model.__name__} added with the words {words!r}"
    expect(page.locator(f"#card-{item.key} .notice")).to_contain_text("Added by hand")
    return item


def test_selected_words_with_emoji_combining_marks_and_rtl_become_exact_quotes(open_page, editor):
    article = ArticleFactory(body=BODY)
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    panel = page.locator("#add-item")
    expect(panel).to_be_hidden()

    cases = [
        ("a gift to 𝔸ll of us", "Zoë Ferreira", "direct"),
        ("Nous ne céderons pas", "Rene\u0301e Dupont", "direct"),
        ("الوضع صعب جدا", "الوزير", "mixed"),
    ]
    for words, speaker, kind in cases:
        select(page, words)
        expect(page.locator("[data-selection-preview]")).to_contain_text(words[:10])
        page.keyboard.press("q")
        form = panel.locator("form[data-add-kind=quote]")
        expect(form).to_be_visible()
        expect(form.locator("[data-picked]")).to_have_text(words)
        expect(form.get_by_label("Speaker:", exact=True)).to_be_focused()
        form.get_by_label("Speaker:", exact=True).fill(speaker)
        form.get_by_label("Kind").select_option(kind)
        form.get_by_label("Speaker:", exact=True).press("Enter")
        quote = added_card(page, Quote, words)
        assert quote.text == article.body[quote.start : quote.end] == words
        assert (quote.status, quote.kind, quote.speaker.name) == ("approved", kind, speaker)
        [decision] = Decision.objects.filter(quote=quote)
        assert (decision.action, decision.actor) == (Decision.Action.ADD, editor)
    assert Quote.objects.filter(added_by_hand=True).count() == 3


def test_a_number_by_double_click_and_the_toolbar_button_trims_the_space(open_page, editor):
    article = ArticleFactory(body=BODY)
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    select(page, "about 4,5 million 🏠 homes")  # a drag that took the emoji and "homes" too
    box = page.evaluate(WORD_BOX, ["#article-text", "12"])
    page.mouse.dblclick(box["x"], box["y"])  # a double click selects the word instead
    page.get_by_role("link", name="Add a number").click()
    form = page.locator("#add-item form[data-add-kind=claim]")
    expect(form.locator("[data-picked]")).to_have_text("12")
    form.get_by_label("Value").fill("12")
    form.get_by_label("What is counted").fill("schools closed")
    form.get_by_role("button", name="Add it, approved").click()
    claim = added_card(page, NumericClaim, "12")
    assert claim.text == article.body[claim.start : claim.end]
    assert (claim.value, claim.counted) == (Decimal(12), "schools closed")

    select(page, "about 4,5 million")
    page.keyboard.press("n")
    form.get_by_label("Value").fill("4500000")
    form.get_by_label("Qualifier").select_option("~")
    form.get_by_label("Value").press("Enter")
    claim = added_card(page, NumericClaim, "about 4,5 million")
    assert claim.start == article.body.index("about 4,5 million")


def test_keys_do_nothing_while_typing_and_escape_closes_the_form(open_page, editor):
    article = ArticleFactory(body=BODY)
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    select(page, "Zoë Ferreira")
    page.locator("#site-search").press("q")
    expect(page.locator("#site-search")).to_have_value("q")
    expect(page.locator("#add-item")).to_be_hidden()
    page.locator("#site-search").fill("")
    page.locator("main").focus()
    page.keyboard.press("q")  # nothing selected any more (the search box took the focus)
    expect(page.locator("[data-selection-preview]")).to_contain_text("First select the words")
    select(page, "Zoë Ferreira")
    page.keyboard.press("q")
    expect(page.locator("#add-item form[data-add-kind=quote]")).to_be_visible()  # fetched
    page.keyboard.press("Escape")
    expect(page.locator("#add-item")).to_be_hidden()
    assert not Quote.objects.exists()


def test_a_text_corrected_meanwhile_is_a_conflict_shown_in_place(open_page, editor):
    article = ArticleFactory(body=BODY)
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    article.body = "Corrected: " + article.body
    article.content_hash = article.hash_body(article.body)
    article.save(update_fields=["body", "content_hash"])
    select(page, "Zoë Ferreira said")
    page.keyboard.press("q")
    page.locator("#add-item").get_by_role("button", name="Add it, approved").click()
    expect(page.locator("#add-item .errorlist")).to_contain_text("changed by someone else")
    expect(page.locator("header.site")).to_be_visible()  # in place, not a page of its own
    assert not Quote.objects.exists()


def test_a_quotes_span_and_speaker_mention_are_fixed_by_selecting_them(open_page, editor):
    article = ArticleFactory(body=BODY)
    start = BODY.index("Nous ne céderons")
    quote = QuoteFactory(article=article, text="Nous ne céderons", start=start, end=start + 16)
    page = open_page(editor)
    page.goto(f"/articles/{article.pk}/")
    card = page.locator(f"#card-{quote.key}")
    card.get_by_role("link", name="Edit").click()
    form = card.locator("form.edit-form")
    expect(form.get_by_label("Speaker:", exact=True)).to_be_focused()  # settled
    select(page, "«Nous ne céderons pas»")
    form.get_by_role("button", name="Use the selected words as the quote").click()
    expect(form.locator("[data-pick-status]")).to_contain_text("«Nous ne céderons pas»")
    select(page, "Rene\u0301e Dupont")
    form.get_by_role("button", name="Use the selected words as the speaker's mention").click()
    form.get_by_label("Speaker:", exact=True).fill("Renée Dupont")
    form.get_by_role("button", name="Save edits").click()
    expect(card.locator(".notice")).to_contain_text("Saved with edits")
    quote.refresh_from_db()
    assert quote.text == "«Nous ne céderons pas»" and quote.status == ReviewStatus.EDITED
    mention = article.body[quote.speaker_start : quote.speaker_end]
    assert mention == "Rene\u0301e Dupont"
    expect(card.locator("blockquote.context .mention")).to_have_text(mention)
    page.reload()
    expect(page.locator("#article-text .mention")).to_have_text(mention)


def test_in_the_review_queue_the_span_is_picked_from_the_cards_paragraph(open_page, editor):
    article = ArticleFactory(body=BODY)
    start = BODY.index("الوضع")
    quote = QuoteFactory(article=article, text="الوضع", start=start, end=start + 5)
    page = open_page(editor)
    page.goto(f"/review/?item={quote.key}")
    page.keyboard.press("e")
    form = page.locator("#review-card form.edit-form")
    expect(form.get_by_label("Speaker:", exact=True)).to_be_focused()  # settled
    select(page, "الوضع صعب جدا", "#review-card blockquote.context")
    form.get_by_role("button", name="Use the selected words as the quote").click()
    form.get_by_role("button", name="Save edits").click()
    expect(page.locator("#review-card .notice")).to_contain_text("Saved with edits")
    quote.refresh_from_db()
    assert quote.text == "الوضع صعب جدا" == article.body[quote.start : quote.end]
