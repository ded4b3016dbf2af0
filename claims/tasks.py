"""Keeping the background worker (`manage.py worker`, django-tasks-db) honest: who a worker is,
and putting back the jobs of one that died. The extraction job itself, `extract_article`, is
defined beside the service it runs (`claims.services.extraction`) and re-exported here for jobs
queued under this module's name."""

import os
import socket
from datetime import timedelta

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims.services.extraction import extract_article

__all__ = ["extract_article", "requeue_orphaned", "worker_id"]


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
