"""A speaker merged away stays readable in history, and a decision naming it can still be undone.

Through the real views, each request committing (a dangling speaker id only fails at commit):
an edit changes the person, the old person is merged into another, and the edit is undone.
"""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Decision, NumericClaim, Quote, ReviewStatus, Speaker, SpeakerMerge
from tests.factories import NumericClaimFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="merger", role="editor"))
    return client


def edit(client: Client, item: Quote | NumericClaim, person: str) -> None:
    if isinstance(item, Quote):
        data = {"speaker_name": person, "kind": item.kind, "cue": item.cue}
    else:
        data = {"claimant_name": person, "qualifier": item.qualifier, "counted": item.counted}
        data |= {"value": item.value, "lower": item.lower or "", "upper": item.upper or ""}
        data["unit"] = item.unit
    data |= {"version": item.version, "start": item.start, "end": item.end, "note": ""}
    response = client.post(reverse("claims:item-edit", args=[item.item_type, item.pk]), data)
    assert response.status_code == 302, response.content.decode()


def merge(client: Client, source: Speaker, into: Speaker) -> None:
    url = reverse("claims:speaker-merge", args=[into.pk])
    response = client.post(url, {"other": f"#{source.pk}", "direction": "into_this"})
    assert response.status_code == 302


def undo(client: Client) -> int:
    return client.post(reverse("claims:review-undo")).status_code


@pytest.mark.parametrize("factory", [QuoteFactory, NumericClaimFactory], ids=["quote", "claim"])
def test_an_edit_whose_old_person_was_merged_away_undoes_to_the_survivor(editor_client, factory):
    old, survivor = SpeakerFactory(name="Tony Blinken"), SpeakerFactory(name="Antony Blinken")
    item = factory(**{"speaker" if factory is QuoteFactory else "claimant": old})
    edit(editor_client, item, "Lloyd Austin")
    merge(editor_client, old, survivor)

    assert undo(editor_client) == 302

    item.refresh_from_db()
    assert item.person == survivor
    assert item.status == ReviewStatus.EXTRACTED
    edited, undone = Decision.objects.for_item(item)
    new = Speaker.objects.get(name="Lloyd Austin")
    assert edited.changes[item.person_field] == [old.pk, new.pk]  # history is never rewritten
    assert undone.changes[f"{item.person_field}_id"] == [new.pk, survivor.pk]
    assert undone.undoes == edited


def test_undo_follows_a_chain_of_merges_to_the_last_survivor(editor_client):
    first, middle, last = (SpeakerFactory(name=n) for n in ("T. Blinken", "Tony B.", "Antony B."))
    quote = QuoteFactory(speaker=first)
    edit(editor_client, quote, "Lloyd Austin")
    merge(editor_client, first, middle)
    merge(editor_client, middle, last)

    assert undo(editor_client) == 302

    quote.refresh_from_db()
    assert quote.speaker == last
    assert list(SpeakerMerge.objects.order_by("pk").values_list("merged_id", "into_id")) == [
        (first.pk, middle.pk),
        (middle.pk, last.pk),
    ]


def test_the_history_names_a_merged_speaker_and_where_it_went(editor_client):
    old, survivor = SpeakerFactory(name="Tony Blinken"), SpeakerFactory(name="Antony Blinken")
    quote = QuoteFactory(speaker=old)
    edit(editor_client, quote, "Lloyd Austin")
    merge(editor_client, old, survivor)
    assert undo(editor_client) == 302

    response = editor_client.get(reverse("claims:item-history", args=["quote", quote.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Tony Blinken (merged into Antony Blinken)</del> → <ins>Lloyd Austin" in body
    assert "Lloyd Austin</del> → <ins>Antony Blinken" in body


def test_a_merge_is_recorded_with_the_old_name_who_and_when(editor_client):
    old, survivor = SpeakerFactory(name="Tony Blinken"), SpeakerFactory(name="Antony Blinken")

    merge(editor_client, old, survivor)

    record = SpeakerMerge.objects.get()
    assert (record.merged_id, record.merged_name, record.into) == (old.pk, old.name, survivor)
    assert record.merged_by.username == "merger" and record.created_at is not None
    assert not Speaker.objects.filter(pk=old.pk).exists()


def test_undo_of_an_edit_whose_old_speaker_was_deleted_says_so_and_changes_nothing(editor_client):
    old = SpeakerFactory(name="Tony Blinken")
    quote = QuoteFactory(speaker=old)
    edit(editor_client, quote, "Lloyd Austin")
    Speaker.objects.filter(pk=old.pk).delete()  # not through a merge: only the shell can

    response = editor_client.post(reverse("claims:review-undo"), follow=True)

    assert response.status_code == 200
    assert f"Speaker #{old.pk} has been deleted since" in response.content.decode()
    quote.refresh_from_db()
    assert quote.speaker.name == "Lloyd Austin" and quote.status == ReviewStatus.EDITED
    assert quote.decisions.count() == 1
