import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Decision, ReviewStatus, Verdict
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script>"


def history_url(kind: str, pk: int) -> str:
    return reverse("claims:item-history", args=[kind, pk])


def test_the_history_lists_every_decision_oldest_first_with_what_changed(
    client, editor, fact_checker
):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Tony Blinken"))
    right = SpeakerFactory(name="Antony Blinken")
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED, note="fine")
    services.edit_item(quote, editor=editor, changes={"speaker": right}, note="right person")
    services.record_verdict(quote, checker=fact_checker, verdict=Verdict.VERIFIED)
    client.force_login(fact_checker)

    response = client.get(history_url("quote", quote.pk))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.decision.action for row in rows] == ["review", "edit", "verdict"]
    assert [(row.from_state, row.to_state) for row in rows] == [
        ("Awaiting review", "Approved"),
        ("Approved", "Approved with edits"),
        ("Not checked yet", "Verified"),
    ]
    body = response.content.decode()
    assert "Tony Blinken</del> → <ins>Antony Blinken" in body
    assert "right person" in body
    assert "ed" in body and "fc" in body
    assert " UTC" in body or "(UTC)" in body
    assert reverse("claims:article-detail", args=[quote.article_id]) in body
    assert "Verified" in body  # the current verdict


def test_the_history_of_a_number_shows_its_claimant_and_state(client, editor):
    claim = NumericClaimFactory(claimant=SpeakerFactory(name="Lloyd Austin"))
    services.review_item(claim, reviewer=editor, decision=ReviewStatus.REJECTED, note="dupe")
    client.force_login(editor)

    response = client.get(history_url("claim", claim.pk))

    body = response.content.decode()
    assert "Lloyd Austin" in body
    assert "Rejected" in body
    assert "dupe" in body


def test_an_item_nobody_decided_has_an_empty_history(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)

    response = client.get(history_url("quote", quote.pk))

    assert response.context["rows"] == []
    assert "No decisions yet" in response.content.decode()


def test_the_history_escapes_stored_text_and_notes(client, editor):
    article = ArticleFactory(body=f"He wrote {XSS} in the chat.")
    quote = QuoteFactory(article=article, text=XSS)
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED, note=XSS)
    client.force_login(editor)

    response = client.get(history_url("quote", quote.pk))

    assert b"&lt;script&gt;" in response.content
    assert b"<script>alert" not in response.content


def test_an_htmx_request_gets_only_the_history_table(client, editor):
    quote = QuoteFactory()
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED)
    client.force_login(editor)

    response = client.get(history_url("quote", quote.pk), headers=HTMX)

    assert b"<html" not in response.content
    assert response.content.strip().startswith(b'<div id="history-table"')
    assert response.content.count(b'<tr id="decision-') == 1


def test_the_history_costs_the_same_queries_for_three_times_the_decisions(
    client, editor, fact_checker
):
    quote = QuoteFactory()
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED)
    speakers = SpeakerFactory.create_batch(6)
    for speaker in speakers[:2]:
        services.edit_item(quote, editor=editor, changes={"speaker": speaker})
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(history_url("quote", quote.pk)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for speaker in speakers[2:]:
        services.edit_item(quote, editor=editor, changes={"speaker": speaker})
    for verdict in (Verdict.VERIFIED, Verdict.MISQUOTED, Verdict.VERIFIED):
        services.record_verdict(quote, checker=fact_checker, verdict=verdict)

    assert Decision.objects.for_item(quote).count() == 10
    assert queries() == few


def test_an_unknown_item_is_not_found(client, editor):
    client.force_login(editor)

    assert client.get(history_url("claim", 999999)).status_code == 404


def test_a_user_without_a_role_may_not_read_the_history(client):
    quote = QuoteFactory()
    nobody = UserFactory()
    nobody.save()  # the factory saves the hashed password only when it assigns a role
    client.force_login(nobody)

    assert client.get(history_url("quote", quote.pk)).status_code == 403


def test_the_history_sends_an_anonymous_user_to_log_in(client):
    quote = QuoteFactory()

    response = client.get(history_url("quote", quote.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_history_refuses_a_post(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)

    assert client.post(history_url("quote", quote.pk)).status_code == 405
