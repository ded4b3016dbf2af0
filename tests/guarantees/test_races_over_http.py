"""Every pair of writes that can touch the same rows, raced over real HTTP.

The app is served by pytest-django's live server (a threaded WSGI server on PostgreSQL); each
round, several logged-in clients wait behind a barrier and then send their requests at once.
After each round: no 5xx, the expected winners, and the database's invariants
(`tests.invariants`). `CLAIMS_RACE_ROUNDS` sets the rounds per pair (CI runs more).
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Article, Outlet, Quote, ReviewStatus, Speaker
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory
from tests.invariants import assert_invariants

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]

ROUNDS = int(os.environ.get("CLAIMS_RACE_ROUNDS", "3"))
CSRF = "r" * 32  # Django accepts any 32-character secret sent as both cookie and header
BODY = (
    "The minister spoke on Monday. “We will take every necessary step,” Blinken said on "
    "Monday in Tel Aviv, adding that talks would go on. Over 38 attacks were counted. "
)


def body() -> Article:
    """An article of its own (the same text is never stored twice)."""
    return ArticleFactory(body=BODY + f"Item {Article.objects.count()}.")


class Session:
    """One logged-in person talking to the live server over HTTP."""

    def __init__(self, base_url: str, user) -> None:
        client = Client()
        client.force_login(user)
        cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: CSRF,
        }
        self.http = httpx.Client(
            base_url=base_url,
            cookies=cookies,
            headers={"X-CSRFToken": CSRF, "Referer": base_url + "/"},
            follow_redirects=False,
            timeout=60,
        )

    def post(self, url: str, data: dict) -> int:
        return self.http.post(url, data=data).status_code


def race(*calls) -> list[int]:
    """Run the calls in threads released together by a barrier; their status codes, in order."""
    barrier = threading.Barrier(len(calls))

    def run(call) -> int:
        barrier.wait()
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


@pytest.fixture
def people(on_postgres, live_server):
    opened: list[Session] = []

    def session(role: str, n: int = 1) -> list[Session]:
        opened.extend(Session(live_server.url, UserFactory(role=role)) for _ in range(n))
        return opened[-n:]

    yield session
    for each in opened:
        each.http.close()


def _approved_quote(editor) -> Quote:
    article = body()
    quote = QuoteFactory(article=article, text="We will take every necessary step")
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED)
    quote.refresh_from_db()
    return quote


def _naming(quote: Quote, speaker: str) -> dict:
    """The edit form of an undecided `quote`, changing only its speaker."""
    fields = {"start": quote.start, "end": quote.end, "kind": quote.kind, "cue": quote.cue}
    return {"version": 1, "speaker_name": speaker, **fields}


def test_deciding_the_same_item_from_many_clients_makes_one_decision(people, record_cases):
    editors = people("editor", 8)
    for _ in range(ROUNDS):
        quote = QuoteFactory(article=body())
        url = reverse("claims:item-review", args=[quote.item_type, quote.pk])
        codes = race(
            *(
                partial(
                    s.post, url, {"decision": "approved" if i % 2 else "rejected", "version": 1}
                )
                for i, s in enumerate(editors)
            )
        )
        assert sorted(codes) == [302] + [409] * (len(editors) - 1), codes
        assert quote.decisions.count() == 1
        assert_invariants()
        record_cases("HTTP race: decision x decision", len(editors))


def test_widening_a_span_while_the_text_is_corrected_keeps_text_and_span_together(
    people, record_cases
):
    [editor, other] = people("editor", 2)
    for _ in range(ROUNDS):
        quote = _approved_quote(UserFactory(role="editor"))
        article = quote.article
        edit = reverse("claims:item-edit", args=[quote.item_type, quote.pk])
        wider = {
            "version": quote.version,
            "start": quote.start - 1,  # takes in the opening quotation mark
            "end": quote.end,
            "kind": quote.kind,
            "cue": quote.cue,
            "speaker_name": quote.speaker.name,
        }
        revised = article.body.replace("“We", "«We", 1)  # rewrites only that mark
        revise = reverse("claims:article-revise", args=[article.pk])
        codes = race(
            partial(editor.post, edit, wider),
            partial(other.post, revise, {"body": revised, "content_hash": article.content_hash}),
        )
        assert all(code < 500 for code in codes), codes
        # One wins: the widened quote then holds the mark, and a text change that would
        # rewrite it is refused; or the text changes first and the edit then takes in the
        # new mark; never the old wording at offsets into the new text.
        assert 302 in codes or 200 in codes, codes
        assert_invariants()
        record_cases("HTTP race: span edit x text correction", 2)


def test_a_verdict_racing_an_undo_and_a_reject_never_fails(people, record_cases):
    [editor] = people("editor")
    [checker] = people("fact-checker")
    for _ in range(ROUNDS):
        article = body()
        quote = QuoteFactory(article=article, text="We will take every necessary step")
        approve = reverse("claims:item-review", args=[quote.item_type, quote.pk])
        assert editor.post(approve, {"decision": "approved", "version": 1}) == 302
        verify = reverse("claims:quote-verify", args=[quote.pk])
        verdict = {"verdict": "misquoted", "version": 2, "note": "Compared with the video"}
        codes = race(
            partial(checker.post, verify, verdict),
            partial(editor.post, reverse("claims:review-undo"), {}),
            partial(editor.post, approve, {"decision": "rejected", "version": 3}),
        )
        assert all(code < 500 for code in codes), codes
        quote.refresh_from_db()
        if quote.verdict:
            assert quote.status in (ReviewStatus.APPROVED, ReviewStatus.EDITED)
        assert_invariants()
        record_cases("HTTP race: verdict x undo x reject", 3)


def test_ingesting_one_url_or_one_text_at_once_stores_one_article(people, record_cases):
    editors = people("editor", 6)
    new = reverse("claims:article-new")
    for round_ in range(ROUNDS):
        url = f"https://example.org/news/{round_}"
        codes = race(
            *(
                partial(
                    s.post, new, {"title": "T", "body": f"Text {i}, round {round_}.", "url": url}
                )
                for i, s in enumerate(editors)
            )
        )
        assert sorted(codes) == [302] + [400] * (len(editors) - 1), codes
        assert Article.objects.filter(url=url).count() == 1
        body = f"One text for everyone, round {round_}."
        codes = race(
            *(
                partial(s.post, new, {"title": "T", "body": body, "outlet": f"O{round_}-{i}"})
                for i, s in enumerate(editors)
            )
        )
        assert sorted(codes) == [302] + [400] * (len(editors) - 1), codes
        assert Article.objects.filter(body=body).count() == 1
        assert Outlet.objects.filter(name__startswith=f"O{round_}-").count() == 1
        record_cases("HTTP race: ingest x ingest", 2 * len(editors))


def test_merging_a_speaker_while_an_item_is_edited_to_name_them(people, record_cases):
    [editor, merger] = people("editor", 2)
    for round_ in range(ROUNDS):
        source = SpeakerFactory(name=f"Source Person {round_}")
        into = SpeakerFactory(name=f"Target Person {round_}")
        quote = QuoteFactory(article=body(), speaker=into)
        edit = reverse("claims:item-edit", args=[quote.item_type, quote.pk])
        change = _naming(quote, source.name)
        merge = reverse("claims:speaker-merge", args=[into.pk])
        codes = race(
            partial(editor.post, edit, change),
            partial(merger.post, merge, {"other": source.name, "direction": "into_this"}),
        )
        assert all(code < 500 for code in codes), codes
        quote.refresh_from_db()
        assert quote.speaker_id is None or Speaker.objects.filter(pk=quote.speaker_id).exists()
        assert_invariants()
        record_cases("HTTP race: merge x edit", 2)


def test_undoing_an_edit_while_its_old_speaker_is_merged_away(people, record_cases):
    [editor, merger] = people("editor", 2)
    for round_ in range(ROUNDS):
        old = SpeakerFactory(name=f"Old Name {round_}")
        into = SpeakerFactory(name=f"Survivor {round_}")
        quote = QuoteFactory(article=body(), speaker=old)
        edit = reverse("claims:item-edit", args=[quote.item_type, quote.pk])
        change = _naming(quote, f"Someone Else {round_}")
        assert editor.post(edit, change) == 302
        merge = reverse("claims:speaker-merge", args=[into.pk])
        codes = race(
            partial(editor.post, reverse("claims:review-undo"), {}),
            partial(merger.post, merge, {"other": old.name, "direction": "into_this"}),
        )
        assert all(code < 500 for code in codes), codes
        quote.refresh_from_db()
        assert quote.speaker_id in (into.pk, old.pk) or quote.decisions.count() == 1
        assert quote.speaker_id is None or Speaker.objects.filter(pk=quote.speaker_id).exists()
        assert_invariants()
        record_cases("HTTP race: undo x merge", 2)


def test_fact_checkers_racing_on_one_quote_make_one_verdict(people, record_cases):
    checkers = people("fact-checker", 6)
    verdicts = ["misquoted", "out_of_context", "unverifiable"]
    for _ in range(ROUNDS):
        quote = _approved_quote(UserFactory(role="editor"))
        url = reverse("claims:quote-verify", args=[quote.pk]) + "?verdict=all"
        codes = race(
            *(
                partial(s.post, url, {"verdict": verdicts[i % 3], "version": quote.version})
                for i, s in enumerate(checkers)
            )
        )
        assert sorted(codes) == [302] + [409] * (len(checkers) - 1), codes
        assert quote.decisions.filter(action="verdict").count() == 1
        assert_invariants()
        record_cases("HTTP race: verdict x verdict", len(checkers))


def test_bulk_decisions_racing_single_ones_decide_each_item_once(people, record_cases):
    [bulk_approver, bulk_rejecter, single] = people("editor", 3)
    bulk = reverse("claims:review-bulk")
    for _ in range(ROUNDS):
        article = body()
        words = ["The minister spoke", "every necessary step", "talks would go on", "38 attacks"]
        quotes = [QuoteFactory(article=article, text=text) for text in words]
        keys = [f"{q.item_type}-{q.pk}@{q.version}" for q in quotes]
        middle = quotes[1]
        codes = race(
            partial(bulk_approver.post, bulk, {"items": keys, "decision": "approved"}),
            partial(bulk_rejecter.post, bulk, {"items": keys[1:3], "decision": "rejected"}),
            partial(
                single.post,
                reverse("claims:item-review", args=[middle.item_type, middle.pk]),
                {"decision": "rejected", "version": middle.version},
            ),
        )
        assert all(code < 500 for code in codes), codes
        for quote in quotes:
            quote.refresh_from_db()
            # Each item was shown at version 1: whoever came first decided it, the others
            # found it changed and skipped it (or got 409): one decision, never two.
            assert quote.decisions.count() == 1, (quote.pk, codes)
            assert quote.status in (ReviewStatus.APPROVED, ReviewStatus.REJECTED)
        assert_invariants()
        record_cases("HTTP race: bulk x bulk x single decision", 3)


def test_two_cards_merging_the_same_two_speakers_opposite_ways_leave_one(people, record_cases):
    [one, other] = people("editor", 2)
    for round_ in range(ROUNDS):
        first = SpeakerFactory(name=f"Amal Haddad {round_}")
        second = SpeakerFactory(name=f"A. Haddad {round_}")
        article = body()
        card_a = QuoteFactory(article=article, speaker=first, text="every necessary step")
        card_b = QuoteFactory(article=article, speaker=second, text="talks would go on")

        def same_person(session, quote, named):
            url = reverse("claims:item-same-person", args=[quote.item_type, quote.pk])
            form = {"other": named.name, "direction": "into_this", "confirm": "yes"}
            return session.post(url, form | {"article": quote.article_id})

        codes = race(
            partial(same_person, one, card_a, second),
            partial(same_person, other, card_b, first),
        )
        assert all(code < 500 for code in codes), codes
        left = Speaker.objects.filter(pk__in=[first.pk, second.pk])
        assert left.count() == 1, codes
        survivor = left.get()
        card_a.refresh_from_db()
        card_b.refresh_from_db()
        assert card_a.speaker_id == card_b.speaker_id == survivor.pk
        assert_invariants()
        record_cases("HTTP race: same person x same person, opposite ways", 2)
