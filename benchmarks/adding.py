"""Round trips of adding a missed item and fixing a span, in a real browser.

    .venv/bin/python benchmarks/adding.py [--rounds N] [--json]

Serves the app with gunicorn (production settings, DEBUG=0, 2 sync workers) on a fresh SQLite
file in a temporary directory, with one editor and one article of 60 sentences, and drives
Debian's chromium (/usr/bin/chromium) through Playwright, logged in through the log-in form.
Each round, timed in the page with performance.now():

- add: select words in the article text, press q, press Enter as soon as the form has the
  focus (speaker left empty): from the key press to the new highlight in the swapped-in article
  text (the first press fetches the form, later ones reuse it; the submit is one round trip
  that returns the article and its cards);
- fix: a quote's edit form open on the article page, words selected and "Use the selected
  words as the quote" pressed: from the click on "Save edits" to the card's "Saved" notice.

Prints the median, min and max of each in milliseconds (with --json one line); asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = secrets.token_urlsafe(12)
SENTENCES = 60

SEED = """
from django.contrib.auth.models import Group, User
from claims import services
from claims.models import Article
user = User.objects.create_user("bench-editor", password={password!r})
user.groups.add(Group.objects.get(name="editor"))
body = "\\n".join(
    f"Speaker {{i}} 🎉 said that plan {{i}} would cost about {{i}} million this year."
    for i in range({n})
)
article = services.ingest_article(title="Bench", body=body, method="paste", user=user)
Article.objects.filter(pk=article.pk).update(extraction_status="done")
print(article.pk)
"""

# Set before the key press: resolves with the ms from that key press (or click) until an
# element matching `selector` (with exactly `text`, unless null) is on the page; rejects after
# 15 s. (The page's Content-Security-Policy allows no eval, so the condition is data.)
TIMER = """([event, selector, text]) => {
  window.__elapsed = new Promise((resolve, reject) => {
    let t0 = null;
    const limit = performance.now() + 15000;
    document.addEventListener(event, () => { if (t0 === null) t0 = performance.now(); },
                              { capture: true, once: true });
    const done = () => [...document.querySelectorAll(selector)]
      .some((element) => text === null || element.textContent === text);
    const check = () => {
      if (t0 !== null && done()) resolve(performance.now() - t0);
      else if (performance.now() > limit) reject(new Error("not seen: " + selector));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}"""

SELECT = """(words) => {
  const root = document.getElementById("article-text");
  const at = root.textContent.indexOf(words);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!started && at < pos + len) { range.setStart(node, at - pos); started = true; }
    if (started && at + words.length <= pos + len) {
      range.setEnd(node, at + words.length - pos); break;
    }
    pos += len;
  }
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not come up")


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 1),
        "min_ms": round(min(values), 1),
        "max_ms": round(max(values), 1),
        "n": len(values),
    }


def measure(base: str, article_id: int, rounds: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import expect, sync_playwright

    added, fixed = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(base_url=base)
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("bench-editor")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        page.goto(f"/articles/{article_id}/")
        for i in range(rounds):
            words = f"plan {i} would cost"
            page.evaluate(SELECT, words)
            page.evaluate(TIMER, ["keydown", "#article-text a.hl", words])
            page.keyboard.press("q")
            # the form is fetched on the first press; Enter once it has the focus
            expect(page.locator("#id_quote-speaker_name")).to_be_focused()
            page.keyboard.press("Enter")
            added.append(page.evaluate("window.__elapsed"))
            expect(page.locator(".htmx-request, .htmx-settling")).to_have_count(0)
        for i in range(rounds):
            card = page.locator(".item-card", has_text=f"plan {i} would cost").first
            card.get_by_role("link", name="Correct it").click()
            form = card.locator("form.edit-form")
            expect(form).to_be_visible()
            expect(page.locator(".htmx-request, .htmx-settling")).to_have_count(0)
            page.evaluate(SELECT, f"plan {i} would cost about {i} million")
            form.get_by_role("button", name="Use the selected words as the quote").click()
            card_id = card.get_attribute("id")
            page.evaluate(TIMER, ["click", f"#{card_id} .notice", None])
            form.get_by_role("button", name="Save edits").click()
            fixed.append(page.evaluate("window.__elapsed"))
        browser.close()
    return {"add": summary(added), "fix": summary(fixed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed additions and fixes")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if not 1 <= args.rounds <= SENTENCES:
        parser.error(f"--rounds must be 1 to {SENTENCES}")
    workdir = Path(tempfile.mkdtemp(prefix="claimdesk-adding-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    seed = SEED.format(password=PASSWORD, n=SENTENCES)
    made = subprocess.run(
        [*manage, "shell", "-c", seed], cwd=REPO, env=env, check=True, capture_output=True
    )
    article_id = int(made.stdout.split()[-1])
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/accounts/login/")
        results = measure(base, article_id, args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps(results))
        return
    for name, figures in results.items():
        print(
            f"{name}: median {figures['median_ms']} ms "
            f"(min {figures['min_ms']}, max {figures['max_ms']}, {figures['n']} rounds)"
        )


if __name__ == "__main__":
    main()
