"""Two editors deciding the same suggested figure at once: one wins, the other gets 409.

PostgreSQL (row locks); each thread is its own connection, released together by a barrier.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import CountDecision, Observation
from tests.factories import ObservationFactory, TrackedCountFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]

ROUNDS = 30


def test_confirm_and_reject_of_one_suggestion_at_once_one_wins_one_409(on_postgres, record_cases):
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory(role="editor"))
        clients.append(client)

    def decide(client: Client, url: str, state: str, barrier: threading.Barrier) -> int:
        try:
            barrier.wait()
            return client.post(url, {"state": state, "version": 1}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        for _ in range(ROUNDS):
            observation = ObservationFactory()
            url = reverse("claims:observation-decide", args=[observation.pk])
            barrier = threading.Barrier(2)
            futures = [
                pool.submit(decide, clients[0], url, "confirmed", barrier),
                pool.submit(decide, clients[1], url, "rejected", barrier),
            ]
            codes = sorted(f.result() for f in futures)
            assert codes == [302, 409], codes
            observation.refresh_from_db()
            history = CountDecision.objects.filter(observation=observation)
            assert history.count() == 1
            [decision] = history
            assert observation.state == decision.to_state
            assert observation.version == 2 and observation.decided_by == decision.actor
            record_cases("concurrent count decisions (pairs)", 1)
    assert Observation.objects.filter(state="suggested").count() == 0


EDIT_ROUNDS = 10


def test_two_editors_editing_one_count_at_once_one_wins_one_409(on_postgres, record_cases):
    """Both send the form of version 1: one change is saved and recorded, the other is
    refused with nothing of it saved, and the count reads as its one history row says."""
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory(role="editor"))
        clients.append(client)

    def edit(client: Client, url: str, places: str, barrier: threading.Barrier) -> int:
        try:
            barrier.wait()
            data = {"name": "attacks", "places": places, "only_grows": "on", "version": 1}
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        for _ in range(EDIT_ROUNDS):
            count = TrackedCountFactory(name="attacks")
            url = reverse("claims:count-edit", args=[count.pk])
            barrier = threading.Barrier(2)
            futures = [
                pool.submit(edit, clients[0], url, "Iraq", barrier),
                pool.submit(edit, clients[1], url, "Syria", barrier),
            ]
            codes = sorted(f.result() for f in futures)
            assert codes == [302, 409], codes
            count.refresh_from_db()
            [decision] = CountDecision.objects.filter(count=count, action="edit")
            assert decision.changes == {"places": ["", count.places]}
            assert count.version == 2 and decision.item_version == 2
            record_cases("concurrent count edits (pairs)", 1)
