"""WSGI entry point for Claim Desk: gunicorn, and runserver through WSGI_APPLICATION."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup(set_prefix=False)

from claims.http import ClaimDeskWSGIHandler  # noqa: E402 - needs the app registry

application = ClaimDeskWSGIHandler()
