"""ASGI entry point for Claim Desk."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup(set_prefix=False)

from claims.http import ClaimDeskASGIHandler  # noqa: E402 - needs the app registry

application = ClaimDeskASGIHandler()
