"""The API tokens page: make one (its secret shown once), list them, revoke them."""

import pytest
from django.urls import reverse

from claims.models import ApiToken

pytestmark = pytest.mark.django_db
PAGE = reverse("claims:token-list")
HTMX = {"HX-Request": "true"}


def test_a_new_token_is_shown_once_and_then_only_by_its_prefix(client, editor):
    client.force_login(editor)
    response = client.post(PAGE, {"name": "CMS import", "scope": "ingest"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=editor)
    secret = response.context["secret"]
    assert secret.encode() in response.content and token.scope == "ingest"
    assert "no-store" in response["Cache-Control"]
    assert token.secret_hash == ApiToken.hash_secret(secret)
    later = client.get(PAGE)
    assert secret.encode() not in later.content
    assert f"{token.prefix}…".encode() in later.content and b"CMS import" in later.content


def test_the_header_links_to_the_page_for_logged_in_users(client, fact_checker):
    client.force_login(fact_checker)
    assert f'href="{PAGE}"'.encode() in client.get(reverse("claims:dashboard")).content


def test_htmx_gets_only_the_panel_with_the_new_secret(client, editor):
    client.force_login(editor)
    response = client.post(PAGE, {"name": "notebook", "scope": "read"}, headers=HTMX)
    assert response.status_code == 200 and b"<html" not in response.content
    assert response.content.lstrip().startswith(b'<div id="token-panel">')
    assert response.context["secret"].encode() in response.content
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_a_fact_checker_is_offered_only_read_tokens_and_cannot_forge_an_ingest_one(
    client, fact_checker
):
    client.force_login(fact_checker)
    assert b'value="ingest"' not in client.get(PAGE).content
    response = client.post(PAGE, {"name": "sneaky", "scope": "ingest"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_a_token_needs_a_name(client, editor):
    client.force_login(editor)
    response = client.post(PAGE, {"name": "   ", "scope": "read"}, headers=HTMX)
    assert response.status_code == 400 and b'role="alert"' in response.content
    assert not ApiToken.objects.exists()


def test_revoking_a_token_keeps_it_listed_as_revoked(client, editor):
    client.force_login(editor)
    client.post(PAGE, {"name": "old", "scope": "read"})
    token = ApiToken.objects.get()
    response = client.post(reverse("claims:token-revoke", args=[token.pk]), headers=HTMX)
    assert response.status_code == 200 and b"<html" not in response.content
    assert response.content.lstrip().startswith(b'<div id="token-table">')
    assert b"revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.post(reverse("claims:token-revoke", args=[token.pk]))
    assert response.status_code == 302  # again: nothing changes
    assert ApiToken.objects.get().revoked_at == token.revoked_at


def test_anonymous_users_are_sent_to_log_in(client):
    for response in (client.get(PAGE), client.post(PAGE, {"name": "x", "scope": "read"})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ApiToken.objects.exists()


def test_wrong_methods_are_405(client, editor):
    client.force_login(editor)
    assert client.put(PAGE).status_code == 405
    assert client.get(reverse("claims:token-revoke", args=[1])).status_code == 405
