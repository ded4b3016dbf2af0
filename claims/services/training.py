"""What the cue finder learns from the desk: the newsroom's own decisions as training data.

Reads only; training itself is ``claims.extraction.training`` (spaCy, no Django).
"""

from __future__ import annotations

from claims.extraction.training import Annotated
from claims.models import Article, Quote, ReviewStatus

# How far from its quote a cue is looked for, in characters: a reporting clause sits in the
# quote's sentence, and a longer reach finds the same verb in another sentence.
CUE_REACH = 300
_DECIDED = (ReviewStatus.APPROVED, ReviewStatus.EDITED, ReviewStatus.REJECTED)


def decisions_corpus() -> list[Annotated]:
    """One partly annotated text per article with a decided quote: the cues of approved and
    edited quotes (hand-added ones included) are cues, those of rejected quotes are not, and
    those still awaiting review make their sentence unusable (nobody has said yet)."""
    articles = Article.objects.filter(
        pk__in=Quote.objects.filter(status__in=_DECIDED).values("article")
    ).order_by("pk")
    corpus: list[Annotated] = []
    for article in articles.iterator():
        cues: list[tuple[int, int]] = []
        not_cues: list[tuple[int, int]] = []
        unsure: list[tuple[int, int]] = []
        quotes = article.quotes.exclude(cue="").only("start", "end", "cue", "status")
        for quote in quotes.order_by("start"):
            span = locate_cue(article.body, quote.cue, quote.start, quote.end)
            if span is None:
                continue
            if quote.status in (ReviewStatus.APPROVED, ReviewStatus.EDITED):
                cues.append(span)
            elif quote.status == ReviewStatus.REJECTED:
                not_cues.append(span)
            else:
                unsure.append(span)
        if cues or not_cues:
            corpus.append(
                Annotated(article.body, tuple(cues), tuple(not_cues), tuple(unsure), partial=True)
            )
    return corpus


def locate_cue(body: str, cue: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the cue `cue` of the quote at start..end is written: the occurrence nearest the
    quote, outside it, within CUE_REACH characters (a quote keeps its cue as text only)."""
    cue = cue.strip()
    if not cue:
        return None
    lowered, needle = body.lower(), cue.lower()
    best: tuple[int, int] | None = None
    at = lowered.find(needle, max(0, start - CUE_REACH))
    while at != -1 and at <= end + CUE_REACH:
        stop = at + len(needle)
        outside = stop <= start or at >= end
        if outside:
            distance = start - stop if stop <= start else at - end
            if best is None or distance < best[0]:
                best = (distance, at)
        at = lowered.find(needle, at + 1)
    return None if best is None else (best[1], best[1] + len(cue))
