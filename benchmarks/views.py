"""Server time and SQL queries of the main pages on a newsroom-sized PostgreSQL database.

    .venv/bin/python benchmarks/views.py [--json] [--requests N] [--reseed]

Seeds a separate PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/claimdesk_bench, created if missing) with 2,000 articles
and 100,000 quotes and numeric claims (once; --reseed starts over), then times N requests
(default 60, after 5 warm-ups) to each of the dashboard, review queue, article page, speaker
page, search, the accuracy page, the bulk preview of one article's items and one approve
action, in-process through Django's test client: the figure is server time (middleware, URL
routing, view, queries, template), without network or browser.
Settings are production's (DEBUG=0, static files collected; --debug for development ones).
Prints a table, or with --json one line: {"dashboard": {"p50_ms", "p95_ms", "queries",
"calls"}, ...}. "calls" is the Python function calls of one request (cProfile, mean of five
requests after the timed ones): unlike times on a shared machine it barely moves between runs,
so it shows whether a change made a page cheaper.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimdesk_bench"
ARTICLES = 2_000
ITEMS_PER_ARTICLE = 50  # 25 quotes + 25 claims: 100,000 in all
SPEAKERS = 400
WORDS = [
    "minister",
    "officials",
    "government",
    "security",
    "ceasefire",
    "budget",
    "election",
    "parliament",
    "troops",
    "border",
    "inflation",
    "hospital",
    "reporters",
    "statement",
    "economy",
    "attacks",
    "sanctions",
    "negotiations",
    "refugees",
    "aid",
]


def create_database(url: str) -> None:
    """Create the database named at the end of `url` when the server does not have it."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def production_env(url: str) -> dict[str, str]:
    """Production settings (DEBUG=0) on plain-http loopback, for a database at `url`."""
    return {
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }


def setup_django(url: str, *, debug: bool = False) -> None:
    """Django on the database at `url`, migrated; production settings unless `debug`."""
    create_database(url)
    os.environ.update({"DATABASE_URL": url, "DEBUG": "1"} if debug else production_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if not debug:  # the manifest that production static file names come from
        call_command("collectstatic", interactive=False, verbosity=0)


def paragraph(
    rng: random.Random, n: int
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """A body of `n` sentences; returns it with quote spans and number spans."""
    parts, quotes, numbers, at = [], [], [], 0
    for i in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(10))
        if i % 2 == 0:
            sentence = f"“The {words} will continue,” the speaker said. "
            quotes.append((at, at + sentence.index("”") + 1))
        else:
            number = str(rng.randint(2, 5000))
            sentence = f"At least {number} {words} were counted. "
            start = at + len("At least ")
            numbers.append((start, start + len(number)))
        parts.append(sentence)
        at += len(sentence)
    return "".join(parts), quotes, numbers


def seed(reseed: bool) -> None:
    """Fill the database with ARTICLES articles of ITEMS_PER_ARTICLE items each (once)."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from claims.models import (
        Article,
        NumericClaim,
        Outlet,
        Quote,
        Speaker,
        SpeakerAlias,
    )

    if reseed:
        Article.objects.all().delete()
        Speaker.objects.all().delete()
    if Article.objects.count() >= ARTICLES:
        return
    rng = random.Random(7)
    started = time.perf_counter()
    with transaction.atomic():
        editor, _ = User.objects.get_or_create(username="bench-editor")
        editor.groups.add(Group.objects.get(name="editor"))
        outlets = [Outlet.objects.get_or_create(name=f"Outlet {i}")[0] for i in range(7)]
        speakers = Speaker.objects.bulk_create(
            Speaker(name=f"Speaker Number {i}", normalized=f"speaker number {i}")
            for i in range(SPEAKERS)
        )
        SpeakerAlias.objects.bulk_create(
            SpeakerAlias(speaker=s, name=s.name, normalized=s.normalized) for s in speakers
        )
        for batch in range(ARTICLES // 100):
            bodies = [paragraph(rng, ITEMS_PER_ARTICLE) for _ in range(100)]
            articles = Article.objects.bulk_create(
                Article(
                    title=f"Bench article {batch * 100 + i} on {rng.choice(WORDS)}",
                    body=body,
                    content_hash=Article.hash_body(body),
                    ingest_method="command",
                    outlet=rng.choice(outlets),
                    extraction_status="done",
                )
                for i, (body, _, _) in enumerate(bodies)
            )
            quotes, claims = [], []
            for article, (body, quote_spans, number_spans) in zip(articles, bodies, strict=True):
                for start, end in quote_spans:
                    quotes.append(
                        Quote(
                            article=article,
                            text=body[start:end],
                            start=start,
                            end=end,
                            cue="said",
                            speaker=rng.choice(speakers),
                            confidence=0.8,
                        )
                    )
                for start, end in number_spans:
                    value = int(body[start:end])
                    claims.append(
                        NumericClaim(
                            article=article,
                            text=body[start:end],
                            start=start,
                            end=end,
                            value=value,
                            lower=value,
                            qualifier=">=",
                            counted="things",
                            claimant=rng.choice(speakers),
                            confidence=0.8,
                        )
                    )
            Quote.objects.bulk_create(quotes, batch_size=5000)
            NumericClaim.objects.bulk_create(claims, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does on a live database
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def measure(client, method: str, url_for, n: int, **kwargs) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for i in range(n + 5):
        url = url_for(i)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(url, **kwargs)
            elapsed = time.perf_counter() - started
        if response.status_code >= 400:
            raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
        if i >= 5:
            times.append(elapsed * 1000)
            queries.append(len(captured))
    times.sort()
    profile = cProfile.Profile()
    for i in range(n + 5, n + 10):  # fresh ids: an approve must not meet a decided item
        url = url_for(i)
        profile.enable()
        getattr(client, method)(url, **kwargs)
        profile.disable()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "queries": max(queries),
        "calls": round(pstats.Stats(profile).total_calls / 5),
    }


def run(n: int) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from claims.models import Article, Quote, Speaker

    client = Client()
    client.force_login(User.objects.get(username="bench-editor"))
    article_ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[: n + 10])
    speaker_ids = list(Speaker.objects.order_by("?").values_list("pk", flat=True)[: n + 10])
    pending = list(
        Quote.objects.filter(status="extracted")
        .order_by("-pk")
        .values_list("pk", flat=True)[: n + 10]
    )
    words = [*WORDS] * ((n + 10) // len(WORDS) + 1)
    htmx = {"HX-Request": "true", "HX-Target": "review-card"}
    return {
        "dashboard": measure(client, "get", lambda i: reverse("claims:dashboard"), n),
        "review_queue": measure(client, "get", lambda i: reverse("claims:review-queue"), n),
        "article_page": measure(
            client, "get", lambda i: reverse("claims:article-detail", args=[article_ids[i]]), n
        ),
        "speaker_page": measure(
            client, "get", lambda i: reverse("claims:speaker-detail", args=[speaker_ids[i]]), n
        ),
        "search": measure(client, "get", lambda i: reverse("claims:search") + f"?q={words[i]}", n),
        "accuracy": measure(client, "get", lambda i: reverse("claims:accuracy"), n),
        "bulk_preview": measure(
            client, "get", lambda i: reverse("claims:review-bulk") + f"?article={article_ids[i]}", n
        ),
        "approve": measure(
            client,
            "post",
            lambda i: reverse("claims:item-review", args=["quote", pending[i]]),
            n,
            data={"decision": "approved", "version": 1},
            headers=htmx,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the data again")
    parser.add_argument(
        "--debug", action="store_true", help="development settings (DEBUG=1) instead of production"
    )
    args = parser.parse_args()
    setup_django(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), debug=args.debug)
    seed(args.reseed)
    results = run(args.requests)
    if args.json:
        print(json.dumps(results))
        return
    print(f"{'page':<14}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'calls':>9}")
    for page, figures in results.items():
        print(
            f"{page:<14}{figures['p50_ms']:>9}{figures['p95_ms']:>9}{figures['queries']:>9}"
            f"{figures['calls']:>9}"
        )


if __name__ == "__main__":
    main()
