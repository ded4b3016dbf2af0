from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from claims.models.base import TimeStamped


class FeedQuerySet(models.QuerySet):
    def due(self) -> "FeedQuerySet":
        """Feeds to poll now: not paused, and their next poll time has come."""
        return self.filter(paused=False, next_poll_at__lte=timezone.now())

    def with_item_counts(self) -> "FeedQuerySet":
        taken = Q(items__status=FeedItem.Status.TAKEN)
        failed = Q(items__status=FeedItem.Status.FAILED)
        return self.annotate(
            taken=Count("items", filter=taken), failed=Count("items", filter=failed)
        )


class Feed(TimeStamped):
    """An RSS or Atom feed the newsroom follows: each new entry's page becomes an article once.

    `next_poll_at` is both the schedule and the claim: whoever moves it forward (under a row
    lock, skipping rows another poller holds) polls the feed, and nobody else does until then.
    """

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True, help_text="As the feed names itself")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    paused = models.BooleanField(default=False)
    next_poll_at = models.DateTimeField(default=timezone.now)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the last poll; empty if none came"
    )
    last_error = models.TextField(blank=True, help_text="Why the last poll failed; empty if not")
    failing_since = models.DateTimeField(null=True, blank=True)
    # Validators the feed sent, sent back on the next poll: an unchanged feed answers 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        indexes = [models.Index(fields=["paused", "next_poll_at"])]

    def __str__(self) -> str:
        return self.title or self.url


class FeedItem(TimeStamped):
    """One entry of a feed, by its canonical link: the database holds one per feed and link,
    so two pollers at once cannot take the same entry twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being fetched"
        TAKEN = "taken", "Taken"
        DUPLICATE = "duplicate", "Already stored"
        FAILED = "failed", "Failed"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    article = models.ForeignKey(
        "claims.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "url"], name="feed_item_once_per_feed"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="feed_item_failure_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.url} ({self.get_status_display().lower()})"


class ImportRun(TimeStamped):
    """How far `manage.py import_articles` got through one file, keyed by the file's SHA-256:
    an interrupted import resumes after the last row it finished, and a finished one is not
    gone through again unless asked."""

    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file")
    file_name = models.CharField(max_length=500)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")), name="import_rows_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(
                    rows_done=models.F("new") + models.F("duplicate") + models.F("rejected")
                ),
                name="import_rows_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.rows_done} of {self.rows_total} rows"
