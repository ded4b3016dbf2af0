"""Bulk extraction on RQ: the dev texts imported, then extracted by one and by two workers.

    .venv/bin/python benchmarks/bulk.py [--json] [--workers 1,2] [--limit N]

Needs PostgreSQL and Redis. Creates afresh BULK_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/claimdesk_bulk) and uses the Redis database BULK_RQ_URL
(default redis://127.0.0.1:6379/14; its RQ keys are deleted first). The texts are read from
../shared/eval/dev.jsonl (or CLAIMS_EVAL_DIR) at run time.

For each worker count, in one run: every article, speaker and outlet is deleted, the texts are
imported through the ingest service (no extraction queued; its rate is `import_per_s`), that
many `manage.py worker` processes start with CLAIMS_TASKS_BACKEND=rq and load their model, and
only then is every article's extraction queued; the clock runs from the queueing to the last
article marked done. So `articles_per_s` is extraction alone, without model loading, which
happens once per worker whatever the batch. `speedup` is the two-worker rate over the one-worker
rate. The CPU seconds of the workers, of the PostgreSQL server processes serving them and of
the whole machine over the same span say where time went (the rest of the machine's is Redis,
this script's polling and anything else running; `loadavg` at the start says how busy the
machine was). On a busy machine the wall-clock speed-up says more about the neighbours than
about Claim Desk: `speedup_if_cores_were_free` is two over the ratio of CPU per article (workers
and their PostgreSQL) with two workers to that with one, i.e. the speed-up if each worker had
a core and PostgreSQL's share fit beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction import load_texts  # noqa: E402
from load import cpu_seconds, drop_database, machine_cpu_seconds  # noqa: E402
from views import create_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimdesk_bulk"
DEFAULT_RQ_URL = "redis://127.0.0.1:6379/14"


def environment(url: str, rq_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": url,
        "DEBUG": "1",
        "CLAIMS_TASKS_BACKEND": "rq",
        "CLAIMS_RQ_URL": rq_url,
        "LOG_LEVEL": "WARNING",
        # one connection per worker for the whole run, so its server process's CPU is counted
        "DATABASE_CONN_MAX_AGE": "3600",
    }


def prepare(url: str, env: dict[str, str]) -> None:
    drop_database(url)
    create_database(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)


def clear(rq_connection) -> None:
    from claims.models import Article, Outlet, Speaker

    Article.objects.all().delete()
    Speaker.objects.all().delete()
    Outlet.objects.all().delete()
    for key in rq_connection.scan_iter("rq:*"):
        rq_connection.delete(key)


def import_texts(texts: list[str]) -> tuple[list[int], float]:
    from claims import services

    started = time.monotonic()
    ids = [
        services.ingest_article(
            title=text.strip().splitlines()[0][:200] or "Untitled",
            body=text,
            method="command",
            queue_extraction=False,
        ).pk
        for text in texts
    ]
    return ids, time.monotonic() - started


def start_workers(n: int, env: dict[str, str], rq_connection) -> list[subprocess.Popen]:
    """`n` workers, returned once each has loaded its model and registered with Redis."""
    from rq import Queue, Worker

    queue = Queue("default", connection=rq_connection)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "-v", "0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(n)
    ]
    deadline = time.monotonic() + 300
    while len(Worker.all(queue=queue)) < n:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            raise SystemExit("the workers did not start (is Redis running?)")
        time.sleep(0.2)
    return workers


def extract_all(ids: list[int]) -> float:
    """Queue every article's extraction; seconds until the last one is done."""
    from django.db import transaction

    from claims import services
    from claims.models import Article

    started = time.monotonic()
    with transaction.atomic():
        for article in Article.objects.filter(pk__in=ids).only("pk"):
            services.queue_article_extraction(article)
    pending = Article.objects.exclude(extraction_status=Article.ExtractionStatus.DONE)
    while pending.exists():
        failed = Article.objects.filter(extraction_status=Article.ExtractionStatus.FAILED)
        if failed.exists():
            raise SystemExit(f"extraction failed: {failed.first().extraction_error}")
        time.sleep(0.05)
    return time.monotonic() - started


def database_processes() -> list[psutil.Process]:
    """PostgreSQL's server processes for this database's other connections (the workers')."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    found = []
    for pid in pids:
        try:
            found.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            continue
    return found


def run(n: int, texts: list[str], env: dict[str, str], rq_connection) -> dict:
    clear(rq_connection)
    ids, import_s = import_texts(texts)
    workers = start_workers(n, env, rq_connection)
    processes = [psutil.Process(w.pid) for w in workers]
    try:
        workers_cpu, machine_cpu = cpu_seconds(processes), machine_cpu_seconds()
        extract_s = extract_all(ids)
        workers_cpu = cpu_seconds(processes) - workers_cpu
        machine_cpu = machine_cpu_seconds() - machine_cpu
        # the workers' connections, opened by their first job: all they cost PostgreSQL, but
        # for the few ms of that first connection's start
        database_cpu = cpu_seconds(database_processes())
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    return {
        "workers": n,
        "articles": len(ids),
        "import_per_s": round(len(ids) / import_s, 1),
        "extract_s": round(extract_s, 1),
        "articles_per_s": round(len(ids) / extract_s, 2),
        "cpu_s": {
            "workers": round(workers_cpu, 1),
            "postgres_for_workers": round(database_cpu, 1),
            "machine": round(machine_cpu, 1),
        },
        # how much of a core each worker had on average (1.0: a core each, all the time)
        "workers_cpu_share": round(workers_cpu / (n * extract_s), 2),
        "worker_cpu_ms_per_article": round(1000 * workers_cpu / len(ids), 1),
        "postgres_cpu_ms_per_article": round(1000 * database_cpu / len(ids), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    args = parser.parse_args(argv)

    texts = load_texts(args.limit)
    url = os.environ.get("BULK_DATABASE_URL", DEFAULT_URL)
    rq_url = os.environ.get("BULK_RQ_URL", DEFAULT_RQ_URL)
    env = environment(url, rq_url)
    os.environ.update(env)
    prepare(url, env)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    import redis

    rq_connection = redis.Redis.from_url(rq_url)
    loadavg = os.getloadavg()
    runs = [run(int(n), texts, env, rq_connection) for n in args.workers.split(",")]
    rates = {r["workers"]: r["articles_per_s"] for r in runs}
    result = {
        "texts": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "cores": os.cpu_count(),
        "loadavg": [round(x, 2) for x in loadavg],
        "runs": runs,
        "speedup": round(rates[2] / rates[1], 2) if {1, 2} <= rates.keys() else None,
    }
    # What two workers would reach if nothing else wanted the cores: the one-worker rate times
    # two, less what each article costs more in CPU (workers and their PostgreSQL) with two.
    per_article = {
        r["workers"]: r["worker_cpu_ms_per_article"] + r["postgres_cpu_ms_per_article"]
        for r in runs
    }
    if {1, 2} <= per_article.keys():
        result["speedup_if_cores_were_free"] = round(2 * per_article[1] / per_article[2], 2)
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
