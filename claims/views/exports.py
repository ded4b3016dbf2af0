"""CSV exports of quotes and numeric claims, for spreadsheets and the archive.

Cells that a spreadsheet would run as a formula (=, +, -, @ ...) are neutralised by defusedcsv,
so a hostile quote cannot become code on an editor's machine.
"""

from __future__ import annotations

from collections.abc import Iterator

from defusedcsv import csv
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims.models import NumericClaim, Quote, ReviewStatus
from claims.ratelimits import export_limit
from claims.views.common import parse_id

STATUSES = {value for value, _ in ReviewStatus.choices}


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(header: list[str], rows: Iterator[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def _csv_response(name: str, header: list[str], rows: Iterator[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_rows(header, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="claimdesk-{name}-{stamp}.csv"'
    return response


def _filtered(queryset, request: HttpRequest):
    status = request.GET.get("status", "")
    if status in STATUSES:
        queryset = queryset.filter(status=status)
    article = parse_id(request.GET.get("article"))
    if article is not None:
        queryset = queryset.filter(article_id=article)
    return queryset


@login_required
@export_limit
@require_GET
def export_quotes(request: HttpRequest) -> StreamingHttpResponse:
    quotes = _filtered(Quote.objects.select_related("article", "speaker").order_by("pk"), request)
    header = [
        "id",
        "article_id",
        "article_title",
        "speaker",
        "kind",
        "quote",
        "start",
        "end",
        "cue",
        "status",
        "verdict",
        "evidence_url",
    ]
    rows = (
        [
            q.pk,
            q.article_id,
            q.article.title,
            q.speaker.name if q.speaker_id else "",
            q.kind,
            q.text,
            q.start,
            q.end,
            q.cue,
            q.status,
            q.verdict,
            q.evidence_url,
        ]
        for q in quotes.iterator(chunk_size=2000)
    )
    return _csv_response("quotes", header, rows)


@login_required
@export_limit
@require_GET
def export_claims(request: HttpRequest) -> StreamingHttpResponse:
    claims = _filtered(
        NumericClaim.objects.select_related("article", "claimant").order_by("pk"), request
    )
    header = [
        "id",
        "article_id",
        "article_title",
        "claimant",
        "text",
        "value",
        "lower",
        "upper",
        "qualifier",
        "counted",
        "unit",
        "start",
        "end",
        "status",
        "sentence",
    ]
    rows = (
        [
            c.pk,
            c.article_id,
            c.article.title,
            c.claimant.name if c.claimant_id else "",
            c.text,
            c.value,
            c.lower,
            c.upper,
            c.qualifier,
            c.counted,
            c.unit,
            c.start,
            c.end,
            c.status,
            c.sentence,
        ]
        for c in claims.iterator(chunk_size=2000)
    )
    return _csv_response("claims", header, rows)
