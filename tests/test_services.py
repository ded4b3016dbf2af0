"""Services: the only writers. Each decision is a history row; no human decision is overwritten."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from claims import services
from claims.extraction.types import (
    Extraction,
    NumberCandidate,
    QuoteCandidate,
    SpeakerCandidate,
    TextSpan,
)
from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus, Speaker, Verdict
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Ingest ------------------------------------------------------------------------------------


def test_ingesting_stores_the_text_exactly_and_queues_extraction(
    editor, django_capture_on_commit_callbacks
):
    body = "Line one said “this”.\r\nLine two.\n"
    with django_capture_on_commit_callbacks(execute=True):
        article = services.ingest_article(
            title="  A  title ", body=body, method="paste", user=editor
        )
    article.refresh_from_db()
    assert article.body == "Line one said “this”.\nLine two.\n"
    assert article.title == "A title"
    assert article.ingested_by == editor
    assert article.content_hash == Article.hash_body(article.body)
    assert article.extraction_status == Article.ExtractionStatus.QUEUED
    [job] = DBTaskResult.objects.all()
    assert job.args_kwargs["args"] == [article.pk]


def test_the_same_text_is_not_stored_twice(editor):
    first = services.ingest_article(title="One", body="Same text.", method="paste", user=editor)
    with pytest.raises(services.DuplicateArticle) as caught:
        services.ingest_article(title="Two", body="Same text.", method="paste", user=editor)
    assert caught.value.existing == first
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "empty"), ("  \n\t ", "empty"), ("nul\x00byte", "NUL"), ("x" * 51, "limit")],
)
@override_settings(CLAIMS_MAX_ARTICLE_CHARS=50)
def test_bad_text_is_refused_with_a_clear_message_and_nothing_stored(editor, body, message):
    with pytest.raises(services.IngestError, match=message):
        services.ingest_article(title="T", body=body, method="paste", user=editor)
    assert not Article.objects.exists()


def test_a_fact_checker_cannot_ingest(fact_checker):
    with pytest.raises(PermissionDenied):
        services.ingest_article(title="T", body="text", method="paste", user=fact_checker)
    assert not Article.objects.exists()


# Speakers ----------------------------------------------------------------------------------


def test_a_surname_finds_the_speaker_known_by_it():
    blinken = services.find_or_create_speaker(
        "Antony Blinken",
        aliases=["Blinken", "Secretary of State Antony Blinken"],
        role="US Secretary of State",
    )
    assert services.find_or_create_speaker("blinken") == blinken
    assert services.find_or_create_speaker("Secretary of State  Antony Blinken") == blinken
    assert Speaker.objects.count() == 1
    assert blinken.role == "US Secretary of State"
    assert set(blinken.aliases.values_list("name", flat=True)) == {
        "Antony Blinken",
        "Blinken",
        "Secretary of State Antony Blinken",
    }


def test_merging_speakers_moves_quotes_claims_and_aliases(editor):
    keep = SpeakerFactory(name="Antony Blinken")
    dupe = SpeakerFactory(name="Tony Blinken", role="Secretary of State")
    quote = QuoteFactory(speaker=dupe)
    claim = NumericClaimFactory(claimant=dupe)
    services.merge_speakers(dupe, into=keep, actor=editor)
    quote.refresh_from_db()
    claim.refresh_from_db()
    keep.refresh_from_db()
    assert quote.speaker == keep and claim.claimant == keep
    assert not Speaker.objects.filter(pk=dupe.pk).exists()
    assert services.find_or_create_speaker("Tony Blinken") == keep
    assert keep.role == "Secretary of State"


def test_a_fact_checker_cannot_merge_speakers(fact_checker):
    a, b = SpeakerFactory(), SpeakerFactory()
    with pytest.raises(PermissionDenied):
        services.merge_speakers(a, into=b, actor=fact_checker)
    assert Speaker.objects.count() == 2


# Decisions and their history ---------------------------------------------------------------


def test_approving_records_who_decided_what(editor):
    quote = QuoteFactory()
    decision = services.review_item(quote, reviewer=editor, decision="approved", note="checked")
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.APPROVED
    assert quote.version == 2
    assert (decision.actor, decision.from_state, decision.to_state, decision.note) == (
        editor,
        "extracted",
        "approved",
        "checked",
    )


def test_a_rejected_quote_cannot_be_approved(editor):
    quote = QuoteFactory(status=ReviewStatus.REJECTED)
    with pytest.raises(services.ReviewError):
        services.review_item(quote, reviewer=editor, decision="approved")
    assert not quote.decisions.exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(editor):
    quote = QuoteFactory()
    services.review_item(quote, reviewer=editor, decision="rejected", expected_version=1)
    other = UserFactory(role="editor")
    with pytest.raises(services.ConflictError) as caught:
        services.review_item(quote, reviewer=other, decision="approved", expected_version=1)
    assert caught.value.current.status == ReviewStatus.REJECTED
    assert "Rejected" in str(caught.value)
    assert quote.decisions.count() == 1


def test_a_fact_checker_cannot_approve(fact_checker):
    quote = QuoteFactory()
    with pytest.raises(PermissionDenied):
        services.review_item(quote, reviewer=fact_checker, decision="approved")
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.EXTRACTED


def test_editing_a_claims_bounds_keeps_the_before_and_after(editor):
    claim = NumericClaimFactory()
    services.edit_item(
        claim, editor=editor, changes={"lower": Decimal(47), "value": Decimal(47)}, note="typo"
    )
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.EDITED
    assert claim.lower == Decimal(47)
    [decision] = claim.decisions.all()
    assert decision.changes["lower"] == ["46", "47"]
    assert decision.changes["status"] == ["extracted", "edited"]


def test_an_edit_the_database_refuses_is_a_clear_error(editor):
    claim = NumericClaimFactory()
    with pytest.raises(services.ReviewError, match="bounds"):
        services.edit_item(claim, editor=editor, changes={"lower": Decimal(99)})
    claim.refresh_from_db()
    assert claim.lower == Decimal(46)
    assert claim.status == ReviewStatus.EXTRACTED
    assert not claim.decisions.exists()


def test_editing_a_quote_span_makes_its_text_follow_the_article(editor):
    quote = QuoteFactory()
    new_start = quote.start - 1  # take in the opening quotation mark
    services.edit_item(quote, editor=editor, changes={"start": new_start})
    quote.refresh_from_db()
    assert quote.text == quote.article.body[new_start : quote.end]


def test_a_span_outside_the_text_is_refused_before_the_database(editor):
    quote = QuoteFactory()
    with pytest.raises(services.ReviewError, match="inside the article"):
        services.edit_item(quote, editor=editor, changes={"end": 10_000})


def test_a_verdict_needs_an_approved_quote_and_is_recorded(fact_checker, editor):
    quote = QuoteFactory()
    with pytest.raises(services.ReviewError):
        services.record_verdict(quote, checker=fact_checker, verdict="verified")
    services.review_item(quote, reviewer=editor, decision="approved")
    services.record_verdict(
        quote,
        checker=fact_checker,
        verdict="misquoted",
        evidence_url="https://example.com/t",
        note="n",
    )
    quote.refresh_from_db()
    assert (quote.verdict, quote.evidence_url, quote.verified_by) == (
        Verdict.MISQUOTED,
        "https://example.com/t",
        fact_checker,
    )
    assert [d.action for d in Decision.objects.for_item(quote)] == ["review", "verdict"]


def test_an_editor_cannot_record_a_verdict(editor):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        services.record_verdict(quote, checker=editor, verdict="verified")


def test_undo_restores_the_item_and_keeps_both_rows_in_history(editor):
    claim = NumericClaimFactory()
    edit = services.edit_item(claim, editor=editor, changes={"counted": "soldiers hurt"})
    services.undo_decision(edit, actor=editor)
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.EXTRACTED
    assert claim.counted == "personnel injured"
    assert [d.action for d in Decision.objects.for_item(claim)] == ["edit", "undo"]


def test_only_the_latest_decision_can_be_undone(editor):
    quote = QuoteFactory()
    first = services.review_item(quote, reviewer=editor, decision="approved")
    services.edit_item(quote, editor=editor, changes={"cue": "told"})
    with pytest.raises(services.ConflictError):
        services.undo_decision(first, actor=editor)
    quote.refresh_from_db()
    assert quote.status == ReviewStatus.EDITED


def test_nobody_undoes_another_editors_decision(editor):
    quote = QuoteFactory()
    decision = services.review_item(quote, reviewer=editor, decision="rejected")
    with pytest.raises(PermissionDenied):
        services.undo_decision(decision, actor=UserFactory(role="editor"))


# Storing an extraction ---------------------------------------------------------------------


def found_in(
    article: Article, quote: str, number: str, *, speaker: str = "Antony Blinken"
) -> Extraction:
    body = article.body
    q = body.index(quote)
    n = body.index(number)
    mention = body.index("Antony Blinken")
    return Extraction(
        quotes=(
            QuoteCandidate(
                text=quote,
                span=TextSpan(q, q + len(quote)),
                kind="direct",
                cue="said",
                cue_span=None,
                speaker=speaker,
                speaker_span=TextSpan(mention, mention + 14),
                confidence=0.9,
            ),
        ),
        numbers=(
            NumberCandidate(
                text=number,
                span=TextSpan(n, n + len(number)),
                value=46.0,
                lower=46.0,
                upper=None,
                qualifier=">=",
                counted="personnel injured",
                unit=None,
                claimant=speaker,
                sentence=body,
                sentence_span=TextSpan(0, len(body)),
                confidence=0.8,
            ),
        ),
        speakers=(
            SpeakerCandidate(
                name="Antony Blinken",
                aliases=("Blinken",),
                role="Secretary of State",
                organisation=None,
                is_organisation=False,
            ),
        ),
    )


def test_storing_an_extraction_twice_adds_nothing():
    article = ArticleFactory()
    found = found_in(article, '"We will take every necessary step,"', "at least 46")
    first = services.save_extraction(article, found)
    second = services.save_extraction(article, found)
    assert (first.added_quotes, first.added_claims) == (1, 1)
    assert (second.added_quotes, second.added_claims, second.refreshed) == (0, 0, 0)
    assert article.quotes.count() == 1 and article.numeric_claims.count() == 1
    quote = article.quotes.get()
    assert quote.speaker.name == "Antony Blinken"
    assert quote.speaker.role == "Secretary of State"
    assert article.numeric_claims.get().claimant == quote.speaker
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE


def test_re_extraction_never_touches_a_decided_item(editor):
    article = ArticleFactory()
    found = found_in(article, '"We will take every necessary step,"', "at least 46")
    services.save_extraction(article, found)
    quote = article.quotes.get()
    claim = article.numeric_claims.get()
    services.edit_item(quote, editor=editor, changes={"cue": "promised"})
    services.review_item(claim, reviewer=editor, decision="rejected")
    quote.refresh_from_db()
    before = {f.name: getattr(quote, f.name) for f in Quote._meta.concrete_fields}
    before.pop("updated_at")

    moved = found_in(
        article, "We will take every necessary step", "at least 46", speaker="Someone Else"
    )
    summary = services.save_extraction(article, moved)

    quote.refresh_from_db()
    after = {f.name: getattr(quote, f.name) for f in Quote._meta.concrete_fields}
    after.pop("updated_at")
    assert after == before
    assert quote.decisions.count() == 1
    assert NumericClaim.objects.get(pk=claim.pk).status == ReviewStatus.REJECTED
    assert article.numeric_claims.count() == 1  # same span: not duplicated beside the rejection
    [newcomer] = article.quotes.exclude(pk=quote.pk)
    assert newcomer.overlaps == quote  # the overlapping candidate is linked to the decided one
    assert summary.kept_decided == 2


def test_an_undecided_candidate_no_longer_found_is_removed():
    article = ArticleFactory()
    services.save_extraction(
        article, found_in(article, '"We will take every necessary step,"', "at least 46")
    )
    summary = services.save_extraction(article, Extraction())
    assert summary.removed == 2
    assert not article.quotes.exists() and not article.numeric_claims.exists()


def test_a_number_too_large_to_store_is_skipped_not_crashed():
    article = ArticleFactory()
    found = found_in(article, '"We will take every necessary step,"', "at least 46")
    huge = dataclasses.replace(found.numbers[0], value=1e309, lower=1e300)
    services.save_extraction(article, Extraction(quotes=found.quotes, numbers=(huge,)))
    assert not article.numeric_claims.exists()
    assert article.quotes.count() == 1


def test_re_extracting_the_sample_article_keeps_every_decision(editor):
    """The real pipeline on the real article: decide some items, extract again, nothing moves."""
    from pathlib import Path

    body = (
        Path(__file__).resolve().parents[1] / "claims/fixtures/sample/blinken-iran-2023-11-06.txt"
    ).read_text()
    article = services.ingest_article(
        title="Sample", body=body, method="fixture", queue_extraction=False
    )
    services.extract_claims(article)
    quotes = list(article.quotes.order_by("start")[:3])
    claim = article.numeric_claims.order_by("start").first()
    services.review_item(quotes[0], reviewer=editor, decision="approved")
    services.review_item(quotes[1], reviewer=editor, decision="rejected")
    services.edit_item(quotes[2], editor=editor, changes={"cue": "insisted"})
    services.edit_item(claim, editor=editor, changes={"counted": "people killed"})
    snapshot = lambda: (  # noqa: E731
        sorted(
            article.quotes.values_list(
                "pk", "start", "end", "status", "cue", "speaker_id", "version"
            )
        ),
        sorted(
            article.numeric_claims.values_list("pk", "start", "end", "status", "counted", "version")
        ),
        Decision.objects.count(),
    )
    before = snapshot()
    summary = services.extract_claims(article)
    assert snapshot() == before
    assert (summary.added_quotes, summary.added_claims, summary.removed) == (0, 0, 0)
    assert summary.kept_decided == 4
