"""The load benchmark still runs: a short, small run of benchmarks/load.py end to end.

It measures nothing (figures come from full runs, reported with their conditions); it fails when
the script, its locust scenario or the pages they drive are broken, so a benchmark that the
guarantees rely on cannot rot unnoticed between the runs that use it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.postgres
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the load benchmark serves the app on PostgreSQL (set DATABASE_URL)",
)
def test_load_benchmark_runs_and_reports_every_request_type():
    # named after the test run's database, so two runs on one server (DEVELOPERS.md) do not
    # drop each other's; dropped through the maintenance database, since pytest-django creates
    # test_<name> and <name> itself need not exist
    server, name = DATABASE_URL.rsplit("/", 1)
    smoke = f"claimdesk_load_smoke_{name}"
    url = f"{server}/{smoke}"
    command = [sys.executable, "benchmarks/load.py", "--users", "10", "--seconds", "10"]
    command += ["--articles", "100", "--workers", "2", "--json"]
    env = os.environ | {"LOAD_DATABASE_URL": url}
    try:
        done = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300
        )
    finally:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{smoke}" WITH (FORCE)')
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failures"] == [] and result["error_rate"] == 0
    assert result["requests"] > 0
    # ten reviewers for ten seconds run some eighty tasks: each type at least once but for a
    # chance of about 1 in 5,000 (search and the dashboard are 1 task in 9 each)
    assert set(result["p95_ms_by_request"]) == {
        "review card",
        "decide",
        "article page",
        "dashboard",
        "search",
    }
    assert result["cpu_s"]["server"] > 0


@pytest.mark.postgres
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the bulk benchmark extracts on PostgreSQL (set DATABASE_URL)",
)
def test_bulk_benchmark_runs_one_and_two_workers_and_reports_the_speedup(tmp_path, rq_redis_url):
    server, name = DATABASE_URL.rsplit("/", 1)
    smoke = f"claimdesk_bulk_smoke_{name}"
    texts = tmp_path / "dev.jsonl"  # three short texts: the script's plumbing, not its speed
    texts.write_text(
        "".join(
            json.dumps({"text": f"“We counted {i + 10} boats,” said Captain Mara Osei."}) + "\n"
            for i in range(3)
        )
    )
    env = os.environ | {
        "BULK_DATABASE_URL": f"{server}/{smoke}",
        "BULK_RQ_URL": rq_redis_url,
        "CLAIMS_EVAL_DIR": str(tmp_path),
    }
    try:
        done = subprocess.run(
            [sys.executable, "benchmarks/bulk.py", "--json"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    finally:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{smoke}" WITH (FORCE)')
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert [(r["workers"], r["articles"]) for r in result["runs"]] == [(1, 3), (2, 3)]
    assert all(r["articles_per_s"] > 0 for r in result["runs"])
    assert result["speedup"] > 0
