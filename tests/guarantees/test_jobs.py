"""Extraction jobs survive a killed worker: each job finishes, once, with no duplicates."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims import services
from claims.extraction import extract
from claims.models import Article, NumericClaim, Quote

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]
REPO = Path(__file__).resolve().parents[2]
JOBS = 100
KILLS = 3


def start_worker() -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = os.environ | {"DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.05"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def other_sessions() -> int:
    """Connections to this database other than the test's own: a live worker holds one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def finished() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count()


def wait_for(condition, timeout: float = 240, what: str = "jobs did not finish in time") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_killing_the_worker_three_times_loses_no_job_and_duplicates_nothing(
    on_postgres, record_cases
):
    for i in range(JOBS):
        services.ingest_article(
            title=f"Story {i}",
            body=f"“We counted at least {i + 10} boats,” said Captain Mara Osei in port {i}. "
            f"Over {i + 3} crews were waiting, officials said.",
            method="command",
        )
    assert DBTaskResult.objects.count() == JOBS
    worker = start_worker()
    try:
        for kill in range(1, KILLS + 1):
            wait_for(lambda k=kill: finished() >= k * JOBS // (KILLS + 1))
            running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
            worker.send_signal(signal.SIGKILL)  # no clean shutdown: the job in hand is cut off
            worker.wait()
            record_cases("worker kills (with a job running)", 1 if running else 0)
            worker = start_worker()
        wait_for(lambda: finished() == JOBS)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    # The process killed is the worker itself, not a watcher whose child would run on orphaned
    # (an autoreloading db_worker forks one): once it is gone, nothing else works the queue.
    wait_for(lambda: other_sessions() == 0, timeout=10, what="a killed worker left one running")
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert Article.objects.filter(extraction_status="done").count() == JOBS
    nlp = services.get_nlp()
    for article in Article.objects.all():  # exactly what one clean run stores: nothing twice
        found = extract(article.body, nlp=nlp)
        quotes = {(q.span.start, q.span.end, q.kind) for q in found.quotes}
        numbers = {(n.span.start, n.span.end) for n in found.numbers}
        assert set(article.quotes.values_list("start", "end", "kind")) == quotes
        assert set(article.numeric_claims.values_list("start", "end")) == numbers
    assert Quote.objects.count() >= JOBS and NumericClaim.objects.count() >= JOBS
