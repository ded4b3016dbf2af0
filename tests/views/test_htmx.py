"""One htmx convention across the views: fragments for htmx, the whole page otherwise, the same
error status either way, `Vary: HX-Request` on every answer that depends on it."""

import pytest
from django.urls import reverse

from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def _pages(quote) -> list[str]:
    return [
        reverse("claims:article-list"),
        reverse("claims:article-detail", args=[quote.article_id]),
        reverse("claims:review-queue"),
        reverse("claims:review-queue") + "?view=list",
        reverse("claims:verify-queue"),
        reverse("claims:speaker-list"),
        reverse("claims:speaker-detail", args=[quote.speaker_id]),
        reverse("claims:search") + "?q=step",
        reverse("claims:item-history", args=[quote.item_type, quote.pk]),
    ]


def test_every_page_that_answers_htmx_differently_varies_on_it(admin_client):
    quote = QuoteFactory()
    for url in _pages(quote):
        page = admin_client.get(url)
        fragment = admin_client.get(url, headers={"HX-Request": "true"})
        assert page.status_code == fragment.status_code == 200, url
        assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"], url


def test_pages_do_not_load_the_debug_helper_that_replaces_them_on_a_400(client, editor, settings):
    """With DEBUG, django-htmx's helper script swaps the whole document for any 400 answer,
    so a form error (which we render in place with 400) blanked the page in development."""
    settings.DEBUG = True
    client.force_login(editor)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert "django_htmx/htmx-2.min.js" in page
    assert "django-htmx.js" not in page
