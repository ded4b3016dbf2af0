"""Extraction on RQ (CLAIMS_TASKS_BACKEND=rq): two worker processes on one PostgreSQL, one of
them killed mid-job, every article extracted exactly once.

The workers are real `manage.py worker` processes with the rq backend, so they reach the test
database over the network: PostgreSQL only (an in-memory SQLite test database is invisible to
another process). They need a Redis; without one the test skips, saying so.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, StartedJobRegistry
from rq.results import Result
from rq.worker import Worker

from claims import services
from claims.extraction import extract
from claims.models import Article, NumericClaim, Quote, Speaker

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
]
REPO = Path(__file__).resolve().parents[2]
ARTICLES = 200
QUEUED_TWICE = 20
# A job's time limit in the workers: RQ calls a job abandoned this long (plus as much again)
# after its worker stopped renewing it, so it bounds how long the test waits after the kill.
TIMEOUT = 10


@pytest.fixture
def rq_queue(settings, rq_redis_url):
    if connection.vendor != "postgresql":
        pytest.skip(
            "RQ workers are other processes, which cannot reach SQLite's in-memory test "
            "database: runs on PostgreSQL (set DATABASE_URL)"
        )
    settings.TASKS = {"default": settings.TASK_BACKENDS["rq"]}
    settings.RQ_QUEUES = {"default": {"URL": rq_redis_url, "DEFAULT_TIMEOUT": TIMEOUT}}
    return Queue("default", connection=redis.Redis.from_url(rq_redis_url), job_class=Job)


def start_worker(redis_url: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url,
        "DEBUG": "1",
        "CLAIMS_TASKS_BACKEND": "rq",
        "CLAIMS_RQ_URL": redis_url,
        "CLAIMS_TASK_TIMEOUT": str(TIMEOUT),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "-v", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout: float = 300, what: str = "jobs did not finish in time") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def busy_job(queue: Queue, process: subprocess.Popen, timeout: float = 60) -> tuple[str, Job]:
    """The name of the worker in `process` and the job it has in hand, once it has one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in Worker.all(queue=queue):
            job_id = worker.get_current_job_id() if worker.pid == process.pid else None
            if job_id:
                return worker.name, Job.fetch(job_id, connection=queue.connection)
        time.sleep(0.02)
    raise AssertionError("the worker took no job")


def test_a_worker_killed_mid_job_loses_nothing_and_duplicates_nothing(
    rq_queue, rq_redis_url, record_cases
):
    articles = [
        services.ingest_article(
            title=f"Story {i}",
            body=f"“We counted at least {i + 10} boats,” said Captain Mara Osei in port {i}. "
            f"Over {i + 3} crews were waiting, officials said.",
            method="command",
        )
        for i in range(ARTICLES)
    ]
    for article in articles[:QUEUED_TWICE]:  # the same article queued again before it ran
        services.queue_article_extraction(article)
    assert rq_queue.count == ARTICLES + QUEUED_TWICE

    survivor, victim = start_worker(rq_redis_url), start_worker(rq_redis_url)
    workers = [survivor, victim]
    try:
        wait_for(lambda: rq_queue.count < (ARTICLES + QUEUED_TWICE) * 3 // 4, timeout=240)
        # Kill the victim with a job in hand; a job can end between the look and the kill,
        # so look again (and kill a fresh worker) until one is cut off mid-run.
        cut_off = None
        for _attempt in range(5):
            victim_name, job = busy_job(rq_queue, victim)
            victim.send_signal(signal.SIGKILL)  # no clean shutdown: the job in hand is cut off
            victim.wait()
            if job.get_status(refresh=True) == JobStatus.STARTED:
                cut_off = job
                break
            victim = start_worker(rq_redis_url)
            workers.append(victim)
        assert cut_off is not None, "the killed worker never had a job in hand"
        record_cases("RQ workers killed mid-job", 1)
        # RQ's registry cleanup, run by the surviving worker, finds the job abandoned and its
        # retry policy puts it back; the survivor runs it.
        wait_for(
            lambda: cut_off.get_status(refresh=True) == JobStatus.FINISHED,
            timeout=6 * TIMEOUT + 60,
            what="the killed worker's job was never run again",
        )
        wait_for(lambda: rq_queue.count == 0 and not StartedJobRegistry(queue=rq_queue).count)
    finally:
        for process in workers:
            process.send_signal(signal.SIGKILL)
            process.wait()

    results = cut_off.results()  # the cut-off run recorded nothing; the re-run, its success
    assert [r.type for r in results] == [Result.Type.SUCCESSFUL]
    assert results[0].worker_name != victim_name
    assert FailedJobRegistry(queue=rq_queue).count == 0
    assert Article.objects.filter(extraction_status="done").count() == ARTICLES
    nlp = services.get_nlp()
    for article in Article.objects.all():  # exactly what one clean run stores: nothing twice
        found = extract(article.body, nlp=nlp)
        quotes = {(q.span.start, q.span.end, q.kind) for q in found.quotes}
        numbers = {(n.span.start, n.span.end) for n in found.numbers}
        assert sorted(article.quotes.values_list("start", "end", "kind")) == sorted(quotes)
        assert sorted(article.numeric_claims.values_list("start", "end")) == sorted(numbers)
    assert Quote.objects.count() >= ARTICLES and NumericClaim.objects.count() >= ARTICLES
    # two workers naming the same speaker at once still make one speaker
    assert Speaker.objects.filter(name__icontains="Osei").count() == 1
