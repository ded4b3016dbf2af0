"""Numeric claims out of a Doc: read each number, drop the ones that are not claims, and bound
and describe the rest."""

from __future__ import annotations

import math
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..context import DocContext
from ..lexicon import POST_QUALIFIERS, QUALIFIERS
from ..types import NumberCandidate, QuoteCandidate, TextSpan
from .counted import counted
from .exclusions import excluded
from .values import Occurrence, read_numbers


def find_numbers(
    doc: Doc, quotes: Sequence[QuoteCandidate] = (), ctx: DocContext | None = None
) -> list[NumberCandidate]:
    """Numeric claims in `doc`; `quotes` name the claimant of numbers said inside them."""
    if len(doc) == 0:
        return []
    ctx = ctx or DocContext(doc)
    by_start = sorted(quotes, key=lambda q: q.span.start)
    out: list[NumberCandidate] = []
    for reading in read_numbers(doc):
        occurrence = Occurrence.of(doc, reading, has_ents=ctx.has_ents)
        if excluded(occurrence):
            continue
        candidate = _candidate(occurrence, by_start, ctx)
        if candidate is not None:
            out.append(candidate)
    return out


def _candidate(
    n: Occurrence, quotes: Sequence[QuoteCandidate], ctx: DocContext
) -> NumberCandidate | None:
    """The claim for one number, with the qualifier around it as bounds; None when its value
    is not a finite number."""
    doc, found = n.doc, n.reading
    start, end = found.start, found.end
    qualifier = "="
    # Qualifiers before the number ("at least 46") and after it ("40 or more").
    before = tuple(doc[k].lower_ for k in range(max(0, found.first - 3), found.first))
    for phrase, symbol in QUALIFIERS:
        size = len(phrase)
        if len(before) >= size and before[-size:] == phrase:
            word = doc[found.first - 1]
            if size == 1 and word.dep_ == "prep" and word.lower_ in ("about", "around"):
                continue  # "talked about three issues": the verb's preposition
            qualifier = symbol
            start = doc[found.first - size].idx
            break
    if qualifier == "=":
        after = tuple(doc[k].lower_ for k in range(found.last + 1, min(len(doc), found.last + 3)))
        for phrase, symbol in POST_QUALIFIERS.items():
            if after[: len(phrase)] == phrase:
                qualifier = symbol
                break
    value, low, high = found.value, found.low, found.high
    if value is not None and qualifier in (">", ">="):
        low, high = value, None
    elif value is not None and qualifier in ("<", "<="):
        low, high = None, value
    if value is not None and (math.isnan(value) or math.isinf(value)):
        return None
    what, unit = counted(n)
    text = ctx.text
    sent_start, sent_end = _span_chars(ctx.sent(found.first), text)
    return NumberCandidate(
        text=text[start:end],
        span=TextSpan(start, end),
        value=value,
        lower=low,
        upper=high,
        qualifier=qualifier,
        counted=what,
        unit=unit,
        claimant=_claimant(quotes, start, end),
        sentence=text[sent_start:sent_end],
        sentence_span=TextSpan(sent_start, sent_end),
        confidence=found.confidence,
    )


def _claimant(quotes: Sequence[QuoteCandidate], start: int, end: int) -> str | None:
    """The speaker of the last quote (by start) that contains the number."""
    best = None
    for quote in quotes:
        if quote.span.start > start:
            break
        if quote.span.end >= end and quote.speaker:
            best = quote.speaker
    return best


def _span_chars(sent: Span, text: str) -> tuple[int, int]:
    """The sentence's characters without surrounding whitespace."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
