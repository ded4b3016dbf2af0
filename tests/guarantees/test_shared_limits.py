"""Rate limits hold across server processes: with the production defaults (DEBUG=0, no
CACHE_URL) the counters live in the database, which `manage.py migrate` prepares."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# One server process: the production settings, a logged-in user, `n` CSV exports once it reads
# "go", the status codes printed. The test client is only a way to send requests through the
# whole stack of this process (middleware, views, cache); only the database is shared.
PROCESS = """
import json, sys
import django
django.setup()
from django.conf import settings
# Pages link static files without the manifest collectstatic writes (it takes long, and is not
# what this test is about).
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
user, _ = get_user_model().objects.get_or_create(username="checker")
# exporting quotes needs the permission to see them, which every role holds
view_quote = Permission.objects.get(content_type__app_label="claims", codename="view_quote")
user.user_permissions.add(view_quote)
client = Client()
client.force_login(user)
print("ready", flush=True)
sys.stdin.readline()
codes = [client.get("/export/quotes.csv", secure=True).status_code for _ in range(int(sys.argv[1]))]
print(json.dumps(codes), flush=True)
"""


def production_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "CLAIMS_EXPORT_RATE": "5/h",  # an hour's window: the two processes surely share one
    }


def test_two_server_processes_share_one_rate_limit_on_a_fresh_database(tmp_path):
    env = production_env(tmp_path / "fresh.sqlite3")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]  # it creates the cache table too
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS, "3"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    codes = [code for output in outputs for code in json.loads(output)]
    assert sorted(codes) == [200] * 5 + [429]  # 5 an hour between them, not 5 each


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_increments_of_one_counter_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): row locks between connections")
    cache.set("counter", 0)
    threads, rounds = 8, 25
    barrier = threading.Barrier(threads)

    def hammer():
        try:
            barrier.wait()
            for _ in range(rounds):
                cache.incr("counter")
        finally:
            connection.close()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert cache.get("counter") == threads * rounds
    cache.delete("counter")
