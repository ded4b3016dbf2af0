"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright is optional on a developer's machine: without it these names are None, and the
`browser` fixture in conftest.py skips every test (or fails them when CLAIMS_REQUIRE_BROWSER=1).
"""

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - reported by the `browser` fixture
    Page = expect = None

__all__ = ["Page", "expect"]
