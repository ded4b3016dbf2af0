"""Round trips of the verify desk's keys and of assigning an unresolved speaker, in a browser.

    .venv/bin/python benchmarks/desk_round_trips.py [--rounds N] [--json]

Makes a fresh SQLite database in a temporary directory, seeds one article with N approved quotes
and N quotes whose speaker is "they" (one named speaker before them), serves it with
`manage.py runserver --noreload` (development settings, DEBUG=1, what `make run` serves), logs
in with Debian's chromium through Playwright and times each action from the key press to the
next card settled in the page (htmx's afterSettle; both stamps are the page's own
performance.now(), so Playwright's own latency is not counted): a verdict key (m, the next
quote swapped in), undo (z, the quote back), skipping (n), and in the review queue assigning
the nearest named speaker (1, saved through the edit service, the next card swapped in).
The review queue's approve key (a, existing) is timed the same way, as the yardstick
measured side by side. Prints p50/p95/max per action in ms, or with --json one line.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PASSWORD = "bench-pass-123"
STAMPS = """
window.__down = 0; window.__settled = 0;
document.addEventListener("keydown", () => { window.__down = performance.now(); }, true);
document.addEventListener("htmx:afterSettle", () => { window.__settled = performance.now(); });
"""


def seed(rounds: int) -> None:
    from django.contrib.auth.models import Group, User

    from claims.models import Article, Quote, ReviewStatus, Speaker, SpeakerAlias

    sentences = ['Lloyd Austin said: "We are ready." ']
    for i in range(2 * rounds + 2):
        sentences.append(f'"Statement number {i} stands," they said. ')
    body = "".join(sentences)
    article = Article.objects.create(
        title="Bench", body=body, content_hash=Article.hash_body(body), ingest_method="paste"
    )
    austin = Speaker.objects.create(name="Lloyd Austin", normalized="lloyd austin")
    SpeakerAlias.objects.create(speaker=austin, name="Lloyd Austin", normalized="lloyd austin")
    at = body.index("We are ready.")
    Quote.objects.create(
        article=article,
        text="We are ready.",
        start=at,
        end=at + 13,
        speaker=austin,
        status=ReviewStatus.APPROVED,
    )
    for i in range(2 * rounds + 2):
        text = f"Statement number {i} stands,"
        start = body.index(text)
        mention = body.index("they", start)
        status = ReviewStatus.APPROVED if i % 2 else ReviewStatus.EXTRACTED
        Quote.objects.create(
            article=article,
            text=text,
            start=start,
            end=start + len(text),
            speaker_start=mention,
            speaker_end=mention + 4,
            status=status,
        )
    for name, role in (("checker", "fact-checker"), ("desk", "editor")):
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(page, key: str) -> float:
    page.evaluate("() => { window.__settled = 0; }")
    page.keyboard.press(key)
    page.wait_for_function("() => window.__settled > window.__down")
    time.sleep(0.05)  # let htmx finish wiring the card before the next key
    return page.evaluate("() => window.__settled - window.__down")


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def measure(base: str, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {
        "verdict (m)": [],
        "undo (z)": [],
        "skip (n)": [],
        "review: approve (a)": [],
        "assign speaker (1)": [],
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.add_init_script(STAMPS)
        log_in(page, base, "checker")
        page.goto(base + "/verify/")
        timed(page, "n")  # warm-up
        for _ in range(rounds):
            found["verdict (m)"].append(timed(page, "m"))
            found["undo (z)"].append(timed(page, "z"))
            found["skip (n)"].append(timed(page, "n"))
        page.context.clear_cookies()
        log_in(page, base, "desk")
        page.goto(base + "/review/")
        for _ in range(rounds):  # the review queue's existing keys, for comparison
            found["review: approve (a)"].append(timed(page, "a"))
            timed(page, "u")
        for _ in range(rounds):
            found["assign speaker (1)"].append(timed(page, "1"))
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DEBUG": "1",
            "LOG_LEVEL": "WARNING",
        }
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        seed(args.rounds)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            found = measure(f"http://127.0.0.1:{port}", args.rounds)
        finally:
            server.terminate()
            server.wait()
    figures = {
        action: {
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(sorted(ms)[max(0, round(0.95 * len(ms)) - 1)], 1),
            "max_ms": round(max(ms), 1),
            "n": len(ms),
        }
        for action, ms in found.items()
    }
    if args.json:
        print(json.dumps(figures))
        return
    for action, f in figures.items():
        print(
            f"{action:22} p50 {f['p50_ms']:7.1f} ms  p95 {f['p95_ms']:7.1f} ms  "
            f"max {f['max_ms']:7.1f} ms  ({f['n']} presses)"
        )


if __name__ == "__main__":
    main()
