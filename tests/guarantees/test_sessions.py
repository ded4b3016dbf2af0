"""Sessions and abuse: a new session at log-in, lockout, idle and absolute limits, rate limits."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from claims.middleware import LOGIN_AT, SEEN_AT
from claims.models import Article
from tests.factories import ArticleFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
PASSWORD = "correct horse battery"


def log_in(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_logging_in_issues_a_new_session_key_and_logging_out_ends_it(client):
    user = UserFactory(role="editor")
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    assert log_in(client, user.username).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get(reverse("claims:dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("claims:dashboard")).status_code == 302
    assert not Session.objects.filter(session_key=after).exists()


def test_five_failed_log_ins_lock_the_user_out_from_that_address_even_with_the_right_password(
    client,
):
    user = UserFactory(role="editor")
    for _ in range(5):
        log_in(client, user.username, "wrong")
    locked = log_in(client, user.username)
    assert locked.status_code == 429
    assert b"too many failed log-ins" in locked.content
    assert client.get(reverse("claims:dashboard")).status_code == 302
    other = UserFactory(role="editor")
    assert log_in(client, other.username).status_code == 302  # the lock is per user and address


def test_a_session_ends_at_its_absolute_lifetime_however_active(client, settings):
    user = UserFactory(role="editor")
    client.force_login(user)
    assert client.get(reverse("claims:dashboard")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.CLAIMS_SESSION_MAX_AGE - 1
    session.save()
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(reverse("claims:dashboard")).status_code == 302


def _expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_activity_renews_the_idle_timeout_at_most_once_a_minute(client, settings):
    assert settings.SESSION_COOKIE_AGE < settings.CLAIMS_SESSION_MAX_AGE
    client.force_login(UserFactory(role="editor"))
    dashboard = reverse("claims:dashboard")
    client.get(dashboard)
    renewed = _expiry(client)
    again = client.get(dashboard)
    assert "sessionid" not in again.cookies  # a page view right after is a read only
    assert _expiry(client) == renewed
    session = client.session
    session[SEEN_AT] -= settings.CLAIMS_SESSION_RENEW_AFTER
    session.save()
    saved = _expiry(client)
    time.sleep(0.01)
    later = client.get(dashboard)
    assert later.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert _expiry(client) > saved


def test_an_idle_session_is_over(client):
    client.force_login(UserFactory(role="editor"))
    assert client.get(reverse("claims:dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_ingesting_over_the_rate_limit_gets_429_with_retry_after(client, settings):
    settings.CLAIMS_EXTRACT_RATE = "3/m"
    client.force_login(UserFactory(role="editor"))
    codes = [
        client.post(
            reverse("claims:article-new"), {"title": f"T{i}", "body": f"Text {i}."}
        ).status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    response = client.post(reverse("claims:article-new"), {"title": "T", "body": "More."})
    assert response["Retry-After"] == "60"
    assert Article.objects.count() == 3


def test_re_extraction_shares_the_limit(client, settings):
    settings.CLAIMS_EXTRACT_RATE = "2/m"
    article = ArticleFactory()
    client.force_login(UserFactory(role="editor"))
    url = reverse("claims:article-extract", args=[article.pk])
    assert (
        client.post(reverse("claims:article-new"), {"title": "T", "body": "Text."}).status_code
        == 302
    )
    assert [client.post(url).status_code for _ in range(2)] == [302, 429]


def test_exports_are_rate_limited_and_neutralise_formulas(client, settings):
    settings.CLAIMS_EXPORT_RATE = "2/m"
    article = ArticleFactory(body='He typed =HYPERLINK("http://evil") and @SUM(A1) into it.')
    QuoteFactory(article=article, text='=HYPERLINK("http://evil")')
    QuoteFactory(article=article, text="@SUM(A1)")
    client.force_login(UserFactory(role="fact-checker"))
    response = client.get(reverse("claims:export-quotes"))
    assert response.status_code == 200
    rows = b"".join(response.streaming_content).decode().splitlines()
    cells = [cell for row in rows[1:] for cell in row.split(",")]
    assert not any(cell.lstrip('"').startswith(("=", "@")) for cell in cells), rows
    assert any("'=HYPERLINK" in row for row in rows) and any("'@SUM(A1)" in row for row in rows)
    assert client.get(reverse("claims:export-claims")).status_code == 200
    limited = client.get(reverse("claims:export-quotes"))
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
