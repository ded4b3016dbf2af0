import os
from collections import Counter

import hypothesis
import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from claims import roles
from tests.factories import UserFactory

# Hypothesis: a small profile while developing, the full one in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci). Tests that set no max_examples follow the profile. CI draws the same
# 500 examples every run (derandomize), so a landing never fails on a new random draw;
# developers' runs stay random and keep finding new cases.
hypothesis.settings.register_profile("ci", max_examples=500, derandomize=True)
hypothesis.settings.register_profile("dev", max_examples=50)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Sizes of the test matrices, printed at the end of the run so that a shrinking matrix shows.
CASE_COUNTS: Counter[str] = Counter()


@pytest.fixture
def record_cases():
    def record(matrix: str, n: int) -> None:
        CASE_COUNTS[matrix] += n

    return record


def pytest_terminal_summary(terminalreporter) -> None:
    if CASE_COUNTS:
        terminalreporter.section("test matrices")
        for matrix, n in sorted(CASE_COUNTS.items()):
            terminalreporter.write_line(f"{matrix}: {n} cases")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with empty rate-limit counters (they live in the cache).

    Users of different tests share ids once each test's transaction is rolled back, so without
    this a test could be refused with 429 for what the tests before it posted in the same minute.
    The default cache is database rows, rolled back with the test's transaction (and clearing
    it would touch the database in tests that have none); any other cache is cleared here.
    """
    if isinstance(caches["default"], DatabaseCache):
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The real hasher costs about a second per user on this machine; tests only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return UserFactory(username="ed", role=roles.EDITOR)


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="fc", role=roles.FACT_CHECKER)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="boss", role=roles.ADMIN)


@pytest.fixture
def user(editor):
    return editor


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def rq_redis_url() -> str:
    """A Redis database for RQ tests (CLAIMS_TEST_RQ_URL), holding nothing of RQ's before and
    after the test. Without a Redis the test skips, saying so, except when
    CLAIMS_REQUIRE_REDIS=1 (CI), where a skipped RQ test would hide breakage."""
    import redis

    url = os.environ.get("CLAIMS_TEST_RQ_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        reason = f"needs a Redis at {url} (set CLAIMS_TEST_RQ_URL): {exc}"
        if os.environ.get("CLAIMS_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason}; CLAIMS_REQUIRE_REDIS=1 requires the RQ tests to run")
        pytest.skip(reason)

    def forget_rq_keys() -> None:
        for key in client.scan_iter("rq:*"):
            client.delete(key)

    forget_rq_keys()
    yield url
    forget_rq_keys()
    client.close()
