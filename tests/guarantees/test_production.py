"""Production settings pass the deployment checks; every page carries the security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from newsroom.settings import proxy_ssl_header

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "options",
    [{}, {"SECURE_HSTS_PRELOAD": "1", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}],
    ids=["defaults", "preload-and-proxy"],
)
def test_deploy_checks_pass_with_production_settings(options):
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "claims.example.org",
        **options,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def production_requests(*headers: dict[str, str], **environ: str) -> list[str]:
    """Status, Location and Strict-Transport-Security of an anonymous GET of the dashboard over
    plain http with each of `headers`, with production settings plus `environ`, in a fresh
    process (settings read the environment once). Over HTTPS the answer is the redirect to the
    log-in page."""
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        **environ,
    }
    code = (
        "from django.test import Client\n"
        f"for headers in {list(headers)!r}:\n"
        "    r = Client().get('/', headers=headers)\n"
        "    print(r.status_code, r.get('Location'), r.get('Strict-Transport-Security'), sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(headers) :]


HTTPS_AT_THE_PROXY = {"X-Forwarded-Proto": "https"}
TO_LOG_IN = "302|/accounts/login/?next=/"


def test_hsts_preload_is_off_until_the_newsroom_opts_in():
    behind_proxy = {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    assert production_requests(HTTPS_AT_THE_PROXY, **behind_proxy) == [
        f"{TO_LOG_IN}|max-age=31536000; includeSubDomains"
    ]
    assert production_requests(HTTPS_AT_THE_PROXY, **behind_proxy, SECURE_HSTS_PRELOAD="1") == [
        f"{TO_LOG_IN}|max-age=31536000; includeSubDomains; preload"
    ]


def test_a_forwarded_proto_header_is_trusted_only_when_configured():
    # unconfigured, a client claiming https is still on plain http and is sent to https
    assert production_requests(HTTPS_AT_THE_PROXY) == ["301|https://testserver/|None"]
    # configured, the proxy's header counts, and only that header saying https
    assert production_requests(
        HTTPS_AT_THE_PROXY,
        {"X-Forwarded-Proto": "http"},
        {"X-Forwarded-Ssl": "on"},
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    ) == [
        f"{TO_LOG_IN}|max-age=31536000; includeSubDomains",
        "301|https://testserver/|None",
        "301|https://testserver/|None",
    ]


def test_the_proxy_header_setting_names_a_header_or_nothing(monkeypatch):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", " X-Forwarded-Proto ")
    assert proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "")
    assert proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER")
    assert proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None
    for nonsense in ("HTTP_X_FORWARDED_PROTO, https", "X Forwarded Proto", "X-Proto:https"):
        monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", nonsense)
        with pytest.raises(ImproperlyConfigured):
            proxy_ssl_header("SECURE_PROXY_SSL_HEADER")


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_send_csp_and_frame_headers_and_scripts_carry_the_nonce(client, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:dashboard"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') > 0
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
