"""Extraction on RQ and Redis (CLAIMS_TASKS_BACKEND=rq): the queue and worker classes that
django-rq builds (settings.RQ), so that `manage.py rqworker` runs our jobs the way they need.

A job whose worker dies mid-run (killed, out of memory, machine gone) is RQ's "abandoned" job:
its entry in the queue's StartedJobRegistry stops being renewed, and the next registry cleanup
by any worker of the queue finds it expired. Every job is created with a retry policy, so that
cleanup puts it back on the queue instead of only marking it failed. Extraction is idempotent
(`services.extraction.save_extraction` locks the article row and stores nothing twice), so a job
that runs again, or one whose worker was only presumed dead, duplicates nothing.
"""

from django.conf import settings
from django.db import close_old_connections
from django_rq.queues import DjangoRQ
from rq import Retry
from rq.defaults import DEFAULT_MAINTENANCE_TASK_INTERVAL
from rq.worker import SimpleWorker

from claims.services.extraction import get_nlp

# Runs of one job after its first: enough for a worker or two lost under it, few enough that a
# job that kills every worker it lands on (an article that exhausts memory) stops doing so.
RETRIES = 3
# RQ waits a job's time limit plus this before it calls the job abandoned, so that a worker that
# is only slow can still record the job's end. RQ's own margin is a minute; a limit shorter than
# a minute (tests) gets a margin as long as itself.
ABANDON_MARGIN = 60


class Queue(DjangoRQ):
    """django-rq's queue, whose jobs carry a retry policy unless the caller gives one."""

    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        return super().create_job(*args, retry=retry or Retry(max=RETRIES), **kwargs)


class Worker(SimpleWorker):
    """RQ's worker that runs each job in its own process instead of a fork per job.

    The spaCy pipeline then loads once per worker (`extraction.load_nlp` is cached per process)
    rather than once per job, and a job costs no fork of a process holding the model. The job's
    time limit (CLAIMS_TASK_TIMEOUT) is still enforced, by an alarm signal. Database connections
    are checked between jobs as Django checks them between requests, so a restarted database
    costs one job's connection, not every later job.
    """

    def __init__(self, *args, **kwargs) -> None:
        # Look for abandoned jobs as often as a job may run (RQ's default: every ten minutes).
        interval = min(DEFAULT_MAINTENANCE_TASK_INTERVAL, settings.CLAIMS_TASK_TIMEOUT)
        kwargs.setdefault("maintenance_interval", interval)
        super().__init__(*args, **kwargs)

    @property
    def dequeue_timeout(self) -> int:
        """An idle worker waits on the queue this long, and looks for abandoned jobs only when
        it wakes: so it wakes once per maintenance interval, not only every six minutes."""
        return max(1, min(super().dequeue_timeout, int(self.maintenance_interval)))

    def work(self, *args, **kwargs) -> bool:
        get_nlp()  # before the first job, so that no job's time limit pays for it
        return super().work(*args, **kwargs)

    def get_heartbeat_ttl(self, job) -> int:
        timeout = job.timeout if job.timeout and job.timeout > 0 else settings.CLAIMS_TASK_TIMEOUT
        return int(timeout) + min(ABANDON_MARGIN, int(timeout))

    def execute_job(self, job, queue) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()
