"""Bulk approval: the review list's filters, a preview of exactly what will be approved, and
items changed after the preview left alone."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Decision, NumericClaim, Quote, ReviewStatus
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
QUEUE = reverse("claims:review-queue")
BULK = reverse("claims:review-bulk")
BODY = (
    '"We will take every necessary step," Antony Blinken said. He said they would talk. '
    "Over 38 attacks took place, and at least 46 personnel were injured."
)


@pytest.fixture
def article_items():
    """One article with a direct and an indirect quote by two speakers and two numbers."""
    article = ArticleFactory(body=BODY, title="Blinken on Iran")
    blinken, other = SpeakerFactory(name="Antony Blinken"), SpeakerFactory(name="Jo Other")
    return {
        "direct": QuoteFactory(
            article=article,
            text="We will take every necessary step",
            speaker=blinken,
            confidence=0.9,
        ),
        "indirect": QuoteFactory(
            article=article,
            text="they would talk",
            kind=Quote.Kind.INDIRECT,
            speaker=other,
            confidence=0.4,
        ),
        "over": NumericClaimFactory(
            article=article, text="Over 38", value=38, lower=38, qualifier=">", confidence=0.85
        ),
        "least": NumericClaimFactory(article=article, text="at least 46", confidence=0.6),
    }


def shown_keys(html: str) -> list[str]:
    return re.findall(r'<tr id="row-((?:quote|claim)-\d+)"', html)


def posted_keys(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="items" value="([^"]+)"', html)


def test_the_list_filters_by_kind_confidence_and_speaker(client, editor, article_items):
    items = article_items
    QuoteFactory(confidence=0.95)  # another article's
    client.force_login(editor)

    def listed(**filters) -> set[str]:
        response = client.get(QUEUE, {"view": "list", **filters})
        assert response.status_code == 200
        return set(shown_keys(response.text))

    article = {"article": items["direct"].article_id}
    assert listed(**article) == {item.key for item in items.values()}
    assert listed(kind="quote.indirect", **article) == {items["indirect"].key}
    assert listed(kind="quote", **article) == {items["direct"].key, items["indirect"].key}
    assert listed(kind="claim", **article) == {items["over"].key, items["least"].key}
    assert listed(min_confidence="0.85", **article) == {items["direct"].key, items["over"].key}
    assert listed(speaker="blinken") == {items["direct"].key}
    assert listed(kind="claim", min_confidence="0.7", **article) == {items["over"].key}
    htmx = client.get(QUEUE, {"view": "list", "kind": "claim"}, headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<div id="review-list">') and "<html" not in htmx.text


@pytest.mark.parametrize(
    "filters",
    [{"min_confidence": "1.5"}, {"min_confidence": "x"}, {"kind": "poem"}, {"article": "0"}],
)
def test_a_nonsense_filter_is_a_400_that_lists_nothing(client, editor, article_items, filters):
    client.force_login(editor)
    for url, params in ((QUEUE, {"view": "list", **filters}), (BULK, filters)):
        response = client.get(url, params)
        assert response.status_code == 400
        assert not shown_keys(response.text) and 'class="errorlist"' in response.text


def test_the_preview_lists_exactly_what_confirming_approves(client, editor, article_items):
    items = article_items
    client.force_login(editor)
    article = items["direct"].article_id
    filters = {"article": article, "min_confidence": "0.8"}
    preview = client.get(BULK, filters)
    assert preview.status_code == 200
    assert "Approve 2 items?" in preview.text
    expected = [f"{items['direct'].key}@1", f"{items['over'].key}@1"]  # text order
    assert posted_keys(preview.text) == expected
    assert shown_keys(preview.text) == [key.split("@")[0] for key in expected]
    assert Decision.objects.count() == 0  # a preview decides nothing

    late = QuoteFactory(article=items["direct"].article, text="Over 38 attacks", confidence=0.99)
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    data = {**form, "items": posted_keys(preview.text), "decision": "approved"}
    response = client.post(BULK, data, follow=True)
    assert "2 items approved." in response.text
    assert response.redirect_chain[-1][0].startswith(f"{QUEUE}?view=list&")
    for name in ("over", "direct"):
        items[name].refresh_from_db()
        assert items[name].status == ReviewStatus.APPROVED
        [decision] = items[name].decisions.all()
        assert decision.actor == editor
        note = (
            f"Approved in bulk: every kind, article {article} “Blinken on Iran”, "
            "confidence at least 0.8"
        )
        assert decision.note == note
    late.refresh_from_db()
    assert late.status == ReviewStatus.EXTRACTED  # added after the preview: not approved


def test_an_item_changed_after_the_preview_is_left_as_it_is(client, editor, article_items):
    items = article_items
    article = items["direct"].article_id
    client.force_login(editor)
    preview = client.get(BULK, {"article": article})
    keys = posted_keys(preview.text)
    assert len(keys) == 4 and "Approve the rest" not in preview.text
    # meanwhile: someone rejects one, and approves then undoes another (pending again, v3)
    other = UserFactory(username="other", role="editor")
    services.review_item(items["least"], reviewer=other, decision="rejected")
    services.review_item(items["indirect"], reviewer=other, decision="approved")
    services.undo_decision(Decision.objects.get(quote=items["indirect"]), actor=other)

    response = client.post(BULK, {"items": keys, "decision": "approved"}, follow=True)
    assert "2 items approved." in response.text
    assert f"claim {items['least'].pk} changed since you saw it (it is now “Rejected”)" in (
        response.text
    )
    assert f"quote {items['indirect'].pk} changed since you saw it" in response.text
    statuses = {name: type(item).objects.get(pk=item.pk).status for name, item in items.items()}
    assert statuses == {
        "direct": ReviewStatus.APPROVED,
        "over": ReviewStatus.APPROVED,
        "least": ReviewStatus.REJECTED,
        "indirect": ReviewStatus.EXTRACTED,
    }
    assert not Decision.objects.filter(actor=editor, quote=items["indirect"]).exists()


def test_the_card_offers_approving_the_rest_of_its_article(client, editor, article_items):
    client.force_login(editor)
    card = client.get(QUEUE, {"item": article_items["direct"].key}).text
    article = article_items["direct"].article_id
    assert f'href="{BULK}?article={article}">Approve the rest of this article…</a>' in card
    page = client.get(reverse("claims:article-detail", args=[article])).text
    assert f'href="{BULK}?article={article}">Approve the rest of this article…</a>' in page
    preview = client.get(BULK, {"article": article}).text
    assert set(shown_keys(preview)) == {item.key for item in article_items.values()}
    empty = client.get(BULK, {"article": article, "speaker": "nobody at all"})
    assert empty.status_code == 200 and "nothing to approve" in empty.text


def test_the_preview_is_for_reviewers_only(client, fact_checker, article_items):
    client.force_login(fact_checker)
    assert client.get(BULK).status_code == 403
    client.logout()
    assert client.get(BULK).status_code == 302


def test_a_preview_over_the_limit_says_how_many_more_match(
    client, editor, monkeypatch, article_items
):
    from claims.views import review

    monkeypatch.setattr(review, "BULK_LIMIT", 3)
    client.force_login(editor)
    preview = client.get(BULK, {"article": article_items["direct"].article_id}).text
    assert "Approve 3 items?" in preview and "4 match, and the first 3" in preview
    assert len(posted_keys(preview)) == 3
    assert NumericClaim.objects.filter(status=ReviewStatus.EXTRACTED).count() == 2
