"""Fixtures for the browser tests: one chromium for this package, a fresh context per user.

Every request a page makes is recorded; a test fails at teardown if anything came from outside
the live server (no CDN, no fonts, no analytics).

While Playwright runs, its sync API keeps an asyncio event loop current in the test thread.
Django then treats the thread as async: it refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE
is set, and hands the thread a fresh database connection object (connections are
context-local in an async thread). That is why the browser is scoped to this package and
stopped after it, and why `role_groups` exists.
"""

import os
import signal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from claims import roles
from tests.browser import log_in

ALLOW_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skipped browser suite hides breakage."""
    if os.environ.get("CLAIMS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and CLAIMS_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="package")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.is_file():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    # The tests query the database between browser steps on purpose, from the thread that
    # now has Playwright's loop; set only while the browser runs, so the rest of the suite
    # keeps Django's check.
    unsafe = os.environ.get(ALLOW_ASYNC_UNSAFE)
    os.environ[ALLOW_ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if unsafe is None:
            del os.environ[ALLOW_ASYNC_UNSAFE]
        else:
            os.environ[ALLOW_ASYNC_UNSAFE] = unsafe


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """The editor, fact-checker and admin groups, as migration 0003_roles creates them.

    The flush after a transactional test removes them. (pytest-django's serialized_rollback
    cannot put them back here: its snapshot hangs on the connection object of the thread's
    sync context, and with Playwright's loop running the test is handed another one.)
    """
    for role, dotted in [
        *((role, roles.permissions_of(role)) for role in roles.ROLE_PERMISSIONS),
        (roles.ADMIN, None),
    ]:
        group, _ = Group.objects.get_or_create(name=role)
        if dotted is None:
            permissions = Permission.objects.filter(content_type__app_label__in=roles.ADMIN_APPS)
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in (name.split(".") for name in dotted)
            ]
        group.permissions.set(permissions)


@pytest.fixture
def requests_made() -> list[str]:
    """Every URL any page of the test requested, in order."""
    return []


@pytest.fixture
def open_page(browser, live_server, requests_made):
    """`open_page(user)`: a page in a new browser context, logged in through the login form.

    Each call is a separate context, so an editor and a fact-checker can act side by side.
    """
    contexts = []

    def open_(user=None):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: requests_made.append(request.url))
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            log_in(page, user)
        return page

    yield open_
    for context in contexts:
        context.close()
    outside = [url for url in requests_made if not url.startswith(live_server.url + "/")]
    assert not outside, f"pages loaded something from outside the site: {outside}"


@pytest.fixture
def run_queued_tasks():
    """`run_queued_tasks(page)`: what `manage.py db_worker` would do, once, in this thread.

    On SQLite the live server and this thread hold two connections to one shared-cache
    in-memory database, where a writer locks whole tables and a request meeting that lock
    fails at once ("database table is locked") instead of waiting. Routing the page's requests
    through Playwright holds them while this thread is busy: the page keeps polling, and the
    requests go out when the test next talks to the browser, after the worker has committed.
    """

    def run(page=None) -> None:
        if page is not None:
            page.route("**/*", lambda route: route.continue_())
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:  # the worker installs its own signal handlers; give pytest its own back
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run
