"""Feeds: registered through the Feeds page, polled by the scheduler's tick and the poll jobs it
queues, each new entry taken once. Feeds and article pages come from a local HTTP server in the
test (real-shaped RSS 2.0 and Atom 1.0, ETag and Last-Modified honoured); nothing touches the
internet.
"""

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims import feeds, services
from claims.models import Article, Feed, FeedItem
from tests.factories import UserFactory
from tests.local_server import respond, serving

pytestmark = pytest.mark.django_db
# Rounds of two ticks and two polls at once on PostgreSQL (CLAIMS_CONCURRENCY_ROUNDS in CI).
ROUNDS = int(os.environ.get("CLAIMS_CONCURRENCY_ROUNDS", "5"))
TICKS = 6

PARAGRAPH = (
    "Over 38 attacks have taken place against US facilities in Iraq and Syria since 17 October, "
    "seeing at least 46 personnel injured, the Pentagon said on Monday in a statement about {s}. "
    "Officials said most of the injuries were minor and that all of the personnel had returned "
    "to duty, while the drones and rockets had caused little damage to the bases themselves."
)


def article_page(slug: str) -> str:
    return f"""<!doctype html><html><head><title>Story {slug} | The Daily Test</title>
<meta property="og:site_name" content="The Daily Test">
<meta property="article:published_time" content="2023-11-06T10:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Story {slug}</h1>
<p>{PARAGRAPH.format(s=slug)}</p><p>A second paragraph about {slug} follows here.</p>
</article></body></html>"""


def tracked(slug: str) -> str:
    """The link as feeds send it: with a tracking parameter, which canonical links drop."""
    return f"{slug}{'&amp;' if '?' in slug else '?'}utm_source=rss"


def rss(base: str, slugs: list[str]) -> str:
    items = "".join(
        f"""<item><title>Headline {slug}</title><link>{base}/news/{tracked(slug)}</link>
<guid isPermaLink="false">tag:test,{slug}</guid><pubDate>Mon, 06 Nov 2023 10:00:00 GMT</pubDate>
<dc:creator>Jane Reporter</dc:creator><description>&lt;p&gt;About {slug}&lt;/p&gt;</description>
</item>"""
        for slug in slugs
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>The Daily Test: World</title><link>{base}/</link><description>World news</description>
{items}</channel></rss>"""


def atom(slugs: list[str]) -> str:
    entries = "".join(
        f"""<entry><title>Atom headline {slug}</title><link rel="alternate" href="/news/{slug}"/>
<id>urn:test:{slug}</id><updated>2023-11-07T08:00:00Z</updated>
<author><name>John Writer</name></author><summary>About {slug}</summary></entry>"""
        for slug in slugs
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>The Atom Times</title>
<id>urn:test:feed</id><updated>2023-11-07T08:00:00Z</updated>{entries}</feed>"""


class Site:
    """What the local server serves, changed by the tests; and what it was asked for."""

    def __init__(self) -> None:
        self.rss_slugs = ["one", "two", "missing"]
        self.version = 1
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.broken = {"missing"}

    def hit(self, path: str) -> None:
        with self.lock:
            self.hits[path] += 1


SITE = Site()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.replace("?utm_source=rss", "").replace("&utm_source=rss", "")
        path = path if path.startswith("/news/") else path.split("?", 1)[0]
        SITE.hit(path)
        base = f"http://{self.headers['Host']}"
        etag = f'"v{SITE.version}"'
        if path == "/rss.xml":
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, "", "")
            return self._send(200, "application/rss+xml", rss(base, SITE.rss_slugs), etag=etag)
        if path == "/atom.xml":
            return self._send(200, "application/atom+xml", atom(["alpha", "beta"]))
        if path == "/home.html":
            return self._send(200, "text/html", "<html><body><p>Welcome</p></body></html>")
        if path == "/world/":
            head = '<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="RSS">'
            page = f"<html><head>{head}</head><body><p>World news</p></body></html>"
            return self._send(200, "text/html", page)
        if path == "/down.xml":
            return self._send(503, "text/html", "<p>Down for maintenance</p>")
        if path.startswith("/news/"):
            slug = path.removeprefix("/news/")
            if slug in SITE.broken:
                return self._send(404, "text/html", "<p>Not found</p>")
            if slug.endswith(".pdf"):
                return self._send(200, "application/pdf", "%PDF-1.7")
            return self._send(200, "text/html; charset=utf-8", article_page(slug))
        self._send(404, "text/html", "<p>Not found</p>")

    def _send(self, status: int, kind: str, body: str, etag: str = "") -> None:
        validators = {"ETag": etag, "Last_Modified": "Mon, 06 Nov 2023 10:00:00 GMT"}
        respond(self, status, kind, body, **(validators if etag else {}))


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as base:
        yield base


@pytest.fixture
def site(settings, server):
    """A fresh site state, and fetching from it allowed (it is on 127.0.0.1)."""
    settings.CLAIMS_FETCH_ALLOW_PRIVATE = True
    SITE.__init__()
    return server


def tick() -> list[int]:
    """What the scheduler's minute does, then what the worker does with the jobs it queued."""
    claimed = services.poll_due_feeds.call()
    run_poll_jobs()
    return claimed


def run_poll_jobs() -> int:
    jobs = DBTaskResult.objects.filter(
        task_path__endswith="poll_feed_job", status=TaskResultStatus.READY
    ).order_by("pk")
    ran = 0
    for job in jobs:
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
        job.delete()
        ran += 1
    return ran


def register(client, user, url: str):
    client.force_login(user)
    return client.post(reverse("claims:feed-list"), {"url": url})


def make_due(feed: Feed) -> None:
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())


# --- registering -----------------------------------------------------------------------------


def test_an_editor_registers_a_feed_and_the_next_tick_takes_each_entry_once(client, editor, site):
    response = register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "claims:feed-detail", args=[feed.pk]
    )
    assert feed.added_by == editor and feed.last_polled_at is None

    assert tick() == [feed.pk]
    feed.refresh_from_db()
    assert feed.title == "The Daily Test: World" and feed.last_status == 200
    assert feed.etag == '"v1"' and feed.last_error == ""
    one, two = (Article.objects.get(url=f"{site}/news/{s}") for s in ("one", "two"))
    assert one.title == "Headline one" and one.ingest_method == Article.IngestMethod.FEED
    assert str(one.published_on) == "2023-11-06" and one.outlet.name == "The Daily Test"
    assert "Over 38 attacks" in one.body and one.extraction_status == "queued"
    taken = FeedItem.objects.filter(feed=feed, status=FeedItem.Status.TAKEN)
    assert {item.article for item in taken} == {one, two}
    assert SITE.hits["/news/one"] == 1 and SITE.hits["/news/two"] == 1

    # The feed is not due again until its interval has passed: another tick polls nothing.
    assert tick() == []
    assert SITE.hits["/rss.xml"] == 1


def test_an_entry_whose_page_fails_is_recorded_with_its_reason_and_the_rest_go_on(
    client, editor, site
):
    SITE.rss_slugs = ["missing", "report.pdf", "one"]
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    items = {item.url.rsplit("/", 1)[1]: item for item in feed.items.all()}
    assert items["one"].status == FeedItem.Status.TAKEN
    assert items["missing"].status == FeedItem.Status.FAILED
    assert "answered 404" in items["missing"].error
    assert items["report.pdf"].status == FeedItem.Status.FAILED
    assert "is a PDF, not a web page" in items["report.pdf"].error
    assert Article.objects.count() == 1

    page = client.get(reverse("claims:feed-detail", args=[feed.pk])).content.decode()
    assert "answered 404" in page and "is a PDF, not a web page" in page
    assert "HTTP status" in page and ">200<" in page


def test_an_unchanged_feed_answers_304_and_nothing_is_taken_or_fetched(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    pages_before = sum(n for path, n in SITE.hits.items() if path.startswith("/news/"))
    make_due(feed)
    tick()
    feed.refresh_from_db()
    assert feed.last_status == 304 and feed.last_error == ""
    assert SITE.hits["/rss.xml"] == 2
    # The failed entry ("missing") was tried again; nothing else was fetched.
    pages_after = sum(n for path, n in SITE.hits.items() if path.startswith("/news/"))
    assert pages_after == pages_before + 1 and SITE.hits["/news/missing"] == 2
    assert Article.objects.count() == 2


def test_a_changed_feed_yields_only_its_new_entries(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    SITE.rss_slugs = ["three", "one", "two"]
    SITE.version = 2
    make_due(feed)
    tick()
    assert SITE.hits["/news/three"] == 1 and SITE.hits["/news/one"] == 1
    assert Article.objects.filter(ingest_method="feed").count() == 3
    assert feed.items.count() == 4  # one, two, missing, three


def test_an_atom_feed_with_relative_links_is_taken(client, editor, site):
    register(client, editor, f"{site}/atom.xml")
    tick()
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Atom headline alpha", "Atom headline beta"}
    assert Article.objects.filter(url=f"{site}/news/alpha").exists()
    assert Feed.objects.get().title == "The Atom Times"


@pytest.mark.parametrize(
    ("path", "message", "status"),
    [
        ("/down.xml", "The feed answered 503", 503),
        ("/home.html", "does not answer with an RSS or Atom feed", 200),
        ("/nothing.xml", "The feed answered 404", 404),
        ("/world/", "the page names its feed: http://127.0.0.1:", 200),
    ],
)
def test_a_broken_feed_is_recorded_as_an_error_on_the_feed(
    client, editor, site, path, message, status
):
    register(client, editor, site + path)
    tick()
    feed = Feed.objects.get()
    assert message in feed.last_error and feed.last_status == status
    assert feed.failing_since is not None and not feed.items.exists()
    page = client.get(reverse("claims:feed-detail", args=[feed.pk])).content.decode()
    assert "The last poll failed" in page and message in page
    listing = client.get(reverse("claims:feed-list")).content.decode()
    assert "failing" in listing


def test_a_surprise_while_reading_a_feed_is_shown_on_the_feed_not_only_logged(
    client, editor, site, monkeypatch
):
    def broken(fetched):
        raise ValueError("parser bug")

    monkeypatch.setattr(feeds, "parse_feed", broken)
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    assert "Unexpected error (ValueError)" in feed.last_error and feed.last_status == 200


def test_a_feed_on_the_newsrooms_own_network_is_refused_at_poll(client, editor, site, settings):
    settings.CLAIMS_FETCH_ALLOW_PRIVATE = False
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    assert "private or local network address" in feed.last_error
    assert SITE.hits["/rss.xml"] == 0


def test_a_failed_entry_is_tried_again_until_the_limit(client, editor, site, settings):
    settings.CLAIMS_FEED_ITEM_ATTEMPTS = 2
    register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    tick()
    make_due(feed)
    tick()  # second try, still missing
    item = feed.items.get(url__endswith="/missing")
    assert item.attempts == 2 and item.status == FeedItem.Status.FAILED
    SITE.broken = set()
    make_due(feed)
    tick()  # no third try
    assert SITE.hits["/news/missing"] == 2
    item.refresh_from_db()
    assert item.status == FeedItem.Status.FAILED


def test_a_page_repaired_before_the_next_poll_is_taken_then(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    tick()
    SITE.broken = set()
    make_due(feed)
    tick()
    item = feed.items.get(url__endswith="/missing")
    assert item.status == FeedItem.Status.TAKEN and item.attempts == 2
    assert item.article.url.endswith("/news/missing")


def test_entries_over_the_per_poll_limit_wait_for_the_next_poll(client, editor, site, settings):
    settings.CLAIMS_FEED_MAX_ENTRIES = 2
    SITE.broken = set()
    register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    tick()
    feed.refresh_from_db()
    assert feed.items.count() == 2 and feed.etag == ""  # no 304 may hide the third
    make_due(feed)
    tick()
    assert feed.items.count() == 3 and Article.objects.count() == 3


def test_an_article_already_stored_is_recorded_as_such_not_stored_again(client, editor, site):
    services.ingest_url(f"{site}/news/one", user=editor)
    register(client, editor, f"{site}/rss.xml")
    tick()
    item = FeedItem.objects.get(url__endswith="/news/one")
    assert item.status == FeedItem.Status.DUPLICATE
    assert item.article == Article.objects.get(url=f"{site}/news/one")
    assert Article.objects.filter(url__endswith="/news/one").count() == 1


# --- the views -------------------------------------------------------------------------------


def test_the_same_feed_twice_is_refused_with_a_message(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    again = client.post(reverse("claims:feed-list"), {"url": f"{site}/rss.xml?utm_source=x"})
    assert again.status_code == 400 and "already registered" in again.content.decode()
    assert Feed.objects.count() == 1


def test_feeds_and_entries_that_differ_only_by_a_query_parameter_are_different(
    client, editor, site
):
    register(client, editor, f"{site}/rss.xml?section=world")
    register(client, editor, f"{site}/rss.xml?section=politics&utm_source=x")
    assert set(Feed.objects.values_list("url", flat=True)) == {
        f"{site}/rss.xml?section=world",
        f"{site}/rss.xml?section=politics",
    }
    SITE.rss_slugs = ["story?id=1", "story?id=2"]
    tick()
    assert Article.objects.filter(url__startswith=f"{site}/news/story?id=").count() == 2
    # the second feed lists the same two entries: recorded there as already stored
    assert FeedItem.objects.filter(status=FeedItem.Status.DUPLICATE).count() == 2


def test_registering_feeds_counts_against_the_ingest_limit(client, editor, settings):
    settings.CLAIMS_EXTRACT_RATE = "2/m"
    client.force_login(editor)
    answers = [
        client.post(reverse("claims:feed-list"), {"url": f"https://news.example/{n}.xml"})
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Retry-After" in answers[2] and Feed.objects.count() == 2


def test_a_feed_address_that_is_not_a_link_is_a_form_error(client, editor):
    response = register(client, editor, "not a link")
    assert response.status_code == 400 and "Enter a valid URL" in response.content.decode()
    assert not Feed.objects.exists()


def test_htmx_registration_with_an_error_gets_only_the_panel(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:feed-list"), {"url": "ftp://x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert b"<html" not in response.content and b'id="feed-panel"' in response.content


def test_htmx_registration_sends_the_browser_to_the_feeds_page(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:feed-list"),
        {"url": "https://news.example/rss.xml"},
        headers={"HX-Request": "true"},
    )
    feed = Feed.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("claims:feed-detail", args=[feed.pk])


def test_htmx_feed_page_refresh_gets_only_the_status(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    response = client.get(
        reverse("claims:feed-detail", args=[feed.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and b"<html" not in response.content
    assert b'id="feed-status"' in response.content and b"every 10s" in response.content


def test_a_paused_feed_is_not_polled_until_resumed(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    feed = Feed.objects.get()
    url = reverse("claims:feed-pause", args=[feed.pk])
    assert client.post(url, {"paused": "1"}).status_code == 302
    assert tick() == [] and SITE.hits["/rss.xml"] == 0
    assert client.post(url, {"paused": "0"}).status_code == 302
    assert tick() == [feed.pk] and Article.objects.count() == 2


def test_pausing_without_saying_how_is_a_400_and_changes_nothing(client, editor):
    feed = Feed.objects.create(url="https://news.example/rss.xml")
    client.force_login(editor)
    response = client.post(reverse("claims:feed-pause", args=[feed.pk]), {"paused": "maybe"})
    assert response.status_code == 400
    feed.refresh_from_db()
    assert not feed.paused


def test_deleting_a_feed_keeps_the_articles_it_brought_in(client, editor, site):
    register(client, editor, f"{site}/rss.xml")
    tick()
    feed = Feed.objects.get()
    response = client.post(reverse("claims:feed-delete", args=[feed.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("claims:feed-list")
    assert not Feed.objects.exists() and not FeedItem.objects.exists()
    assert Article.objects.count() == 2


def test_feed_pages_are_for_editors_and_admins(client, fact_checker):
    feed = Feed.objects.create(url="https://news.example/rss.xml")
    assert client.get(reverse("claims:feed-list"))["Location"].startswith(reverse("login"))
    client.force_login(fact_checker)
    assert client.get(reverse("claims:feed-list")).status_code == 403
    assert client.get(reverse("claims:feed-detail", args=[feed.pk])).status_code == 403
    client.force_login(UserFactory(role="admin"))
    assert client.get(reverse("claims:feed-detail", args=[feed.pk])).status_code == 200


def test_feed_routes_refuse_the_wrong_method(client, editor):
    feed = Feed.objects.create(url="https://news.example/rss.xml")
    client.force_login(editor)
    assert client.put(reverse("claims:feed-list")).status_code == 405
    assert client.post(reverse("claims:feed-detail", args=[feed.pk])).status_code == 405
    assert client.get(reverse("claims:feed-pause", args=[feed.pk])).status_code == 405
    assert client.get(reverse("claims:feed-delete", args=[feed.pk])).status_code == 405


# --- the scheduler ---------------------------------------------------------------------------


def test_the_scheduler_queues_the_tick_every_minute(monkeypatch):
    from crontask import scheduler

    from claims import tasks

    job = scheduler.get_job("claims.tasks.enqueue_feed_tick")
    assert job is not None and job.func is tasks.enqueue_feed_tick
    assert str(job.trigger).startswith("cron[") and "minute='*'" in str(job.trigger)
    # Inside the test's transaction the connection would look left mid-transaction and be
    # closed; the scheduler's own thread is never in one.
    monkeypatch.setattr(tasks, "close_old_connections", lambda: None)
    tasks.enqueue_feed_tick()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "claims.services.feeds.poll_due_feeds"


# --- two schedulers or workers at once (PostgreSQL: row locks) --------------------------------


def together(*calls):
    """Run `calls` at the same moment, each on its own thread and database connection."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ticks_and_polls_at_once_take_each_entry_once(on_postgres, site, editor):
    SITE.broken = set()
    feed = services.add_feed(f"{site}/rss.xml", user=editor)
    for round_ in range(ROUNDS):
        slugs = [f"r{round_}-{i}" for i in range(4)]
        SITE.rss_slugs, SITE.version = slugs, SITE.version + 1
        make_due(feed)
        # Schedulers (or workers running the tick) at once: the feed is claimed, and its poll
        # queued, once.
        claimed = together(*[services.poll_due_feeds.call] * TICKS)
        assert sorted(sum(claimed, [])) == [feed.pk]
        jobs = DBTaskResult.objects.filter(task_path__endswith="poll_feed_job")
        assert jobs.count() == 1
        jobs.delete()
        # Two workers poll the one feed at once anyway (say a claim ran out): each entry's
        # record is made once, so each page is fetched and stored once.
        polls = together(lambda: services.poll_feed(feed.pk), lambda: services.poll_feed(feed.pk))
        assert sum(poll.taken for poll in polls) == len(slugs)
        assert all(SITE.hits[f"/news/{slug}"] == 1 for slug in slugs), SITE.hits
        urls = [f"{site}/news/{slug}" for slug in slugs]
        assert Article.objects.filter(url__in=urls).count() == len(slugs)
        assert feed.items.filter(status=FeedItem.Status.TAKEN).count() == len(slugs) * (round_ + 1)
