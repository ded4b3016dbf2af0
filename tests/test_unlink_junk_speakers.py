"""`manage.py unlink_junk_speakers`: speakers stored as "they" or "Unattributed" are removed,
their items left not resolved with their decisions kept and the unlink in their history."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import services
from claims.models import Decision, ReviewStatus, Speaker, SpeakerAlias
from tests.factories import NumericClaimFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def junk(name: str, key: str) -> Speaker:
    return Speaker.objects.create(name=name, normalized=key)


def run(*args) -> str:
    out = StringIO()
    call_command("unlink_junk_speakers", *args, stdout=out)
    return out.getvalue()


def test_junk_speakers_are_removed_and_their_items_become_unresolved(editor, client):
    they, that = junk("they", "they"), junk("That", "that")
    pending = QuoteFactory(speaker=they)
    approved = QuoteFactory(speaker=they)
    services.review_item(approved, reviewer=editor, decision=ReviewStatus.APPROVED)
    claim = NumericClaimFactory(claimant=that)
    real = QuoteFactory()
    SpeakerAlias.objects.create(speaker=real.speaker, name="he", normalized="he")

    out = run("--actor", editor.username)

    assert "“they”, “That”" in out and "3 item(s) were left not resolved (1 with history" in out
    assert not Speaker.objects.filter(pk__in=[they.pk, that.pk]).exists()
    assert not SpeakerAlias.objects.filter(normalized="he").exists()
    for item in (pending, approved, claim):
        item.refresh_from_db()
        assert item.person is None and item.version == 2 + (item is approved)
    assert approved.status == ReviewStatus.APPROVED  # the decision is kept
    review, unlink = approved.decisions.order_by("pk")
    assert (review.action, unlink.action, unlink.actor) == ("review", "unlink", editor)
    assert unlink.changes == {"speaker": [they.pk, None]}
    assert "“they” names nobody" in unlink.note
    assert not pending.decisions.exists() and not claim.decisions.exists()
    real.refresh_from_db()
    assert real.speaker is not None and real.version == 1

    client.force_login(editor)
    history = client.get(approved.history_url).content.decode()
    assert "Speaker unlinked: the name names nobody" in history
    card = client.get(reverse("claims:review-queue"), {"item": pending.key}).content.decode()
    assert "Speaker not resolved" in card

    assert "none" in run("--actor", editor.username)  # a second run is harmless
    assert Decision.objects.filter(action="unlink").count() == 1


def test_an_unlink_cannot_be_undone_and_is_not_the_undo_keys_target(editor):
    quote = QuoteFactory(speaker=junk("Unattributed", "unattributed"))
    services.review_item(quote, reviewer=editor, decision=ReviewStatus.APPROVED)
    run("--actor", editor.username)
    unlink = Decision.objects.get(action="unlink")
    assert Decision.objects.undoable_by(editor).first().action == "review"
    with pytest.raises(services.ReviewError, match="cannot be put back"):
        services.undo_decision(unlink, actor=editor)


def test_a_dry_run_changes_nothing(editor):
    quote = QuoteFactory(speaker=junk("who", "who"))
    out = run("--actor", editor.username, "--dry-run")
    assert "1 item(s) would be left not resolved" in out
    quote.refresh_from_db()
    assert quote.speaker.name == "who" and quote.version == 1


def test_the_actor_must_exist_and_may_change_speakers(fact_checker):
    SpeakerFactory()
    with pytest.raises(CommandError, match="No active user"):
        run("--actor", "nobody-here")
    with pytest.raises(CommandError, match="may not change speakers"):
        run("--actor", fact_checker.username)
