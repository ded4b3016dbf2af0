"""Feeds: an editor registers, pauses and deletes them; the scheduler polls the due ones and
each new entry's page becomes an article once, however many pollers run at the same moment.

Two guards make "once" hold. A poll claims its feed by moving `next_poll_at` forward under a
row lock that other pollers skip (`select_for_update(skip_locked=True)`), compared and set, so
two ticks at once poll each feed once. And every entry is recorded (`FeedItem`, unique per feed
and canonical link) before its page is fetched, so even two polls of one feed take each entry
once: the second insert is refused by the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from claims import feeds, fetching
from claims.models import Article, Feed, FeedItem
from claims.services.articles import ingest_url
from claims.services.errors import (
    DuplicateArticle,
    IngestError,
    User,
    refused_by,
    require,
    violates,
)

logger = logging.getLogger(__name__)

# The unique constraint a second registration of one feed hits (PostgreSQL name, SQLite message).
SAME_FEED = ("claims_feed_url_key", "claims_feed.url")
# Feeds one tick claims; the rest wait for the next tick, a minute later.
CLAIM_BATCH = 100
NO_LINK = "The entry links to no web page."


@transaction.atomic
def add_feed(url: str, *, user: User) -> Feed:
    """Register the feed at `url`; the scheduler's next tick (within a minute) polls it."""
    require(user, "claims.add_feed")
    url = fetching.canonical(url.strip())
    if Feed.objects.filter(url=url).exists():
        raise IngestError("This feed is already registered.")
    try:
        with transaction.atomic():
            return Feed.objects.create(url=url, added_by=user, next_poll_at=timezone.now())
    except IntegrityError as exc:
        if refused_by(exc, *SAME_FEED):
            raise IngestError("This feed is already registered.") from None
        raise


def set_feed_paused(feed: Feed, *, user: User, paused: bool) -> Feed:
    """Pause a feed (nothing is polled) or resume it (polled at the next tick)."""
    require(user, "claims.change_feed")
    feed.paused = paused
    fields = ["paused", "updated_at"]
    if not paused:
        feed.next_poll_at = timezone.now()
        fields.append("next_poll_at")
    feed.save(update_fields=fields)
    return feed


def delete_feed(feed: Feed, *, user: User) -> None:
    """Stop following a feed and forget its entries; the articles taken from it stay."""
    require(user, "claims.delete_feed")
    feed.delete()


def claim_due_feeds() -> list[int]:
    """Ids of the due feeds this caller now owns: each one's next poll is moved a poll interval
    ahead, so no other tick or worker polls it meanwhile."""
    interval = timedelta(minutes=settings.CLAIMS_FEED_POLL_MINUTES)
    claimed = []
    with transaction.atomic():
        due = (
            Feed.objects.due()
            .select_for_update(skip_locked=True)
            .order_by("next_poll_at", "pk")
            .values_list("pk", "next_poll_at")[:CLAIM_BATCH]
        )
        now = timezone.now()
        for pk, next_poll_at in due:
            # Compared and set as well: SQLite has no row locks, and there the update that
            # finds the old time is the one claim that wins.
            won = Feed.objects.filter(pk=pk, next_poll_at=next_poll_at).update(
                next_poll_at=now + interval
            )
            if won:
                claimed.append(pk)
    return claimed


@dataclass
class PollSummary:
    status: int | None = None  # HTTP status; None when no answer came
    taken: int = 0
    duplicate: int = 0
    failed: int = 0
    error: str = ""


def poll_feed(feed_id: int) -> PollSummary | None:
    """Fetch one feed (conditionally: an unchanged feed answers 304 and nothing is taken), take
    each entry not seen before, retry entries that failed before, and record how it went on the
    feed. None when the feed was deleted meanwhile. A failing page is recorded on its entry and
    the rest go on; a failing feed is recorded on the feed."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    started = timezone.now()
    summary = PollSummary()
    try:
        fetched = fetching.fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        summary.status = fetched.status
        parsed = feeds.parse_feed(fetched) if fetched.status != 304 else None
    except (fetching.FetchError, feeds.FeedError) as exc:
        summary.status = getattr(exc, "status", None) or summary.status
        summary.error = str(exc)
        _record_poll(feed, summary, started)
        return summary
    except Exception as exc:  # shown on the feed's page, not only in a worker's log
        logger.exception("feed %s: poll failed", feed.pk)
        summary.error = f"Unexpected error ({type(exc).__name__}); the server log has the details."
        _record_poll(feed, summary, started)
        return summary
    complete = True
    if parsed is not None:
        complete = _take_new_entries(feed, parsed.entries, summary)
    _retry_failed(feed, summary, before=started)
    fields = {}
    if parsed is not None and parsed.title:
        fields["title"] = parsed.title
    if complete:  # validators only once every entry was seen, else a 304 would hide the rest
        fields |= {"etag": fetched.etag, "last_modified": fetched.last_modified}
    _record_poll(feed, summary, started, **fields)
    return summary


def _take_new_entries(feed: Feed, entries: list[feeds.FeedEntry], summary: PollSummary) -> bool:
    """Take the entries this feed has no record of, at most CLAIMS_FEED_MAX_ENTRIES; False when
    some were left for the next poll."""
    keyed = {}
    for entry in entries:
        key = fetching.canonical(entry.key) if entry.url else entry.key
        keyed.setdefault(key[: FeedItem._meta.get_field("url").max_length], entry)
    known = set(feed.items.filter(url__in=list(keyed)).values_list("url", flat=True))
    new = [(key, entry) for key, entry in keyed.items() if key not in known]
    limit = settings.CLAIMS_FEED_MAX_ENTRIES
    for key, entry in new[:limit]:
        item = _record_entry(feed, key, entry)
        if item is not None:
            _take(item, entry.url, summary)
    return len(new) <= limit


def _record_entry(feed: Feed, key: str, entry: feeds.FeedEntry) -> FeedItem | None:
    """The entry's record, made before anything is fetched; None when another poller made it."""
    fields = {"feed": feed, "url": key, "title": entry.title, "published_on": entry.published_on}
    if not entry.url:
        fields |= {
            "status": FeedItem.Status.FAILED,
            "error": NO_LINK,
            "attempts": settings.CLAIMS_FEED_ITEM_ATTEMPTS,  # nothing to retry
        }
    try:
        with transaction.atomic():
            return FeedItem.objects.create(**fields)
    except IntegrityError as exc:
        if violates(exc, FeedItem, "feed_item_once_per_feed"):
            return None
        if not Feed.objects.filter(pk=feed.pk).exists():
            return None  # deleted while it was being polled
        raise


def _take(item: FeedItem, url: str, summary: PollSummary) -> None:
    """Fetch and store the entry's page, and record on `item` how that went."""
    if item.status == FeedItem.Status.FAILED:  # recorded as failed at once (no link)
        summary.failed += 1
        return
    fields: dict = {"error": ""}
    try:
        article = ingest_url(
            url,
            user=None,
            method=Article.IngestMethod.FEED,
            title=item.title,
            published_on=item.published_on,
        )
    except DuplicateArticle as exc:
        fields |= {"status": FeedItem.Status.DUPLICATE, "article": exc.existing}
        summary.duplicate += 1
    except IngestError as exc:
        fields |= {"status": FeedItem.Status.FAILED, "error": str(exc)}
        summary.failed += 1
    except Exception as exc:  # one entry's surprise must not stop the others
        logger.exception("feed %s: entry %s failed", item.feed_id, item.url)
        error = f"Unexpected error ({type(exc).__name__}); the server log has the details."
        fields |= {"status": FeedItem.Status.FAILED, "error": error}
        summary.failed += 1
    else:
        fields |= {"status": FeedItem.Status.TAKEN, "article": article}
        summary.taken += 1
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*fields, "updated_at"])


def _retry_failed(feed: Feed, summary: PollSummary, *, before) -> None:
    """Try again entries that failed in an earlier poll (a site down, a timeout), and entries
    whose poller died mid-fetch, up to CLAIMS_FEED_ITEM_ATTEMPTS tries each."""
    stale = timezone.now() - timedelta(seconds=settings.CLAIMS_TASK_TIMEOUT)
    retry = feed.items.filter(
        Q(status=FeedItem.Status.FAILED, updated_at__lt=before)
        | Q(status=FeedItem.Status.PENDING, updated_at__lt=stale),
        attempts__lt=settings.CLAIMS_FEED_ITEM_ATTEMPTS,
    )
    for item in retry.order_by("pk")[: settings.CLAIMS_FEED_MAX_ENTRIES]:
        # Compared and set: of two pollers retrying one entry, one wins.
        won = FeedItem.objects.filter(
            pk=item.pk, status=item.status, attempts=item.attempts
        ).update(
            status=FeedItem.Status.PENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
        )
        if won:
            item.status = FeedItem.Status.PENDING
            _take(item, item.url, summary)


def _record_poll(feed: Feed, summary: PollSummary, started, **fields) -> None:
    failing = bool(summary.error)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=started,
        last_status=summary.status,
        last_error=summary.error,
        failing_since=(feed.failing_since or started) if failing else None,
        updated_at=timezone.now(),
        **fields,
    )


@task()
def poll_feed_job(feed_id: int) -> dict | None:
    """The background job: poll one feed a tick claimed."""
    summary = poll_feed(feed_id)
    return None if summary is None else vars(summary)


@task()
def poll_due_feeds() -> list[int]:
    """The scheduler's tick: claim the due feeds and queue one poll job for each, so several
    workers share the polling and extraction jobs are not held up behind it."""
    claimed = claim_due_feeds()
    for feed_id in claimed:
        poll_feed_job.enqueue(feed_id)
    return claimed
