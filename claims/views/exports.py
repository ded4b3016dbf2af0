"""Exports of quotes, numeric claims and ClaimReviews, as CSV for spreadsheets and JSON Lines
for programs, with the filters of the pages that link to them.

Every CSV cell goes through `spreadsheet_safe`, so a hostile quote cannot become a formula (code)
on an editor's machine; JSON Lines carries the same fields as they are stored. Every export says
what it was filtered by: the `X-Claims-Filters` header (a query string) and the file name, and
for JSON Lines a first line `{"export", "filters", "generated_at", "fields"}`.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import batched
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from claims.forms.exports import ExportFilterForm
from claims.models import NumericClaim, Quote
from claims.presentation import claimreview
from claims.presentation.formatting import plain_number
from claims.ratelimits import export_limit

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


LINES_PER_CHUNK = 200  # rows sent to the client at a time: one write per row is slow


def _chunks(lines: Iterable[str]) -> Iterator[str]:
    for batch in batched(lines, LINES_PER_CHUNK):
        yield "".join(batch)


def _rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])


def _filename(name: str, filters: dict[str, Any], extension: str) -> str:
    """claimdesk-quotes-status-approved-article-12-20261202-1305.csv: the filters in the name,
    so a downloaded file still says what it holds."""
    parts = [name]
    for key, value in filters.items():
        values = value if isinstance(value, list) else [value]
        parts.append(f"{key}-{'-'.join(slugify(str(v))[:40] for v in values)}")
    stem = "-".join(parts)[:150].strip("-")
    return f"claimdesk-{stem}-{timezone.now():%Y%m%d-%H%M}.{extension}"


def _described(response: HttpResponse, name: str, filters: dict[str, Any], extension: str):
    filename = _filename(name, filters, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Claims-Filters"] = urlencode(filters, doseq=True)
    return response


def _csv_response(
    name: str, header: list[str], rows: Iterable[list], filters: dict[str, Any] | None = None
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _chunks(_rows(header, rows)), content_type="text/csv; charset=utf-8"
    )
    return _described(response, name, filters or {}, "csv")


def _jsonl_response(
    name: str, fields: list[str], records: Iterable[dict], filters: dict[str, Any]
) -> StreamingHttpResponse:
    """JSON Lines: a first line saying what this is, then one object per row."""
    head = {
        "export": name,
        "filters": filters,
        "generated_at": timezone.now().isoformat(),
        "fields": fields,
    }
    lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)

    def stream() -> Iterator[str]:
        yield json.dumps(head, ensure_ascii=False) + "\n"
        yield from _chunks(lines)

    response = StreamingHttpResponse(stream(), content_type="application/jsonl; charset=utf-8")
    return _described(response, name, filters, "jsonl")


def _person(person) -> str | None:
    return person.name if person is not None else None


def _number(value: Decimal | None) -> str | None:
    """Exact decimal text ("46.5"), as the API writes it; None stays None."""
    return None if value is None else plain_number(value)


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


Column = tuple[str, Callable[[Any], Any]]
# Each export's fields: (name, value of one row). CSV writes None as an empty cell.
QUOTE_COLUMNS: list[Column] = [
    ("id", lambda q: q.pk),
    ("article_id", lambda q: q.article_id),
    ("article_title", lambda q: q.article.title),
    ("article_url", lambda q: q.article.url),
    ("published_on", lambda q: _iso(q.article.published_on)),
    ("speaker_id", lambda q: q.speaker_id),
    ("speaker", lambda q: _person(q.speaker)),
    ("kind", lambda q: q.kind),
    ("quote", lambda q: q.text),
    ("start", lambda q: q.start),
    ("end", lambda q: q.end),
    ("cue", lambda q: q.cue),
    ("status", lambda q: q.status),
    ("verdict", lambda q: q.verdict),
    ("evidence_url", lambda q: q.evidence_url),
    ("verified_at", lambda q: _iso(q.verified_at)),
    ("updated_at", lambda q: _iso(q.updated_at)),
]
CLAIM_COLUMNS: list[Column] = [
    ("id", lambda c: c.pk),
    ("article_id", lambda c: c.article_id),
    ("article_title", lambda c: c.article.title),
    ("article_url", lambda c: c.article.url),
    ("published_on", lambda c: _iso(c.article.published_on)),
    ("claimant_id", lambda c: c.claimant_id),
    ("claimant", lambda c: _person(c.claimant)),
    ("text", lambda c: c.text),
    ("value", lambda c: _number(c.value)),
    ("lower", lambda c: _number(c.lower)),
    ("upper", lambda c: _number(c.upper)),
    ("qualifier", lambda c: c.get_qualifier_display()),  # words: "=" would be a formula
    ("counted", lambda c: c.counted),
    ("unit", lambda c: c.unit),
    ("start", lambda c: c.start),
    ("end", lambda c: c.end),
    ("status", lambda c: c.status),
    ("sentence", lambda c: c.sentence),
    ("updated_at", lambda c: _iso(c.updated_at)),
]

ALL_FILTERS = frozenset(ExportFilterForm.base_fields)


@dataclass(frozen=True)
class Export:
    """One export: its rows, fields, who may take it and which filters apply."""

    name: str
    model: type[Quote] | type[NumericClaim]
    columns: list[Column]
    filters: frozenset[str]
    found: str  # the attribute of search.Results holding this kind's matches

    @property
    def permission(self) -> str:
        return f"claims.view_{self.model._meta.model_name}"  # a fact-checker's, an editor's

    def rows(self) -> QuerySet:
        related = ("article", self.model.person_field)
        return self.model.objects.select_related(*related).defer("article__body")


EXPORTS = {
    "quotes": Export("quotes", Quote, QUOTE_COLUMNS, ALL_FILTERS, "quotes"),
    "claims": Export("claims", NumericClaim, CLAIM_COLUMNS, ALL_FILTERS - {"verdict"}, "claims"),
}


def can_export(user, name: str) -> bool:
    return user.has_perm(EXPORTS[name].permission)


class BadFilters(Exception):
    pass


def _filtered(request: HttpRequest, export: Export, rows: QuerySet):
    """(rows narrowed to the query string's filters, the filters applied), after checking the
    user may take this export; BadFilters with the reasons for a filter that is unknown,
    repeated or invalid."""
    if not request.user.has_perm(export.permission):
        raise PermissionDenied
    form = ExportFilterForm(request.GET, allowed=export.filters)
    if not form.is_valid():
        raise BadFilters(f"Invalid export filters. {form.reasons()}")
    rows = form.filter(rows, person_field=export.model.person_field, found=export.found)
    return rows.order_by("pk"), form.applied()


def _bad_filters(exc: BadFilters) -> HttpResponse:
    return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")


def _records(export: Export, rows: QuerySet) -> Iterator[list]:
    for item in rows.iterator(chunk_size=2000):
        yield [value(item) for _, value in export.columns]


@login_required
@export_limit
@require_GET
def export_items(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    """/export/quotes.csv, claims.csv, quotes.jsonl, claims.jsonl."""
    export = EXPORTS[name]
    try:
        rows, filters = _filtered(request, export, export.rows())
    except BadFilters as exc:
        return _bad_filters(exc)
    fields = [field for field, _ in export.columns]
    if extension == "csv":
        return _csv_response(name, fields, _records(export, rows), filters)
    records = (dict(zip(fields, row, strict=True)) for row in _records(export, rows))
    return _jsonl_response(name, fields, records, filters)


CLAIMREVIEWS = Export("claimreviews", Quote, [], ALL_FILTERS - {"status"}, "quotes")
CLAIMREVIEW_FIELDS = ["@context", "@type", "url", "claimReviewed", "datePublished", "author"]
CLAIMREVIEW_FIELDS += ["reviewRating", "itemReviewed"]


@login_required
@export_limit
@require_GET
def export_claimreviews(request: HttpRequest) -> HttpResponse:
    """Every rated quote's ClaimReview, one per line, with the quotes export's filters (a
    status filter aside: every rated quote is approved)."""
    try:
        rated, filters = _filtered(request, CLAIMREVIEWS, claimreview.rated_quotes())
    except BadFilters as exc:
        return _bad_filters(exc)
    records = (
        claimreview.claim_review(quote, url=request.build_absolute_uri(quote.fact_check_url))
        for quote in rated.iterator(chunk_size=2000)
    )
    return _jsonl_response("claimreviews", CLAIMREVIEW_FIELDS, records, filters)


# --- links from the pages --------------------------------------------------------------------

FORMATS = [("csv", "CSV", ""), ("jsonl", "JSON Lines", "-jsonl")]
LABELS = {"quotes": "Quotes", "claims": "Numbers"}


def export_links(
    user, filters: dict[str, Any], *, kinds: tuple[str, ...] = ("quotes", "claims")
) -> list[dict[str, str]]:
    """The export links a page shows `user`: each of `kinds` the user may export, in both
    formats, carrying the page's `filters` (empty values dropped)."""
    given = {key: value for key, value in filters.items() if value not in (None, "", [])}
    query = urlencode({k: _iso(v) if isinstance(v, date) else v for k, v in given.items()}, True)
    suffix = f"?{query}" if query else ""
    links = []
    for name in kinds:
        if not can_export(user, name):
            continue
        for _, label, route in FORMATS:
            url = reverse(f"claims:export-{name}{route}") + suffix
            links.append({"label": f"{LABELS[name]} {label}", "url": url})
    return links
