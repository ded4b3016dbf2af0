"""What a number counts and in which unit: each rule is one function, `COUNTED` lists them all.

The rules are tried in order and the first that answers decides. The first four find the noun
the number counts and describe it from the parse ("hostages taken", "US personnel injured");
the last three answer when there is no such noun.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..lexicon import (
    BEFORE_COUNTED,
    COMPARATIVES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    LIGHT_VERBS,
    PARTICIPLES,
    RATE_WORDS,
    UNITS,
    words,
)
from .values import Occurrence

# What is counted and the unit, either may be None: ("workers", None), ("percent", "%").
Counted = tuple[str | None, str | None]

# The noun a number counts is at most this many tokens after it; further away it is
# something else the sentence talks about.
MAX_NOUN_DISTANCE = 6
# A noun that is part of a compound stands at most this many tokens before its head ("the 5
# speed manual transmission version"); further away the parse is guessing.
MAX_COMPOUND = 3

_FUNCTION_POS = words(
    """
    VERB AUX ADP CCONJ SCONJ PUNCT DET PRON ADV PART NUM SYM
    """
)


def counts_percent(n: Occurrence, unit: str | None) -> Counted | None:
    """A percentage counts percent: "12% of voters", "5 per cent"."""
    return ("percent", "%") if unit == "%" else None


def counts_unit_symbol(n: Occurrence, unit: str | None) -> Counted | None:
    """A unit written with symbols, which the tokenizer splits: "40 °C", "300 km/h", "5 m/s"."""
    doc, first = n.doc, n.reading.last + 1
    found = None
    written = ""
    for k in range(first, min(len(doc), first + 3)):
        written += doc[k].text
        if written.lower() in UNITS and not written.isalpha():
            found = written
        if doc[k].whitespace_:
            break
    return (found, found) if found is not None else None


def counts_unit_in_range(n: Occurrence, unit: str | None) -> Counted | None:
    """A unit written once between the two ends of a range: "from 240 pounds to 205"."""
    r = n.reading
    for t in n.doc[r.first + 1 : r.last]:
        if _unit_of(t) is not None or t.lower_ in CURRENCY_WORDS:
            return t.text, unit or _unit_of(t) or t.text
    return None


def counts_noun_before_or(n: Occurrence, unit: str | None) -> Counted | None:
    """The noun before "or" that a number after it counts: "a day or two" counts days."""
    prev, head = n.prev, n.head.head
    if (
        prev is not None
        and prev.lower_ == "or"
        and n.reading.first > 1
        and head.i == n.reading.first - 2
        and head.pos_ in ("NOUN", "PROPN")
    ):
        return head.text, _unit_of(head) or unit
    return None


def counts_object_of_of(n: Occurrence, unit: str | None) -> Counted | None:
    """The object of an "of" right after the number: "three of the hostages" counts hostages."""
    if n.nxt is None or n.nxt.lower_ != "of" or n.reading.last + 2 >= len(n.doc):
        return None
    pobj = next((c for c in n.nxt.children if c.dep_ == "pobj"), None)
    return _described(n, pobj, unit) if pobj is not None else None


def counts_noun_it_modifies(n: Occurrence, unit: str | None) -> Counted | None:
    """The noun after the number that it attaches to: "450 workers", "five more soldiers"."""
    doc, r = n.doc, n.reading
    candidate = doc[r.last].head
    for t in doc[r.first : r.last + 1]:
        if (
            t.head.i > r.last
            and t.head.pos_ in ("NOUN", "PROPN")
            or (t.head.i > r.last and not t.head.pos_)
        ):
            candidate = t.head
            break
    while candidate.lower_ in COMPARATIVES and candidate.head.i > candidate.i:
        candidate = candidate.head
    if candidate.i > r.last and (candidate.pos_ in ("NOUN", "PROPN", "ADJ") or not candidate.pos_):
        return _described(n, candidate, unit)
    return None


def counts_noun_after_it(n: Occurrence, unit: str | None) -> Counted | None:
    """A noun right after the number that the parse left standing alone: "Profits: 5 billion
    yen" style fragments."""
    nxt = n.nxt
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.head.i == nxt.i:
        return _described(n, nxt, unit)
    return None


def counts_currency_word(n: Occurrence, unit: str | None) -> Counted | None:
    """A currency written as a word after the number: "50 euros"."""
    if n.nxt is not None and n.nxt.lower_ in CURRENCY_WORDS:
        return n.nxt.text, n.nxt.text
    return None


def counts_rate(n: Occurrence, unit: str | None) -> Counted | None:
    """The rate a money amount is quoted at: "$21.25 per square foot", "RM79 a month"."""
    rate = _rate(n, n.reading.last + 1)
    return (rate, unit) if rate is not None else None


def counts_word_after(n: Occurrence, unit: str | None) -> Counted | None:
    """The content word after a bare number, also its unit when it is one: "6.6 kW". A unit
    is one whatever the tagger calls it ("a 6.6 kW system" tags "kW" as a number)."""
    nxt = n.nxt
    if nxt is None or unit:
        return None
    if _unit_of(nxt) is not None:
        return nxt.text, _unit_of(nxt)
    if nxt.is_alpha and nxt.pos_ not in _FUNCTION_POS and nxt.ent_type_ not in ("DATE", "TIME"):
        return nxt.text, None
    return None


COUNTED: tuple[Callable[[Occurrence, str | None], Counted | None], ...] = (
    counts_percent,
    counts_unit_symbol,
    counts_unit_in_range,
    counts_object_of_of,
    counts_noun_it_modifies,
    counts_noun_after_it,
    counts_noun_before_or,
    counts_currency_word,
    counts_rate,
    counts_word_after,
)


def counted(n: Occurrence) -> Counted:
    """What the number counts ("US fighter jets") and its unit ("%", "$", "km"): the answer of
    the first rule in `COUNTED` that has one, else nothing counted and the number's own unit."""
    unit = n.reading.unit
    if unit and unit != "%" and unit[-1:] in CURRENCY_SYMBOLS and len(unit) > 1:
        unit = unit.replace(" ", "")
    for rule in COUNTED:
        found = rule(n, unit)
        if found is not None:
            return found
    return None, unit


def _described(n: Occurrence, head: Token, unit: str | None) -> Counted:
    """The counted noun `head` with the words that say what it is and what happened to it
    ("US fighter jets", "hostages taken"); its unit when the noun is one ("40 miles")."""
    doc, last = n.doc, n.reading.last
    if (
        _words_between(doc, last, head.i) > MAX_NOUN_DISTANCE
        or "\n" in doc[last : head.i].text_with_ws
    ):
        return (
            None,
            unit,
        )  # far away, or on the next line: a headline's figure counts no noun below it
    if unit is None:
        unit = _unit_of(head) or (head.text if head.lower_ in CURRENCY_WORDS else None)
    value = n.reading.value
    head = _whole_noun(head, whole=value is not None and value == int(value))
    begin = last + 1
    while begin < head.i and (
        doc[begin].pos_ in ("ADV", "PUNCT", "DET", "ADP", "CCONJ")
        or doc[begin].lower_ in BEFORE_COUNTED
    ):
        begin += 1
    end = head.i + 1
    for child in head.rights:
        if child.i != end:
            break
        if child.dep_ == "acl" and child.tag_ == "VBN":
            end = child.i + 1  # "personnel injured": the participle, not its whole clause
        elif child.dep_ == "npadvmod" or (
            child.dep_ == "prep"
            and child.lower_ in ("per", "a", "of")
            and child.right_edge.i - end < 4
        ):
            end = child.right_edge.i + 1
    while end > begin + 1 and doc[end - 1].pos_ in ("CCONJ", "ADP", "DET", "PUNCT", "PRON"):
        end -= 1  # "wounded by a bomb and": a phrase ends on a content word
    phrase = doc[begin:end].text
    verb = head.head
    described = end > head.i + 1  # "personnel injured" already says what happened
    if not described and head.dep_ == "dobj" and verb.pos_ == "VERB" and verb.i < head.i:
        participle = _participle(verb)
        if participle:
            phrase = f"{phrase} {participle}"
    elif not described and head.dep_ == "nsubjpass" and verb.tag_ == "VBN":
        phrase = f"{phrase} {verb.text}"
    return phrase or None, unit


def _whole_noun(head: Token, *, whole: bool) -> Token:
    """The noun a counted word belongs to: the noun its adjective is coordinated with ("12,000
    full-time and part-time jobs"), the noun a `whole` count and its noun modify as one
    adjective ("the 12 nation trade pact", "the 6 speed manual gearbox version"). A measure
    stays what is counted: "a 2.5-liter V-6" measures liters, "a 6.4 magnitude earthquake"
    magnitude."""
    if head.pos_ == "ADJ":
        noun = next((c for c in head.rights if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
        if noun is not None:
            head = noun
    while (
        whole
        and _unit_of(head) is None
        and not any(c.isdigit() for c in head.text)  # "a 3-5W amplifier": a measure
        and head.dep_ in ("compound", "nmod")
        and head.head.pos_ in ("NOUN", "PROPN")
        and 0 < head.head.i - head.i <= MAX_COMPOUND
    ):
        head = head.head
    return head


def _words_between(doc: Doc, last: int, i: int) -> int:
    """How many words token `i` is after token `last`, a hyphenated word counting as one
    ("12 newly built gas-fired power stations": "stations" is the fifth word)."""
    return sum(1 for k in range(last + 1, i + 1) if doc[k - 1].whitespace_)


def _unit_of(token: Token) -> str | None:
    """The unit a token writes, None when it writes none: "km", "kW", "m.p.h." (as "mph")."""
    if token.lower_ in UNITS:
        return token.text
    bare = token.lower_.replace(".", "")
    return bare if "." in token.text and bare in UNITS else None


def _rate(n: Occurrence, i: int) -> str | None:
    """ "per square foot", "a month", "each": the rate a money amount is quoted at."""
    doc = n.doc
    if i + 1 >= len(doc) or doc[i].lower_ not in RATE_WORDS:
        return None
    end = i + 1
    while end < len(doc) and end - i <= 3 and doc[end].pos_ in ("ADJ", "NOUN", "PROPN"):
        end += 1
        if doc[end - 1].pos_ in ("NOUN", "PROPN"):
            return doc[i:end].text
    return None


def _participle(verb: Token) -> str | None:
    """The past participle of a verb as written, for "civilians killed" style phrases."""
    form = verb.lower_
    if form in LIGHT_VERBS:
        return None
    if form in PARTICIPLES:
        return PARTICIPLES[form]
    if verb.tag_ in ("VBN", "VBD") and form.endswith("ed"):
        return form
    if form.endswith("ing") and len(form) > 5:
        stem = form[:-3]
        return stem + ("d" if stem.endswith("e") else "ed")
    if form.endswith("s") and verb.tag_ == "VBZ":
        stem = form[:-1]
        return stem + ("d" if stem.endswith("e") else "ed")
    return None
