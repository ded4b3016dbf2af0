"""Numbers that are not claims: each rule is one predicate, and `EXCLUSIONS` lists them all.

A number is dropped when any rule says so. The rules are tried in the order listed; the order
changes no result, only how soon an excluded number is recognised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..context import entity_bounds
from ..lexicon import (
    AFTER_PRONOUN_ONE,
    AGE_WORDS,
    CURRENCY_CODES,
    DEFINITE_BEFORE_COUNT,
    HYPHENATED_FRACTIONS,
    ID_NOUNS,
    INDEFINITE_ONE_NOUNS,
    INSISTS_ON_ONE,
    MONTHS,
    NAME_LABELS,
    NUMBER_SIGNS,
    ONE_AS_PRONOUN,
    RELATIVE_DATE_WORDS,
    REPORTING_FORMS,
    SCALES,
    SCENE_NOUNS,
    SMALL_COUNT_WORDS,
    TIME_WORDS,
    UNITS,
    WEIGHTY_ADJECTIVES,
    WORD_NUMBERS,
    YEAR_CONTEXT,
)
from .values import Occurrence, qualifier_before

_ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)


def is_tally(n: Occurrence) -> bool:
    """A vote or a score, read as a falling range without spaces: "the court ruled 7-2"."""
    return n.reading.tally


def is_ordinal(n: Occurrence) -> bool:
    """A rank, not an amount: "the twenty first time" (tagged ORDINAL), digits such as "3rd"."""
    return bool(_ORDINAL_RE.match(n.head.text)) or (n.ent == "ORDINAL" and not n.has_digit)


def is_pronoun_one(n: Occurrence) -> bool:
    """ "one" standing for someone, not a count: "one of them", "no one knows"."""
    if n.head.lower_ != "one" or not n.one_token:
        return False
    if n.nxt is None or n.nxt.lower_ in AFTER_PRONOUN_ONE or n.head.dep_ not in ("nummod",):
        return True
    return n.prev is not None and n.prev.lower_ in ONE_AS_PRONOUN


def is_indefinite_one(n: Occurrence) -> bool:
    """ "one" in the sense of "a", not a count: "one analyst said", "one study found", "at one
    point", "one key challenge", "one reason". "One officer was hurt" stays a count."""
    if n.head.lower_ != "one" or not n.one_token or n.has_digit or n.nxt is None:
        return False
    if n.prev is not None and n.prev.lower_ in INSISTS_ON_ONE:
        return False
    doc, noun = n.doc, n.nxt
    weighty = noun.lower_ in WEIGHTY_ADJECTIVES
    while noun.pos_ == "ADJ" and noun.i + 1 < len(doc):
        noun = doc[noun.i + 1]
    if noun.tag_ != "NN":
        return False
    speaks = noun.dep_ == "nsubj" and noun.head.lower_ in REPORTING_FORMS
    return weighty or speaks or noun.lower_ in INDEFINITE_ONE_NOUNS


def is_known_group(n: Occurrence) -> bool:
    """A small count in words after a definite word names things the story has already
    introduced, it does not report how many there are: "the two men met", "those four
    counties", "her two sons" (not "gave her two tickets", where "her" is who receives). A span
    of time stays a quantity: "those four months"."""
    if not _small_count_in_words(n) or n.prev is None or n.ent in ("DATE", "TIME"):
        return False
    return n.prev.lower_ in DEFINITE_BEFORE_COUNT and n.prev.dep_ != "dative"


def is_scene_detail(n: Occurrence) -> bool:
    """A small count in words of the places and fixtures where something happened sets the
    scene, it is not a figure anyone checks: "police closed two streets", "followed on two
    giant screens". Counts of people (killed, injured, arrested) are never scene detail, and
    a qualifier makes the count the point: "at least two roads were closed"."""
    if not _small_count_in_words(n) or qualifier_before(n.doc, n.reading.first) is not None:
        return False
    noun = n.head.head
    return noun.i > n.head.i and noun.lower_ in SCENE_NOUNS


def is_clock_time(n: Occurrence) -> bool:
    """A time of day: "at 8 ET", "the 6 am flight", the hour in "10 : 30"."""
    if n.nxt is not None and (n.nxt.lower_ in TIME_WORDS or n.nxt.text == ":"):
        return True
    return n.prev is not None and n.prev.text == ":" and not n.prev.whitespace_


def is_numbered_label(n: Occurrence) -> bool:
    """A number after a number sign: "No. 5", "#1"."""
    return n.prev is not None and n.prev.text in NUMBER_SIGNS


def is_date(n: Occurrence) -> bool:
    """Part of a date the parser found, not a duration: "two years ago", "on March 5"."""
    return n.ent in ("DATE", "TIME") and _date_like(n.doc, n.head)


def is_year(n: Occurrence) -> bool:
    """A year: "in 2015", "2016 was", unless a noun follows that it counts ("2015 votes")."""
    value, digits = n.reading.value, n.head.text
    if not (
        value is not None
        and n.reading.unit is None
        and len(digits) == 4
        and digits.isdigit()
        and 1000 <= value <= 2200
    ):
        return False
    if n.nxt is not None and n.nxt.lower_ in UNITS:
        return False  # "the 1520 sq m centre": a measure
    return (
        n.ent == "DATE"
        or (n.prev is not None and (n.prev.lower_ in YEAR_CONTEXT or n.prev.lower_ in MONTHS))
        or n.nxt is None
        or not (n.nxt.tag_ in ("NNS", "NN") or n.nxt.pos_ == "NOUN")
    )


def is_day_of_month(n: Occurrence) -> bool:
    """A day written next to its month: "March 5", "5 May"."""
    return (n.prev is not None and n.prev.lower_ in MONTHS) or (
        n.nxt is not None and n.nxt.lower_ in MONTHS
    )


def is_identifier(n: Occurrence) -> bool:
    """A number written straight after a name or a label noun: "S&P 500", "Model 3", "Route 66"."""
    prev, nxt = n.prev, n.nxt
    return (
        prev is not None
        and n.reading.unit is None
        and n.one_token
        and n.has_digit
        and (
            prev.pos_ == "PROPN"
            or (prev.text[:1].isupper() and not prev.pos_)
            or (prev.text.isupper() and len(prev.text) > 1)
            or prev.lower_ in ID_NOUNS
        )
        and prev.text not in CURRENCY_CODES
        and prev.lower_ not in MONTHS
        and not (nxt is not None and nxt.lower_.rstrip("s") in SCALES)
    )


def is_part_of_a_name(n: Occurrence) -> bool:
    """A number inside a name the parser found: "Windows 10", "Boeing 737"."""
    return n.ent in NAME_LABELS and n.reading.unit is None and n.one_token


def is_age(n: Occurrence) -> bool:
    """An age band: "women aged 25 to 54", "ages 18-24", "between the ages of 25 and 40"."""
    prev, first = n.prev, n.reading.first
    if prev is not None and prev.lower_ == "of" and first > 1:
        prev = n.doc[first - 2]
    return prev is not None and prev.lower_ in AGE_WORDS


def is_compound_adjective(n: Occurrence) -> bool:
    """A number word hyphenated into an adjective: "a two-month contract", "six-speed"."""
    doc, last = n.doc, n.reading.last
    return (
        not n.has_digit
        and n.nxt is not None
        and n.nxt.text == "-"
        and not doc[last].whitespace_
        and last + 2 < len(doc)
        and doc[last + 2].lower_ not in WORD_NUMBERS
        and doc[last + 2].lower_ not in HYPHENATED_FRACTIONS
    )


def is_age_in_apposition(n: Occurrence) -> bool:
    """An age between commas after a name or noun: "Jane Doe, 45, said", "the suspect, 34,"."""
    doc, r = n.doc, n.reading
    return (
        n.prev is not None
        and n.prev.text == ","
        and n.nxt is not None
        and n.nxt.text == ","
        and r.first > 1
        and doc[r.first - 2].pos_ in ("PROPN", "NOUN")
        and r.value is not None
        and r.value == int(r.value)
        and 0 < r.value < 120
        and r.unit is None
    )


def is_code(n: Occurrence) -> bool:
    """A number glued to another by a hyphen or slash: the "2" of "a 4-4-2 formation"."""
    doc, r, prev = n.doc, n.reading, n.prev
    if (
        prev is not None
        and not prev.whitespace_
        and prev.text in ("-", "/")
        and r.first > 1
        and (doc[r.first - 2].is_alpha or doc[r.first - 2].like_num)
    ):
        return True
    return n.nxt is not None and not doc[r.last].whitespace_ and n.nxt.text == "/"


EXCLUSIONS: tuple[Callable[[Occurrence], bool], ...] = (
    is_tally,
    is_ordinal,
    is_pronoun_one,
    is_indefinite_one,
    is_known_group,
    is_scene_detail,
    is_clock_time,
    is_numbered_label,
    is_date,
    is_year,
    is_day_of_month,
    is_identifier,
    is_part_of_a_name,
    is_age,
    is_compound_adjective,
    is_age_in_apposition,
    is_code,
)


def excluded(n: Occurrence) -> bool:
    """Whether any rule in `EXCLUSIONS` says the number is not a claim."""
    return any(rule(n) for rule in EXCLUSIONS)


def _small_count_in_words(n: Occurrence) -> bool:
    """Whether the number is a single word from two to nine ("three", not "3" or "three
    hundred")."""
    return n.one_token and n.head.lower_ in SMALL_COUNT_WORDS


def _date_like(doc: Doc, token: Token) -> bool:
    """Whether the entity around `token` is a date or clock time rather than a duration
    ("three years" is a quantity, "three years ago" a date)."""
    start, end = entity_bounds(token)
    words = [t.lower_ for t in doc[start:end]]
    if any(w in MONTHS for w in words):
        return True
    if any(w in TIME_WORDS or ":" in w or "/" in w for w in words):
        return True
    if any(w in RELATIVE_DATE_WORDS for w in words):
        return (
            any(w not in ("old",) for w in words)
            and "ago" in words
            or "age" in words
            or "aged" in words
        )
    for t in doc[start:end]:
        digits = t.text.replace(",", "")
        if digits.isdigit() and len(digits) == 4 and 1000 <= int(digits) <= 2100:
            return True
        if t.text.endswith("s") and t.text[:-1].isdigit():
            return True
    return False
