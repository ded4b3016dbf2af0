"""Finding quotes and numeric claims by what they say or who said it.

On PostgreSQL this is full-text search: `websearch_to_tsquery` against the same
`to_tsvector('english', …)` expressions that migration 0004 indexes (GIN), ranked by
`ts_rank` and highlighted with `ts_headline`. On SQLite (local development) every word of the
query must appear, case-insensitively, in the item or in its speaker's name.

A match on the speaker's name is found first, in a small query on the speakers and aliases, and
joined back by primary key: a tsvector spanning two tables cannot use an index, while
`text @@ query OR speaker_id = ANY(…)` is a BitmapOr of two index scans.

Results come in two steps so that a word matching thousands of rows stays cheap: `ids` ranks and
sorts primary keys only (paginate that), and `load` fetches one page of full rows, with their
article, speaker and highlighted `headline`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
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
# ts_rank must rebuild each matching row's tsvector (there is no stored tsvector column), some
# 35 µs a quote, and a common word matches thousands. Only the newest RANK_LIMIT matches are
# ranked by relevance; older ones follow, newest first.
RANK_LIMIT = 500
MAX_WORDS = 8  # SQLite only: the most query words matched (and highlighted)

Expr = Expression | F


@dataclass(frozen=True)
class Found:
    """Matches of one kind: `ids` best first (paginate it), `load` the rows of one page."""

    ids: QuerySet
    load: Callable[[list[int]], list[Model]]


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
    """Quotes and numeric claims matching `q`, best first. Each loaded row has a `headline`
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


def _in_order(qs: QuerySet, ids: list[int]) -> list[Model]:
    rows = qs.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _nth_newest(qs: QuerySet, n: int) -> int | None:
    """The pk of the n-th newest row of `qs`, or None when it has fewer rows."""
    # Ordering by `id + 0` rather than `id` keeps PostgreSQL from walking the primary key
    # backwards and rebuilding every row's tsvector to test it (140 ms at 50k rows): it
    # collects the matches through the GIN index and sorts those (10 ms).
    newest = ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField()).desc()
    return qs.order_by(newest).values_list("pk", flat=True)[n - 1 : n].first()


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
        oldest_ranked = _nth_newest(matching, RANK_LIMIT)
        if oldest_ranked is not None:  # CASE evaluates ts_rank only for the newest matches
            rank = Case(
                When(pk__gte=oldest_ranked, then=rank),
                default=Value(-1.0),
                output_field=FloatField(),
            )
        ids = matching.alias(rank=rank).order_by("-rank", "-pk").values_list("pk", flat=True)
        headline = SearchHeadline(
            shown,
            query,
            config=CONFIG,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            highlight_all=True,
        )
        return Found(ids=ids, load=lambda page: _in_order(rows.annotate(headline=headline), page))

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
    quote_ids = Quote.objects.none().values_list("pk", flat=True)
    claim_ids = NumericClaim.objects.none().values_list("pk", flat=True)
    if words:
        quote_ids = Quote.objects.filter(quote_filter).order_by("-pk").values_list("pk", flat=True)
        claim_ids = (
            NumericClaim.objects.filter(claim_filter).order_by("-pk").values_list("pk", flat=True)
        )
    quotes = _quotes().annotate(headline=F("text"))
    claims = _claims().annotate(headline=claim_shown())
    return Results(
        quotes=Found(quote_ids, lambda page: _in_order(quotes, page)),
        claims=Found(claim_ids, lambda page: _in_order(claims, page)),
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
