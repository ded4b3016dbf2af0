"""Human work survives an edited article text: decided items keep their words and history.

The real pipeline on the real sample article: extract, decide, correct the text, extract again.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from claims import extraction, services
from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "claims/fixtures/sample/blinken-iran-2023-11-06.txt"
KEPT = {
    Quote: ("text", "status", "speaker_id", "kind", "cue", "verdict", "extractor_version"),
    NumericClaim: ("text", "status", "value", "lower", "upper", "qualifier", "counted"),
}


@pytest.fixture
def decided(editor, fact_checker):
    """The sample article extracted, with an approval, a rejection, an edit and a verdict."""
    article = services.ingest_article(
        title="Sample", body=SAMPLE.read_text(), method="fixture", queue_extraction=False
    )
    services.extract_claims(article)
    quotes = list(article.quotes.order_by("start"))
    claims = list(article.numeric_claims.order_by("start"))
    services.review_item(quotes[1], reviewer=editor, decision="approved")
    services.record_verdict(
        Quote.objects.get(pk=quotes[1].pk), checker=fact_checker, verdict="verified"
    )
    services.review_item(quotes[2], reviewer=editor, decision="rejected")
    services.edit_item(quotes[-1], editor=editor, changes={"cue": "insisted"})
    services.review_item(claims[-1], reviewer=editor, decision="approved")
    return article


def _decided_state(article: Article) -> dict:
    state = {}
    for model, fields in KEPT.items():
        for item in model.objects.filter(article=article).exclude(status=ReviewStatus.EXTRACTED):
            state[item.key] = {name: getattr(item, name) for name in fields}
    return state


def _history(article: Article) -> list[tuple]:
    return list(
        Decision.objects.filter(action__in=["review", "edit", "verdict", "undo"])
        .order_by("pk")
        .values_list("pk", "action", "to_state", "note", "changes")
    )


def _assert_every_span_slices_its_text(article: Article) -> None:
    article.refresh_from_db()
    for model in (Quote, NumericClaim):
        for item in model.objects.filter(article=article):
            assert article.body[item.start : item.end] == item.text, item.key
    for claim in NumericClaim.objects.filter(article=article, sentence_start__isnull=False):
        assert article.body[claim.sentence_start : claim.sentence_end] == claim.sentence


def test_a_revised_text_keeps_every_decision_and_re_extraction_duplicates_nothing(
    decided, editor, django_capture_on_commit_callbacks
):
    article = decided
    decided_before, history_before = _decided_state(article), _history(article)
    assert len(decided_before) == 4
    first_sentence_end = article.body.index(".") + 1
    body = (
        "Editor's note: this article was updated on Tuesday.\n\n"
        + article.body[:first_sentence_end]
        + " A sentence added by the correction."
        + article.body[first_sentence_end:].replace("Secretary", "US Secretary", 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.revise_article(
            article, body=body, editor=editor, expected_hash=article.content_hash
        )
    [job] = DBTaskResult.objects.all()  # extraction queued again once the revision committed
    assert job.args_kwargs["args"] == [article.pk]
    services.run_extraction(article.pk)  # what the worker does with it
    article.refresh_from_db()
    assert article.body == body
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert summary.moved > 0
    assert _decided_state(article) == decided_before
    assert _history(article) == history_before  # earlier decisions untouched
    moves = Decision.objects.filter(action=Decision.Action.MOVE)
    assert moves.count() == 4  # one per decided item, recording its offsets before and after
    assert all(move.actor == editor and "start" in move.changes for move in moves)
    _assert_every_span_slices_its_text(article)
    for model, key in ((Quote, ("start", "end", "kind")), (NumericClaim, ("start", "end"))):
        spans = list(model.objects.filter(article=article).values_list(*key))
        assert len(spans) == len(set(spans)), f"duplicate {model.__name__} candidates"


def test_a_change_inside_a_decided_quote_is_refused_and_nothing_changes(decided, editor):
    article = decided
    approved = article.quotes.get(status=ReviewStatus.APPROVED)
    body = article.body[: approved.start + 2] + "XYZ" + article.body[approved.start + 2 :]
    items_before = sorted(Quote.objects.values_list("pk", "start", "end", "version"))
    with pytest.raises(services.RevisionTouchesDecisions) as refused:
        services.revise_article(
            article, body=body, editor=editor, expected_hash=article.content_hash
        )
    assert refused.value.items == [approved]
    article.refresh_from_db()
    assert article.body == SAMPLE.read_text()
    assert sorted(Quote.objects.values_list("pk", "start", "end", "version")) == items_before
    assert not Decision.objects.filter(action=Decision.Action.MOVE).exists()


def test_an_undecided_candidate_whose_words_changed_is_dropped_and_found_again(editor):
    article = ArticleFactory()
    undecided = QuoteFactory(article=article)  # "We will take every necessary step"
    body = article.body.replace("every necessary", "every possible")
    summary = services.revise_article(
        article, body=body, editor=editor, expected_hash=article.content_hash
    )
    assert (summary.moved, summary.removed) == (0, 1)
    assert not Quote.objects.filter(pk=undecided.pk).exists()


@pytest.mark.parametrize("change", ["grow", "shrink"])
def test_adjacent_spans_shift_together_whichever_way_the_text_moves(editor, change):
    """Rows move one by one without landing on a span another row still holds (unique), and
    the body changes on the side where every span fits (the span triggers)."""
    article = ArticleFactory(body="0123456789" * 3 + " end.")
    spans = [(10, 15), (15, 20), (20, 25), (12, 22)]
    quotes = [
        QuoteFactory(article=article, text=article.body[s:e], start=s, end=e) for s, e in spans
    ]
    body = ("+" * 5 + article.body) if change == "grow" else article.body[5:]
    services.revise_article(article, body=body, editor=editor, expected_hash=article.content_hash)
    shift = 5 if change == "grow" else -5
    for quote, (s, e) in zip(quotes, spans, strict=True):
        quote.refresh_from_db()
        assert (quote.start, quote.end) == (s + shift, e + shift)
        assert body[quote.start : quote.end] == quote.text


def test_a_revision_from_an_outdated_text_is_a_conflict(editor):
    article = ArticleFactory()
    services.revise_article(
        article, body=article.body + " One.", editor=editor, expected_hash=article.content_hash
    )
    with pytest.raises(services.ArticleChanged):
        services.revise_article(
            article, body=article.body + " Two.", editor=editor, expected_hash=article.content_hash
        )
    article.refresh_from_db()
    assert article.body.endswith(" One.")


def test_an_extraction_of_the_old_text_is_discarded_after_a_revision(decided, editor):
    article = decided
    stale = Article.objects.get(pk=article.pk)  # what a running extraction holds
    found = extraction.extract(stale.body, nlp=services.get_nlp())
    services.revise_article(
        article, body="Preface.\n\n" + article.body, editor=editor, expected_hash=stale.content_hash
    )
    before = sorted(Quote.objects.values_list("pk", "start", "end", "version"))
    summary = services.save_extraction(stale, found)
    assert summary.added_quotes == summary.added_claims == 0
    assert sorted(Quote.objects.values_list("pk", "start", "end", "version")) == before
    _assert_every_span_slices_its_text(article)


def test_a_move_cannot_be_undone_nor_the_decision_before_it(decided, editor):
    article = decided
    rejected = article.quotes.get(status=ReviewStatus.REJECTED)
    services.revise_article(
        article,
        body="Preface.\n\n" + article.body,
        editor=editor,
        expected_hash=article.content_hash,
    )
    history = list(rejected.decisions.order_by("pk"))
    assert [d.action for d in history] == ["review", "move"]
    with pytest.raises(services.ReviewError):
        services.undo_decision(history[1], actor=editor)
    with pytest.raises(services.ConflictError):
        services.undo_decision(history[0], actor=editor)


def test_the_page_refuses_a_change_to_decided_words_with_the_form_and_400(client, decided, editor):
    article = decided
    approved = article.quotes.get(status=ReviewStatus.APPROVED)
    url = reverse("claims:article-revise", args=[article.pk])
    client.force_login(editor)
    assert client.get(url).status_code == 200
    body = article.body[: approved.start + 2] + "XYZ" + article.body[approved.start + 2 :]
    response = client.post(url, {"body": body, "content_hash": article.content_hash})
    assert response.status_code == 400
    assert "decided item" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == article.body
    stale = client.post(url, {"body": body, "content_hash": "0" * 64})
    assert stale.status_code == 409
    fine = client.post(
        url, {"body": "Preface.\n\n" + article.body, "content_hash": article.content_hash}
    )
    assert fine.status_code == 302
    assert Article.objects.get(pk=article.pk).body.startswith("Preface.")
