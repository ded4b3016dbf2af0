"""Numeric claims out of a Doc: read each number, drop the ones that are not claims, and bound
and describe the rest."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..context import DocContext
from ..lexicon import POST_QUALIFIERS
from ..types import NumberCandidate, QuoteCandidate, TextSpan
from .counted import counted
from .exclusions import excluded
from .values import Occurrence, qualifier_before, read_numbers


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
            if out and _converts(out[-1], candidate, ctx.text):
                candidate = _bounded(candidate, out[-1].qualifier)
            if out and _PROPORTION.fullmatch(ctx.text, out[-1].span.end, candidate.span.start):
                share = _proportion(out[-1], candidate, ctx.text)
                if share is not None:
                    out[-1] = share
                    continue
            out.append(candidate)
    return out


# Between a figure and its conversion in brackets: its unit, then the bracket ("200 km (124").
_CONVERSION_GAP = re.compile(r"[^\S\n]*[^\s()\d]{1,12}(?:[^\S\n]+[^\s()\d]{1,12})?[^\S\n]*\(\s*")


# "3 in 10 voters", "one out of five": a share, one claim.
_PROPORTION = re.compile(r"[^\S\n]+(?:in|out[^\S\n]+of)[^\S\n]+", re.IGNORECASE)


def _proportion(part: NumberCandidate, whole: NumberCandidate, text: str) -> NumberCandidate | None:
    """ "3 in 10 voters" as one claim: the share 0.3 of voters; None unless `part` is a whole
    number smaller than `whole`."""
    if part.value is None or whole.value is None or not 0 < part.value < whole.value:
        return None
    if part.value != int(part.value) or whole.value != int(whole.value):
        return None
    share = part.value / whole.value
    start, end = part.span.start, whole.span.end
    low, high = (share, share) if part.qualifier == "=" else (part.lower, part.upper)
    if part.qualifier != "=":
        low = low / whole.value if low is not None else None
        high = high / whole.value if high is not None else None
    return dataclasses.replace(
        part,
        text=text[start:end],
        span=TextSpan(start, end),
        value=share,
        lower=low,
        upper=high,
        counted=whole.counted,
        unit="proportion",
    )


def _converts(earlier: NumberCandidate, later: NumberCandidate, text: str) -> bool:
    """Whether `later` is `earlier` in another unit, in brackets: "more than 200 kilometers
    (124 miles)"; a conversion says what its original says, qualifier included."""
    return (
        earlier.qualifier != "="
        and later.qualifier == "="
        and _CONVERSION_GAP.fullmatch(text, earlier.span.end, later.span.start) is not None
    )


def _bounded(n: NumberCandidate, qualifier: str) -> NumberCandidate:
    """`n` under `qualifier`, its bounds set as a qualifier before it would set them."""
    low, high = n.lower, n.upper
    if n.value is not None and qualifier in (">", ">="):
        low, high = n.value, None
    elif n.value is not None and qualifier in ("<", "<="):
        low, high = None, n.value
    return dataclasses.replace(n, qualifier=qualifier, lower=low, upper=high)


def _candidate(
    n: Occurrence, quotes: Sequence[QuoteCandidate], ctx: DocContext
) -> NumberCandidate | None:
    """The claim for one number, with the qualifier around it as bounds; None when its value
    is not a finite number."""
    doc, found = n.doc, n.reading
    start, end = found.start, found.end
    qualifier = "="
    # Qualifiers before the number ("at least 46") and after it ("40 or more").
    before = qualifier_before(doc, found.first)
    if before is not None:
        qualifier, start = before[0], doc[found.first - before[1]].idx
    if qualifier == "=" and doc[found.first].text.startswith("~"):
        qualifier, start = "~", doc[found.first].idx  # "~45g": about 45 grams
    if qualifier == "=":
        qualifier = _post_qualifier(doc, found.last + 1)
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


def _post_qualifier(doc: Doc, at: int) -> str:
    """A qualifier after the number, or after its unit or noun: "40 or more", "3 degrees or
    more"; "=" when there is none."""
    for skip in (0, 1):
        if skip and (at >= len(doc) or doc[at].pos_ not in ("NOUN", "PROPN")):
            break
        after = tuple(doc[k].lower_ for k in range(at + skip, min(len(doc), at + skip + 2)))
        for phrase, symbol in POST_QUALIFIERS.items():
            if after[: len(phrase)] == phrase:
                return symbol
    return "="


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
