"""The verify desk: approved quotes one at a time, filters kept, verdicts with undo, and verdicts
from the article page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Decision, ReviewStatus, Verdict
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db
DESK = reverse("claims:verify-queue")
UNDO = reverse("claims:verify-undo")
HTMX = {"HX-Request": "true", "HX-Target": "verify-card"}
EVIDENCE = "https://example.com/transcript"


def approved(**kwargs):
    return QuoteFactory(status=ReviewStatus.APPROVED, **kwargs)


def three_quotes_in_one_article():
    """Three approved quotes of one article, in reading order."""
    article = ArticleFactory(url="https://news.example/story")
    texts = ["Over 38 attacks", "We will take every necessary step", "at least 46 personnel"]
    return [approved(article=article, text=text) for text in texts]


def verify(client, quote, query="", target="verify-card", **data):
    payload = {"verdict": "verified", "evidence_url": EVIDENCE, "version": quote.version}
    url = reverse("claims:quote-verify", args=[quote.pk]) + (f"?{query}" if query else "")
    return client.post(url, payload | data, headers={"HX-Request": "true", "HX-Target": target})


def shown(response):
    return response.context["item"]


def test_the_desk_shows_the_first_unchecked_approved_quote_with_its_paragraph_and_source(
    client, fact_checker
):
    first, *_ = three_quotes_in_one_article()
    QuoteFactory(status=ReviewStatus.EXTRACTED)  # not approved: not for checking
    client.force_login(fact_checker)
    response = client.get(DESK)
    assert response.status_code == 200
    assert shown(response) == first
    page = response.content.decode()
    assert 'href="https://news.example/story"' in page and "Open the source" in page
    # the paragraph around the quote, the quote marked inside it
    assert '<mark class="hl status-approved">Over 38 attacks</mark> have taken place' in page
    # no verdict chosen beforehand: every verdict is a button; no select or radio to preset
    card = client.get(DESK, headers=HTMX).content
    assert b"<select" not in card and b'type="radio"' not in card
    for label in ("Verified", "Misquoted", "Out of context", "Unverifiable"):
        assert f">{label} <kbd>" in page


def test_a_verdict_swaps_in_the_next_quote_matching_the_filters(client, fact_checker):
    first, second, third = three_quotes_in_one_article()
    other_speaker = approved(article=first.article, text="officials said", speaker=SpeakerFactory())
    client.force_login(fact_checker)
    name = first.speaker.name
    for quote in (second, third):
        quote.speaker = first.speaker
        quote.save(update_fields=["speaker"])
    query = f"speaker={name.replace(' ', '+')}"

    response = verify(client, first, query)
    assert response.status_code == 200
    assert b"<html" not in response.content  # the card alone
    assert shown(response) == second  # the next quote of this speaker, not other_speaker's
    assert f"Recorded “Verified” for {first}".encode() in response.content
    assert response.headers["HX-Push-Url"] == f"{DESK}?item={second.pk}&{query}"
    # the filters travel with the next card's form and links
    assert f'action="/verify/{second.pk}/?{query}"'.encode() in response.content
    first.refresh_from_db()
    assert (first.verdict, first.evidence_url, first.verified_by) == (
        Verdict.VERIFIED,
        EVIDENCE,
        fact_checker,
    )
    assert other_speaker.verdict == ""


def test_filters_by_article_words_and_verdict(client, fact_checker):
    first, second, _ = three_quotes_in_one_article()
    elsewhere = approved(text="We will take every necessary step")
    checked = approved(text="at least 46 personnel", verdict=Verdict.MISQUOTED)
    client.force_login(fact_checker)
    by_article = client.get(DESK, {"article": second.article_id, "q": "necessary"})
    assert shown(by_article) == second
    by_words = client.get(DESK, {"q": "NECESSARY"})
    assert shown(by_words) == second and by_words.context["matching"] == 2
    assert shown(client.get(DESK, {"verdict": "misquoted"})) == checked
    assert client.get(DESK, {"verdict": "all"}).context["matching"] == 5
    assert shown(client.get(DESK, {"q": "necessary", "after": second.pk})) == elsewhere


@pytest.mark.parametrize(
    "query",
    [{"article": "x"}, {"article": "-1"}, {"verdict": "nonsense"}, {"speaker": "a\x00b"}],
)
def test_a_filter_that_does_not_parse_is_dropped_not_a_500(client, fact_checker, query):
    quote = approved()
    client.force_login(fact_checker)
    response = client.get(DESK, query)
    assert response.status_code == 200
    assert shown(response) in (quote, None)


def test_a_verified_verdict_without_evidence_is_a_400_in_place_and_nothing_is_saved(
    client, fact_checker
):
    quote = approved()
    client.force_login(fact_checker)
    response = verify(client, quote, evidence_url="")
    assert response.status_code == 400
    assert b"<html" not in response.content and b'id="verify-card"' in response.content
    assert b"A verified quote needs the evidence" in response.content
    assert b'aria-invalid="true"' in response.content  # where the focus goes
    quote.refresh_from_db()
    assert quote.verdict == "" and not quote.decisions.exists()


@pytest.mark.parametrize("verdict", ["misquoted", "out_of_context", "unverifiable"])
def test_other_verdicts_need_no_evidence(client, fact_checker, verdict):
    quote = approved()
    client.force_login(fact_checker)
    assert verify(client, quote, verdict=verdict, evidence_url="").status_code == 200
    quote.refresh_from_db()
    assert quote.verdict == verdict


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "data:text/html,hi"])
def test_an_evidence_url_that_is_not_a_web_address_is_refused(client, fact_checker, url):
    quote = approved()
    client.force_login(fact_checker)
    assert verify(client, quote, evidence_url=url).status_code == 400
    quote.refresh_from_db()
    assert quote.verdict == "" and not quote.decisions.exists()


def test_two_fact_checkers_on_one_quote_one_wins_the_other_gets_409(fact_checker):
    quote = approved()
    seen_version = quote.version
    first, second = Client(), Client()
    first.force_login(fact_checker)
    second.force_login(UserFactory(role="fact-checker"))
    assert verify(first, quote, version=seen_version).status_code == 200
    response = verify(second, quote, verdict="misquoted", version=seen_version)
    assert response.status_code == 409
    assert shown(response) == quote  # the same quote, as it is now, to decide again
    assert "Its verdict now: “Verified”" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.verdict, quote.verified_by) == (Verdict.VERIFIED, fact_checker)
    assert quote.decisions.count() == 1


def test_undo_takes_back_the_last_verdict_and_shows_its_quote(client, fact_checker):
    first, second, _ = three_quotes_in_one_article()
    client.force_login(fact_checker)
    verify(client, first, verdict="misquoted")
    response = client.post(UNDO, headers=HTMX)
    assert response.status_code == 200
    assert shown(response) == first
    assert "is “Not checked yet” again" in response.content.decode()
    first.refresh_from_db()
    assert (first.verdict, first.version) == ("", 3)
    verdict, undo = first.decisions.order_by("pk")
    assert (undo.action, undo.undoes, undo.actor) == (Decision.Action.UNDO, verdict, fact_checker)
    again = client.post(UNDO, headers=HTMX)
    assert "no verdict to undo" in again.content.decode()


def test_change_shows_the_decided_quote_again_and_a_new_verdict_replaces_the_old(
    client, fact_checker
):
    first, second, _ = three_quotes_in_one_article()
    client.force_login(fact_checker)
    response = verify(client, first)
    assert f'href="?item={first.pk}"'.encode() in response.content  # "Change it"
    first.refresh_from_db()
    card = client.get(DESK, {"item": first.pk}, headers=HTMX)
    assert shown(card) == first
    assert verify(client, first, verdict="out_of_context").status_code == 200
    first.refresh_from_db()
    assert first.verdict == Verdict.OUT_OF_CONTEXT
    assert [d.to_state for d in first.decisions.order_by("pk")] == ["verified", "out_of_context"]


def test_without_javascript_a_verdict_redirects_to_the_next_quote_with_the_filters(
    client, fact_checker
):
    first, second, _ = three_quotes_in_one_article()
    client.force_login(fact_checker)
    url = reverse("claims:quote-verify", args=[first.pk]) + "?q=e"
    response = client.post(url, {"verdict": "unverifiable", "version": first.version})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{DESK}?item={second.pk}&q=e"


def test_the_last_quote_leads_to_all_done(client, fact_checker):
    quote = approved()
    client.force_login(fact_checker)
    response = verify(client, quote)
    assert shown(response) is None
    assert b"No approved quote matches these filters" in response.content


def test_a_fact_checker_records_a_verdict_from_the_article_page(client, fact_checker):
    quote = approved()
    client.force_login(fact_checker)
    page = client.get(reverse("claims:article-detail", args=[quote.article_id]))
    assert f'hx-target="#card-{quote.key}"'.encode() in page.content
    assert b"Record a verdict" in page.content
    response = verify(client, quote, target=f"card-{quote.key}", verdict="misquoted")
    assert response.status_code == 200
    assert response.content.lstrip().startswith(f'<article id="card-{quote.key}"'.encode())
    assert b"Recorded \xe2\x80\x9cMisquoted\xe2\x80\x9d" in response.content
    quote.refresh_from_db()
    assert quote.verdict == Verdict.MISQUOTED
    missing = verify(client, quote, target=f"card-{quote.key}", evidence_url="", version=2)
    assert missing.status_code == 400
    assert missing.content.lstrip().startswith(f'<article id="card-{quote.key}"'.encode())


def test_an_editor_sees_no_verdict_form_and_cannot_verify(client, editor):
    quote = approved()
    client.force_login(editor)
    page = client.get(reverse("claims:article-detail", args=[quote.article_id]))
    assert b"Record a verdict" not in page.content
    assert client.get(DESK).status_code == 403
    assert verify(client, quote).status_code == 403
    assert client.post(UNDO).status_code == 403
    quote.refresh_from_db()
    assert quote.verdict == ""


def test_anonymous_and_wrong_method(client, fact_checker):
    quote = approved()
    assert client.get(DESK).status_code == 302
    assert client.post(UNDO).status_code == 302
    client.force_login(fact_checker)
    assert client.get(reverse("claims:quote-verify", args=[quote.pk])).status_code == 405
    assert client.get(UNDO).status_code == 405
    assert client.post(DESK).status_code == 405


def test_the_list_view_keeps_the_filters(client, fact_checker):
    first, second, third = three_quotes_in_one_article()
    client.force_login(fact_checker)
    response = client.get(DESK, {"view": "list", "q": "necessary"})
    assert [q.pk for q in response.context["page"]] == [second.pk]
    fragment = client.get(
        DESK, {"view": "list"}, headers={"HX-Request": "true", "HX-Target": "verify-table"}
    )
    assert b"<html" not in fragment.content and fragment.content.count(b'<tr id="quote-') == 3


def test_the_desk_costs_the_same_queries_with_more_quotes(client, fact_checker):
    client.force_login(fact_checker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(DESK, {"verdict": "all"})
        return len(captured)

    approved()
    few = queries()
    for _ in range(8):
        approved(verdict=Verdict.VERIFIED, evidence_url="https://e.com")
    assert queries() == few
