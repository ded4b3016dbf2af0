"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright is optional on a developer's machine: without it `expect` is None, and the `browser`
fixture in conftest.py skips every test (or fails them when CLAIMS_REQUIRE_BROWSER=1).
This module also holds the steps several tests share.
"""

import pytest
from django.conf import settings

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - reported by the `browser` fixture
    expect = None

# The live server needs committed rows, so each test flushes the tables afterwards. Naming every
# app as available makes that flush leave them empty, as serialized_rollback's flush does, so
# the transactional suites that run after this package restore their snapshot cleanly; at
# setup Django then recreates content types and permissions, and `role_groups` the groups.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's default
FOCUS_IN_CARD = "() => document.activeElement?.closest('#review-card')?.dataset.item ?? null"
CARD_SETTLED = """expected => {
  const card = document.getElementById("review-card");
  return card !== null && (card.dataset.item ?? null) === expected
    && !card.classList.contains("htmx-added")
    && document.activeElement?.closest("#review-card") === card;
}"""


def log_in(page, user) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.locator("header.site .who")).to_contain_text(user.username)


def focused_card(page) -> str | None:
    """The `data-item` of the review card holding the focus, None when focus is elsewhere."""
    return page.evaluate(FOCUS_IN_CARD)


def press(page, key: str, *, then_shows: str | None) -> None:
    """Press `key` in the review queue and wait until the card for `then_shows` has settled.

    `then_shows` is an item key (`quote-12`), or None for the "All done" card. htmx wires up
    a swapped-in card only when it settles, about 20 ms after the swap, and takes its
    `htmx-added` class off then; a key pressed before that clicks a plain HTML button, which
    posts the whole page. (The focus is no sign: htmx re-focuses an element with the id that
    had the focus, #review-card, at the swap itself.)
    """
    page.keyboard.press(key)
    if then_shows is not None:
        expect(page.locator("#review-card")).to_have_attribute("data-item", then_shows)
    page.wait_for_function(CARD_SETTLED, arg=then_shows)
