"""The article page's add form and the span picker's fields, through the Django test client."""

import pytest
from django.urls import reverse

from claims.models import Decision, NumericClaim, Quote, Speaker
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "add-item"}


def add_url(article, kind="quote"):
    return reverse("claims:article-add", args=[article.pk, kind])


def quote_data(article, words="officials said", **extra):
    start = article.body.index(words)
    data = {
        "quote-start": start,
        "quote-end": start + len(words),
        "quote-words": words,
        "quote-content_hash": article.content_hash,
        "quote-kind": "indirect",
        "quote-cue": "said",
        "quote-speaker_name": "",
    }
    return data | {f"quote-{name}": value for name, value in extra.items()}


def test_adding_a_quote_with_htmx_swaps_in_the_article_with_its_new_highlight(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = quote_data(article, speaker_name="A New Official")
    response = client.post(add_url(article), data, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#article-layout"
    assert response["HX-Reswap"] == "outerHTML"
    quote = Quote.objects.get(added_by_hand=True)
    assert (quote.text, quote.status, quote.kind) == ("officials said", "approved", "indirect")
    assert quote.speaker == Speaker.objects.get(name="A New Official")
    html = response.content.decode()
    assert "<html" not in html and 'id="article-layout"' in html
    assert f'href="#card-{quote.key}" class="hl status-approved"' in html
    assert "Added by hand and approved" in html
    assert Decision.objects.get(quote=quote).action == Decision.Action.ADD


def test_without_javascript_adding_redirects_to_the_new_card(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(add_url(article), quote_data(article))
    quote = Quote.objects.get(added_by_hand=True)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/articles/{article.pk}/#card-{quote.key}")


def test_the_add_page_without_javascript_opens_the_form_with_typed_offsets(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.get(add_url(article, "claim"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<section id="add-item" class="card add-item" aria-label' in html
    assert 'aria-label="Add a missed quote or number" hidden' not in html
    assert 'name="claim-start"' in html and 'name="claim-words"' in html
    assert '<details class="offsets" open>' in html


def test_words_not_at_the_offsets_are_a_400_in_place_and_store_nothing(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = quote_data(article)
    data["quote-start"] += 1  # the offsets a UTF-16 count would give after an emoji
    data["quote-end"] += 1
    data["quote-speaker_name"] = "Should Not Exist"
    response = client.post(add_url(article), data, headers=HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="add-item"')
    assert "not the article&#x27;s at those offsets" in html
    assert not Quote.objects.exists() and not Speaker.objects.exists()


def test_a_text_corrected_since_the_page_loaded_is_a_409(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = quote_data(article) | {"quote-content_hash": "f" * 64}
    response = client.post(add_url(article), data, headers=HTMX)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert not Quote.objects.exists()


def test_an_invalid_number_form_is_a_400(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    start = article.body.index("at least 46")
    data = {
        "claim-start": start,
        "claim-end": start + len("at least 46"),
        "claim-words": "at least 46",
        "claim-content_hash": article.content_hash,
        "claim-qualifier": ">=",
        "claim-value": "46",  # "at least" needs a lower bound
    }
    response = client.post(add_url(article, "claim"), data, headers=HTMX)
    assert response.status_code == 400
    assert "need a lower bound" in response.content.decode()
    data["claim-lower"] = "46"
    assert client.post(add_url(article, "claim"), data, headers=HTMX).status_code == 200
    assert NumericClaim.objects.get().lower == 46


def test_fact_checkers_get_403_anonymous_a_log_in_and_put_405(client, fact_checker, editor):
    article = ArticleFactory()
    response = client.post(add_url(article), quote_data(article))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(fact_checker)
    assert client.post(add_url(article), quote_data(article)).status_code == 403
    assert (
        'id="add-toolbar"'
        not in client.get(reverse("claims:article-detail", args=[article.pk])).content.decode()
    )
    client.force_login(editor)
    assert client.put(add_url(article)).status_code == 405
    assert not Quote.objects.exists()


def test_the_speakers_mention_set_on_an_edit_is_marked_on_the_page_and_the_card(client, editor):
    quote = QuoteFactory()
    body = quote.article.body
    mention = body.index("Antony Blinken")
    data = {
        "version": 1,
        "start": quote.start,
        "end": quote.end,
        "kind": "direct",
        "cue": "said",
        "speaker_name": quote.speaker.name,
        "speaker_start": mention,
        "speaker_end": mention + len("Antony Blinken"),
    }
    client.force_login(editor)
    url = reverse("claims:item-edit", args=["quote", quote.pk])
    assert client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker_start, quote.speaker_end) == (mention, mention + 14)
    assert Decision.objects.get(quote=quote).changes["speaker_start"] == [None, mention]
    page = client.get(reverse("claims:article-detail", args=[quote.article_id])).content.decode()
    assert f'<span class="mention" title="Speaker named here: {quote.speaker.name}">' in page
    card = client.get(reverse("claims:review-queue"), {"item": quote.key}).content.decode()
    assert 'class="context" data-text-offset="0"' in card and "Antony Blinken</span>" in card


@pytest.mark.parametrize(
    ("low", "high", "error"),
    [("3", "", "Give both ends"), ("9", "4", "must come after its start")],
)
def test_half_a_mention_or_a_reversed_one_is_a_400(client, editor, low, high, error):
    quote = QuoteFactory()
    data = {"version": 1, "start": quote.start, "end": quote.end, "kind": "direct", "cue": ""}
    data |= {"speaker_name": "", "speaker_start": low, "speaker_end": high}
    client.force_login(editor)
    url = reverse("claims:item-edit", args=["quote", quote.pk])
    response = client.post(url, data, headers={"HX-Request": "true", "HX-Target": "review-card"})
    assert response.status_code == 400 and error in response.content.decode()
    quote.refresh_from_db()
    assert quote.version == 1


def test_the_add_form_is_fetched_as_its_fragment_and_not_sent_with_every_page(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    page = client.get(reverse("claims:article-detail", args=[article.pk])).content.decode()
    assert 'id="add-toolbar"' in page and 'name="quote-words"' not in page
    response = client.get(add_url(article), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="add-item"') and 'name="quote-words"' in html
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]
