"""Bulk import: one row of a file becomes an article (or is a duplicate, or is rejected with
its reason), and an `ImportRun` keeps how far a file got so an interrupted import resumes.

Resuming is belt and braces: the run record says which row to resume at, and ingest itself is
idempotent (the same text or URL is never stored twice), so a row handled just before an
interruption but not yet counted is seen again as a duplicate, never stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from claims.imports import Row
from claims.models import Article, ImportRun, Outlet
from claims.services.articles import ingest_article, ingest_url
from claims.services.errors import DuplicateArticle, IngestError

NEW, DUPLICATE, REJECTED = "new", "duplicate", "rejected"
TITLE_CHARS = 120  # a title made from a text's first line, when the row gives none
is_web_link = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True, slots=True)
class RowOutcome:
    kind: str  # NEW, DUPLICATE or REJECTED
    reason: str = ""  # why it was rejected, or which article it duplicates
    article_id: int | None = None


def import_row(row: Row) -> RowOutcome:
    """Store one row as an article, queueing its extraction: text rows as given (a `url`
    beside the text is kept as the article's address, not fetched), url-only rows fetched
    like a pasted link. Nothing of a rejected row is stored."""
    if row.problem:
        return RowOutcome(REJECTED, row.problem)
    fields = row.fields
    text, url = fields.get("text", ""), fields.get("url", "").strip()
    try:
        published_on = _date(fields.get("published", ""))
        if url:
            _check_url(url)
        outlet = " ".join(fields.get("outlet", "").split())
        if len(outlet) > Outlet._meta.get_field("name").max_length:
            raise IngestError("The outlet name is over 200 characters.")
        common = {
            "title": fields.get("title", ""),
            "outlet_name": outlet,
            "published_on": published_on,
            "byline": " ".join(fields.get("byline", "").split()),
        }
        if text.strip():
            article = ingest_article(
                body=text,
                url=url,
                method=Article.IngestMethod.IMPORT,
                **common | {"title": common["title"] or _title_from(text)},
            )
        elif url:
            article = ingest_url(url, user=None, method=Article.IngestMethod.IMPORT, **common)
        else:
            raise IngestError("The row has neither text nor url.")
    except DuplicateArticle as exc:
        return RowOutcome(
            DUPLICATE, f"already stored as article {exc.existing.pk}", exc.existing.pk
        )
    except IngestError as exc:
        return RowOutcome(REJECTED, str(exc))
    except DatabaseError as exc:  # a value the checks above missed; nothing was kept
        return RowOutcome(REJECTED, f"The database refused the row ({type(exc).__name__}).")
    return RowOutcome(NEW, article_id=article.pk)


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise IngestError(
            f"The published date {value[:40]!r} is not a date (YYYY-MM-DD)."
        ) from None


def _check_url(url: str) -> None:
    if len(url) > Article._meta.get_field("url").max_length:
        raise IngestError("The url is over 2,000 characters.")
    try:
        is_web_link(url)
    except ValidationError:
        raise IngestError(f"The url {url[:80]!r} is not an http or https link.") from None


def _title_from(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    words = " ".join(first.split())
    return words if len(words) <= TITLE_CHARS else words[: TITLE_CHARS - 1].rstrip() + "…"


def begin_import(*, checksum: str, file_name: str, rows_total: int, restart: bool) -> ImportRun:
    """The run record of this file (by checksum), made if new; `restart` starts it over."""
    with transaction.atomic():
        run, created = ImportRun.objects.select_for_update().get_or_create(
            checksum=checksum, defaults={"file_name": file_name[:500], "rows_total": rows_total}
        )
        if restart and not created:
            run.rows_done = run.new = run.duplicate = run.rejected = 0
            run.finished_at = None
            run.rows_total = rows_total
            run.save()
    return run


def record_row(run: ImportRun, outcome: RowOutcome) -> None:
    """Count one handled row on the run: the next run of this file resumes after it."""
    # Two runs of one file at once would both count; the last rows then go uncounted rather
    # than past the total.
    ImportRun.objects.filter(pk=run.pk, rows_done__lt=F("rows_total")).update(
        rows_done=F("rows_done") + 1,
        **{outcome.kind: F(outcome.kind) + 1},
        updated_at=timezone.now(),
    )


def finish_import(run: ImportRun) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    return run
