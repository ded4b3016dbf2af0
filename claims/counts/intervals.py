"""What a number as written allows: the interval of values it is compatible with.

"Over 38 attacks" is not 38: it says at least 39. Comparing figures across articles only makes
sense on these intervals, so every observation of a count carries one. The conventions are the
issue's (#12) and are kept in one table here so the timeline, the flags and the exports agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

# Words written before (or around) the number, longest first, and the convention they select.
# "nearly"/"almost": just below N. "about"/"some": 10 % either side. "more than": N + 1 for a
# count (a whole number), N itself otherwise, since an interval has no open ends to mark it.
CONVENTIONS: tuple[tuple[str, str], ...] = (
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("not less than", "at_least"),
    ("a minimum of", "at_least"),
    ("at least", "at_least"),
    ("or more", "at_least"),
    ("and up", "at_least"),
    ("reached", "at_least"),
    ("reaching", "at_least"),
    ("reaches", "at_least"),
    ("reach", "at_least"),
    ("upwards of", "more_than"),
    ("in excess of", "more_than"),
    ("more than", "more_than"),
    ("greater than", "more_than"),
    ("higher than", "more_than"),
    ("well over", "more_than"),
    ("just over", "more_than"),
    ("topped", "more_than"),
    ("tops", "more_than"),
    ("topping", "more_than"),
    ("exceeded", "more_than"),
    ("exceeds", "more_than"),
    ("exceeding", "more_than"),
    ("surpassed", "more_than"),
    ("passed", "more_than"),
    ("above", "more_than"),
    ("over", "more_than"),
    ("close to", "nearly"),
    ("just under", "nearly"),
    ("just shy of", "nearly"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("approximately", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("about", "about"),
    ("circa", "about"),
    ("some", "about"),
    ("or so", "about"),
    ("as many as", "up_to"),
    ("no more than", "up_to"),
    ("not more than", "up_to"),
    ("a maximum of", "up_to"),
    ("at most", "up_to"),
    ("up to", "up_to"),
    ("fewer than", "less_than"),
    ("less than", "less_than"),
    ("under", "less_than"),
    ("below", "less_than"),
)
# The stored qualifier when the words say nothing we know.
QUALIFIER_CONVENTIONS: dict[str, str] = {
    "=": "exact",
    "~": "about",
    ">": "more_than",
    ">=": "at_least",
    "<": "less_than",
    "<=": "up_to",
    "range": "range",
}
# Vague plurals: the least they can mean ("dozens" is at least two dozen). "tens of thousands"
# and "hundreds of thousands" multiply.
VAGUE_FLOORS: dict[str, int] = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}
_MULTIPLES: dict[str, int] = {"tens": 20, "dozens": 24, "hundreds": 200}
_VAGUE_OF = re.compile(r"\b(tens|dozens|hundreds)\s+of\s+(thousands|millions|billions)\b", re.I)
_RANGE = re.compile(r"\d\s*(?:-|–|—|to|and)\s*\d|between\b", re.I)
# Units and words that make a number a measure, not a count of things.
_NOT_COUNTED = frozenset({"percent", "%", "per cent", "percentage", "points", "magnitude"})


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a figure allows; ``None`` is an open end."""

    low: Decimal | None
    high: Decimal | None

    def overlaps(self, other: Interval) -> bool:
        """True when some value is allowed by both."""
        if self.low is not None and other.high is not None and self.low > other.high:
            return False
        return not (self.high is not None and other.low is not None and self.high < other.low)

    def below(self, other: Interval) -> bool:
        """True when every value allowed here is smaller than every value allowed by `other`."""
        return self.high is not None and other.low is not None and self.high < other.low

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def __str__(self) -> str:
        low = "open" if self.low is None else plain(self.low)
        high = "open" if self.high is None else plain(self.high)
        if self.exact:
            return low
        return f"[{low}, {high}]"


def decimal_or_none(value: object) -> Decimal | None:
    """`value` (int, float, str, Decimal) as an exact Decimal; floats go through their repr."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
    if not number.is_finite():
        return None
    return _tidy(number)


# Cached: the flag rules ask it of every pair of figures, and a count's figures repeat a few
# spellings ("more than 38", "at least 46"), so a timeline of 500 figures asks ~250,000 times.
@lru_cache(maxsize=4096)
def convention(text: str, qualifier: str) -> str:
    """The name of the convention that `text` (the number as written) and `qualifier` select."""
    lowered = " " + re.sub(r"\s+", " ", text.lower()) + " "
    if qualifier == "range" or _RANGE.search(lowered) and qualifier not in (">", ">=", "<", "<="):
        return "range"
    for phrase, name in CONVENTIONS:
        if f" {phrase} " in lowered or lowered.startswith(f" {phrase}-"):
            return name
    return QUALIFIER_CONVENTIONS.get(qualifier, "exact")


def interval_of(
    *, text: str, qualifier: str, value: object, lower: object, upper: object, counted: str = ""
) -> Interval:
    """The interval a figure allows, by the issue's conventions.

    exact N: [N, N]; at least / reached N: [N, open]; more than / over / topped N: [N+1, open]
    for a count; nearly / almost N: [ceil(0.9 N), N-1]; about / around / some N:
    [round(0.9 N), round(1.1 N)]; up to N: [open, N]; fewer than N: [open, N-1] for a count;
    dozens: [24, open], hundreds: [200, open]; a range "12 to 15": [12, 15].
    """
    n = decimal_or_none(value)
    lo, hi = decimal_or_none(lower), decimal_or_none(upper)
    vague = _vague_floor(text)
    if vague is not None and (n is None or qualifier == "~" or n == lo):
        return Interval(Decimal(vague), None)
    name = convention(text, qualifier)
    if name == "range" or n is None:
        if lo is None and hi is None:
            return Interval(n, n)
        return Interval(lo, hi)
    step = Decimal(1) if _is_count(n, text, counted) else Decimal(0)
    if name == "exact":
        return Interval(n, n)
    if name == "at_least":
        return Interval(n, None)
    if name == "more_than":
        return Interval(n + step, None)
    if name == "up_to":
        return Interval(None, n)
    if name == "less_than":
        return Interval(None, n - step)
    if name == "nearly":
        if not step:
            return Interval(_tidy(n * Decimal("0.9")), n)
        return Interval(Decimal(math.ceil(n * Decimal("0.9"))), max(n - 1, Decimal(0)))
    low, high = n * Decimal("0.9"), n * Decimal("1.1")
    if step:
        low, high = _round(low), _round(high)
    return Interval(_tidy(low), _tidy(high))


def _is_count(n: Decimal, text: str, counted: str) -> bool:
    """A count of things: a whole number that is no percentage, amount or measure."""
    if n != n.to_integral_value():
        return False
    if any(sign in text for sign in "%$£€¥₹"):
        return False
    return (counted or "").strip().lower() not in _NOT_COUNTED


def _vague_floor(text: str) -> int | None:
    lowered = text.lower()
    times = _VAGUE_OF.search(lowered)
    if times:
        return _MULTIPLES[times.group(1)] * VAGUE_FLOORS[times.group(2)] // 2
    for word in re.findall(r"[a-z]+", lowered):
        if word in VAGUE_FLOORS:
            return VAGUE_FLOORS[word]
    return None


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _tidy(value: Decimal) -> Decimal:
    """Whole numbers without an exponent or trailing zeros ("100", not "1E+2" or "100.0")."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain(value: Decimal) -> str:
    """`value` as an editor writes it: "1,400", "2.5"; never "17.000000" (stored figures
    carry six decimal places)."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    return f"{value.normalize():f}"
