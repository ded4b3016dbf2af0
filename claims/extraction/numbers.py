"""Numeric claims: counts, money, percentages and measures, with their bounds and what they count.

One left-to-right walk over the tokens. A number starts at a digit token or a number word and
grows over scale words ("1.8 billion"), a currency before it ("HK $", "£"), a percent sign or
word after it, and a second number when the two make a range ("10 to 20", "between 5% and 6%").
Qualifiers before it ("at least", "over", "about") become bounds. Dates, times, years,
ordinals, ages in datelines and identifiers ("S&P 500", "Model 3") are skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from .context import DocContext
from .lexicon import words
from .types import NumberCandidate, QuoteCandidate, TextSpan

# Words before a number that bound it, longest first. "nearly"/"almost" count as approximate
# (house rule), "up to"/"as many as" as an upper bound that may be reached.
_QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "~": (
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "circa",
        "approx.",
        "an estimated",
        "estimated",
        "close to",
        "just about",
        "roughly about",
    ),
    ">": (
        "over",
        "above",
        "beyond",
        "exceeding",
        "more than",
        "greater than",
        "higher than",
        "upwards of",
        "in excess of",
        "just over",
        "well over",
    ),
    ">=": ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    "<": (
        "under",
        "below",
        "less than",
        "fewer than",
        "lower than",
        "just under",
        "shy of",
        "just below",
        "short of",
    ),
    "<=": (
        "up to",
        "at most",
        "no more than",
        "a maximum of",
        "as many as",
        "as much as",
        "not more than",
    ),
}
QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        ((tuple(p.split()), symbol) for symbol, ps in _QUALIFIER_PHRASES.items() for p in ps),
        key=lambda item: -len(item[0]),
    )
)
# Words after a number that bound it ("40 or more").
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): ">=",
    ("or", "higher"): ">=",
    ("or", "above"): ">=",
    ("and", "up"): ">=",
    ("plus",): ">=",
    ("or", "less"): "<=",
    ("or", "fewer"): "<=",
    ("or", "so"): "~",
}

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
# Abbreviated scales, only right after digits ("$5.4m", "2.8bn", "4.3M").
SHORT_SCALES: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# Vague quantities and fractions written in words: (low, high) ranges or single values.
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (1e2, 1e3),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
    "trillions": (1e12, 1e13),
}
FRACTIONS: dict[str, float] = {
    "half": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
}
WORD_NUMBERS: frozenset[str] = words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion dozen
    """
)
CURRENCY_SYMBOLS: frozenset[str] = frozenset({"$", "£", "€", "¥", "₹", "₩", "₽"})
# Letters written before a currency sign or glued to digits ("HK $", "US$", "RM79", "PS21,700").
CURRENCY_CODES: frozenset[str] = words(
    """
    US HK AU NZ C A S NT R RM PS USD EUR GBP AUD CAD NZD HKD JPY CNY INR CHF SGD ZAR Rs Rp
    """
)
# Currency codes written straight onto the digits ("USD10m", "RM79", "PS21,700"; "PS" is how
# some feeds render "£").
LETTER_CODES: frozenset[str] = words(
    """
    US USD EUR GBP AUD CAD NZD HKD JPY CNY INR CHF SGD ZAR RM PS Rs Rp
    """
)
CURRENCY_WORDS: frozenset[str] = words(
    """
    dollar dollars euro euros pound pounds yen yuan rupee rupees shekel shekels crown crowns
    peso pesos ruble rubles rand franc francs ringgit won real reais lira dirham dirhams
    """
)
PERCENT_WORDS: frozenset[str] = frozenset({"percent", "pct", "percentage"})
# Measures that are units rather than things counted.
UNITS: frozenset[str] = words(
    """
    km km/h kph mph m cm mm kg g lb lbs oz ton tons tonne tonnes mile miles metre metres meter
    meters foot feet ft inch inches yard yards acre acres hectare hectares gb tb mb kb ghz mhz
    khz hz hp kw kwh mw gw gpa psi degrees °c °f celsius fahrenheit litre litres liter liters
    gallon gallons barrel barrels mpg sq points bps basis
    """
)
MONTHS: frozenset[str] = words(
    """
    january february march april may june july august september october november december jan
    jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov
    nov. dec dec. monday tuesday wednesday thursday friday saturday sunday
    """
)
# Entity labels of names that may contain digits ("38 North", "Windows 10").
NAME_LABELS: frozenset[str] = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"})
# Nouns after which a number is a label, not a quantity ("Section 427", "category 4").
ID_NOUNS: frozenset[str] = words(
    """
    section row seat room page chapter article route flight episode season level phase stage
    grade number no no. version model series class gate terminal platform highway interstate
    district ward precinct suite apartment unit category type channel line bus code zip
    """
)
# Words before a four-digit number that make it a year ("in 2015", "since 1990").
YEAR_CONTEXT: frozenset[str] = words(
    """
    in since by until till of from to during before after early late mid 'til through
    """
)
TIME_WORDS: frozenset[str] = words(
    """
    am pm a.m. p.m. a.m p.m gmt et edt est bst utc
    """
)

_FUNCTION_POS = words(
    """
    VERB AUX ADP CCONJ SCONJ PUNCT DET PRON ADV PART NUM SYM
    """
)
_START_WORDS: frozenset[str] = (
    WORD_NUMBERS | frozenset(VAGUE) | frozenset(FRACTIONS) | frozenset({"tens"})
)
_DIGITS_RE = re.compile(
    r"^(?P<code>(?:[A-Z]{1,3})?[$£€¥₹]|[A-Z][A-Za-z]{1,2})?"
    r"(?P<sign>[-−+]|minus-)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:(?P<scale>k|K|m|M|mn|bn|BN|b|B|tn|trn)|(?P<suffix>[A-Za-z°″²³/]+\d?))?$"
)
# Glued units written differently from how we report them ("24pc" is 24 percent).
GLUED_UNITS: dict[str, str] = {"pc": "%", "pct": "%"}
# Letters glued after digits that make the token something other than a measured quantity:
# clock times, decades, and single capitals ("5G", "3D").
_BAD_SUFFIXES = words(
    """
    s am pm AM PM st nd rd th x
    """
)
_FRACTION_RE = re.compile(r"^(\d+)[/⁄](\d+)$")
_ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)


@dataclass(slots=True)
class _Value:
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
    if suffix and (suffix in _BAD_SUFFIXES or (len(suffix) == 1 and suffix.isupper())):
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


class _Finder:
    def __init__(self, doc: Doc, quotes: Sequence[QuoteCandidate], ctx: DocContext) -> None:
        self.doc = doc
        self.ctx = ctx
        self.quotes = sorted(quotes, key=lambda q: q.span.start)
        self.has_ents = ctx.has_ents
        self.out: list[NumberCandidate] = []

    # -------------------------------------------------------------- walking

    def run(self) -> list[NumberCandidate]:
        doc = self.doc
        i = 0
        n = len(doc)
        while i < n:
            token = doc[i]
            # Cheap test first: most tokens are plain words or punctuation.
            if (
                token.is_alpha
                and token.lower_ not in _START_WORDS
                or token.is_punct
                or token.is_space
            ):
                i += 1
                continue
            found = self._number_at(i)
            if found is None:
                i += 1
                continue
            found = self._range(found)
            if not self._excluded(found):
                self._emit(found)
            i = found.last + 1
        return self.out

    def _number_at(self, i: int) -> _Value | None:
        doc = self.doc
        token = doc[i]
        lower = token.lower_
        if lower in VAGUE or lower == "tens":
            return self._vague(i)
        if lower in FRACTIONS:
            return self._fraction(i)
        if _is_word_number(token) and lower != "dozen":
            last = i
            while last + 1 < len(doc) and (
                _is_word_number(doc[last + 1])
                or (
                    doc[last + 1].text == "-"
                    and last + 2 < len(doc)
                    and _is_word_number(doc[last + 2])
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
                return self._fraction(k, first=i)  # "two-thirds", "three quarters"
            value = _words_value([t.lower_ for t in doc[i : last + 1]])
            if value is None:
                return None
            return self._finish(i, last, token.idx, value, None, 0.7)
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
            code.rstrip("$£€¥₹").strip() + code[-1]
            if code and code[-1] in CURRENCY_SYMBOLS
            else code
        )
        # A currency sign (and its country letters) written before the number: "HK $5.4m".
        if not code and i > 0 and doc[i - 1].text in CURRENCY_SYMBOLS:
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
            return _Value(first, last, start, end, value, value, value, unit, 0.8)
        return self._finish(first, last, start, value, currency, 0.85, scaled=scale != 1.0)

    def _finish(
        self,
        first: int,
        last: int,
        start: int,
        value: float,
        unit: str | None,
        confidence: float,
        *,
        scaled: bool = False,
    ) -> _Value:
        """Extend over scale words and a percent sign/word after the number."""
        doc = self.doc
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
        return _Value(first, last, start, end, value, value, value, unit, confidence)

    def _vague(self, i: int) -> _Value | None:
        """ "dozens", "thousands", and "tens/hundreds of thousands" as (low, high) ranges."""
        doc = self.doc
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
        return _Value(i, last, doc[i].idx, end, None, low, high, None, 0.6)

    def _fraction(self, i: int, first: int | None = None) -> _Value | None:
        doc = self.doc
        token = doc[i]
        base = FRACTIONS[token.lower_]
        if first is not None:
            count = _words_value([t.lower_ for t in doc[first:i] if t.text != "-"])
            if count is None:
                return None
            value = count * base
        elif token.lower_ == "half":
            if i > 0 and doc[i - 1].lower_ in ("first", "second", "a", "the", "one", "and"):
                return None
            if i + 1 >= len(doc) or doc[i + 1].lower_ not in (
                "of",
                "the",
                "a",
                "an",
                "their",
                "its",
                "his",
                "her",
                "our",
                "all",
            ):
                return None
            value, first = base, i
        else:
            if i == 0 or doc[i - 1].lower_ not in ("a", "one"):
                return None
            if i + 1 < len(doc) and doc[i + 1].lower_ not in ("of",):
                return None
            value, first = base, i - 1
        return _Value(
            first, i, doc[first].idx, token.idx + len(token.text), value, value, value, None, 0.65
        )

    def _range(self, found: _Value) -> _Value:
        """Join "10 to 20", "10-20", "between 10 and 20", "three or four"."""
        doc = self.doc
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
        between = before in ("between", "from")
        if joiner == "to" and before == "by":
            return found  # "grew by $43.6 billion to $419.2 billion": a change, then a level
        if joiner in ("to", "-", "–", "—", "and", "or") and (joiner != "and" or between):
            spaced = bool(doc[j - 1].whitespace_ or doc[j].whitespace_)
            digits_both = doc[j - 1].like_num and doc[j + 1].like_num
            if joiner in ("-", "–") and spaced and not between and not digits_both:
                return found  # "3 - the score", a dash between clauses
            k = j + 2 if doc[j + 1].text in CURRENCY_SYMBOLS and j + 2 < len(doc) else j + 1
            second = self._number_at(k)
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
                return _Value(
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
            return _Value(
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

    # -------------------------------------------------------------- filters

    def _excluded(self, found: _Value) -> bool:
        doc = self.doc
        if found.tally:
            return True
        first = doc[found.first]
        head_token = next(
            (
                t
                for t in doc[found.first : found.last + 1]
                if any(c.isdigit() for c in t.text) or t.lower_ in WORD_NUMBERS
            ),
            first,
        )
        ent = head_token.ent_type_ if self.has_ents else ""
        has_digit = any(c.isdigit() for c in head_token.text)
        if _ORDINAL_RE.match(head_token.text) or (ent == "ORDINAL" and not has_digit):
            return True
        prev = doc[found.first - 1] if found.first > 0 else None
        nxt = doc[found.last + 1] if found.last + 1 < len(doc) else None
        # "one of them", "no one", "each one": a pronoun, not a count.
        if head_token.lower_ == "one" and found.first == found.last:
            if (
                nxt is None
                or nxt.lower_ in ("of", "another", "'s", "’s")
                or head_token.dep_ not in ("nummod",)
            ):
                return True
            if prev is not None and prev.lower_ in (
                "no",
                "each",
                "any",
                "every",
                "the",
                "this",
                "that",
                "which",
            ):
                return True
        if nxt is not None and (nxt.lower_ in TIME_WORDS or nxt.text == ":"):
            return True
        if (
            prev is not None
            and prev.text in (":", "#", "No.", "no.")
            and prev.text != ":"
            or (prev is not None and prev.text == ":" and not prev.whitespace_)
        ):
            return True
        if ent in ("DATE", "TIME") and self._date_like(head_token):
            return True
        value = found.value
        digits = head_token.text
        is_year = (
            value is not None
            and found.unit is None
            and len(digits) == 4
            and digits.isdigit()
            and 1000 <= value <= 2200
        )
        if is_year and (
            ent == "DATE"
            or (prev is not None and (prev.lower_ in YEAR_CONTEXT or prev.lower_ in MONTHS))
            or nxt is None
            or not (nxt.tag_ in ("NNS", "NN") or nxt.pos_ == "NOUN")
        ):
            return True
        if prev is not None and prev.lower_ in MONTHS:
            return True
        if nxt is not None and nxt.lower_ in MONTHS:
            return True
        # Identifiers: a number written straight after a name ("S&P 500", "Model 3", "Lang 20").
        if (
            prev is not None
            and found.unit is None
            and found.first == found.last
            and has_digit
            and (
                prev.pos_ == "PROPN"
                or (prev.text[:1].isupper() and not prev.pos_)
                or (prev.text.isupper() and len(prev.text) > 1)
                or prev.lower_ in ID_NOUNS
            )
            and prev.text not in CURRENCY_CODES
            and prev.lower_ not in MONTHS
            and not (nxt is not None and nxt.lower_.rstrip("s") in SCALES)
        ):
            return True
        # Part of a name: "38 North", "Catch-22", "Apollo 11" as an entity of their own.
        if ent in NAME_LABELS and found.unit is None and found.first == found.last:
            return True
        # Ages: "women aged 25 to 54", "ages 18-24".
        if prev is not None and prev.lower_ in ("aged", "ages", "age"):
            return True
        # A number word inside a compound adjective: "a two-month contract", "six-speed".
        if (
            not has_digit
            and nxt is not None
            and nxt.text == "-"
            and not doc[found.last].whitespace_
            and found.last + 2 < len(doc)
            and doc[found.last + 2].lower_ not in WORD_NUMBERS
            and doc[found.last + 2].lower_ not in ("thirds", "quarters", "fifths", "half")
        ):
            return True
        # An age in apposition: "Jane Doe, 45, said", "the suspect, 34, was".
        if (
            prev is not None
            and prev.text == ","
            and nxt is not None
            and nxt.text == ","
            and found.first > 1
            and doc[found.first - 2].pos_ in ("PROPN", "NOUN")
            and found.value is not None
            and found.value == int(found.value)
            and 0 < found.value < 120
            and found.unit is None
        ):
            return True
        # A number glued into a word or code ("COVID-19", "9/11", "24/7").
        if (
            prev is not None
            and not prev.whitespace_
            and prev.text in ("-", "/")
            and found.first > 1
            and (doc[found.first - 2].is_alpha or doc[found.first - 2].like_num)
        ):
            return True
        # "24/7", "9/11": a fraction-looking code, not a quantity.
        return nxt is not None and not doc[found.last].whitespace_ and nxt.text == "/"

    def _date_like(self, token: Token) -> bool:
        """A date or clock time rather than a duration ("three years" is a quantity)."""
        doc = self.doc
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        words = [t.lower_ for t in doc[start:end]]
        if any(w in MONTHS for w in words):
            return True
        if any(w in TIME_WORDS or ":" in w or "/" in w for w in words):
            return True
        if any(
            w
            in (
                "ago",
                "last",
                "next",
                "this",
                "yesterday",
                "today",
                "tomorrow",
                "age",
                "aged",
                "old",
            )
            for w in words
        ):
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

    # -------------------------------------------------------------- output

    def _emit(self, found: _Value) -> None:
        doc = self.doc
        start, end = found.start, found.end
        qualifier = "="
        # Qualifiers before the number ("at least 46") and after it ("40 or more").
        before = tuple(doc[k].lower_ for k in range(max(0, found.first - 3), found.first))
        for phrase, symbol in QUALIFIERS:
            n = len(phrase)
            if len(before) >= n and before[-n:] == phrase:
                word = doc[found.first - 1]
                if n == 1 and word.dep_ == "prep" and word.lower_ in ("about", "around"):
                    continue  # "talked about three issues": the verb's preposition
                qualifier = symbol
                start = doc[found.first - n].idx
                break
        if qualifier == "=":
            after = tuple(
                doc[k].lower_ for k in range(found.last + 1, min(len(doc), found.last + 3))
            )
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
            return
        counted, unit = self._counted(found)
        text = self.ctx.text
        sent_start, sent_end = _span_chars(self.ctx.sent(found.first), text)
        self.out.append(
            NumberCandidate(
                text=text[start:end],
                span=TextSpan(start, end),
                value=value,
                lower=low,
                upper=high,
                qualifier=qualifier,
                counted=counted,
                unit=unit,
                claimant=self._claimant(start, end),
                sentence=text[sent_start:sent_end],
                sentence_span=TextSpan(sent_start, sent_end),
                confidence=found.confidence,
            )
        )

    def _counted(self, found: _Value) -> tuple[str | None, str | None]:
        """What the number counts ("US fighter jets") and its unit ("%", "$", "km")."""
        doc = self.doc
        unit = found.unit
        if unit and unit != "%" and unit[-1:] in CURRENCY_SYMBOLS and len(unit) > 1:
            unit = unit.replace(" ", "")
        last = doc[found.last]
        nxt = doc[found.last + 1] if found.last + 1 < len(doc) else None
        if unit == "%":
            return "percent", "%"
        head = None
        if nxt is not None and nxt.lower_ == "of" and found.last + 2 < len(doc):
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                head = pobj
        if head is None:
            candidate = last.head
            for t in doc[found.first : found.last + 1]:
                if (
                    t.head.i > found.last
                    and t.head.pos_ in ("NOUN", "PROPN")
                    or (t.head.i > found.last and not t.head.pos_)
                ):
                    candidate = t.head
                    break
            while (
                candidate.lower_ in ("more", "additional", "other", "fewer", "extra")
                and candidate.head.i > candidate.i
            ):
                candidate = candidate.head
            if candidate.i > found.last and (
                candidate.pos_ in ("NOUN", "PROPN", "ADJ") or not candidate.pos_
            ):
                head = candidate
            elif nxt is not None and nxt.pos_ == "NOUN" and nxt.head.i == nxt.i:
                head = nxt
        if head is None:
            if nxt is not None and nxt.lower_ in CURRENCY_WORDS:
                return nxt.text, nxt.text
            rate = self._rate(found.last + 1)
            if rate is not None:
                return rate, unit  # "$21.25 per square foot", "RM79 a month"
            if (
                nxt is not None
                and not unit
                and nxt.is_alpha
                and nxt.pos_ not in _FUNCTION_POS
                and nxt.ent_type_ not in ("DATE", "TIME")
            ):
                return nxt.text, nxt.text if nxt.lower_ in UNITS else None  # "8.5 kW", "352 μm"
            return None, unit
        if head.i - found.last > 6:
            return None, unit
        begin = found.last + 1
        while begin < head.i and (
            doc[begin].pos_ in ("ADV", "PUNCT", "DET", "ADP", "CCONJ")
            or doc[begin].lower_ in ("more", "additional", "other", "of")
        ):
            begin += 1
        end = head.i + 1
        for child in head.rights:
            if child.i != end:
                break
            if (
                child.dep_ == "acl"
                and child.tag_ == "VBN"
                or child.dep_ == "npadvmod"
                or (
                    child.dep_ == "prep"
                    and child.lower_ in ("per", "a", "of")
                    and child.right_edge.i - end < 4
                )
            ):
                end = child.right_edge.i + 1
        phrase = doc[begin:end].text
        verb = head.head
        described = end > head.i + 1  # "personnel injured" already says what happened
        if not described and head.dep_ == "dobj" and verb.pos_ == "VERB" and verb.i < head.i:
            participle = _participle(verb)
            if participle:
                phrase = f"{phrase} {participle}"
        elif not described and head.dep_ == "nsubjpass" and verb.tag_ == "VBN":
            phrase = f"{phrase} {verb.text}"
        lower = head.lower_
        if unit is None and (lower in UNITS or lower in CURRENCY_WORDS):
            unit = head.text
        return phrase or None, unit

    def _rate(self, i: int) -> str | None:
        """ "per square foot", "a month", "each": the rate a money amount is quoted at."""
        doc = self.doc
        if i + 1 >= len(doc) or doc[i].lower_ not in ("per", "a", "an", "each"):
            return None
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].pos_ in ("ADJ", "NOUN", "PROPN"):
            end += 1
            if doc[end - 1].pos_ in ("NOUN", "PROPN"):
                return doc[i:end].text
        return None

    def _claimant(self, start: int, end: int) -> str | None:
        best = None
        for quote in self.quotes:
            if quote.span.start > start:
                break
            if quote.span.end >= end and quote.speaker:
                best = quote.speaker
        return best


_PARTICIPLES: dict[str, str] = {
    "taking": "taken",
    "making": "made",
    "leaving": "left",
    "holding": "held",
    "bringing": "brought",
    "losing": "lost",
    "keeping": "kept",
    "sending": "sent",
    "building": "built",
    "selling": "sold",
    "buying": "bought",
    "finding": "found",
    "getting": "got",
    "giving": "given",
    "hitting": "hit",
    "fighting": "fought",
    "shooting": "shot",
    "spending": "spent",
    "winning": "won",
    "paying": "paid",
    "seeing": "seen",
    "putting": "put",
    "cutting": "cut",
    "setting": "set",
    "running": "run",
    "took": "taken",
    "made": "made",
    "left": "left",
    "held": "held",
    "brought": "brought",
    "lost": "lost",
    "kept": "kept",
    "sent": "sent",
    "built": "built",
    "sold": "sold",
}


# Verbs too light to say anything about what is counted ("has 450 workers").
LIGHT_VERBS: frozenset[str] = words(
    """
    have has had having include includes included including employ employs employed employing
    contain contains contained get gets got see sees saw seeing total totals reach reached
    reaches number numbers
    """
)


def _participle(verb: Token) -> str | None:
    """The past participle of a verb as written, for "civilians killed" style phrases."""
    form = verb.lower_
    if form in LIGHT_VERBS:
        return None
    if form in _PARTICIPLES:
        return _PARTICIPLES[form]
    if verb.tag_ in ("VBN", "VBD") and form.endswith("ed"):
        return form
    if form.endswith("ing") and len(form) > 5:
        stem = form[:-3]
        return stem + ("d" if stem.endswith("e") else "ed")
    if form.endswith("s") and verb.tag_ == "VBZ":
        stem = form[:-1]
        return stem + ("d" if stem.endswith("e") else "ed")
    return None


def _span_chars(sent: Span, text: str) -> tuple[int, int]:
    """The sentence's characters without surrounding whitespace."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_numbers(
    doc: Doc, quotes: Sequence[QuoteCandidate] = (), ctx: DocContext | None = None
) -> list[NumberCandidate]:
    """Numeric claims in `doc`; `quotes` name the claimant of numbers said inside them."""
    if len(doc) == 0:
        return []
    return _Finder(doc, quotes, ctx or DocContext(doc)).run()
