"""The database itself refuses inconsistent rows, whatever code writes them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse, set_script_prefix

from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus, Verdict
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(**changes) -> None:
    """Assert that saving a valid quote with `changes` applied is refused by the database."""
    quote = QuoteFactory()
    for name, value in changes.items():
        setattr(quote, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        quote.save()


def test_a_quote_ending_past_the_article_text_is_refused_by_the_database():
    quote = QuoteFactory()
    length = len(quote.article.body)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(end=length + 1)
    quote.refresh_from_db()
    assert quote.end < length


def test_a_quote_may_end_exactly_at_the_end_of_the_text():
    article = ArticleFactory()
    quote = QuoteFactory(article=article, text=article.body[-10:])
    assert quote.end == len(article.body)


def test_a_new_quote_outside_the_text_is_refused_on_insert():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(article=article, text="x", start=5, end=len(article.body) + 40)
    assert not article.quotes.exists()


def test_a_speaker_mention_outside_the_text_is_refused():
    quote = QuoteFactory()
    refused(speaker_start=1, speaker_end=len(quote.article.body) + 5)


def test_a_quote_must_start_before_it_ends():
    refused(start=10, end=10)


def test_half_a_speaker_mention_is_refused():
    refused(speaker_start=3, speaker_end=None)


def test_the_same_span_and_kind_is_stored_once_per_article():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(article=quote.article)
    QuoteFactory(article=quote.article, kind=Quote.Kind.INDIRECT)
    assert quote.article.quotes.count() == 2


def test_a_verdict_on_an_unapproved_quote_is_refused():
    refused(verdict=Verdict.VERIFIED)
    QuoteFactory(status=ReviewStatus.APPROVED, verdict=Verdict.VERIFIED)


def test_a_claim_outside_the_text_is_refused():
    claim = NumericClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        NumericClaim.objects.filter(pk=claim.pk).update(end=len(claim.article.body) + 1)


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"lower": Decimal(50), "upper": Decimal(40)}, "lower above upper"),
        ({"value": Decimal(30), "lower": Decimal(46)}, "value below lower bound"),
        (
            {"value": Decimal(60), "upper": Decimal(50), "lower": None, "qualifier": "<="},
            "value above upper",
        ),
        ({"lower": None, "qualifier": ">="}, "at least without a lower bound"),
        ({"upper": None, "lower": None, "qualifier": "<"}, "under without an upper bound"),
        (
            {"value": None, "lower": Decimal(1), "upper": None, "qualifier": "range"},
            "range missing a bound",
        ),
        ({"value": None, "lower": None, "upper": None, "qualifier": "="}, "no number at all"),
        ({"sentence_start": 30, "sentence_end": 40}, "sentence not containing the number"),
    ],
)
def test_inconsistent_bounds_are_refused_by_the_database(fields, why):
    claim = NumericClaimFactory()
    for name, value in fields.items():
        setattr(claim, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_consistent_range_is_stored():
    claim = NumericClaimFactory(value=None, lower=40, upper=50, qualifier="range")
    claim.refresh_from_db()
    assert (claim.lower, claim.upper) == (Decimal(40), Decimal(50))


def test_shortening_an_article_body_under_its_quotes_is_refused():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=quote.article_id).update(body="short")
    assert Article.objects.get(pk=quote.article_id).body == quote.article.body


def test_the_same_url_is_stored_once_but_many_articles_have_none():
    ArticleFactory(url="https://example.com/a")
    ArticleFactory(url="")
    ArticleFactory(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.com/a")


def test_a_decision_belongs_to_exactly_one_item():
    quote, claim = QuoteFactory(), NumericClaimFactory()
    actor = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(quote=quote, claim=claim, actor=actor, action="review")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(actor=actor, action="review")


def test_item_and_speaker_links_are_what_the_urlconf_reverses():
    quote, claim = QuoteFactory(), NumericClaimFactory()
    for item in (quote, claim):
        args = [item.item_type, item.pk]
        assert item.review_url == reverse("claims:item-review", args=args)
        assert item.edit_url == reverse("claims:item-edit", args=args)
        assert item.history_url == reverse("claims:item-history", args=args)
    assert quote.speaker.get_absolute_url() == reverse(
        "claims:speaker-detail", args=[quote.speaker.pk]
    )
    set_script_prefix("/desk/")  # served under a sub-path
    try:
        assert quote.review_url == f"/desk/review/quote/{quote.pk}/"
    finally:
        set_script_prefix("/")


def _checked_now() -> None:
    """PostgreSQL checks the text triggers at commit; a test never commits, so ask now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda a: Quote(article=a, text="not these words", start=0, end=15), id="quote"
        ),
        pytest.param(
            lambda a: NumericClaim(article=a, text="46", start=0, end=2, value=46), id="claim"
        ),
    ],
)
def test_an_item_whose_text_is_not_its_slice_is_refused_on_insert(make):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _checked_now()
        make(article).save()
    assert not article.quotes.exists() and not article.numeric_claims.exists()


def test_widening_a_span_without_its_words_is_refused():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _checked_now()
        Quote.objects.filter(pk=quote.pk).update(start=quote.start - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _checked_now()
        Quote.objects.filter(pk=quote.pk).update(text="We will take every step")
    quote.refresh_from_db()
    assert quote.text == quote.article.body[quote.start : quote.end]


def test_a_claims_text_is_its_slice_cut_to_the_column():
    article = ArticleFactory(body="x" * 400)
    claim = NumericClaim(article=article, text="x" * 300, start=0, end=400, value=1)
    _checked_now()
    claim.save()
    assert NumericClaim.objects.get().text == "x" * 300


def test_rewriting_the_words_under_a_quote_is_refused_on_postgres(on_postgres):
    quote = QuoteFactory()
    body = quote.article.body.replace(quote.text, quote.text.upper())
    with pytest.raises(IntegrityError), transaction.atomic():
        _checked_now()
        Article.objects.filter(pk=quote.article_id).update(body=body)
    quote.article.refresh_from_db()
    assert quote.text in quote.article.body


def test_any_of_picks_the_rows_of_a_list_of_ids_on_either_database():
    claims = [NumericClaimFactory() for _ in range(3)]
    article = claims[1].article
    wanted = [claims[0].pk, claims[2].pk]
    picked = NumericClaim.objects.filter(pk__any_of=wanted)
    assert sorted(picked.values_list("pk", flat=True)) == sorted(wanted)
    assert list(NumericClaim.objects.filter(article_id__any_of=[article.pk])) == [claims[1]]
    assert not NumericClaim.objects.filter(pk__any_of=[]).exists()
    sql = str(picked.query)
    # One array parameter on PostgreSQL, an IN list elsewhere.
    assert ("= ANY(" in sql) if connection.vendor == "postgresql" else (" IN (" in sql)
