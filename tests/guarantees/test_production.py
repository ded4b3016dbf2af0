"""Production settings pass the deployment checks; every page carries the security headers."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
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


def production_settings(monkeypatch, **environ: str) -> dict:
    """newsroom/settings.py evaluated afresh with DEBUG=0 plus `environ`: the settings read the
    environment once, at import, so this runs the module again (in-process: no Django start)."""
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    for name in ("SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(REPO / "newsroom" / "settings.py"))


def get_dashboard(settings, production: dict, headers: dict[str, str]):
    """An anonymous GET of the dashboard over plain http with `headers`, under the security
    settings of `production`."""
    for name in (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
    ):
        setattr(settings, name, production[name])
    return Client().get(reverse("claims:dashboard"), headers=headers)


HTTPS_AT_THE_PROXY = {"X-Forwarded-Proto": "https"}


@pytest.mark.django_db
def test_hsts_preload_is_off_until_the_newsroom_opts_in(monkeypatch, settings):
    default = production_settings(monkeypatch, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert default["SECURE_HSTS_PRELOAD"] is False
    assert default["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]  # the preload warning only
    response = get_dashboard(settings, default, HTTPS_AT_THE_PROXY)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    opted_in = production_settings(
        monkeypatch, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", SECURE_HSTS_PRELOAD="1"
    )
    assert "SILENCED_SYSTEM_CHECKS" not in opted_in
    response = get_dashboard(settings, opted_in, HTTPS_AT_THE_PROXY)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_a_forwarded_proto_header_is_trusted_only_when_configured(monkeypatch, settings):
    # unconfigured, a client claiming https is still on plain http and is sent to https
    unconfigured = production_settings(monkeypatch)
    assert unconfigured["SECURE_PROXY_SSL_HEADER"] is None
    response = get_dashboard(settings, unconfigured, HTTPS_AT_THE_PROXY)
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response
    # configured, the proxy's header counts, and only that header saying https
    behind_proxy = production_settings(monkeypatch, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    response = get_dashboard(settings, behind_proxy, HTTPS_AT_THE_PROXY)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for headers in ({"X-Forwarded-Proto": "http"}, {"X-Forwarded-Ssl": "on"}):
        assert get_dashboard(settings, behind_proxy, headers).status_code == 301


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
