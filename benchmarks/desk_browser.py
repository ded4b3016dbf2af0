"""Round trips of the review desk's actions in a real browser, as an editor feels them.

    .venv/bin/python benchmarks/desk_browser.py [--rounds 10] [--json]

Creates afresh a PostgreSQL database DESK_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/claimdesk_desk_browser) with 100 articles of 10 items each
(benchmarks/views.py's seed), serves it with gunicorn (production settings, 2 workers) on a free
local port, and drives Debian's chromium (/usr/bin/chromium) through Playwright. Each round
times, from the action to the moment the page shows its answer (client side, so network on
loopback, server, swap and rendering):

- approve: the key `a` on a card until the next card has settled (what every decision costs);
- next_article: the key `n` on an article's "All done" card until the next article's first card
  has settled;
- list_filter: the review list filtered by a speaker (htmx) until the list is swapped in;
- bulk_preview: "Approve the rest of this article…" until the preview page has loaded;
- bulk_confirm: "Approve these N" until the list page says how many were approved.

Prints p50/p95/max in milliseconds per action, or with --json one line. Times on a shared
machine vary; compare runs made side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - the helpers of the load test, from this folder
import views as bench  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimdesk_desk_browser"
PASSWORD = "desk-benchmark-password"
SETTLED = """key => {
  const card = document.getElementById("review-card");
  return card !== null && (card.dataset.item ?? null) !== key
    && !card.classList.contains("htmx-added") && !document.querySelector(".htmx-request");
}"""


def prepare(env: dict) -> None:
    """Migrate, collect static files, seed, and give the seed's editor a password."""
    load.migrate_and_collect(env)
    seed = f"""
import sys
sys.path.insert(0, {str(REPO / "benchmarks")!r})
import views as bench
from django.contrib.auth.models import User
bench.ARTICLES, bench.ITEMS_PER_ARTICLE = 100, 10
bench.seed(reseed=False)
editor = User.objects.get(username="bench-editor")
editor.set_password({PASSWORD!r})
editor.save()
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", seed], cwd=REPO, env=env, check=True
    )


def timed(samples: list[float], action, done) -> None:
    started = time.perf_counter()
    action()
    done()
    samples.append((time.perf_counter() - started) * 1000)


def drive(base: str, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import expect, sync_playwright

    samples: dict[str, list[float]] = {
        name: [] for name in ("approve", "next_article", "list_filter", "bulk_preview")
    }
    samples["bulk_confirm"] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(base_url=base)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("bench-editor")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
        card = page.locator("#review-card")
        page.goto("/review/")
        article = page.locator("#review-card h2 a").get_attribute("href").split("/")[2]
        page.goto(f"/review/?article={article}")
        for _ in range(rounds):  # decide an article by keys, then on to the next with n
            while card.get_attribute("data-item") is not None:
                key = card.get_attribute("data-item")
                timed(
                    samples["approve"],
                    lambda: page.keyboard.press("a"),
                    lambda key=key: page.wait_for_function(SETTLED, arg=key),
                )
            expect(card.locator(".next-article a.button")).to_be_visible()
            timed(
                samples["next_article"],
                lambda: page.keyboard.press("n"),
                lambda: page.wait_for_function(SETTLED, arg=None),
            )
        for i in range(rounds):
            page.goto("/review/?view=list")
            page.get_by_label("Speaker or claimant").fill(f"Speaker Number {i + 10}")
            timed(
                samples["list_filter"],
                lambda: page.get_by_role("button", name="Filter").click(),
                lambda i=i: expect(page.locator("#review-list")).to_contain_text(
                    f"Speaker Number {i + 10}"
                ),
            )
            page.goto("/review/")
            page.wait_for_function(SETTLED, arg="")
            timed(
                samples["bulk_preview"],
                lambda: page.get_by_role("link", name="Approve the rest of this article…").click(),
                lambda: expect(page.locator("#bulk-preview")).to_be_visible(),
            )
            timed(
                samples["bulk_confirm"],
                lambda: page.locator("#bulk-preview button[value=approved]").click(),
                lambda: expect(page.locator(".messages")).to_contain_text("approved"),
            )
        browser.close()
    return samples


def summary(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    figures = {}
    for name, times in samples.items():
        times = sorted(times)
        figures[name] = {
            "n": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
            "max_ms": round(times[-1], 1),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="articles decided, lists filtered")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    url = os.environ.get("DESK_DATABASE_URL", DEFAULT_URL)
    env = os.environ | bench.production_env(url) | {"ALLOWED_HOSTS": "127.0.0.1"}
    load.drop_database(url)
    bench.create_database(url)
    prepare(env)
    port = load.free_port()
    server = subprocess.Popen(
        [str(load.BIN / "gunicorn"), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=REPO,
        env=env,
    )  # fmt: skip
    try:
        load.wait_until_up(f"http://127.0.0.1:{port}/accounts/login/")
        figures = summary(drive(f"http://127.0.0.1:{port}", args.rounds))
    finally:
        server.terminate()
        server.wait(timeout=30)
        load.drop_database(url)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'action':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, row in figures.items():
        print(f"{name:<14}{row['n']:>5}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}")


if __name__ == "__main__":
    main()
