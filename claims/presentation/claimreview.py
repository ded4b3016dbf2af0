"""A fact-checker's verdict on a quote as schema.org ClaimReview (JSON-LD), for search engines
and fact-check aggregators, and the escaping that lets it sit in a page's <script>.

The rating scale, documented in the README: `ratingValue` 1 (misquoted) to 3 (verified), with
`worstRating` 1 and `bestRating` 3; "out of context" is 2. "Unverifiable" says nothing about
accuracy, so it has no `ratingValue`, only its words in `alternateName` (schema.org and Google's
fact-check guidelines make the number optional, the words required).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from claims.models import Quote, ReviewStatus, Verdict

WORST, BEST = 1, 3
RATING_VALUES: dict[str, int | None] = {
    Verdict.VERIFIED: 3,
    Verdict.OUT_OF_CONTEXT: 2,
    Verdict.MISQUOTED: 1,
    Verdict.UNVERIFIABLE: None,
}

# What json_script escapes: with these as \u escapes, no string in the document can close the
# <script> element or open a comment, whatever a quote says.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def rated_quotes() -> QuerySet[Quote]:
    """Quotes a fact-checker gave a verdict: the only ones with a public ClaimReview."""
    return (
        Quote.objects.exclude(verdict="")
        .filter(status__in=[ReviewStatus.APPROVED, ReviewStatus.EDITED])
        .select_related("speaker", "article__outlet")
        .defer("article__body")
    )


def _party(name: str, *, organisation: bool, url: str = "") -> dict[str, Any]:
    party: dict[str, Any] = {"@type": "Organization" if organisation else "Person", "name": name}
    if url:
        party["url"] = url
    return party


def _rating(verdict: str) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": Verdict(verdict).label,
        "worstRating": WORST,
        "bestRating": BEST,
    }
    value = RATING_VALUES[verdict]
    if value is not None:
        rating["ratingValue"] = value
    return rating


def _claim(quote: Quote) -> dict[str, Any]:
    """The quote as a Claim: who made it, and when and where it appeared."""
    article = quote.article
    claim: dict[str, Any] = {"@type": "Claim"}
    if quote.speaker is not None:
        claim["author"] = _party(quote.speaker.name, organisation=quote.speaker.is_organisation)
    if article.published_on:
        claim["datePublished"] = article.published_on.isoformat()
    if article.url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            appearance["headline"] = article.title
        if article.published_on:
            appearance["datePublished"] = article.published_on.isoformat()
        if article.outlet is not None:
            appearance["publisher"] = _party(article.outlet.name, organisation=True)
        claim["appearance"] = appearance
    return claim


def claim_review(quote: Quote, *, url: str) -> dict[str, Any]:
    """The ClaimReview of a rated quote; `url` is its public page's absolute address."""
    verified = quote.verified_at or quote.updated_at
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": quote.text,
        "datePublished": verified.date().isoformat(),
        "author": _party(
            settings.CLAIMS_NEWSROOM_NAME, organisation=True, url=settings.CLAIMS_NEWSROOM_URL
        ),
        "reviewRating": _rating(quote.verdict),
        "itemReviewed": _claim(quote),
    }


def script_json(document: dict[str, Any]) -> SafeString:
    """`document` as JSON that is safe between <script> tags: <, > and & are \\u escapes."""
    text = json.dumps(document, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - nothing in it can end the element
