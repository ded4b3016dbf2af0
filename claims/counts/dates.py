"""The day a figure holds for: the date its sentence states or implies, else the publication date.

News rarely dates its figures in full: "rose to 94 on Friday", "as of 2 p.m. Saturday", "last
week the number was 34". Weekday names and "yesterday" are resolved against the publication
date (the latest such day on or before it). A date written as a modifier ("the Jan. 1 quake",
"Monday's earthquake") names an event, not the figure's day, and is ignored.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Words that make a following date the figure's date rather than an event's ("as of Jan. 3").
DATE_CUES = r"as\s+of|on|by|through|until|till|at\s+the\s+end\s+of|to"
# Words before a date that make it the start of a window, not an as-of date.
WINDOW_CUES = frozenset({"since", "from", "after", "starting"})
# Relative days, counted back from the publication date.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": 1,
    "last night": 1,
    "last week": 7,
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<cue>{DATE_CUES})\s+(?:\w+day,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b(?P<cue>{DATE_CUES})\s+(?:\w+day,?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+)?(?P<name>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?P<poss>['’]s)?\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(" + "|".join(RELATIVE_DAYS) + r")\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")


def as_of(
    sentence: str, *, published: date | None, context: str = "", near: int | None = None
) -> date | None:
    """The date `sentence` gives for its figures, else `published`.

    `near` is the figure's offset in `sentence`: when the sentence names several days, the one
    closest to the figure wins. `context` (the text around the sentence) only lends a year to a
    date written without one when there is no publication date.
    """
    found = dates_in(sentence, published=published, context=context)
    if not found:
        return published
    if near is None:
        return max(day for _, day in found)
    return min(found, key=lambda item: abs(item[0] - near))[1]


def dates_in(sentence: str, *, published: date | None, context: str = "") -> list[tuple[int, date]]:
    """(offset, date) for each as-of date `sentence` states or implies."""
    year = published.year if published else _year_in(context)
    out: list[tuple[int, date]] = []
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(sentence):
            if year is None and not m.group("year"):
                continue
            day = _calendar(
                int(m.group("year") or year), m.group("month"), int(m.group("day")), published
            )
            if day is not None and not m.group("year"):
                day = _not_after(day, published)
            if day is not None:
                out.append((m.start(), day))
    if published is None:
        return out
    for m in _WEEKDAY.finditer(sentence):
        if m.group("poss") or _word_before(sentence, m.start()) in WINDOW_CUES:
            continue  # "Monday's earthquake", "since Monday"
        if _inside_date(m.start(), out, sentence):
            continue
        back = (published.weekday() - WEEKDAYS[m.group("name").lower()]) % 7
        if m.group("last") and back == 0:
            back = 7
        out.append((m.start(), published - timedelta(days=back)))
    for m in _RELATIVE.finditer(sentence):
        if _word_before(sentence, m.start()) in WINDOW_CUES:
            continue
        out.append((m.start(), published - timedelta(days=RELATIVE_DAYS[m.group(1).lower()])))
    return out


def _calendar(year: int, month: str, day: int, published: date | None) -> date | None:
    try:
        return date(year, MONTHS[month.lower()[:3] if month.lower()[:4] != "sept" else "sep"], day)
    except ValueError:
        return None


def _not_after(day: date, published: date | None) -> date:
    """A date written without a year, in the year that does not put it after publication."""
    if published is not None and day > published + timedelta(days=2):
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day - timedelta(days=365)
    return day


def _word_before(text: str, offset: int) -> str:
    m = _WORD_BEFORE.search(text[:offset])
    return m.group(1).lower() if m else ""


def _inside_date(offset: int, found: list[tuple[int, date]], sentence: str) -> bool:
    """A weekday written as part of a full date already read ("on Monday, January 1")."""
    return any(0 <= offset - start <= 12 for start, _ in found)


def _year_in(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", text)]
    return max(years) if years else None
