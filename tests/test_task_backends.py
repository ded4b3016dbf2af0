"""Choosing where extraction jobs wait (CLAIMS_TASKS_BACKEND): nonsense fails loudly, and the
RQ worker refuses what only the database worker does."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO, env=os.environ | env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_an_unknown_tasks_backend_stops_the_app_with_the_choices():
    done = manage("check", CLAIMS_TASKS_BACKEND="celery")
    assert done.returncode != 0
    assert "CLAIMS_TASKS_BACKEND must be one of db, rq, got 'celery'" in done.stderr


def test_the_rq_worker_refuses_autoreload_before_it_reaches_redis():
    # a port nothing listens on: the refusal comes first, not a connection error
    done = manage(
        "worker", "--reload", CLAIMS_TASKS_BACKEND="rq", CLAIMS_RQ_URL="redis://127.0.0.1:9/0"
    )
    assert done.returncode != 0
    assert "--reload is for the db backend only." in done.stderr
