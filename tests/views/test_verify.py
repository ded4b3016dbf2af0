"""The fact-checker's queue of approved quotes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ReviewStatus, Verdict
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("claims:verify-queue")


def verify(client, quote, **data):
    payload = {
        "verdict": "verified",
        "evidence_url": "https://example.com/transcript",
        "version": quote.version,
    }
    return client.post(
        reverse("claims:quote-verify", args=[quote.pk]),
        payload | data,
        headers={"HX-Request": "true"},
    )


def test_the_queue_lists_approved_quotes_not_yet_checked(client, fact_checker):
    approved = QuoteFactory(status=ReviewStatus.APPROVED)
    QuoteFactory(status=ReviewStatus.EXTRACTED)
    QuoteFactory(status=ReviewStatus.APPROVED, verdict=Verdict.MISQUOTED)
    client.force_login(fact_checker)
    response = client.get(QUEUE)
    assert [q.pk for q in response.context["page"]] == [approved.pk]
    misquoted = client.get(QUEUE, {"verdict": "misquoted"}, headers={"HX-Request": "true"})
    assert b"<html" not in misquoted.content and len(misquoted.context["page"]) == 1


def test_a_verdict_with_evidence_is_recorded_and_the_row_swapped(client, fact_checker):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(fact_checker)
    response = verify(client, quote, note="matches the transcript")
    assert response.status_code == 200
    assert (
        response.content.startswith(f'\n<tr id="quote-{quote.pk}"'.encode())
        or b'<tr id="quote-' in response.content
    )
    quote.refresh_from_db()
    assert (quote.verdict, quote.evidence_url, quote.verdict_note, quote.verified_by) == (
        "verified",
        "https://example.com/transcript",
        "matches the transcript",
        fact_checker,
    )
    assert quote.decisions.get().action == "verdict"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "data:text/html,hi"])
def test_an_evidence_url_that_is_not_a_web_address_is_refused(client, fact_checker, url):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(fact_checker)
    response = verify(client, quote, evidence_url=url)
    assert response.status_code == 400
    quote.refresh_from_db()
    assert quote.verdict == "" and not quote.decisions.exists()


def test_a_stale_verdict_gets_409(client, fact_checker):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(fact_checker)
    verify(client, quote)
    response = verify(client, quote, verdict="misquoted", version=quote.version)
    assert response.status_code == 409
    quote.refresh_from_db()
    assert quote.verdict == "verified"


def test_an_editor_cannot_verify(client, editor):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(editor)
    assert client.get(QUEUE).status_code == 403
    assert verify(client, quote).status_code == 403
    quote.refresh_from_db()
    assert quote.verdict == ""


def test_anonymous_and_wrong_method(client, fact_checker):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    assert client.get(QUEUE).status_code == 302
    client.force_login(fact_checker)
    assert client.get(reverse("claims:quote-verify", args=[quote.pk])).status_code == 405


def test_the_queue_costs_the_same_queries_with_more_quotes(client, fact_checker):
    client.force_login(fact_checker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(QUEUE, {"verdict": "all"})
        return len(captured)

    QuoteFactory.create_batch(2, status=ReviewStatus.APPROVED)
    few = queries()
    QuoteFactory.create_batch(
        8, status=ReviewStatus.APPROVED, verdict=Verdict.VERIFIED, evidence_url="https://e.com"
    )
    assert queries() == few
