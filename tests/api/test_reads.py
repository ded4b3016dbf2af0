"""The read endpoints through HTTP: rows, filters, and pages that stay put while rows arrive."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from claims import services
from claims.api.pagination import SALT
from claims.models import Decision, Quote, ReviewStatus
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    OutletFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_articles_list_without_their_text_and_one_article_has_it(client, reader):
    article = ArticleFactory(url="https://news.example/a", byline="Jane Reporter")
    page = client.get(f"{API}/articles", headers=reader).json()
    [row] = page["items"]
    assert row["id"] == article.pk and row["outlet"]["name"] == article.outlet.name
    assert row["byline"] == "Jane Reporter" and "body" not in row
    assert page["has_more"] is False and page["next"] is None
    one = client.get(f"{API}/articles/{article.pk}", headers=reader).json()
    assert one["body"] == article.body and one["content_hash"] == article.content_hash


def test_an_unknown_article_is_a_json_404(client, reader):
    response = client.get(f"{API}/articles/999999", headers=reader)
    assert response.status_code == 404 and "detail" in response.json()


def test_articles_filter_by_outlet_status_and_dates(client, reader):
    outlet = OutletFactory()
    wanted = ArticleFactory(outlet=outlet, published_on="2023-11-06")
    ArticleFactory(outlet=outlet, published_on="2022-01-01")
    ArticleFactory(published_on="2023-11-06", extraction_status="failed")
    query = {"outlet": outlet.pk, "published_from": "2023-01-01", "extraction_status": "done"}
    ids = [
        row["id"] for row in client.get(f"{API}/articles", query, headers=reader).json()["items"]
    ]
    assert ids == [wanted.pk]


def test_quotes_filter_by_status_kind_article_speaker_and_verdict(client, reader):
    speaker = SpeakerFactory()
    verified = QuoteFactory(speaker=speaker, status=ReviewStatus.APPROVED, verdict="verified")
    unchecked = QuoteFactory(speaker=speaker, status=ReviewStatus.APPROVED)
    QuoteFactory(kind=Quote.Kind.INDIRECT)
    QuoteFactory(status=ReviewStatus.REJECTED, speaker=speaker)

    def ids(**query):
        page = client.get(f"{API}/quotes", query, headers=reader)
        assert page.status_code == 200, page.content
        return {row["id"] for row in page.json()["items"]}

    assert ids(speaker=speaker.pk, status="approved") == {verified.pk, unchecked.pk}
    assert ids(verdict="verified") == {verified.pk}
    assert ids(verdict="unchecked", speaker=speaker.pk) == {unchecked.pk, *ids(status="rejected")}
    assert len(ids(kind="indirect")) == 1
    assert ids(article=verified.article_id) == {verified.pk}
    row = client.get(f"{API}/quotes", {"verdict": "verified"}, headers=reader).json()["items"][0]
    assert row["speaker"] == {"id": speaker.pk, "name": speaker.name}
    assert row["text"] == "We will take every necessary step" and row["kind"] == "direct"


def test_claims_carry_their_numbers_as_exact_decimal_strings(client, reader):
    claim = NumericClaimFactory(claimant=SpeakerFactory())
    NumericClaimFactory(qualifier="=", lower=None)
    page = client.get(f"{API}/claims", {"qualifier": ">="}, headers=reader).json()
    [row] = page["items"]
    assert row["id"] == claim.pk and row["value"] == "46" and row["lower"] == "46"
    assert row["upper"] is None and row["counted"] == "personnel injured"
    assert row["claimant"]["id"] == claim.claimant_id
    assert (
        len(
            client.get(f"{API}/claims", {"claimant": claim.claimant_id}, headers=reader).json()[
                "items"
            ]
        )
        == 1
    )


def test_speakers_are_found_by_any_of_their_names(client, reader):
    speaker = SpeakerFactory(name="Antony Blinken", role="Secretary of State")
    speaker.aliases.create(name="Blinken", normalized="blinken")
    SpeakerFactory(name="The Pentagon", is_organisation=True)
    [row] = client.get(f"{API}/speakers", {"name": "blink"}, headers=reader).json()["items"]
    assert row["id"] == speaker.pk and sorted(row["aliases"]) == ["Antony Blinken", "Blinken"]
    orgs = client.get(f"{API}/speakers", {"is_organisation": "true"}, headers=reader).json()
    assert [row["name"] for row in orgs["items"]] == ["The Pentagon"]


def test_decisions_are_the_history_oldest_first_and_filter_by_item_and_actor(
    client, reader, editor
):
    quote, other = QuoteFactory(), QuoteFactory()
    services.review_item(quote, reviewer=editor, decision="approved")
    services.review_item(other, reviewer=editor, decision="rejected")
    page = client.get(f"{API}/decisions", headers=reader).json()
    assert [row["quote_id"] for row in page["items"]] == [quote.pk, other.pk]
    first = page["items"][0]
    assert first["actor"] == editor.username and first["item_type"] == "quote"
    assert (first["action"], first["from_state"], first["to_state"]) == (
        "review",
        "extracted",
        "approved",
    )
    by_item = client.get(f"{API}/decisions", {"quote": other.pk}, headers=reader).json()
    assert [row["to_state"] for row in by_item["items"]] == ["rejected"]
    by_article = client.get(f"{API}/decisions", {"article": quote.article_id}, headers=reader)
    assert [row["quote_id"] for row in by_article.json()["items"]] == [quote.pk]
    nobody = client.get(f"{API}/decisions", {"actor": "nobody"}, headers=reader).json()
    assert nobody["items"] == []


def test_any_time_zone_offset_is_read_in_utc(client, reader):
    """PostgreSQL refuses offsets past ±15:59 in a query; found by schemathesis."""
    QuoteFactory()
    query = {"updated_since": "2000-01-01T00:00:00-18:40"}
    assert len(client.get(f"{API}/quotes", query, headers=reader).json()["items"]) == 1


def test_updated_since_returns_only_rows_changed_after_it(client, reader, editor):
    old, changed = QuoteFactory(), QuoteFactory()
    Quote.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    Quote.objects.filter(pk=changed.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    services.review_item(Quote.objects.get(pk=changed.pk), reviewer=editor, decision="approved")
    page = client.get(f"{API}/quotes", {"updated_since": since}, headers=reader).json()
    assert [row["id"] for row in page["items"]] == [changed.pk]
    assert page["items"][0]["status"] == "approved"


def test_a_date_without_time_zone_or_a_bad_enum_is_a_422(client, reader):
    bad = [
        {"updated_since": "2024-01-01T00:00:00"},
        {"updated_since": "0001-01-01T00:00:00+10:00"},  # before year 1 in UTC
        {"status": "maybe"},
        {"article": 0},
    ]
    for query in bad:
        response = client.get(f"{API}/quotes", query, headers=reader)
        assert response.status_code == 422, query
        assert response.json()["detail"]


def walk(client, url, headers, **query) -> tuple[list[int], str]:
    """Every page from `url` on: the ids in order and the last cursor."""
    ids, cursor = [], None
    while True:
        params = {**query, **({"cursor": cursor} if cursor else {})}
        page = client.get(url, params, headers=headers).json()
        ids += [row["id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return ids, cursor


def test_pages_stay_put_while_rows_are_added_and_changed_between_them(client, reader, editor):
    quotes = [QuoteFactory() for _ in range(5)]
    first = client.get(f"{API}/quotes", {"limit": 2}, headers=reader).json()
    assert [row["id"] for row in first["items"]] == [q.pk for q in quotes[:2]]
    assert first["has_more"] and "cursor=" in first["next"] and "limit=2" in first["next"]
    # between pages: two new quotes, and one already read is approved (so it changes)
    added = [QuoteFactory(), QuoteFactory()]
    services.review_item(quotes[0], reviewer=editor, decision="approved")
    rest, cursor = walk(client, f"{API}/quotes", reader, limit=2, cursor=first["next_cursor"])
    # nothing skipped, nothing read twice except the changed row, which comes back changed
    assert rest == [*(q.pk for q in quotes[2:]), *(q.pk for q in added), quotes[0].pk]
    # at the end, the last cursor is where to ask again: only what changes after it comes back
    assert client.get(f"{API}/quotes", {"cursor": cursor}, headers=reader).json()["items"] == []
    newest = QuoteFactory()
    again = client.get(f"{API}/quotes", {"cursor": cursor}, headers=reader).json()
    assert [row["id"] for row in again["items"]] == [newest.pk]


def test_decisions_page_in_the_order_they_were_made(client, reader, editor):
    quotes = [QuoteFactory() for _ in range(5)]
    for quote in quotes[:3]:
        services.review_item(quote, reviewer=editor, decision="approved")
    first = client.get(f"{API}/decisions", {"limit": 2}, headers=reader).json()
    for quote in quotes[3:]:
        services.review_item(quote, reviewer=editor, decision="rejected")
    rest, _ = walk(client, f"{API}/decisions", reader, limit=2, cursor=first["next_cursor"])
    made = Decision.objects.order_by("created_at", "pk").values_list("quote_id", "pk")
    assert [pk for _, pk in made] == [row["id"] for row in first["items"]] + rest
    assert [quote for quote, _ in made] == [q.pk for q in quotes]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%00",
        signing.dumps(["updated_at", "yesterday", 1], salt=SALT),  # signed, but nonsense
        signing.dumps(["created_at", timezone.now().isoformat(), 1], salt=SALT),  # another list's
        signing.dumps(["updated_at", timezone.now().isoformat(), 1], salt="other")[:-1] + "x",
    ],
)
def test_a_cursor_we_did_not_give_out_is_a_400(client, reader, cursor):
    QuoteFactory()
    response = client.get(f"{API}/quotes", {"cursor": cursor}, headers=reader)
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_page_costs_a_fixed_number_of_queries(
    client, reader, django_assert_max_num_queries, settings
):
    # Counted without the rate-limit counter, whose cost depends on the cache backend (the
    # database cache by default, Redis with CACHE_URL), not on the data.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(3):
        QuoteFactory()
        NumericClaimFactory()
        SpeakerFactory()
    for path in ("quotes", "claims", "speakers", "articles", "decisions"):
        with django_assert_max_num_queries(6):
            assert client.get(f"{API}/{path}", headers=reader).status_code == 200


def test_quotes_moved_by_a_speaker_merge_count_as_updated(client, reader, editor):
    source, into = SpeakerFactory(), SpeakerFactory()
    quote = QuoteFactory(speaker=source)
    Quote.objects.filter(pk=quote.pk).update(updated_at=timezone.now() - timedelta(days=1))
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    services.merge_speakers(source, into=into, actor=editor)
    [row] = client.get(f"{API}/quotes", {"updated_since": since}, headers=reader).json()["items"]
    assert row["id"] == quote.pk and row["speaker"]["id"] == into.pk
