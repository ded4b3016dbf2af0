"""Published fact-checks: a public page per rated quote carrying its schema.org ClaimReview,
and the export of them all."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from claims import services
from claims.models import ReviewStatus
from tests.factories import ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)


def rated(fact_checker, verdict="verified", **quote):
    """A quote approved by an editor and rated by a fact-checker, through the services."""
    quote = QuoteFactory(status=ReviewStatus.APPROVED, **quote)
    services.record_verdict(quote, checker=fact_checker, verdict=verdict)
    quote.refresh_from_db()
    return quote


def ld_json(page: str) -> dict:
    [block] = LD_JSON.findall(page)
    return json.loads(block)


def assert_claim_review(doc: dict) -> None:
    """The keys and types ClaimReview consumers (Google's fact-check markup) require."""
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    assert isinstance(doc["claimReviewed"], str) and doc["claimReviewed"]
    assert doc["url"].startswith("http://testserver/fact-checks/")
    assert date.fromisoformat(doc["datePublished"])
    assert doc["author"]["@type"] == "Organization" and doc["author"]["name"]
    rating = doc["reviewRating"]
    assert rating["@type"] == "Rating" and isinstance(rating["alternateName"], str)
    assert (rating["worstRating"], rating["bestRating"]) == (1, 3)
    if "ratingValue" in rating:
        assert isinstance(rating["ratingValue"], int) and 1 <= rating["ratingValue"] <= 3
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    if "author" in item:
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
    if "appearance" in item:
        assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["url"]


def test_a_rated_quote_has_a_public_page_with_its_claim_review(client, fact_checker, settings):
    settings.CLAIMS_NEWSROOM_NAME = "Harbour Post Fact Check"
    outlet = OutletFactory(name="Harbour Post")
    article = ArticleFactory(
        url="https://news.example/harbour", published_on="2023-11-06", outlet=outlet
    )
    speaker = SpeakerFactory(name="Ana Diaz")
    quote = rated(fact_checker, "misquoted", article=article, speaker=speaker)
    response = client.get(reverse("claims:claimreview", args=[quote.pk]))  # nobody logged in
    assert response.status_code == 200
    doc = ld_json(response.text)
    assert_claim_review(doc)
    assert doc["claimReviewed"] == quote.text
    assert doc["url"] == f"http://testserver/fact-checks/{quote.pk}/"
    assert doc["datePublished"] == quote.verified_at.date().isoformat()
    assert doc["author"]["name"] == "Harbour Post Fact Check"
    assert doc["reviewRating"]["alternateName"] == "Misquoted"
    assert doc["reviewRating"]["ratingValue"] == 1
    assert doc["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Ana Diaz"},
        "datePublished": "2023-11-06",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://news.example/harbour",
            "headline": article.title,
            "datePublished": "2023-11-06",
            "publisher": {"@type": "Organization", "name": "Harbour Post"},
        },
    }
    assert "Misquoted" in response.text and quote.text in response.text


@pytest.mark.parametrize(
    ("verdict", "words", "value"),
    [("verified", "Verified", 3), ("out_of_context", "Out of context", 2)],
)
def test_the_rating_scale_runs_from_misquoted_to_verified(
    client, fact_checker, verdict, words, value
):
    quote = rated(fact_checker, verdict)
    rating = ld_json(client.get(reverse("claims:claimreview", args=[quote.pk])).text)[
        "reviewRating"
    ]
    assert (rating["alternateName"], rating["ratingValue"]) == (words, value)


def test_unverifiable_has_words_but_no_rating_value_and_an_unattributed_quote_no_author(
    client, fact_checker
):
    quote = rated(fact_checker, "unverifiable", speaker=None, article=ArticleFactory(url=""))
    doc = ld_json(client.get(reverse("claims:claimreview", args=[quote.pk])).text)
    assert_claim_review(doc)
    assert doc["reviewRating"]["alternateName"] == "Unverifiable"
    assert "ratingValue" not in doc["reviewRating"]
    assert "author" not in doc["itemReviewed"] and "appearance" not in doc["itemReviewed"]


def test_a_quote_saying_close_script_cannot_break_out_of_the_json_ld(client, fact_checker):
    hostile = '</script><script>alert("x")</script><!-- & -->'
    article = ArticleFactory(body=f"She said {hostile} and left.", title="</script>&<b>")
    quote = rated(fact_checker, article=article, text=hostile)
    page = client.get(reverse("claims:claimreview", args=[quote.pk])).text
    assert "<script>alert" not in page
    assert page.count("</script>") == 3  # htmx, our script, the JSON-LD: nothing more
    doc = ld_json(page)
    assert doc["claimReviewed"] == hostile  # the escapes read back as the very text
    assert doc["itemReviewed"]["author"]["name"] == quote.speaker.name


def test_only_rated_quotes_have_a_page(client, fact_checker):
    unrated = QuoteFactory(status=ReviewStatus.APPROVED)
    assert client.get(reverse("claims:claimreview", args=[unrated.pk])).status_code == 404
    assert client.get(reverse("claims:claimreview", args=[999999])).status_code == 404
    quote = rated(fact_checker)
    assert client.post(reverse("claims:claimreview", args=[quote.pk])).status_code == 405


def test_a_withdrawn_verdict_takes_the_page_down(client, fact_checker, editor):
    quote = rated(fact_checker)
    url = reverse("claims:claimreview", args=[quote.pk])
    assert client.get(url).status_code == 200
    decision = quote.decisions.get(action="verdict")
    services.undo_decision(decision, actor=fact_checker)
    assert client.get(url).status_code == 404


def test_the_quote_pages_link_to_the_public_fact_check(client, fact_checker):
    quote = rated(fact_checker)
    public = reverse("claims:claimreview", args=[quote.pk])
    unrated = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(fact_checker)
    page = client.get(reverse("claims:article-detail", args=[unrated.article_id])).text
    assert "/fact-checks/" not in page  # only a rated quote has a public page to link
    for page in (
        reverse("claims:article-detail", args=[quote.article_id]),
        reverse("claims:verify-queue") + "?verdict=all",
        reverse("claims:speaker-detail", args=[quote.speaker_id]),
        reverse("claims:item-history", args=["quote", quote.pk]),
        reverse("claims:search") + "?q=necessary",
    ):
        assert f'href="{public}"' in client.get(page).text, page


def test_the_claim_review_export_holds_every_rated_quote_and_nothing_else(client, fact_checker):
    first, second = rated(fact_checker), rated(fact_checker, "misquoted")
    QuoteFactory(status=ReviewStatus.APPROVED)  # not rated
    client.force_login(fact_checker)
    response = client.get(reverse("claims:export-claimreviews"))
    assert response.status_code == 200
    head, *lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert head["export"] == "claimreviews" and head["filters"] == {}
    for doc in lines:
        assert_claim_review(doc)
    assert [doc["url"] for doc in lines] == [
        f"http://testserver/fact-checks/{first.pk}/",
        f"http://testserver/fact-checks/{second.pk}/",
    ]
    response = client.get(reverse("claims:export-claimreviews"), {"verdict": "misquoted"})
    _, only = b"".join(response.streaming_content).splitlines()
    assert json.loads(only)["claimReviewed"] == second.text
