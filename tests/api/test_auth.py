"""Who may call the API: tokens as their users, sessions, and the per-user rate limit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims import services
from claims.models import ApiToken
from tests.api.conftest import bearer, make_token
from tests.factories import QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
QUOTES = "/api/v1/quotes"


def test_nobody_is_a_401_with_a_bearer_challenge(client):
    response = client.get(QUOTES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Bearer cdk_wrong", "Bearer nonsense", "Basic dXNlcjpwdw=="]
)
def test_a_wrong_token_is_a_401(client, header):
    assert client.get(QUOTES, headers={"Authorization": header}).status_code == 401


def test_a_wrong_token_is_refused_even_beside_a_logged_in_session(client, editor):
    client.force_login(editor)
    assert client.get(QUOTES).status_code == 200
    assert client.get(QUOTES, headers=bearer("cdk_wrong")).status_code == 401


def test_a_revoked_token_stops_working_at_once(client, fact_checker):
    token, secret = services.create_token(fact_checker, name="cms", scope="read")
    assert client.get(QUOTES, headers=bearer(secret)).status_code == 200
    services.revoke_token(token, user=fact_checker)
    assert client.get(QUOTES, headers=bearer(secret)).status_code == 401


def test_an_expired_token_is_a_401(client, fact_checker, settings):
    settings.CLAIMS_API_TOKEN_DAYS = 1
    token, secret = services.create_token(fact_checker, name="cms", scope="read")
    assert token.expires_at > timezone.now() + timedelta(hours=23)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(QUOTES, headers=bearer(secret)).status_code == 401


def test_a_deactivated_users_token_stops_working_at_once(client, fact_checker):
    headers = bearer(make_token(fact_checker))
    assert client.get(QUOTES, headers=headers).status_code == 200
    fact_checker.is_active = False
    fact_checker.save(update_fields=["is_active"])
    assert client.get(QUOTES, headers=headers).status_code == 401


def test_a_user_without_a_role_may_authenticate_but_reads_nothing(client):
    headers = bearer(make_token(UserFactory()))
    response = client.get(QUOTES, headers=headers)
    assert response.status_code == 403 and "view_quote" in response.json()["detail"]


def test_a_logged_in_browser_reads_without_a_token(client, fact_checker):
    quote = QuoteFactory()
    client.force_login(fact_checker)
    assert [row["id"] for row in client.get(QUOTES).json()["items"]] == [quote.pk]


def test_using_a_token_records_when_at_most_once_a_minute(client, fact_checker):
    token, secret = services.create_token(fact_checker, name="cms", scope="read")
    assert token.last_used_at is None
    client.get(QUOTES, headers=bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(QUOTES, headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_the_secret_is_shown_once_and_only_its_hash_and_prefix_are_stored(fact_checker):
    token, secret = services.create_token(fact_checker, name="cms", scope="read")
    assert secret.startswith("cdk_") and len(secret) >= 4 + 43
    token.refresh_from_db()
    assert token.secret_hash == ApiToken.hash_secret(secret) != secret
    assert secret.startswith(token.prefix) and len(token.prefix) < 16
    stored = [str(value) for value in ApiToken.objects.values_list().get(pk=token.pk)]
    assert not any(secret in value or secret[8:] in value for value in stored)


def test_a_fact_checker_cannot_make_an_ingest_token(fact_checker):
    with pytest.raises(PermissionDenied):
        services.create_token(fact_checker, name="cms", scope="ingest")
    assert not ApiToken.objects.exists()


def test_each_user_has_their_own_api_rate_limit(client, fact_checker, editor, settings):
    settings.CLAIMS_API_RATE = "3/m"
    mine, theirs = bearer(make_token(fact_checker)), bearer(make_token(editor))
    assert [client.get(QUOTES, headers=mine).status_code for _ in range(3)] == [200] * 3
    refused = client.get(QUOTES, headers=mine)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert client.get(QUOTES, headers=theirs).status_code == 200
    another_of_mine = bearer(make_token(fact_checker))  # a second token shares its user's limit
    assert client.get(QUOTES, headers=another_of_mine).status_code == 429


def test_the_schema_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/speakers",
        "/api/v1/quotes",
        "/api/v1/claims",
        "/api/v1/decisions",
        "/api/v1/counts",
        "/api/v1/counts/{count_id}",
        "/api/v1/observations",
    }
    assert set(schema["paths"]["/api/v1/articles"]) == {"get", "post"}
    assert {"TokenAuth", "BrowserSession"} <= set(schema["components"]["securitySchemes"])
    assert client.get("/api/v1/docs").status_code == 404  # no docs page loading outside scripts
