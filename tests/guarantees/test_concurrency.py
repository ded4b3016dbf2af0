"""Many people deciding on one item at once: one wins, the others see a conflict, none is lost.

These run on PostgreSQL (row locks); each thread is its own connection, and a barrier releases
them together so the requests really overlap.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Decision, Quote, ReviewStatus
from tests.factories import ArticleFactory, QuoteFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]

THREADS = 20
# Rounds of twenty overlapping decisions: 50 in CI (.ci/run sets CLAIMS_CONCURRENCY_ROUNDS),
# 10 in a developer's run, where the full count costs half a minute.
ROUNDS = int(os.environ.get("CLAIMS_CONCURRENCY_ROUNDS", "10"))


def test_twenty_editors_deciding_the_same_item_make_exactly_one_decision(on_postgres, record_cases):
    editors = [UserFactory(role="editor") for _ in range(THREADS)]
    clients = []
    for editor in editors:
        client = Client()
        client.force_login(editor)
        clients.append(client)
    article = ArticleFactory()
    outcomes: list[list[int]] = []

    def decide(client: Client, url: str, decision: str, barrier: threading.Barrier) -> int:
        try:
            barrier.wait()
            return client.post(url, {"decision": decision, "version": 1}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        for round_ in range(ROUNDS):
            quote = QuoteFactory(
                article=article,
                kind="direct" if round_ % 2 else "indirect",
                text=article.body[round_ : round_ + 20],
            )
            url = reverse("claims:item-review", args=["quote", quote.pk])
            barrier = threading.Barrier(THREADS)
            decisions = ["approved" if i % 2 else "rejected" for i in range(THREADS)]
            futures = [
                pool.submit(decide, c, url, d, barrier)
                for c, d in zip(clients, decisions, strict=True)
            ]
            codes = sorted(f.result() for f in futures)
            outcomes.append(codes)
            quote.refresh_from_db()
            assert codes.count(302) == 1, codes  # the one success redirects to the next card
            assert codes.count(409) == THREADS - 1, codes
            assert quote.decisions.count() == 1
            assert quote.status in (ReviewStatus.APPROVED, ReviewStatus.REJECTED)
            assert quote.version == 2
    assert not any(code >= 500 for codes in outcomes for code in codes)
    assert Decision.objects.count() == ROUNDS  # history length equals successful writes
    record_cases("concurrent decisions (threads x rounds)", THREADS * ROUNDS)


def test_the_database_refuses_a_second_decision_on_the_same_version(on_postgres):
    quote = QuoteFactory()
    editor = UserFactory(role="editor")
    services.review_item(quote, reviewer=editor, decision="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(quote=quote, actor=editor, action="review", item_version=2)
    assert quote.decisions.count() == 1


def test_extraction_racing_an_approval_keeps_the_approval(on_postgres, record_cases):
    from claims.extraction.types import Extraction, QuoteCandidate, TextSpan

    editor = UserFactory(role="editor")
    for _ in range(50):
        article = ArticleFactory()
        quote = QuoteFactory(article=article)
        same = Extraction(
            quotes=(
                QuoteCandidate(
                    text=quote.text,
                    span=TextSpan(quote.start, quote.end),
                    kind=quote.kind,
                    cue="said",
                    cue_span=None,
                    speaker="Someone Else",
                    speaker_span=None,
                    confidence=0.3,
                ),
            )
        )
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            racing = [
                pool.submit(_approve, quote.pk, editor, barrier),
                pool.submit(_extract, article, same, barrier),
            ]
            for future in racing:
                future.result()
        quote.refresh_from_db()
        assert quote.status == ReviewStatus.APPROVED
        assert quote.decisions.count() == 1
        assert article.quotes.count() == 1
        record_cases("extraction racing approval", 1)


def _approve(pk: int, editor, barrier: threading.Barrier) -> None:
    barrier.wait()
    try:
        services.review_item(Quote.objects.get(pk=pk), reviewer=editor, decision="approved")
    finally:
        connection.close()


def _extract(article, found, barrier: threading.Barrier) -> None:
    barrier.wait()
    try:
        services.save_extraction(article, found)
    finally:
        connection.close()


def test_one_article_extracted_by_six_workers_at_once_is_stored_once(on_postgres, record_cases):
    """What two RQ workers holding the same article's job (queued twice, or re-run after a
    worker was presumed dead) do at the moment they store: one stores, the rest find it done."""
    from claims.extraction import extract

    editor = UserFactory(role="editor")
    article = ArticleFactory()
    found = extract(article.body, nlp=services.get_nlp())
    expected_quotes = {(q.span.start, q.span.end, q.kind) for q in found.quotes}
    expected_claims = {(n.span.start, n.span.end) for n in found.numbers}
    assert expected_quotes and expected_claims

    def store_at_once() -> list[services.ExtractionSummary]:
        barrier = threading.Barrier(6)

        def store() -> services.ExtractionSummary:
            barrier.wait()
            try:
                return services.save_extraction(article, found)
            finally:
                connection.close()

        with ThreadPoolExecutor(6) as pool:
            return [f.result() for f in [pool.submit(store) for _ in range(6)]]

    first = store_at_once()
    assert sorted(s.added_quotes + s.added_claims > 0 for s in first) == [False] * 5 + [True]
    assert set(article.quotes.values_list("start", "end", "kind")) == expected_quotes
    assert set(article.numeric_claims.values_list("start", "end")) == expected_claims

    decided = article.quotes.order_by("start").first()
    services.review_item(decided, reviewer=editor, decision="approved")
    decided.refresh_from_db()
    again = store_at_once()
    assert all(s.added_quotes + s.added_claims + s.removed + s.refreshed == 0 for s in again)
    assert article.quotes.count() == len(expected_quotes)
    assert article.numeric_claims.count() == len(expected_claims)
    after = Quote.objects.get(pk=decided.pk)
    assert (after.status, after.version, after.text) == (
        ReviewStatus.APPROVED,
        decided.version,
        decided.text,
    )
    assert after.decisions.count() == 1
    record_cases("one article stored by six workers at once", 12)
