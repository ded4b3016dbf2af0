"""Keeping the background worker (`manage.py worker`, django-tasks-db) honest: who a worker is,
and putting back the jobs of one that died; and what the scheduler (`manage.py crontask`,
django-crontask) queues when. The jobs themselves (`extract_article`, `poll_due_feeds`,
`poll_feed_job`) are defined beside the services they run and re-exported here for jobs queued
under this module's name."""

import os
import socket
from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.db import close_old_connections, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.services.extraction import extract_article
from claims.services.feeds import poll_due_feeds, poll_feed_job

__all__ = [
    "enqueue_feed_tick",
    "extract_article",
    "poll_due_feeds",
    "poll_feed_job",
    "requeue_orphaned",
    "worker_id",
]

FEED_TICK = "* * * * *"  # every minute; each feed's own interval is CLAIMS_FEED_POLL_MINUTES


def enqueue_feed_tick() -> None:
    """What the scheduler runs each minute: queue the tick that claims and polls due feeds.

    django-crontask's `@cron` would enqueue directly; this wrapper first drops a database
    connection that is too old or broken, as a request would, so that a database restart does
    not leave the long-lived scheduler failing every minute.
    """
    close_old_connections()
    poll_due_feeds.enqueue()


# Registered when `manage.py crontask` imports this module (it imports each app's `tasks`);
# elsewhere the scheduler is never started and the registration does nothing.
scheduler.add_job(
    enqueue_feed_tick,
    CronTrigger.from_crontab(FEED_TICK, timezone=timezone.get_default_timezone()),
    name="claims.tasks.enqueue_feed_tick",
    id="claims.tasks.enqueue_feed_tick",
    replace_existing=True,
)


def worker_id() -> str:
    """This process as a task worker: "host:pid", so a later worker can tell if it died."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def _is_dead(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname()[:50] or not pid.isdecimal():
        return False  # another machine's worker: left to the age limit
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@transaction.atomic
def requeue_orphaned(*, older_than: timedelta) -> int:
    """Put back jobs whose worker died mid-run (killed, out of memory, machine restarted).

    A job is orphaned when its worker process on this machine no longer exists, or when it has
    been running longer than `older_than` (a worker elsewhere that never came back). Extraction
    is idempotent, so running such a job again cannot duplicate anything.
    """
    cutoff = timezone.now() - older_than
    requeued = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for result in running.select_for_update(skip_locked=True):
        last = result.worker_ids[-1] if result.worker_ids else ""
        if _is_dead(last) or (result.started_at and result.started_at < cutoff):
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
    return requeued
