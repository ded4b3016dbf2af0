"""Fifty reviewers at work: the locust scenario that benchmarks/load.py runs.

Each simulated editor, already logged in (load.py makes the sessions), walks the review queue
deciding items, and opens articles, the dashboard and search. Two reviewers deciding the same
card is expected: the loser's 409 is the app working, so it counts as a success here.

FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares the
machine's two cores with the server, and it needs several times less CPU per request.
"""

import json
import os
import random
import re
import secrets
import string

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ITEM = re.compile(r'data-item="(quote|claim)-(\d+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
ARTICLES = int(os.environ.get("LOAD_ARTICLES", "200"))  # ids 1..ARTICLES: a fresh database
WORDS = ["minister", "security", "budget", "troops", "economy", "sanctions"]


class Reviewer(FastHttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        with open(os.environ["LOAD_SESSIONS"]) as f:
            session = random.choice(json.load(f))
        # A CSRF secret of the browser's own (Django accepts any 32 letters and digits as the
        # cookie), sent back in the header as htmx does.
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.headers = {"Cookie": f"sessionid={session}; csrftoken={self.csrf}"}

    def get(self, url: str, name: str):
        return self.client.get(url, name=name, headers=self.headers)

    @task(5)
    def decide(self) -> None:
        article = random.randint(1, ARTICLES)
        card = self.get(f"/review/?article={article}", name="review card")
        item, version = ITEM.search(card.text), VERSION.search(card.text)
        if not item or not version:
            return
        with self.client.post(
            f"/review/{item[1]}/{item[2]}/",
            {  # what the card's form sends, the article filter included
                "decision": random.choice(["approved", "rejected"]),
                "version": version[1],
                "article": article,
            },
            headers=self.headers
            | {"HX-Request": "true", "HX-Target": "review-card", "X-CSRFToken": self.csrf},
            name="decide",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 409):
                response.success()

    @task(2)
    def article(self) -> None:
        self.get(f"/articles/{random.randint(1, ARTICLES)}/", name="article page")

    @task(1)
    def dashboard(self) -> None:
        self.get("/", name="dashboard")

    @task(1)
    def search(self) -> None:
        self.get(f"/search/?q={random.choice(WORDS)}", name="search")
