import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import Exact

from claims.models.base import ReviewStatus, TimeStamped, audited
from claims.presentation.links import link


@audited
class Outlet(TimeStamped):
    """A publication; its own voice is the claimant of numbers nobody else is quoted for."""

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. apnews.com")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def with_review_counts(self) -> "ArticleQuerySet":
        """Annotate how many quotes and claims still await an editor.

        Two correlated counts rather than two joins: joining both tables would multiply each
        article's quotes by its claims before counting.
        """

        def pending(relation: str) -> Coalesce:
            model = self.model._meta.get_field(relation).related_model  # no import of claims.py
            rows = model.objects.filter(article=OuterRef("pk"), status=ReviewStatus.EXTRACTED)
            count = rows.order_by().values("article").annotate(n=Count("*")).values("n")
            return Coalesce(Subquery(count), 0)

        return self.annotate(
            pending_quotes=pending("quotes"), pending_claims=pending("numeric_claims")
        )


@audited
class Article(TimeStamped):
    """A news article, stored exactly as ingested: every character offset points into `body`."""

    class IngestMethod(models.TextChoices):
        PASTE = "paste", "Pasted text"
        UPLOAD_TEXT = "upload_text", "Uploaded text file"
        UPLOAD_HTML = "upload_html", "Uploaded HTML file"
        FIXTURE = "fixture", "Sample fixture"
        COMMAND = "command", "Command line"
        URL = "url", "Fetched from its URL"
        API = "api", "Sent through the API"
        FEED = "feed", "Taken from a feed"
        IMPORT = "import", "Bulk import"

    class ExtractionStatus(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    published_on = models.DateField(null=True, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    body = models.TextField(help_text="The full plain text exactly as ingested.")
    content_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the body"
    )
    ingest_method = models.CharField(max_length=16, choices=IngestMethod)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingested_articles",
    )
    extraction_status = models.CharField(
        max_length=16, choices=ExtractionStatus, default=ExtractionStatus.QUEUED
    )
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Exact(Length("content_hash"), 64), name="article_content_hash_is_sha256"
            ),
        ]
        indexes = [
            models.Index(fields=["extraction_status"]),
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="article_api_page"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("claims:article-detail", self.pk)

    @staticmethod
    def hash_body(body: str) -> str:
        return hashlib.sha256(body.encode("utf-8")).hexdigest()
