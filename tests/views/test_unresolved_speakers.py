"""Pronouns and placeholders are not speakers: the card says a speaker is not resolved, offers
the article's nearest named speakers, and an editor merges two speakers from a card."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.extraction.types import Extraction, QuoteCandidate, SpeakerCandidate, TextSpan
from claims.models import (
    Decision,
    Quote,
    ReviewStatus,
    Speaker,
    SpeakerAlias,
    SpeakerMerge,
    normalize_alias,
)
from claims.services.speakers import SpeakerNameError
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BODY = (
    'Antony Blinken said: "Iran must stop." Lloyd Austin said: "We are ready." '
    '"We will take every necessary step," they said. Jake Sullivan later said: "No comment."'
)


def _quote(article, text, speaker, mention):
    start = article.body.index(text)
    at = article.body.index(mention)
    return QuoteFactory(
        article=article,
        text=text,
        start=start,
        end=start + len(text),
        speaker=speaker,
        speaker_start=at,
        speaker_end=at + len(mention),
    )


@pytest.fixture
def scene():
    """Three named speakers around a quote "they" said: Austin and Blinken before it (Austin
    nearer), Sullivan after it."""
    article = ArticleFactory(body=BODY)
    blinken, austin, sullivan = (
        SpeakerFactory(name=n) for n in ("Antony Blinken", "Lloyd Austin", "Jake Sullivan")
    )
    _quote(article, "Iran must stop.", blinken, "Antony Blinken")
    _quote(article, "We are ready.", austin, "Lloyd Austin")
    they = _quote(article, "We will take every necessary step,", None, "they")
    _quote(article, "No comment.", sullivan, "Jake Sullivan")
    return they, [austin, blinken, sullivan]


def card(client, quote):
    return client.get(
        reverse("claims:review-queue"),
        {"item": quote.key},
        headers={"HX-Request": "true", "HX-Target": "review-card"},
    )


def test_the_card_says_the_speaker_is_not_resolved_and_offers_the_nearest_named_ones(
    client, editor, scene
):
    they, expected = scene
    client.force_login(editor)
    response = card(client, they)
    page = response.content.decode()
    assert "Speaker not resolved:</strong> the text says “they”, which names nobody." in page
    assert [s.pk for s in response.context["item"].candidates] == [s.pk for s in expected]
    for key, speaker in enumerate(expected, start=1):
        assert f'value="{speaker.name}" data-key="{key}">{speaker.name} <kbd>{key}</kbd>' in page


def test_one_click_assigns_a_candidate_through_the_edit_service(client, editor, scene):
    they, (austin, *_) = scene
    client.force_login(editor)
    item = card(client, they).context["item"]
    data = dict(item.assign_fields) | {item.assign_person: austin.name}
    response = client.post(
        they.edit_url, data, headers={"HX-Request": "true", "HX-Target": "review-card"}
    )
    assert response.status_code == 200
    they.refresh_from_db()
    assert (they.speaker, they.status, they.version) == (austin, ReviewStatus.EDITED, 2)
    [decision] = they.decisions.all()
    assert (decision.action, decision.actor) == (Decision.Action.EDIT, editor)
    assert decision.changes["speaker"] == [None, austin.pk]


def test_a_stale_candidate_click_is_a_conflict(client, editor, scene):
    they, (austin, blinken, _) = scene
    client.force_login(editor)
    item = card(client, they).context["item"]
    services.edit_item(they, editor=editor, changes={"speaker": blinken})
    data = dict(item.assign_fields) | {item.assign_person: austin.name}
    response = client.post(
        they.edit_url, data, headers={"HX-Request": "true", "HX-Target": "review-card"}
    )
    assert response.status_code == 409
    they.refresh_from_db()
    assert they.speaker == blinken


def test_the_article_page_shows_the_same_candidates_without_a_query_per_card(client, editor, scene):
    they, expected = scene
    client.force_login(editor)
    url = reverse("claims:article-detail", args=[they.article_id])
    response = client.get(url)
    page = response.content.decode()
    assert "the text says “they”" in page
    shown = next(i for i in response.context["items"] if i.pk == they.pk)
    assert shown.candidates == expected
    assert f'hx-post="{they.edit_url}" hx-target="closest .card"' in page

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    before = queries()
    for text in ("Iran must stop.", "No comment."):  # two more unresolved quotes
        QuoteFactory(article=they.article, text=text, kind="indirect", speaker=None)
    assert queries() == before


def test_a_stored_junk_speaker_counts_as_not_resolved(client, editor):
    quote = QuoteFactory(speaker=Speaker.objects.create(name="That", normalized="that"))
    client.force_login(editor)
    page = card(client, quote).content.decode()
    assert "the text says “That”, which names nobody." in page


def test_a_fact_checker_sees_the_note_but_no_buttons(client, fact_checker, scene):
    they, _ = scene
    they.status = ReviewStatus.APPROVED
    they.save(update_fields=["status"])
    client.force_login(fact_checker)
    page = client.get(reverse("claims:verify-queue"), {"item": they.pk}).content.decode()
    assert "Speaker not resolved" in page and "Named in this article" not in page


@pytest.mark.parametrize("name", ["they", "That", "Unattributed", "who", "It", " THEY, ", "“he”"])
def test_the_edit_form_refuses_a_pronoun_or_placeholder_as_a_speaker(client, editor, name):
    quote = QuoteFactory()
    client.force_login(editor)
    data = {
        "version": 1,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "cue": quote.cue,
        "speaker_name": name,
    }
    response = client.post(
        quote.edit_url, data, headers={"HX-Request": "true", "HX-Target": "review-card"}
    )
    assert response.status_code == 400
    assert (
        "is not a name: a pronoun or placeholder cannot be a speaker" in response.content.decode()
    )
    quote.refresh_from_db()
    assert quote.version == 1 and not quote.decisions.exists()
    assert not Speaker.objects.filter(normalized=normalize_alias(name)).exists()


@pytest.mark.parametrize("name", ["they", "Who", "UNATTRIBUTED", "it."])
def test_the_speaker_service_refuses_pronouns_and_placeholders(name):
    with pytest.raises(SpeakerNameError, match="is not a name"):
        services.find_or_create_speaker(name)
    assert not Speaker.objects.exists()


def test_a_pronoun_is_never_stored_as_an_alias():
    speaker = services.find_or_create_speaker("John Bolton", aliases=("Bolton", "he", "They"))
    assert set(speaker.aliases.values_list("normalized", flat=True)) == {"john bolton", "bolton"}


def test_the_extractor_never_stores_a_pronoun_speaker():
    article = ArticleFactory(body=BODY)
    text = "We will take every necessary step,"
    start, at = BODY.index(text), BODY.index("they")
    found = Extraction(
        quotes=(
            QuoteCandidate(
                text=text,
                span=TextSpan(start, start + len(text)),
                kind="direct",
                cue="said",
                cue_span=None,
                speaker="they",
                speaker_span=TextSpan(at, at + 4),
                confidence=0.7,
            ),
        ),
        speakers=(SpeakerCandidate("they", ("They",), None, None, False),),
    )
    services.save_extraction(article, found)
    [quote] = Quote.objects.filter(article=article)
    assert quote.speaker is None
    assert quote.unresolved_mention == "they"
    assert not Speaker.objects.exists() and not SpeakerAlias.objects.exists()


# --- "Same person as…" from the card ---------------------------------------------------------


def same_person(client, quote, **data):
    return client.post(
        reverse("claims:item-same-person", args=["quote", quote.pk]),
        data,
        headers={"HX-Request": "true", "HX-Target": "review-card"},
    )


def test_same_person_asks_first_then_merges_keeping_the_chosen_name(client, editor):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Blinken"))
    other = QuoteFactory(speaker=SpeakerFactory(name="Antony Blinken")).speaker
    short = quote.speaker
    client.force_login(editor)

    preview = same_person(client, quote, other="Antony Blinken", direction="this_into")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Same person?" in page and "Keep “Antony Blinken”" in page
    assert "“Blinken” (1 quote, 0 numbers)" in page
    assert Speaker.objects.filter(pk=short.pk).exists()  # nothing merged yet

    response = same_person(
        client, quote, other=f"#{other.pk}", direction="this_into", confirm="yes"
    )
    assert response.status_code == 200
    assert "“Blinken” was merged into “Antony Blinken”" in response.content.decode()
    quote.refresh_from_db()
    assert quote.speaker == other
    assert not Speaker.objects.filter(pk=short.pk).exists()
    merge = SpeakerMerge.objects.get()
    assert (merge.merged_id, merge.into, merge.merged_by) == (short.pk, other, editor)
    assert services.find_or_create_speaker("Blinken") == other  # the old name is an alias


def test_same_person_can_keep_this_cards_name(client, editor):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Antony Blinken"))
    other = SpeakerFactory(name="A. Blinken")
    client.force_login(editor)
    same_person(client, quote, other=f"#{other.pk}", direction="into_this", confirm="yes")
    quote.refresh_from_db()
    assert quote.speaker.name == "Antony Blinken"
    assert not Speaker.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("other", ["Nobody Known", "", "...", "#999999"])
def test_same_person_with_an_unknown_speaker_is_a_400_in_the_card(client, editor, other):
    quote = QuoteFactory()
    client.force_login(editor)
    response = same_person(client, quote, other=other, direction="this_into", confirm="yes")
    assert response.status_code == 400
    assert b'id="review-card"' in response.content and b"<html" not in response.content
    assert not SpeakerMerge.objects.exists()


def test_same_person_with_itself_is_refused(client, editor):
    quote = QuoteFactory()
    client.force_login(editor)
    response = same_person(
        client, quote, other=f"#{quote.speaker_id}", direction="this_into", confirm="yes"
    )
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()


def test_same_person_is_for_editors_only(client, fact_checker):
    quote, other = QuoteFactory(), SpeakerFactory()
    client.force_login(fact_checker)
    response = same_person(
        client, quote, other=f"#{other.pk}", direction="this_into", confirm="yes"
    )
    assert response.status_code == 403
    assert Speaker.objects.filter(pk=quote.speaker_id).exists()


def test_same_person_anonymous_and_wrong_method(client, editor):
    quote = QuoteFactory()
    url = reverse("claims:item-same-person", args=["quote", quote.pk])
    assert client.post(url).status_code == 302
    client.force_login(editor)
    assert client.get(url).status_code == 405


def test_without_javascript_same_person_redirects_to_the_card(client, editor):
    quote, other = QuoteFactory(), SpeakerFactory()
    client.force_login(editor)
    url = reverse("claims:item-same-person", args=["quote", quote.pk])
    data = {"other": f"#{other.pk}", "direction": "this_into", "confirm": "yes"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{quote.article_id}/#card-{quote.key}")
    quote.refresh_from_db()
    assert quote.speaker == other
