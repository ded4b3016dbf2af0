"""Finding quotes and numeric claims by what they say or who said it.

On PostgreSQL this is full-text search: `websearch_to_tsquery` against the same
`to_tsvector('english', …)` expressions that migration 0004 indexes (GIN), ranked by
`ts_rank` and highlighted with `ts_headline`. On SQLite (local development) every word of the
query must appear, case-insensitively, in the item or in its speaker's name.

A match on the speaker's name is found in a separate, small query on the speakers table and
joined back by primary key: a tsvector spanning two tables cannot use an index, while
`text @@ query OR speaker_id IN (…)` is a BitmapOr of two index scans.
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
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
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
MAX_WORDS = 8  # SQLite only: the most query words matched (and highlighted)

Expr = Expression | F


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


@dataclass(frozen=True)
class Results:
    quotes: QuerySet[Quote]
    claims: QuerySet[NumericClaim]


def search(q: str) -> Results:
    """Quotes and numeric claims matching `q`, best first, each with a `headline` annotation
    (HTML-unsafe: pass it through `highlight_headline` or `highlight` before display)."""
    q = q.strip()
    if uses_full_text():
        return _full_text(q)
    return _icontains(q)


def _full_text(q: str) -> Results:
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    by_name = (
        Speaker.objects.annotate(vector=SearchVector("name", config=CONFIG))
        .filter(vector=query)
        .values_list("pk", flat=True)
    )
    by_alias = (
        SpeakerAlias.objects.annotate(vector=SearchVector("name", config=CONFIG))
        .filter(vector=query)
        .values_list("speaker_id", flat=True)
    )
    # A union takes Speaker's default ordering (by name, not selected here): drop it.
    speaker_ids = list(by_name.union(by_alias).order_by())

    def ranked(qs: QuerySet, vector: SearchVector, speaker_field: str, shown: Expr) -> QuerySet:
        matches, rank = Q(search=query), SearchRank(vector, query)
        if speaker_ids:
            by_speaker = Q(**{f"{speaker_field}__in": speaker_ids})
            matches |= by_speaker
            rank += Case(
                When(by_speaker, then=Value(SPEAKER_MATCH_RANK)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        return (
            qs.annotate(search=vector)
            .filter(matches)
            .annotate(
                rank=rank,
                headline=SearchHeadline(
                    shown,
                    query,
                    config=CONFIG,
                    start_sel=START_SEL,
                    stop_sel=STOP_SEL,
                    highlight_all=True,
                ),
            )
            .order_by("-rank", "-pk")
        )

    quotes = ranked(
        Quote.objects.select_related("speaker", "article"), quote_vector(), "speaker", F("text")
    )
    claims = ranked(
        NumericClaim.objects.select_related("claimant", "article"),
        claim_vector(),
        "claimant",
        claim_shown(),
    )
    return Results(quotes=quotes, claims=claims)


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
    quotes = Quote.objects.none()
    claims = NumericClaim.objects.none()
    if words:
        quotes = (
            Quote.objects.select_related("speaker", "article")
            .filter(quote_filter)
            .annotate(headline=F("text"))
            .order_by("-pk")
        )
        claims = (
            NumericClaim.objects.select_related("claimant", "article")
            .filter(claim_filter)
            .annotate(headline=claim_shown())
            .order_by("-pk")
        )
    return Results(quotes=quotes, claims=claims)


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
    """The safe HTML to show for an item's `headline` annotation, whichever database made it."""
    if uses_full_text():
        return highlight_headline(headline)
    return highlight(headline, q)
