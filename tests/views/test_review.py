"""The editor's review queue: one card at a time, decisions swapped in, conflicts reported."""

import re

import pytest
from django.urls import reverse

from claims.models import Decision, NumericClaim, Quote, ReviewStatus, Speaker, SpeakerAlias
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "review-card"}
QUEUE = reverse("claims:review-queue")


def review_url(item, action="item-review"):
    return reverse(f"claims:{action}", args=[item.item_type, item.pk])


def test_the_queue_shows_the_oldest_pending_item_first(client, editor):
    older = QuoteFactory()
    QuoteFactory(article=ArticleFactory())
    client.force_login(editor)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["item"] == older
    assert f'data-item="quote-{older.pk}"'.encode() in response.content


def test_quotes_and_claims_of_one_article_come_in_text_order(client, editor):
    article = ArticleFactory()
    quote = QuoteFactory(article=article)  # the quote starts after "Over 38 attacks"
    claim = NumericClaimFactory(article=article, text="Over 38", value=38, lower=38, qualifier=">")
    client.force_login(editor)
    assert client.get(QUEUE).context["item"] == claim
    following = client.get(QUEUE, {"after": claim.key}, headers=HTMX)
    assert following.context["item"] == quote
    assert following["HX-Push-Url"] == f"{QUEUE}?item={quote.key}"  # the address names the card
    assert client.get(QUEUE, {"before": quote.key}).context["item"] == claim
    last = client.get(QUEUE, {"after": quote.key})
    assert last.context["item"] == quote and "No pending item after this one" in last.text
    gone = client.get(QUEUE, {"after": "quote-999999"})  # e.g. removed by a re-extraction
    assert gone.status_code == 200 and gone.context["item"] == claim
    assert "no longer there" in gone.text


def test_approving_swaps_in_the_next_card_and_records_the_decision(client, editor):
    first, second = QuoteFactory(), QuoteFactory()
    client.force_login(editor)
    response = client.post(review_url(first), {"decision": "approved", "version": 1}, headers=HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert f'data-item="quote-{second.pk}"'.encode() in response.content
    assert b"Approved" in response.content
    first.refresh_from_db()
    assert first.status == ReviewStatus.APPROVED
    assert first.decisions.get().actor == editor


def test_without_javascript_a_decision_redirects_to_the_next_item(client, editor):
    first, second = NumericClaimFactory(), NumericClaimFactory()
    client.force_login(editor)
    response = client.post(review_url(first), {"decision": "rejected", "version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?item=claim-{second.pk}"
    first.refresh_from_db()
    assert first.status == ReviewStatus.REJECTED


def test_a_stale_decision_gets_409_with_the_other_persons_decision(client, editor):
    quote = QuoteFactory()
    other = UserFactory(username="other", role="editor")
    client.force_login(other)
    client.post(review_url(quote), {"decision": "rejected", "version": 1})
    client.force_login(editor)
    response = client.post(review_url(quote), {"decision": "approved", "version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert b"Rejected" in response.content and b"other" in response.content
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.REJECTED
    assert quote.decisions.count() == 1


def test_a_fact_checker_cannot_approve(client, fact_checker):
    quote = QuoteFactory()
    client.force_login(fact_checker)
    assert client.post(review_url(quote), {"decision": "approved", "version": 1}).status_code == 403
    assert client.get(QUEUE).status_code == 403
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.EXTRACTED


def test_an_anonymous_user_is_sent_to_log_in(client):
    quote = QuoteFactory()
    response = client.post(review_url(quote), {"decision": "approved", "version": 1})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(QUEUE).status_code == 302


def test_deciding_by_get_is_not_allowed(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    assert client.get(review_url(quote)).status_code == 405
    assert client.get(reverse("claims:review-undo")).status_code == 405


def test_undo_puts_the_last_decision_back(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    client.post(review_url(quote), {"decision": "rejected", "version": 1})
    response = client.post(reverse("claims:review-undo"), headers=HTMX)
    assert response.status_code == 200
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.EXTRACTED
    assert [d.action for d in Decision.objects.for_item(quote)] == ["review", "undo"]
    assert response.context["item"] == quote


def test_editing_a_numbers_bounds_through_the_form(client, editor):
    claim = NumericClaimFactory()
    client.force_login(editor)
    form = client.get(review_url(claim, "item-edit"), headers=HTMX)
    assert form.status_code == 200 and b'name="lower"' in form.content
    data = {
        "version": 1,
        "start": claim.start,
        "end": claim.end,
        "value": "47",
        "lower": "47",
        "upper": "",
        "qualifier": ">=",
        "counted": "US personnel injured",
        "unit": "",
        "claimant_name": "Pentagon",
        "note": "recount",
    }
    response = client.post(review_url(claim, "item-edit"), data, headers=HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.lower, claim.status, claim.claimant.name) == (47, ReviewStatus.EDITED, "Pentagon")
    decision = claim.decisions.get()
    assert decision.note == "recount" and decision.changes["lower"] == ["46", "47"]


def test_an_inconsistent_edit_is_refused_with_the_form_and_400(client, editor):
    claim = NumericClaimFactory()
    client.force_login(editor)
    data = {
        "version": 1,
        "start": claim.start,
        "end": claim.end,
        "value": "10",
        "lower": "20",
        "qualifier": ">=",
        "counted": "",
        "unit": "",
        "claimant_name": "",
    }
    response = client.post(review_url(claim, "item-edit"), data, headers=HTMX)
    assert response.status_code == 400
    assert b"lower bound is above the value" in response.content
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.EXTRACTED and not claim.decisions.exists()


def test_bulk_approval_decides_each_selected_item_once(client, editor):
    quotes = QuoteFactory.create_batch(3)
    decided = QuoteFactory(status=ReviewStatus.REJECTED)
    client.force_login(editor)
    keys = [f"quote-{q.pk}" for q in quotes[:2]] + [f"quote-{decided.pk}"]
    response = client.post(reverse("claims:review-bulk"), {"items": keys, "decision": "approved"})
    assert response.status_code == 302
    statuses = sorted(Quote.objects.values_list("status", flat=True))
    assert statuses == ["approved", "approved", "extracted", "rejected"]


def test_a_stale_edit_naming_a_new_speaker_creates_no_speaker(client, editor):
    quote = QuoteFactory()
    client.force_login(UserFactory(username="other", role="editor"))
    client.post(review_url(quote), {"decision": "approved", "version": 1})
    client.force_login(editor)
    data = {"version": 1, "start": quote.start, "end": quote.end, "kind": "direct", "cue": ""}
    data["speaker_name"] = "Somebody Entirely New"
    response = client.post(review_url(quote, "item-edit"), data, headers=HTMX)
    assert response.status_code == 409
    assert not Speaker.objects.filter(name="Somebody Entirely New").exists()
    assert not SpeakerAlias.objects.filter(name="Somebody Entirely New").exists()


def test_bulk_mixes_quotes_and_claims_and_reports_what_it_skipped(client, editor):
    quote, claim = QuoteFactory(), NumericClaimFactory()
    gone = QuoteFactory()
    keys = [quote.key, claim.key, gone.key]
    gone_pk = gone.pk
    gone.delete()
    client.force_login(editor)
    response = client.post(
        reverse("claims:review-bulk"), {"items": keys, "decision": "rejected"}, follow=True
    )
    text = response.content.decode()
    assert "2 items rejected." in text and f"quote {gone_pk} no longer exists" in text
    assert Decision.objects.filter(to_state="rejected").count() == 2


def test_bulk_with_a_forged_key_changes_nothing(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    client.post(
        reverse("claims:review-bulk"),
        {"items": [f"quote-{quote.pk}", "drop table"], "decision": "approved"},
    )
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.EXTRACTED


@pytest.mark.parametrize("view", ["card", "list"])
def test_the_queue_costs_the_same_queries_with_more_data(
    client, editor, view, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    params = {"view": "list"} if view == "list" else {}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE, params).status_code == 200
        return len(captured)

    QuoteFactory.create_batch(3)
    NumericClaimFactory.create_batch(3)
    few = queries()
    QuoteFactory.create_batch(9)
    NumericClaimFactory.create_batch(9)
    assert queries() == few


def test_claims_are_only_for_reviewers_with_the_claim_permission(client, fact_checker):
    claim = NumericClaimFactory()
    client.force_login(fact_checker)
    assert client.post(review_url(claim), {"decision": "approved", "version": 1}).status_code == 403
    assert NumericClaim.objects.get(pk=claim.pk).status == ReviewStatus.EXTRACTED


def test_after_an_articles_last_item_the_queue_offers_the_next_article_awaiting_review(
    client, editor
):
    earlier, done, later = ArticleFactory(), ArticleFactory(), ArticleFactory()
    QuoteFactory(article=earlier)
    last = QuoteFactory(article=done)
    QuoteFactory(article=later, status=ReviewStatus.APPROVED)  # nothing pending: skipped
    waiting = QuoteFactory(article=ArticleFactory(title="The one after"))
    client.force_login(editor)
    response = client.post(
        review_url(last), {"decision": "approved", "version": 1, "article": done.pk}, headers=HTMX
    )
    assert response.status_code == 200 and "All done" in response.text
    link = f'href="{QUEUE}?article={waiting.article_id}"'
    assert link in response.text and 'data-key="n"' in response.text
    assert "The one after" in response.text
    following = client.get(QUEUE, {"article": waiting.article_id}, headers=HTMX)
    assert following.context["item"] == waiting
    # past the last article awaiting review the offer wraps to the first one
    page = client.get(QUEUE, {"article": waiting.article_id + 1})
    assert f'href="{QUEUE}?article={earlier.pk}"' in page.text
    # without JavaScript the decision redirects to the filtered queue, which offers the same
    assert client.get(QUEUE, {"article": done.pk}).context["next_article"].pk == waiting.article_id


def test_when_no_other_article_awaits_review_the_done_card_says_so(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    client.post(review_url(quote), {"decision": "approved", "version": 1})
    page = client.get(QUEUE, {"article": quote.article_id})
    assert "No other article awaits review" in page.text and 'data-key="n"' not in page.text


def test_walking_the_whole_queue_says_when_an_article_is_finished(client, editor):
    last = QuoteFactory(article=ArticleFactory(title="First article"))
    following = QuoteFactory()
    client.force_login(editor)
    response = client.post(review_url(last), {"decision": "approved", "version": 1}, headers=HTMX)
    assert response.context["item"] == following
    assert "last item awaiting review in “First article”" in response.text


def test_cancelling_an_edit_returns_to_the_card_keeping_the_article_filter(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    edit = client.get(
        review_url(quote, "item-edit"), {"article": quote.article_id}, headers=HTMX
    ).text
    back = f"{QUEUE}?item={quote.key}&amp;article={quote.article_id}"
    assert f'href="{back}"' in edit and f'hx-get="{back}"' in edit
    assert re.search(rf'<a href="{re.escape(back)}"[^>]*data-key="Escape">Cancel</a>', edit)
    card = client.get(QUEUE, {"item": quote.key, "article": quote.article_id}, headers=HTMX)
    assert card.context["item"] == quote and card.context["article_filter"] == quote.article_id
