"""The audit trail: every mutation of our data is recorded by database triggers, with its actor,
time, object and before/after, and the trail cannot be changed by the application."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from pghistory.models import Events

from claims.models import Quote
from tests.factories import QuoteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
QuoteEvent = Quote.pgh_event_model


def test_a_decision_through_the_site_is_audited_with_its_actor_and_before_and_after(
    on_postgres, client, editor
):
    quote = QuoteFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:item-review", args=["quote", quote.pk]),
        {"decision": "approved", "version": 1},
    )
    assert response.status_code == 302
    update = QuoteEvent.objects.filter(pgh_obj=quote, pgh_label="update").get()
    assert update.pgh_context.metadata["user"] == editor.pk
    assert update.pgh_context.metadata["url"] == reverse(
        "claims:item-review", args=["quote", quote.pk]
    )
    assert update.pgh_created_at.utcoffset().total_seconds() == 0
    [diff] = [e.pgh_diff for e in Events.objects.tracks(quote) if e.pgh_label == "update"]
    assert diff["status"] == ["extracted", "approved"]
    assert diff["version"] == [1, 2]


def test_a_queryset_update_is_audited_too(on_postgres):
    quote = QuoteFactory(cue="said")
    Quote.objects.filter(pk=quote.pk).update(cue="claimed")
    update = QuoteEvent.objects.filter(pgh_obj=quote, pgh_label="update").get()
    assert update.cue == "claimed"


def test_a_deletion_is_audited(on_postgres):
    quote = QuoteFactory()
    pk = quote.pk
    quote.delete()
    assert QuoteEvent.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


@pytest.mark.parametrize("change", ["update", "delete"])
def test_audit_rows_cannot_be_changed_or_deleted(on_postgres, change):
    QuoteFactory()
    events = QuoteEvent.objects.all()
    before = list(events.values_list("pgh_id", "cue"))
    with pytest.raises(DatabaseError), transaction.atomic():
        events.update(cue="rewritten") if change == "update" else events.delete()
    assert list(events.values_list("pgh_id", "cue")) == before
