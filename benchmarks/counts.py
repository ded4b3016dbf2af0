"""Counts at newsroom size: suggestions for a new article, and one count's timeline page.

    .venv/bin/python benchmarks/counts.py [--json] [--rounds N] [--reseed]

Seeds a separate PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/countsdesk_bench, created if missing) with 10,000 tracked
counts, 4,000 articles holding 200,000 numeric claims, 20,000 confirmed observations spread
over the counts and one count with 500 (once; --reseed starts over). Then, N rounds each
(default 30, after 3 warm-ups):

- suggest: a new article of 30 numbers is stored and `services.suggest_for_claims` runs on its
  claims, inside a transaction rolled back afterwards (so every round sees the same data);
  the time is the suggestion call alone;
- timeline: GET /counts/<id>/ of the 500-observation count through Django's test client, as an
  editor, production settings: server time (middleware, view, queries, template).

The seed writes claims and observations with COPY (the rows `bulk_create` would write, every
trigger still firing) and takes a few minutes.

Prints the figures (p50/p95 ms of wall time, p50 ms of this process's CPU time, queries,
suggestions stored), or with --json one line. The CPU time leaves out the database's work but
moves much less than wall time on a busy machine. It asserts nothing: timings on a shared
machine are measured, not promised.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.views import setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/countsdesk_bench"
COUNTS = 10_000
ARTICLES = 4_000
CLAIMS_PER_ARTICLE = 50  # 200,000 claims
SPREAD_OBSERVATIONS = 20_000
TIMELINE_OBSERVATIONS = 500
NEW_ARTICLE_NUMBERS = 30
# What the seeded numbers count: varied enough that a concept matches a few hundred counts.
THINGS = [
    "attacks",
    "deaths",
    "injured",
    "missing",
    "rockets",
    "strikes",
    "arrests",
    "evacuees",
    "drones",
    "protesters",
    "hostages",
    "shipments",
    "flights",
    "votes",
    "cases",
    "vaccinations",
    "layoffs",
    "wildfires",
    "floods",
    "shootings",
    "raids",
    "refugees",
    "seizures",
    "complaints",
]
PLACES = [
    "Iraq",
    "Syria",
    "Gaza",
    "Israel",
    "Lebanon",
    "Yemen",
    "Ukraine",
    "Russia",
    "Sudan",
    "Japan",
    "Ishikawa",
    "Texas",
    "Ohio",
    "Paris",
    "Berlin",
    "Kyiv",
    "Haiti",
    "Chile",
    "Peru",
    "Kenya",
]


def seed(reseed: bool) -> int:
    """Fill the database (once); returns the id of the count with the long timeline."""
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction
    from django.utils import timezone

    from claims import countmatch
    from claims.models import Article, NumericClaim, Observation, Outlet, Speaker, TrackedCount

    if reseed:
        Observation.objects.all().delete()
        Article.objects.all().delete()
        TrackedCount.objects.all().delete()
    long = TrackedCount.objects.filter(name="bench: the long timeline").first()
    if long is not None and NumericClaim.objects.count() >= ARTICLES * CLAIMS_PER_ARTICLE:
        return long.pk
    rng = random.Random(12)
    started = time.perf_counter()
    with transaction.atomic():
        # The text-slice checks of claims are deferred to commit by default; queued for 200,000
        # rows, every later row's audit trigger (whose exception block is a subtransaction)
        # walks that queue, and the seed took half an hour. Checked at the end of each
        # statement instead, the same checks cost minutes.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        editor, _ = User.objects.get_or_create(username="bench-editor")
        editor.groups.add(Group.objects.get(name="editor"))
        outlets = [Outlet.objects.get_or_create(name=f"Outlet {i}")[0] for i in range(12)]
        speakers = Speaker.objects.bulk_create(
            Speaker(name=f"Officer {i}", normalized=f"officer {i}") for i in range(300)
        )
        counts = TrackedCount.objects.bulk_create(
            TrackedCount(
                name=f"{thing} in {place} #{i}",
                concept=countmatch.concept(thing),
                places=place,
                only_grows=thing not in ("missing", "evacuees", "hostages", "refugees"),
            )
            for i in range(COUNTS)
            for thing, place in [(rng.choice(THINGS), rng.choice(PLACES))]
        )
        long = TrackedCount.objects.create(
            name="bench: the long timeline", concept="attack", places="Iraq, Syria"
        )
        claims: list[NumericClaim] = []
        day0 = datetime.date(2023, 10, 17)
        for batch in range(ARTICLES // 200):
            bodies = []
            for _ in range(200):
                spans, parts, at = [], [], 0
                for _ in range(CLAIMS_PER_ARTICLE):
                    thing, place = rng.choice(THINGS), rng.choice(PLACES)
                    value = str(rng.randint(2, 5000))
                    sentence = f"Officials in {place} said {value} {thing} were recorded. "
                    start = at + sentence.index(value)
                    spans.append((start, start + len(value), thing, at, at + len(sentence)))
                    parts.append(sentence)
                    at += len(sentence)
                bodies.append(("".join(parts), spans))
            articles = Article.objects.bulk_create(
                Article(
                    title=f"Counts bench article {batch * 200 + i}",
                    body=body,
                    content_hash=Article.hash_body(body),
                    ingest_method="command",
                    outlet=rng.choice(outlets),
                    published_on=day0 + datetime.timedelta(days=rng.randint(0, 120)),
                    extraction_status="done",
                )
                for i, (body, _) in enumerate(bodies)
            )
            rows = []
            for article, (body, spans) in zip(articles, bodies, strict=True):
                for start, end, thing, s_start, s_end in spans:
                    value = int(body[start:end])
                    rows.append(
                        NumericClaim(
                            article=article,
                            text=body[start:end],
                            start=start,
                            end=end,
                            value=value,
                            counted=thing,
                            claimant=rng.choice(speakers) if rng.random() < 0.5 else None,
                            sentence=body[s_start:s_end],
                            sentence_start=s_start,
                            sentence_end=s_end,
                        )
                    )
            claims += copy_rows(NumericClaim, rows)
        now = timezone.now()
        picked = rng.sample(claims, SPREAD_OBSERVATIONS + TIMELINE_OBSERVATIONS)
        copy_rows(
            Observation,
            [
                Observation(
                    claim=claim,
                    count=counts[i % COUNTS],
                    low=claim.value,
                    high=claim.value,
                    as_of=day0 + datetime.timedelta(days=i % 120),
                    state="confirmed",
                    score=0.8,
                    decided_by=editor,
                    decided_at=now,
                )
                for i, claim in enumerate(picked[:SPREAD_OBSERVATIONS])
            ]
            + [
                Observation(
                    claim=claim,
                    count=long,
                    low=10 + i,
                    high=None if i % 3 else 10 + i,
                    as_of=day0 + datetime.timedelta(days=i // 4),
                    state="confirmed" if i % 5 else "suggested",
                    score=0.7,
                    decided_by=editor if i % 5 else None,
                    decided_at=now if i % 5 else None,
                )
                for i, claim in enumerate(picked[SPREAD_OBSERVATIONS:])
            ],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return long.pk


def copy_rows(model, objs: list) -> list:
    """Insert `objs` with PostgreSQL's COPY, which is many times faster than INSERT for a
    seed of this size; the rows are what `bulk_create` would write (defaults, `auto_now`,
    ids from the table's sequence, set on the objects) and every trigger still runs."""
    from django.db import connection

    if not objs:
        return objs
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [meta.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, obj in zip(ids, objs, strict=True):
                obj.pk = pk
                values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                copy.write_row([pk, *values])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


class Rollback(Exception):
    pass


def bench_suggest(rounds: int) -> dict:
    """Store a new article of 30 numbers and time the suggestions for its claims."""
    from django.db import transaction

    from claims import services
    from claims.models import Article, NumericClaim, Outlet

    rng = random.Random(3)
    times, cpu_times, stored = [], [], []
    for i in range(rounds + 3):
        try:
            with transaction.atomic():
                parts, spans, at = [], [], 0
                for _ in range(NEW_ARTICLE_NUMBERS):
                    thing, place = rng.choice(THINGS), rng.choice(PLACES)
                    value = str(rng.randint(2, 5000))
                    sentence = f"On Monday officials in {place} said {value} {thing} were seen. "
                    start = at + sentence.index(value)
                    spans.append((start, start + len(value), thing, at, at + len(sentence)))
                    parts.append(sentence)
                    at += len(sentence)
                body = "".join(parts) + f" (round {i})"
                article = Article.objects.create(
                    title=f"New article {i}",
                    body=body,
                    content_hash=Article.hash_body(body),
                    ingest_method="command",
                    outlet=Outlet.objects.first(),
                    published_on=datetime.date(2024, 2, 20),
                    extraction_status="done",
                )
                claims = NumericClaim.objects.bulk_create(
                    NumericClaim(
                        article=article,
                        text=body[s:e],
                        start=s,
                        end=e,
                        value=int(body[s:e]),
                        counted=thing,
                        sentence=body[a:b],
                        sentence_start=a,
                        sentence_end=b,
                    )
                    for s, e, thing, a, b in spans
                )
                for claim in claims:
                    claim.article = article
                started, cpu = time.perf_counter(), time.process_time()
                found = services.suggest_for_claims(claims)
                elapsed = (time.perf_counter() - started) * 1000
                cpu_ms = (time.process_time() - cpu) * 1000
                raise Rollback
        except Rollback:
            pass
        if i >= 3:
            times.append(elapsed)
            cpu_times.append(cpu_ms)
            stored.append(len(found))
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_p95(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "suggestions_stored": round(statistics.mean(stored), 1),
        "numbers": NEW_ARTICLE_NUMBERS,
    }


def bench_timeline(count_id: int, rounds: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(User.objects.get(username="bench-editor"))
    url = f"/counts/{count_id}/"
    times, cpu_times, queries = [], [], 0
    for i in range(rounds + 3):
        with CaptureQueriesContext(connection) as ctx:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, response.status_code
        if i >= 3:
            times.append(elapsed)
            cpu_times.append(cpu_ms)
            queries = len(ctx.captured_queries)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_p95(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "queries": queries,
        "observations": TIMELINE_OBSERVATIONS,
        "bytes": len(response.content),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds of each")
    parser.add_argument("--reseed", action="store_true", help="empty and seed again")
    args = parser.parse_args()
    setup_django(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    count_id = seed(args.reseed)
    figures = {
        "suggest": bench_suggest(args.rounds),
        "timeline": bench_timeline(count_id, args.rounds),
    }
    if args.json:
        print(json.dumps(figures))
        return
    for name, row in figures.items():
        print(name, " ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
