"""Finding quotes and numeric claims by what they say or who said it.

On PostgreSQL this is full-text search: `websearch_to_tsquery` against the same
`to_tsvector('english', …)` expressions that migration 0004 indexes (GIN), ranked by
`ts_rank` and highlighted with `ts_headline`. On SQLite (local development) every word of the
query must appear, case-insensitively, in the item or in its speaker's name.

A match on the speaker's name is found first, in a small query on the speakers and aliases, and
joined back by primary key: a tsvector spanning two tables cannot use an index, while
`text @@ query OR speaker_id = ANY(…)` is a BitmapOr of two index scans.

A word in half the quotes must not cost a pass over half the table per request, so:

- matches are counted only up to COUNT_CAP ("more than 5,000");
- up to RANK_LIMIT matches are ordered by relevance (`ts_rank` has to rebuild each row's
  tsvector, ~35 µs a quote, as there is no stored tsvector column); more are listed newest first,
  which the page says;
- a page is found as primary keys first, then only its rows are loaded with their article,
  speaker and highlighted `headline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import NumericClaim, Quote, Speaker, SpeakerAlias

CONFIG = "english"
# These expressions must stay identical to the ones migration 0004 indexes, or PostgreSQL
# falls back to a sequential scan: same config, same columns, same order.
QUOTE_FIELDS = ("text",)
CLAIM_FIELDS = ("text", "counted", "sentence")

# ts_headline wraps matches in these; the whole headline is escaped and only then are they
# turned into <mark> tags, so nothing from an article can become markup. Private-use code
# points: they do not occur in news text and html.escape leaves them alone.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
_SENTINEL_PAIR = re.compile(f"{START_SEL}(.*?){STOP_SEL}", re.DOTALL)

# A speaker matched by name ranks like a moderately good text match.
SPEAKER_MATCH_RANK = 0.1
RANK_LIMIT = 500  # at most this many matches are ranked by relevance (~20 ms)
COUNT_CAP = 5000  # matches are counted up to here (~5 ms); past it a query is "broad"
# On a broad query's first pages, walking the primary key newest first finds a page after a few
# hundred rows; deeper, or on a narrower query, collecting the matches through the GIN index and
# sorting them is cheaper (PostgreSQL's planner misjudges this: it underrates to_tsvector).
WALK_ROWS = 100
PER_PAGE = 25
MAX_WORDS = 8  # SQLite only: the most query words matched (and highlighted)

Expr = Expression | F


@dataclass(frozen=True)
class Found:
    """The matches of one kind (quotes or claims) for a query."""

    matching: QuerySet  # every match, unordered
    rows: QuerySet  # what a result shows: select_related, and a `headline` annotation
    total: int  # how many match, counted up to COUNT_CAP + 1
    rank: Expression | None = None  # relevance, when there are few enough matches to rank

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def broad(self) -> bool:
        return self.total > RANK_LIMIT

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_CAP

    def page(self, number: str | int | None, per_page: int = PER_PAGE) -> Page:
        """One page of results, best (or newest) first, each row with its `headline`."""
        page = Paginator(range(self.total), per_page).get_page(number)
        start = page.start_index() - 1 if self.total else 0
        ids = list(self.ids(start + per_page)[start : start + per_page]) if self.total else []
        page.object_list = _in_order(self.rows, ids)
        page.found = self
        return page

    def ids(self, end: int) -> QuerySet:
        """Primary keys of the matches in the order shown, for a page ending at row `end`."""
        if self.rank is not None:
            ordered = self.matching.alias(rank=self.rank).order_by("-rank", "-pk")
        elif self.more_than_counted and end <= WALK_ROWS and uses_full_text():
            ordered = self.matching.order_by("-pk")
        else:  # `id + 0` cannot use the primary key index, so PostgreSQL uses the GIN one
            ordered = self.matching.order_by(
                ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField()).desc()
            )
        return ordered.values_list("pk", flat=True)


@dataclass(frozen=True)
class Results:
    quotes: Found
    claims: Found


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def quote_vector() -> SearchVector:
    return SearchVector(*QUOTE_FIELDS, config=CONFIG)


def claim_vector() -> SearchVector:
    return SearchVector(*CLAIM_FIELDS, config=CONFIG)


def claim_shown() -> Coalesce:
    """What a claim result shows: its sentence, or the number as written when there is none."""
    return Coalesce(NullIf("sentence", Value("")), "text", output_field=TextField())


def query_words(q: str) -> list[str]:
    """The words of a query as the SQLite fallback matches them (quotes, signs dropped)."""
    return re.findall(r"\w+", q)[:MAX_WORDS]


def search(q: str) -> Results:
    """Quotes and numeric claims matching `q`. Each row of a `Found.page` has a `headline`
    (not safe HTML: show it through `render_headline`)."""
    q = q.strip()
    if uses_full_text():
        return _full_text(q)
    return _icontains(q)


def _quotes() -> QuerySet[Quote]:
    # A result shows its article's title and date, never the article's full text.
    return Quote.objects.select_related("speaker", "article").defer("article__body")


def _claims() -> QuerySet[NumericClaim]:
    return NumericClaim.objects.select_related("claimant", "article").defer("article__body")


def _count(matching: QuerySet) -> int:
    return matching.order_by()[: COUNT_CAP + 1].count()


def _in_order(qs: QuerySet, ids: list[int]) -> list[Model]:
    rows = qs.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _full_text(q: str) -> Results:
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    by_name = (
        Speaker.objects.alias(vector=SearchVector("name", config=CONFIG))
        .filter(vector=query)
        .values_list("pk", flat=True)
    )
    by_alias = (
        SpeakerAlias.objects.alias(vector=SearchVector("name", config=CONFIG))
        .filter(vector=query)
        .values_list("speaker_id", flat=True)
    )
    # A union takes Speaker's default ordering (by name, not selected here): drop it.
    speaker_ids = list(by_name.union(by_alias).order_by())

    def found(rows: QuerySet, vector: SearchVector, speaker_field: str, shown: Expr) -> Found:
        matches, rank = Q(search=query), SearchRank(vector, query)
        if speaker_ids:
            by_speaker = Q(**{f"{speaker_field}__in": speaker_ids})
            matches |= by_speaker
            rank += Case(
                When(by_speaker, then=Value(SPEAKER_MATCH_RANK)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        matching = rows.model.objects.alias(search=vector).filter(matches)
        total = _count(matching)
        headline = SearchHeadline(
            shown,
            query,
            config=CONFIG,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            highlight_all=True,
        )
        return Found(
            matching=matching,
            rows=rows.annotate(headline=headline),
            total=total,
            rank=rank if total <= RANK_LIMIT else None,
        )

    return Results(
        quotes=found(_quotes(), quote_vector(), "speaker", F("text")),
        claims=found(_claims(), claim_vector(), "claimant", claim_shown()),
    )


def _icontains(q: str) -> Results:
    words = query_words(q)
    quote_filter, claim_filter = Q(), Q()
    for word in words:
        quote_filter &= Q(text__icontains=word) | Q(speaker__name__icontains=word)
        claim_filter &= (
            Q(text__icontains=word)
            | Q(counted__icontains=word)
            | Q(sentence__icontains=word)
            | Q(claimant__name__icontains=word)
        )
    quotes = Quote.objects.filter(quote_filter) if words else Quote.objects.none()
    claims = NumericClaim.objects.filter(claim_filter) if words else NumericClaim.objects.none()
    return Results(
        quotes=Found(quotes, _quotes().annotate(headline=F("text")), _count(quotes)),
        claims=Found(claims, _claims().annotate(headline=claim_shown()), _count(claims)),
    )


def highlight_headline(headline: str) -> SafeString:
    """HTML for a `ts_headline` made with START_SEL/STOP_SEL: the text escaped, matches marked.

    A sentinel that came from the article itself (unpaired) is dropped, never turned into markup.
    """
    html, last = [], 0
    for match in _SENTINEL_PAIR.finditer(headline):
        html.append(_escape_plain(headline[last : match.start()]))
        html.append(f"<mark>{_escape_plain(match.group(1))}</mark>")
        last = match.end()
    html.append(_escape_plain(headline[last:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


def _escape_plain(text: str) -> str:
    return str(escape(text.replace(START_SEL, "").replace(STOP_SEL, "")))


def highlight(text: str, q: str) -> SafeString:
    """HTML for `text` with each word of `q` marked, case-insensitively; everything escaped."""
    words = sorted({w.casefold() for w in query_words(q)}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    html, last = [], 0
    for match in pattern.finditer(text):
        html.append(str(escape(text[last : match.start()])))
        html.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    html.append(str(escape(text[last:])))
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


def render_headline(headline: str, q: str) -> SafeString:
    """The safe HTML to show for a loaded row's `headline`, whichever database made it."""
    if uses_full_text():
        return highlight_headline(headline)
    return highlight(headline, q)
