"""Load test: 50 simulated reviewers against gunicorn on PostgreSQL for 60 seconds.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--workers 3] [--threads 1]
                                        [--articles 200] [--json]

Creates afresh a PostgreSQL database LOAD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/claimdesk_load; dropped first, so every run starts from the
same queue: a run decides over a thousand items) with 200 articles, 10,000 quotes and claims
and 50 editors, serves the app with gunicorn (production settings, DEBUG=0) on a free local port,
and drives it with locust headless (benchmarks/locustfile.py). Prints requests per second,
p50/p95/p99 response times and the error rate, measured by locust from the client side, and
the CPU seconds the machine, gunicorn and locust used (the rest is mostly PostgreSQL).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimdesk_load"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def migrate_and_collect(env: dict) -> None:
    """Migrate the database of `env` and collect the static files production settings serve."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
    )


def prepare(url: str, env: dict, sessions_file: Path, articles: int) -> None:
    """Migrate, collect static files and seed the load database."""
    migrate_and_collect(env)
    seed = f"""
import sys
sys.path.insert(0, {str(REPO / "benchmarks")!r})
import views as bench
from django.conf import settings
from django.contrib.auth.models import Group, User
from claims.models import Article
bench.ARTICLES = {articles}
if Article.objects.count() < bench.ARTICLES:
    bench.seed(reseed=False)
editors = Group.objects.get(name="editor")
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
import json
sessions = []
for i in range(50):
    user, created = User.objects.get_or_create(username=f"reviewer{{i}}")
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(editors)
    # Reviewers at work are logged in already: the test measures reviewing, not 50 password
    # hashes at once (PBKDF2 is slow on purpose).
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
with open({str(sessions_file)!r}, "w") as f:
    json.dump(sessions, f)
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", seed], cwd=REPO, env=env, check=True
    )


def cpu_seconds(processes: list) -> float:
    """User + system CPU time of these processes and all their children, living ones only."""
    total = 0.0
    for process in processes:
        try:
            family = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for member in family:
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine_cpu_seconds() -> float:
    times = psutil.cpu_times()
    return times.user + times.system + getattr(times, "nice", 0.0)


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not come up")


def wait_until_settled(server: psutil.Process, workers: int, timeout: float = 60) -> None:
    """Wait until every worker has booted and the server idles, so that booting (importing
    Django and the app, a second or more of CPU per worker) is not counted as serving."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds([server])
        time.sleep(1)
        if len(server.children()) >= workers and cpu_seconds([server]) - before < 0.05:
            return
    raise SystemExit("the server did not settle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    # 3 sync workers measured best on 2 cores (25-31 ms of server CPU per request against 29-34
    # for 4 workers x 4 threads, whose threads contend for the interpreter lock).
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument(
        "--articles", type=int, default=200, help="articles to seed, 50 items each (x100)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if args.articles < 100 or args.articles % 100:
        parser.error("--articles must be a multiple of 100 (the seed writes batches of 100)")
    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL)
    sys.path.insert(0, str(REPO / "benchmarks"))
    import views as bench  # creates the database when missing

    env = os.environ | bench.production_env(url)
    drop_database(url)
    bench.create_database(url)
    sessions_file = Path(tempfile.mkdtemp()) / "sessions.json"
    prepare(url, env, sessions_file, args.articles)
    env["LOAD_SESSIONS"] = str(sessions_file)
    env["LOAD_ARTICLES"] = str(args.articles)
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread" if args.threads > 1 else "sync",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/accounts/login/")
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before the test began")
        gunicorn = psutil.Process(server.pid)
        wait_until_settled(gunicorn, args.workers)
        cpu_before = {"server": cpu_seconds([gunicorn]), "machine": machine_cpu_seconds()}
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as out:
            load = subprocess.Popen(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(REPO / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    "25",
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    f"{out}/load",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            locust = psutil.Process(load.pid)
            locust_cpu = 0.0
            while load.poll() is None:  # a finished process's CPU time can no longer be read
                locust_cpu = cpu_seconds([locust]) or locust_cpu
                time.sleep(0.5)
            wall = time.monotonic() - started
            machine = machine_cpu_seconds() - cpu_before["machine"]
            server_cpu = cpu_seconds([gunicorn]) - cpu_before["server"]
            cpu = {
                "available": wall * (os.cpu_count() or 1),
                "machine": machine,
                "server": server_cpu,
                "locust": locust_cpu,
                "postgres_and_rest": machine - server_cpu - locust_cpu,
            }
            with open(f"{out}/load_stats.csv", newline="") as f:
                rows = {row["Name"]: row for row in csv.DictReader(f)}
            with open(f"{out}/load_failures.csv", newline="") as f:
                failures = [
                    f"{row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}"
                    for row in csv.DictReader(f)
                ]
    finally:
        server.terminate()
        server.wait()
    total = rows["Aggregated"]
    requests = int(total["Request Count"])
    result = {
        "users": args.users,
        "server": f"gunicorn {args.workers} workers x {args.threads} threads",
        "seconds": args.seconds,
        "requests": requests,
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "error_rate": round(int(total["Failure Count"]) / max(requests, 1), 4),
        "p95_ms_by_request": {n: float(r["95%"]) for n, r in rows.items() if n != "Aggregated"},
        "failures": failures,
        # CPU seconds used during the run: the whole machine, gunicorn (all workers), locust,
        # and the rest (PostgreSQL above all); "available" is wall time x cores
        "cpu_s": {name: round(seconds, 1) for name, seconds in cpu.items()},
        "server_cpu_ms_per_request": round(cpu["server"] * 1000 / max(requests, 1), 1),
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
