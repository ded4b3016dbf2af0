"""Reading numbers off the tokens: digits, number words, vague amounts, fractions and ranges.

A number starts at a digit token or a number word and grows over scale words ("1.8 billion"),
a currency before it ("HK $", "£"), a percent sign or word after it, and a second number when
the two make a range ("10 to 20", "between 5% and 6%"). Whether the number is a claim at all is
decided afterwards (exclusions.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from text_to_num import text2num

from ..lexicon import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    FRACTIONS,
    GLUED_UNITS,
    HALF_OF,
    LETTER_CODES,
    NOT_FRACTION_HALF,
    NOT_UNIT_SUFFIXES,
    PERCENT_WORDS,
    QUALIFIERS,
    SCALES,
    SHORT_SCALES,
    UNITS,
    VAGUE,
    WORD_NUMBERS,
)

_START_WORDS: frozenset[str] = (
    WORD_NUMBERS | frozenset(VAGUE) | frozenset(FRACTIONS) | frozenset({"tens"})
)
_DIGITS_RE = re.compile(
    r"^~?(?P<code>(?:[A-Z]{1,3})?[$£€¥₹]|[A-Z][A-Za-z]{1,2})?"
    r"(?P<sign>[-−+]|minus-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:(?P<scale>k|K|m|M|mn|bn|BN|b|B|tn|trn)|(?P<suffix>[A-Za-z°″²³/]+\d?))?$"
)
_FRACTION_RE = re.compile(r"^(\d+)[/⁄](\d+)$")


@dataclass(slots=True)
class Reading:
    """One number as read off the tokens, before anyone asks whether it is a claim."""

    first: int  # token index
    last: int
    start: int  # char offsets of the whole expression
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    confidence: float
    tally: bool = False  # "7-2": a vote or a score, never a claim


@dataclass(slots=True)
class _Digits:
    value: float
    code: str | None  # currency written in the token ("$", "HK$", "RM")
    scale: float
    start: int  # offsets of the number inside the token, suffix excluded
    end: int
    suffix: str | None  # a unit glued to the digits ("640bhp", "250ml")


def _parse_token(token: Token) -> _Digits | None:
    """The number written in a token with digits, else None."""
    text = token.text
    frac = _FRACTION_RE.match(text)
    if frac:
        denominator = int(frac.group(2))
        if denominator == 0:
            return None
        return _Digits(int(frac.group(1)) / denominator, None, 1.0, 0, len(text), None)
    m = _DIGITS_RE.match(text)
    if m is None:
        return None
    code = m.group("code")
    if code and code not in LETTER_CODES and code[-1] not in CURRENCY_SYMBOLS:
        return None
    suffix = m.group("suffix")
    if suffix and (suffix in NOT_UNIT_SUFFIXES or (len(suffix) == 1 and suffix.isupper())):
        return None
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    sign = m.group("sign")
    if sign and sign != "+":
        value = -value
    scale = SHORT_SCALES.get(m.group("scale").lower(), 1.0) if m.group("scale") else 1.0
    start = m.start("sign") if sign and sign != "+" else m.start("num")
    end = m.end("scale") if m.group("scale") else m.end("num")
    return _Digits(value, code, scale, 0 if code else start, end, suffix)


def _is_word_number(token: Token) -> bool:
    return token.lower_ in WORD_NUMBERS


def _words_value(words: Sequence[str]) -> float | None:
    phrase = " ".join(w for w in words if w != "-")
    if phrase in ("dozen",):
        return 12.0
    try:
        return float(text2num(phrase, "en"))
    except (ValueError, TypeError, IndexError):
        return None


def read_numbers(doc: Doc) -> Iterator[Reading]:
    """Every number in `doc`, left to right, ranges joined; the walk resumes after each one."""
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        # Cheap test first: most tokens are plain words or punctuation.
        if token.is_alpha and token.lower_ not in _START_WORDS or token.is_punct or token.is_space:
            i += 1
            continue
        found = _number_at(doc, i)
        if found is None:
            i += 1
            continue
        found = _with_range(doc, found)
        yield found
        i = found.last + 1


def _number_at(doc: Doc, i: int) -> Reading | None:
    """The number that starts at token `i`, without a range after it, else None."""
    token = doc[i]
    lower = token.lower_
    if lower in VAGUE or lower == "tens":
        return _vague(doc, i)
    if lower in FRACTIONS:
        return _fraction(doc, i)
    if _is_word_number(token) and lower != "dozen":
        last = i
        while last + 1 < len(doc) and (
            _is_word_number(doc[last + 1])
            or (
                doc[last + 1].text == "-" and last + 2 < len(doc) and _is_word_number(doc[last + 2])
            )
            or (
                doc[last + 1].lower_ == "and"
                and last + 2 < len(doc)
                and _is_word_number(doc[last + 2])
                and doc[last].lower_ in ("hundred", "thousand", "million")
            )
        ):
            last += 1
        k = last + 2 if last + 2 < len(doc) and doc[last + 1].text == "-" else last + 1
        if k < len(doc) and doc[k].lower_ in FRACTIONS and doc[k].lower_.endswith("s"):
            return _fraction(doc, k, first=i)  # "two-thirds", "three quarters"
        value = _words_value([t.lower_ for t in doc[i : last + 1]])
        if value is None:
            return None
        return _finish(doc, i, last, token.idx, value, None, 0.7)
    if not any(ch.isdigit() for ch in token.text):
        return None
    parsed = _parse_token(token)
    if parsed is None:
        return None
    code, scale = parsed.code, parsed.scale
    start = token.idx + parsed.start
    value = parsed.value * scale
    first, last = i, i
    currency = (
        code.rstrip("$£€¥₹").strip() + code[-1] if code and code[-1] in CURRENCY_SYMBOLS else code
    )
    # A sign before the country letters, as Australian and New Zealand papers write a foreign
    # currency: "$US250 trillion" is US$250 trillion.
    if (
        code
        and code.isalpha()
        and i > 0
        and doc[i - 1].text in CURRENCY_SYMBOLS
        and not doc[i - 1].whitespace_
    ):
        first, start = i - 1, doc[i - 1].idx
        currency = code + doc[i - 1].text
    # A currency sign (and its country letters) written before the number: "HK $5.4m".
    elif not code and i > 0 and doc[i - 1].text in CURRENCY_SYMBOLS:
        first = i - 1
        currency = doc[i - 1].text
        start = doc[i - 1].idx
        if i > 1 and doc[i - 2].text in CURRENCY_CODES and doc[i - 2].whitespace_ in ("", " "):
            first = i - 2
            currency = doc[i - 2].text + currency
            start = doc[i - 2].idx
    elif (
        not code
        and i > 0
        and doc[i - 1].text in ("-", "−")
        and not doc[i - 1].whitespace_
        and (i < 2 or doc[i - 2].whitespace_)
    ):
        start, first, value = doc[i - 1].idx, i - 1, -value
    if not code and i > 0 and doc[i - 1].lower_ == "minus" and first == i:
        start, first, value = doc[i - 1].idx, i - 1, -value
    if parsed.suffix:
        end = token.idx + parsed.end
        suffix = GLUED_UNITS.get(parsed.suffix.lower(), parsed.suffix)
        unit = currency or suffix
        return Reading(first, last, start, end, value, value, value, unit, 0.8)
    return _finish(doc, first, last, start, value, currency, 0.85, scaled=scale != 1.0)


def _finish(
    doc: Doc,
    first: int,
    last: int,
    start: int,
    value: float,
    unit: str | None,
    confidence: float,
    *,
    scaled: bool = False,
) -> Reading:
    """Extend over scale words and a percent sign/word after the number."""
    end = doc[last].idx + len(doc[last].text)
    while not scaled and last + 1 < len(doc):
        nxt = doc[last + 1]
        word = nxt.lower_
        scale = SCALES.get(word) or (SCALES.get(word[:-1]) if word != "hundreds" else None)
        short = nxt.text.rstrip(".") if len(nxt.text) > 1 else nxt.text
        if (
            scale is None
            and short.lower() in SHORT_SCALES
            and (
                not doc[last].whitespace_  # "5.4m", "USD10m"
                or short in ("M", "bn", "mn", "tn", "B")
                and doc[last].like_num
                or short in ("m", "k")
                and "." in doc[last].text  # "2.7 m"
            )
        ):
            scale = SHORT_SCALES[short.lower()]
        if scale is None:
            break
        value *= scale
        last += 1
        end = nxt.idx + len(short)
    if last + 1 < len(doc):
        nxt = doc[last + 1]
        if nxt.text == "%":
            last += 1
            end = nxt.idx + 1
            unit = "%"
        elif nxt.lower_ in PERCENT_WORDS:
            unit = "%"
            last += 1
            end = nxt.idx + len(nxt.text)
        elif nxt.lower_ == "per" and last + 2 < len(doc) and doc[last + 2].lower_ == "cent":
            unit = "%"
            last += 2
            end = doc[last].idx + len(doc[last].text)
    return Reading(first, last, start, end, value, value, value, unit, confidence)


def _vague(doc: Doc, i: int) -> Reading | None:
    """ "dozens", "thousands", and "tens/hundreds of thousands" as (low, high) ranges."""
    lower = doc[i].lower_
    last = i
    follows = doc[i + 2].lower_ if i + 2 < len(doc) and doc[i + 1].lower_ == "of" else ""
    if lower in ("tens", "hundreds") and follows in ("thousands", "millions", "billions"):
        base = 10.0 if lower == "tens" else 100.0
        unit = VAGUE[follows][0]
        low, high, last = base * unit, base * 10 * unit, i + 2
    elif lower == "tens":
        return None
    else:
        low, high = VAGUE[lower]
    end = doc[last].idx + len(doc[last].text)
    return Reading(i, last, doc[i].idx, end, None, low, high, None, 0.6)


def _fraction(doc: Doc, i: int, first: int | None = None) -> Reading | None:
    token = doc[i]
    base = FRACTIONS[token.lower_]
    if first is not None:
        count = _words_value([t.lower_ for t in doc[first:i] if t.text != "-"])
        if count is None:
            return None
        value = count * base
    elif token.lower_ == "half":
        if i > 0 and doc[i - 1].lower_ in NOT_FRACTION_HALF:
            return None
        if i + 1 >= len(doc) or doc[i + 1].lower_ not in HALF_OF:
            return None
        value, first = base, i
    else:
        if i == 0 or doc[i - 1].lower_ not in ("a", "one"):
            return None
        if i + 1 < len(doc) and doc[i + 1].lower_ not in ("of",):
            return None
        value, first = base, i - 1
    return Reading(
        first, i, doc[first].idx, token.idx + len(token.text), value, value, value, None, 0.65
    )


def _with_range(doc: Doc, found: Reading) -> Reading:
    """Join "10 to 20", "10-20", "between 10 and 20", "three or four"."""
    j = found.last + 1
    if j + 1 >= len(doc) or found.value is None:
        return found
    before = doc[found.first - 1].lower_ if found.first > 0 else ""
    # "208 pounds to 193": a unit word may sit between the two ends.
    skipped_unit = False
    if (doc[j].lower_ in UNITS or doc[j].lower_ in CURRENCY_WORDS) and doc[j + 1].lower_ in (
        "to",
        "-",
    ):
        j += 1
        skipped_unit = True
        if j + 1 >= len(doc):
            return found
    joiner = doc[j].lower_
    # "between 10 and 20", and "between the ages of 25 and 40" with a noun and "of" in between.
    between = before in ("between", "from") or (
        before == "of"
        and "between" in [t.lower_ for t in doc[max(0, found.first - 4) : found.first]]
    )
    if joiner == "to" and before == "by":
        return found  # "grew by $43.6 billion to $419.2 billion": a change, then a level
    if joiner in ("to", "-", "–", "—", "and", "or") and (joiner != "and" or between):
        spaced = bool(doc[j - 1].whitespace_ or doc[j].whitespace_)
        digits_both = doc[j - 1].like_num and doc[j + 1].like_num
        if joiner in ("-", "–") and spaced and not between and not digits_both:
            return found  # "3 - the score", a dash between clauses
        k = j + 2 if doc[j + 1].text in CURRENCY_SYMBOLS and j + 2 < len(doc) else j + 1
        second = _number_at(doc, k)
        if second is None or second.value is None or second.first != j + 1:
            return found
        if (
            second.unit
            and found.unit
            and second.unit != found.unit
            and "%"
            not in (
                found.unit,
                second.unit,
            )
        ):
            return found
        if found.unit and found.unit != second.unit and not between:
            return found  # "rose 8.1 percent to 99.20 yuan": a change, then a level
        if skipped_unit and not between:
            return found
        lo, hi = found.value, second.value
        if joiner in ("-", "–") and not spaced and hi <= lo and not between:
            # "voted 7-2", "won 3-1": a tally, not a quantity
            return Reading(
                found.first,
                second.last,
                found.start,
                second.end,
                None,
                None,
                None,
                None,
                0.0,
                tally=True,
            )
        unit = "%" if "%" in (found.unit, second.unit) else found.unit or second.unit
        # "$5 to $10 million": the scale of the second applies to the first.
        if hi > lo * 1000 and lo < 1000 and found.last == found.first:
            scale_words = [
                t for t in doc[second.first : second.last + 1] if t.lower_.rstrip("s") in SCALES
            ]
            if scale_words:
                lo *= SCALES[scale_words[-1].lower_.rstrip("s")]
        # "fell from $2,415 to $2,315": a falling range is a change; its value is its end.
        value = hi if hi < lo and between else None
        lo, hi = min(lo, hi), max(lo, hi)
        return Reading(
            found.first,
            second.last,
            found.start,
            second.end,
            value,
            lo,
            hi,
            unit,
            min(found.confidence, second.confidence),
        )
    return found


def qualifier_before(doc: Doc, first: int) -> tuple[str, int] | None:
    """The qualifier written just before the number starting at token `first` ("at least
    46"), as its symbol and its length in tokens; None when there is none."""
    before = tuple(doc[k].lower_ for k in range(max(0, first - 3), first))
    for phrase, symbol in QUALIFIERS:
        size = len(phrase)
        if len(before) >= size and before[-size:] == phrase:
            word = doc[first - 1]
            if size == 1 and word.dep_ == "prep" and word.lower_ in ("about", "around"):
                continue  # "talked about three issues": the verb's preposition
            return symbol, size
    return None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A number where it stands: its reading and the tokens around it, which is what the
    rules about excluding it and about what it counts look at."""

    doc: Doc
    reading: Reading
    head: Token  # the token with the digits or the number word ("5" in "$5 million")
    ent: str  # the head's entity label; "" when the pipeline has no NER
    has_digit: bool
    prev: Token | None  # the token before the number, None at the start of the doc
    nxt: Token | None  # the token after it, None at the end

    @classmethod
    def of(cls, doc: Doc, reading: Reading, *, has_ents: bool) -> Occurrence:
        tokens = doc[reading.first : reading.last + 1]
        head = next(
            (t for t in tokens if any(c.isdigit() for c in t.text) or t.lower_ in WORD_NUMBERS),
            doc[reading.first],
        )
        return cls(
            doc=doc,
            reading=reading,
            head=head,
            ent=head.ent_type_ if has_ents else "",
            has_digit=any(c.isdigit() for c in head.text),
            prev=doc[reading.first - 1] if reading.first > 0 else None,
            nxt=doc[reading.last + 1] if reading.last + 1 < len(doc) else None,
        )

    @property
    def one_token(self) -> bool:
        """Whether the number is a single token ("500", not "$5 million" or "ten to twelve")."""
        return self.reading.first == self.reading.last
