"""Numeric claims out of a Doc: read each number, drop the ones that are not claims, and bound
and describe the rest."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

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
    last_count: dict[int, tuple[NumberCandidate, Occurrence]] = {}  # by sentence
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
            if (
                out
                and _counts_nothing(out[-1])
                and _PART_OF.fullmatch(ctx.text, out[-1].span.end, candidate.span.start)
            ):
                out[-1] = dataclasses.replace(out[-1], counted=candidate.counted)
            sentence = ctx.sent_start(reading.first)
            earlier = last_count.get(sentence)
            if earlier is not None and _elides(occurrence, candidate, *earlier):
                candidate = dataclasses.replace(candidate, counted=earlier[0].counted)
            if candidate.unit is not None:
                last_count.pop(sentence, None)  # "$24,000 ... 31,000" counts no noun of before
            elif candidate.counted is not None and occurrence.ent not in ("DATE", "TIME"):
                last_count[sentence] = (candidate, occurrence)
            out.append(candidate)
    return out


# "six of eight regions": the part counts what the whole counts.
_PART_OF = re.compile(r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?", re.IGNORECASE)

# Where a number stands for a noun phrase by itself, its noun left out because the sentence
# has already said it: "Ms Alvarez has 12 delegates, Mr Brook has 9", "compared with 11
# before".
_NOUN_PHRASE_ROLES = frozenset({"dobj", "pobj", "attr", "nsubj", "nsubjpass", "conj", "appos"})
# ... of which these tie it to a clause of its own; in a comparison or a coordination
# ("compared with 11 before", "and the smallest 45") the noun may have stood in any role.
_CLAUSE_ROLES = frozenset({"dobj", "attr", "nsubj", "nsubjpass"})


# A number stands for the noun of a count at most this many tokens before it; further away the
# sentence has moved on to something else.
MAX_ELISION_GAP = 15
# ... and is of like size: "14 districts, compared with 11 before", not "the 4 door version for
# 31,000".
MAX_ELISION_RATIO = 100


def _counts_nothing(n: NumberCandidate) -> bool:
    """Whether the number has neither a counted noun nor a unit: "Mr Brook has 9"."""
    return n.counted is None and n.unit is None


def _elides(
    n: Occurrence, candidate: NumberCandidate, earlier: NumberCandidate, count: Occurrence
) -> bool:
    """Whether `candidate` stands for the noun that the count `earlier` (read at `count`)
    counted: it counts nothing itself, stands where a noun phrase would, soon after and of
    like size and kind ("Ms Alvarez has 12 delegates, Mr Brook has 9"), on the same line. As
    subject, object or complement it stands for a noun in the same role, an object for the
    object of the same verb: in "a raid by three gunmen that killed 12" the 12 are not gunmen,
    in "left 30 homes flattened; 12 were missing" the 12 are not homes."""
    if not _counts_nothing(candidate) or n.head.dep_ not in _NOUN_PHRASE_ROLES:
        return False
    if n.reading.first - count.reading.last > MAX_ELISION_GAP:
        return False
    if "\n" in n.doc[count.reading.last : n.reading.first].text_with_ws:
        return False  # a headline and the line under it, or two paragraphs
    role, word = _role(n.head)
    if role in _CLAUSE_ROLES:
        count_role, count_word = _role(count.head)
        if role != count_role or (role == "dobj" and word != count_word):
            return False
    a, b = abs(earlier.value or 0), abs(candidate.value or 0)
    if (a == int(a)) != (b == int(b)):
        return False  # a measure ("the 5.9-magnitude tremor") and a count ("rose to 140")
    return not (a and b) or max(a, b) / min(a, b) <= MAX_ELISION_RATIO


def _role(number: Token) -> tuple[str, str]:
    """The role of the noun phrase a number counts or stands for ("dobj"), and the word that
    phrase depends on, as written ("has")."""
    phrase = number.head if number.dep_ == "nummod" else number
    return phrase.dep_, phrase.head.lower_


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
