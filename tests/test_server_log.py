"""The development server's log, as `make run` prints it: one line per refused request."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, data=None)) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError("runserver did not start")


def test_runserver_logs_each_refusal_once_and_without_a_traceback(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"{base}/favicon.ico", server)
        codes = [
            ask(f"{base}/no-such-page/"),
            ask(f"{base}/review/bulk/", "POST"),  # no CSRF cookie
            ask(f"{base}/accounts/logout/"),  # log-out takes POST only
        ]
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert codes == [404, 403, 405]
    lines = log.splitlines()
    assert [line for line in lines if "/no-such-page/" in line] == ["Not Found: /no-such-page/"]
    assert [line for line in lines if "/review/bulk/" in line] == [
        "Forbidden (CSRF cookie not set.): /review/bulk/"
    ]
    assert [line for line in lines if "/accounts/logout/" in line] == [
        "Method Not Allowed (GET): /accounts/logout/"
    ]
    assert "Traceback" not in log
    assert '"GET /favicon.ico HTTP/1.1" 302' in log  # other requests keep their access line
