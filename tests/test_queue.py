"""The review queue's walk: every pending item once, in order, forwards and backwards."""

import re

import pytest
from django.urls import reverse

from claims import queue
from claims.models import ITEM_KINDS, ReviewStatus
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def _items_with_ties():
    """Three articles whose quotes and claims share starts, plus decided items to skip."""
    items = []
    for _ in range(3):
        article = ArticleFactory()
        body = article.body
        for start, end in [(0, 7), (0, 15), (5, 15), (5, 20), (40, 50)]:
            text = body[start:end]
            items.append(QuoteFactory(article=article, text=text, start=start, end=end))
            claim = NumericClaimFactory(
                article=article, text=text, start=start, end=end, value=1, lower=1
            )
            items.append(claim)
        QuoteFactory(
            article=article, text=body[60:70], start=60, end=70, status=ReviewStatus.APPROVED
        )
    return items


def _walk(article_id=None, forward=True):
    seen, item = [], queue.neighbour(None, article_id=article_id, forward=True)
    if not forward:
        while item is not None:  # go to the end first
            last, item = item, queue.neighbour(queue.Position.of(item), article_id=article_id)
        item = last
    while item is not None:
        seen.append(item)
        item = queue.neighbour(queue.Position.of(item), forward=forward, article_id=article_id)
    return seen


def test_walking_forward_visits_every_pending_item_once_in_queue_order():
    items = _items_with_ties()
    expected = sorted(items, key=lambda item: queue.Position.of(item).as_tuple())
    walked = _walk()
    assert [item.key for item in walked] == [item.key for item in expected]
    assert [item.key for item in queue.pending_page()] == [item.key for item in expected]
    assert queue.pending_count() == len(items) == 30


def test_walking_backward_is_the_same_walk_reversed():
    _items_with_ties()
    assert [item.key for item in _walk(forward=False)] == [item.key for item in _walk()][::-1]


def test_the_walk_can_stay_inside_one_article():
    items = _items_with_ties()
    article_id = items[-1].article_id
    walked = _walk(article_id=article_id)
    assert len(walked) == 10
    assert {item.article_id for item in walked} == {article_id}
    backward = _walk(article_id, forward=False)
    assert [item.key for item in backward] == [item.key for item in reversed(walked)]


def test_a_long_queue_is_counted_only_up_to_the_cap(client, editor, monkeypatch):
    items = _items_with_ties()
    monkeypatch.setattr(queue, "COUNT_CAP", 5)
    assert queue.pending_count() == 6
    assert queue.pending_count(items[0].article_id) == 6  # ten in that article: capped too
    client.force_login(editor)
    assert "More than 5 items awaiting review" in client.get(reverse("claims:review-queue")).text
    monkeypatch.setattr(queue, "COUNT_CAP", 1000)
    assert "30 items awaiting review" in client.get(reverse("claims:review-queue")).text


def test_the_next_item_is_found_with_a_row_value_comparison(django_assert_num_queries):
    """The walk uses Django's tuple lookups (django.db.models.fields.tuple_lookups, internal,
    not a documented API) so that each step is one index range scan. A Django that moves them
    or stops compiling them to `(a, b, c) > (x, y, z)` fails here."""
    quote = QuoteFactory()
    with django_assert_num_queries(len(ITEM_KINDS)) as captured:
        queue.neighbour(queue.Position.of(quote))
    row_value = re.compile(r'\("[a-z_]+"\."article_id", "[a-z_]+"\."start"(, "[a-z_]+"\."id")?\) >')
    assert all(row_value.search(query["sql"]) for query in captured.captured_queries)
