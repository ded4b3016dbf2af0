"""CSV exports of quotes and numeric claims, for spreadsheets and the archive.

Every cell goes through `spreadsheet_safe`, so a hostile quote cannot become a formula (code) on
an editor's machine; the rest of a cell is written as stored.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims.models import NumericClaim, Quote, ReviewStatus
from claims.presentation.formatting import plain_number
from claims.ratelimits import export_limit
from claims.views.common import parse_id

STATUSES = {value for value, _ in ReviewStatus.choices}


# What starts a formula or a DDE call in Excel, LibreOffice or Google Sheets: OWASP's CSV
# injection list plus | and %. A cell starting with tab, CR or LF is treated the same way: some
# spreadsheets drop those characters and read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%")
CONTROL_STARTS = ("\t", "\r", "\n")
# A number a spreadsheet should read as a number, though it may start with a minus.
PLAIN_NUMBER = re.compile(r"-?[0-9][0-9,.]*")


def _invisible(ch: str) -> bool:
    """Whitespace and format characters (zero-width space, BOM, bidi marks), which spreadsheets
    skip or show as nothing before a formula."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def spreadsheet_safe(value: object) -> object:
    """A cell no spreadsheet runs. Text that would start a formula, also after leading whitespace
    or invisible characters or in full-width form (＝ for =), gets a leading apostrophe,
    which spreadsheets show as text; everything else is written as it is."""
    if not isinstance(value, str) or PLAIN_NUMBER.fullmatch(value):
        return value
    first = next((ch for ch in value if not _invisible(ch)), "")
    if value.startswith(CONTROL_STARTS) or unicodedata.normalize("NFKC", first) in FORMULA_STARTS:
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(header: list[str], rows: Iterator[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])


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


def _person(person) -> str:
    return person.name if person is not None else ""


# Each export: its columns as (header, value of one row).
QUOTE_COLUMNS: list[tuple[str, Callable[[Quote], object]]] = [
    ("id", lambda q: q.pk),
    ("article_id", lambda q: q.article_id),
    ("article_title", lambda q: q.article.title),
    ("speaker", lambda q: _person(q.speaker)),
    ("kind", lambda q: q.kind),
    ("quote", lambda q: q.text),
    ("start", lambda q: q.start),
    ("end", lambda q: q.end),
    ("cue", lambda q: q.cue),
    ("status", lambda q: q.status),
    ("verdict", lambda q: q.verdict),
    ("evidence_url", lambda q: q.evidence_url),
]
CLAIM_COLUMNS: list[tuple[str, Callable[[NumericClaim], object]]] = [
    ("id", lambda c: c.pk),
    ("article_id", lambda c: c.article_id),
    ("article_title", lambda c: c.article.title),
    ("claimant", lambda c: _person(c.claimant)),
    ("text", lambda c: c.text),
    ("value", lambda c: plain_number(c.value)),
    ("lower", lambda c: plain_number(c.lower)),
    ("upper", lambda c: plain_number(c.upper)),
    ("qualifier", lambda c: c.get_qualifier_display()),  # words: "=" would be a formula
    ("counted", lambda c: c.counted),
    ("unit", lambda c: c.unit),
    ("start", lambda c: c.start),
    ("end", lambda c: c.end),
    ("status", lambda c: c.status),
    ("sentence", lambda c: c.sentence),
]


def _export(request: HttpRequest, name: str, queryset, columns) -> StreamingHttpResponse:
    rows = (
        [value(item) for _, value in columns]
        for item in _filtered(queryset.order_by("pk"), request).iterator(chunk_size=2000)
    )
    return _csv_response(name, [header for header, _ in columns], rows)


@login_required
@export_limit
@require_GET
def export_quotes(request: HttpRequest) -> StreamingHttpResponse:
    quotes = Quote.objects.select_related("article", "speaker")
    return _export(request, "quotes", quotes, QUOTE_COLUMNS)


@login_required
@export_limit
@require_GET
def export_claims(request: HttpRequest) -> StreamingHttpResponse:
    claims = NumericClaim.objects.select_related("article", "claimant")
    return _export(request, "claims", claims, CLAIM_COLUMNS)
