"""Adding by hand what the extractor missed: `services.add_item`, the one way to make one."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.extraction.types import Extraction
from claims.models import Decision, NumericClaim, Quote, ReviewStatus, Speaker
from tests.factories import ArticleFactory, QuoteFactory
from tests.invariants import assert_invariants

pytestmark = pytest.mark.django_db

# Outside the Basic Multilingual Plane, a combining mark, right-to-left words: offsets are code
# points, as Python slices the text.
BODY = (
    "The mayor 👩🏽‍⚖️ Zoë Ferreira said the plan costs about 4,5 million.\n"
    "«Nous ne céderons pas», a déclaré Rene\u0301e Dupont.\n"
    "قال الوزير إن 12 مدرسة أغلقت."
)


def span(article, words: str) -> tuple[int, int]:
    start = article.body.index(words)
    return start, start + len(words)


def add(article, words, *, editor, item_type="quote", expected_hash=None, **fields):
    start, end = span(article, words)
    return services.add_item(
        article,
        item_type=item_type,
        editor=editor,
        start=start,
        end=end,
        words=words,
        expected_hash=article.content_hash if expected_hash is None else expected_hash,
        fields=fields,
        note=fields.pop("note", ""),
    )


def test_a_quote_added_by_hand_is_approved_marked_and_in_the_history(editor):
    article = ArticleFactory(body=BODY)
    words = "Nous ne céderons pas"
    mention = span(article, "Rene\u0301e Dupont")
    decision = add(
        article,
        words,
        editor=editor,
        kind=Quote.Kind.DIRECT,
        cue="a déclaré",
        speaker="Rene\u0301e Dupont",
        speaker_start=mention[0],
        speaker_end=mention[1],
    )
    quote = decision.item
    assert (quote.text, quote.status, quote.added_by_hand) == (words, "approved", True)
    assert (quote.speaker_start, quote.speaker_end) == mention
    assert quote.speaker.name == "Rene\u0301e Dupont" and quote.cue == "a déclaré"
    assert (quote.version, quote.confidence, quote.extractor_version) == (1, 1.0, "")
    assert (decision.action, decision.actor, decision.item_version) == ("add", editor, 1)
    assert (decision.from_state, decision.to_state) == ("", ReviewStatus.APPROVED)
    assert decision.changes["start"] == [None, quote.start]
    assert decision.changes["speaker"] == [None, quote.speaker_id]
    assert decision.get_action_display() == "Added by hand"
    assert_invariants()


def test_offsets_are_code_points_so_emoji_and_right_to_left_words_slice_exactly(editor):
    article = ArticleFactory(body=BODY)
    quote = add(article, "Zoë Ferreira said", editor=editor, kind="indirect").item
    claim = add(
        article,
        "12 مدرسة",
        editor=editor,
        item_type="claim",
        value=Decimal(12),
        qualifier="=",
        counted="schools closed",
    ).item
    assert quote.text == article.body[quote.start : quote.end] == "Zoë Ferreira said"
    assert article.body.index("👩🏽‍⚖️") + len("👩🏽‍⚖️ ") == quote.start  # 5 code points
    assert claim.text == "12 مدرسة" and claim.value == 12 and claim.added_by_hand


def test_a_number_added_by_hand_keeps_its_bounds_and_gets_count_suggestions_like_any(editor):
    article = ArticleFactory(body=BODY)
    decision = add(
        article,
        "about 4,5 million",
        editor=editor,
        item_type="claim",
        value=Decimal("4500000"),
        lower=Decimal("4000000"),
        upper=Decimal("5000000"),
        qualifier="~",
        counted="cost of the plan",
        claimant="Zoë Ferreira",
    )
    claim = NumericClaim.objects.get(pk=decision.claim_id)
    assert (claim.lower, claim.upper, claim.qualifier) == (4000000, 5000000, "~")
    assert claim.claimant.name == "Zoë Ferreira" and claim.status == ReviewStatus.APPROVED
    assert decision.changes["value"] == [None, "4500000"]


def test_only_editors_add_and_a_refusal_stores_nothing(fact_checker):
    article = ArticleFactory(body=BODY)
    with pytest.raises(PermissionDenied):
        add(article, "Zoë Ferreira said", editor=fact_checker, speaker="Nobody Yet")
    assert not Quote.objects.exists() and not Decision.objects.exists()
    assert not Speaker.objects.filter(name="Nobody Yet").exists()


def test_a_text_corrected_since_the_selection_is_a_conflict_and_stores_nothing(editor):
    article = ArticleFactory(body=BODY)
    with pytest.raises(services.ArticleChanged):
        add(article, "Zoë Ferreira said", editor=editor, expected_hash="0" * 64, speaker="New One")
    assert not Quote.objects.exists() and not Speaker.objects.filter(name="New One").exists()


@pytest.mark.parametrize(
    "shift",
    [1, -1, 2],  # what a client counting UTF-16 units instead of code points would send
)
def test_words_that_are_not_the_text_at_the_offsets_are_refused(editor, shift):
    article = ArticleFactory(body=BODY)
    start, end = span(article, "Zoë Ferreira said")
    with pytest.raises(services.ReviewError, match="not the article's at those offsets"):
        services.add_item(
            article,
            item_type="quote",
            editor=editor,
            start=start + shift,
            end=end + shift,
            words="Zoë Ferreira said",
            expected_hash=article.content_hash,
            fields={},
        )
    assert not Quote.objects.exists()


def test_a_span_outside_the_text_only_spaces_or_a_long_number_is_refused(editor):
    article = ArticleFactory(body=BODY)
    for start, end, words, item_type in [
        (len(BODY) - 2, len(BODY) + 5, BODY[-2:], "quote"),
        (3, 4, " ", "quote"),
        (0, 301, BODY[:301], "claim"),
    ]:
        with pytest.raises(services.ReviewError):
            services.add_item(
                article,
                item_type=item_type,
                editor=editor,
                start=start,
                end=end,
                words=words,
                expected_hash=article.content_hash,
                fields={"value": Decimal(1)} if item_type == "claim" else {},
            )
    assert not Quote.objects.exists() and not NumericClaim.objects.exists()


def test_a_mention_outside_the_text_is_refused_in_words(editor):
    article = ArticleFactory(body=BODY)
    with pytest.raises(services.ReviewError, match="speaker's mention"):
        add(article, "Zoë Ferreira said", editor=editor, speaker_start=5, speaker_end=10**6)
    assert not Quote.objects.exists()


def test_an_item_already_on_exactly_these_words_is_named_not_duplicated(editor):
    quote = QuoteFactory()
    article = quote.article
    with pytest.raises(services.ReviewError, match="already covers exactly these words"):
        add(article, quote.text, editor=editor, kind=quote.kind)
    other_kind = add(article, quote.text, editor=editor, kind=Quote.Kind.INDIRECT).item
    assert other_kind.added_by_hand and Quote.objects.count() == 2


def test_undoing_an_addition_withdraws_the_item_and_keeps_its_history(editor):
    article = ArticleFactory(body=BODY)
    decision = add(article, "Zoë Ferreira said", editor=editor)
    assert Decision.objects.undoable_by(editor).first() == decision
    undo = services.undo_decision(decision, actor=editor)
    quote = Quote.objects.get(pk=decision.quote_id)
    assert (quote.status, quote.version, quote.text) == ("rejected", 2, "Zoë Ferreira said")
    assert (undo.action, undo.undoes, undo.to_state) == ("undo", decision, "rejected")
    assert_invariants()


def test_an_added_item_survives_extraction_again_unchanged(editor):
    article = ArticleFactory(body=BODY)
    quote = add(article, "Zoë Ferreira said", editor=editor).item
    services.save_extraction(article, Extraction())
    quote.refresh_from_db()
    assert (quote.status, quote.version, quote.added_by_hand) == ("approved", 1, True)
