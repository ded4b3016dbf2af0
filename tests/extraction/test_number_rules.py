"""Each number rule on real sentences through the real pipeline: one table for the exclusions,
one for what a number counts.

A positive row is a sentence in which the rule is the only one that drops the number (or the
first one that says what it counts), so the row fails when the rule is taken out of its tuple.
A negative row is a near miss the rule must leave alone. Three exclusions never act alone on
the parses of the pinned model, because a date or identifier rule also fires; they get a
positive row with company and a hand-built Doc (which pins the parse) where they act alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claims.extraction import extract
from claims.extraction.numbers import COUNTED, EXCLUSIONS, find_numbers
from claims.extraction.numbers import counted as rules
from claims.extraction.numbers import exclusions as ex
from claims.extraction.numbers.counted import Counted
from claims.extraction.numbers.values import Occurrence, read_numbers

ONLY, AMONG, NEVER = "only rule", "among others", "kept"


def occurrence(doc: Doc, number: str) -> Occurrence:
    """The number written `number` in `doc`, where it stands."""
    for reading in read_numbers(doc):
        if doc.text[reading.start : reading.end] == number:
            return Occurrence.of(doc, reading, has_ents=doc.has_annotation("ENT_IOB"))
    raise AssertionError(f"{number!r} is not read as a number in {doc.text!r}")


def kept(found: Sequence, n: Occurrence) -> bool:
    """Whether the number is among the candidates (a qualifier may widen it to the left)."""
    return any(c.span.end == n.reading.end for c in found)


EXCLUSION_ROWS = [
    pytest.param(
        ex.is_tally,
        "The Supreme Court ruled 7-2 in favour of the state.",
        "7-2",
        ONLY,
        id="tally: ruled 7-2",
    ),
    pytest.param(
        ex.is_tally,
        "The project will take 2-3 weeks.",
        "2-3",
        NEVER,
        id="tally: not a rising range",
    ),
    pytest.param(
        ex.is_ordinal,
        "It was the first time that 30 senators signed.",
        "30",
        NEVER,
        id="ordinal: not a count after one",
    ),
    pytest.param(
        ex.is_pronoun_one, "No one expected the 25 votes.", "one", ONLY, id="pronoun one: no one"
    ),
    pytest.param(
        ex.is_pronoun_one,
        "One of them said 20 officers were hurt.",
        "One",
        ONLY,
        id="pronoun one: one of them",
    ),
    pytest.param(
        ex.is_pronoun_one, "One officer was hurt.", "One", NEVER, id="pronoun one: not one officer"
    ),
    pytest.param(
        ex.is_indefinite_one,
        "One analyst said the plan had failed.",
        "One",
        ONLY,
        id="indefinite one: one analyst said",
    ),
    pytest.param(
        ex.is_indefinite_one,
        "Only one officer was hurt at one point.",
        "one",
        NEVER,
        id="indefinite one: not only one officer",
    ),
    pytest.param(
        ex.is_known_group,
        "The two leaders signed 14 agreements.",
        "two",
        ONLY,
        id="known group: the two leaders",
    ),
    pytest.param(
        ex.is_known_group,
        "Her three sons attended the ceremony.",
        "three",
        ONLY,
        id="known group: her three sons",
    ),
    pytest.param(
        ex.is_known_group,
        "Two officers were killed in the attack.",
        "Two",
        NEVER,
        id="known group: not two officers killed",
    ),
    pytest.param(
        ex.is_known_group,
        "The council gave her two tickets to the final.",
        "two",
        NEVER,
        id="known group: not her as the receiver",
    ),
    pytest.param(
        ex.is_known_group,
        "The county's six remaining hospitals lost money.",
        "six",
        NEVER,
        id="known group: not a named possessor",
    ),
    pytest.param(
        ex.is_known_group,
        "In those four months the index fell 4 percent.",
        "four",
        NEVER,
        id="known group: not a span of time",
    ),
    pytest.param(
        ex.is_scene_detail,
        "Police closed two streets near the stadium.",
        "two",
        ONLY,
        id="scene detail: closed two streets",
    ),
    pytest.param(
        ex.is_scene_detail,
        "At least two roads were closed after the storm.",
        "two",
        NEVER,
        id="scene detail: not at least two roads",
    ),
    pytest.param(
        ex.is_scene_detail,
        "The blast damaged two streets and killed three people.",
        "three",
        NEVER,
        id="scene detail: not the people killed",
    ),
    pytest.param(
        ex.is_clock_time,
        "The speech is at 8 ET before 2,000 supporters.",
        "8",
        ONLY,
        id="clock time: 8 ET",
    ),
    pytest.param(
        ex.is_clock_time,
        "The 6 am flight carried 100 people.",
        "6",
        ONLY,
        id="clock time: the 6 am flight",
    ),
    pytest.param(
        ex.is_clock_time,
        "The speech is at 8 ET before 2,000 supporters.",
        "2,000",
        NEVER,
        id="clock time: not the crowd",
    ),
    pytest.param(
        ex.is_numbered_label,
        "The song reached #1 and sold 50,000 copies.",
        "1",
        ONLY,
        id="numbered label: #1",
    ),
    pytest.param(
        ex.is_numbered_label,
        "The song reached #1 and sold 50,000 copies.",
        "50,000",
        NEVER,
        id="numbered label: not the sales",
    ),
    pytest.param(
        ex.is_date, "Two years ago 15 factories closed.", "Two", ONLY, id="date: two years ago"
    ),
    pytest.param(
        ex.is_date, "The trial lasted two years.", "two", NEVER, id="date: not a duration"
    ),
    pytest.param(
        ex.is_year,
        "The city plans to be carbon neutral by 2150 with 900 buses.",
        "2150",
        ONLY,
        id="year: by 2150",
    ),
    pytest.param(
        ex.is_year, "The store sold 1500 tickets.", "1500", NEVER, id="year: not 1500 tickets"
    ),
    pytest.param(
        ex.is_day_of_month,
        "The deal closed on March 5 after 18 months.",
        "5",
        AMONG,
        id="day of month: March 5",
    ),
    pytest.param(
        ex.is_day_of_month,
        "The deal closed on March 5 after 18 months.",
        "18",
        NEVER,
        id="day of month: not 18 months",
    ),
    pytest.param(
        ex.is_identifier,
        "The S&P 500 fell 3 percent on Monday.",
        "500",
        ONLY,
        id="identifier: S&P 500",
    ),
    pytest.param(
        ex.is_identifier,
        "Interstate 95 was closed for 6 hours.",
        "95",
        ONLY,
        id="identifier: Interstate 95",
    ),
    pytest.param(
        ex.is_identifier,
        "Interstate 95 was closed for 6 hours.",
        "6",
        NEVER,
        id="identifier: not 6 hours",
    ),
    pytest.param(
        ex.is_part_of_a_name,
        "Windows 10 runs on 400 million devices.",
        "10",
        AMONG,
        id="name: Windows 10",
    ),
    pytest.param(
        ex.is_part_of_a_name,
        "Windows 10 runs on 400 million devices.",
        "400 million",
        NEVER,
        id="name: not the devices",
    ),
    pytest.param(
        ex.is_age,
        "The survey of women aged 25 to 54 found 60 percent agreed.",
        "25 to 54",
        ONLY,
        id="age: aged 25 to 54",
    ),
    pytest.param(
        ex.is_age,
        "It polled 900 people between the ages of 25 and 40.",
        "25 and 40",
        ONLY,
        id="age: between the ages of 25 and 40",
    ),
    pytest.param(
        ex.is_age,
        "The survey of women aged 25 to 54 found 60 percent agreed.",
        "60 percent",
        NEVER,
        id="age: not the share",
    ),
    pytest.param(
        ex.is_compound_adjective,
        "He signed a two-month contract worth $5 million.",
        "two",
        ONLY,
        id="compound adjective: two-month",
    ),
    pytest.param(
        ex.is_compound_adjective,
        "Two-thirds of voters backed the plan.",
        "Two-thirds",
        NEVER,
        id="compound adjective: not two-thirds",
    ),
    pytest.param(
        ex.is_age_in_apposition,
        "Jane Doe, 45, said 30 people were evacuated.",
        "45",
        ONLY,
        id="age in apposition: Jane Doe, 45,",
    ),
    pytest.param(
        ex.is_age_in_apposition,
        "Jane Doe, 45, said 30 people were evacuated.",
        "30",
        NEVER,
        id="age in apposition: not 30 people",
    ),
    pytest.param(
        ex.is_code,
        "The coach likes a 4-4-2 formation with 11 starters.",
        "2",
        ONLY,
        id="code: 4-4-2",
    ),
    pytest.param(
        ex.is_code,
        "The coach likes a 4-4-2 formation with 11 starters.",
        "11",
        NEVER,
        id="code: not 11 starters",
    ),
]


@pytest.mark.parametrize(("rule", "sentence", "number", "expected"), EXCLUSION_ROWS)
def test_each_exclusion_drops_the_numbers_it_describes_and_no_others(
    nlp: Language, rule: Callable[[Occurrence], bool], sentence: str, number: str, expected: str
) -> None:
    doc = nlp(sentence)
    n = occurrence(doc, number)
    fired = [r for r in EXCLUSIONS if r(n)]
    found = extract(sentence, nlp=nlp).numbers
    if expected == ONLY:
        assert fired == [rule]
        assert not kept(found, n)
    elif expected == AMONG:
        assert rule in fired
        assert not kept(found, n)
    else:
        assert fired == []
        assert kept(found, n)


VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    ("rule", "words", "ents", "number"),
    [
        pytest.param(
            ex.is_ordinal,
            ["the", "twenty", "first", "time"],
            ["O", "B-ORDINAL", "I-ORDINAL", "O"],
            "twenty",
            id="ordinal: twenty first",
        ),
        pytest.param(
            ex.is_day_of_month,
            ["the", "May", "15", "protests"],
            None,
            "15",
            id="day of month: May 15 without NER",
        ),
        pytest.param(
            ex.is_part_of_a_name,
            ["in", "the", "90049", "ZIP", "code"],
            ["O", "O", "B-FAC", "I-FAC", "I-FAC"],
            "90049",
            id="name: 90049 ZIP code",
        ),
    ],
)
def test_exclusions_that_the_pipeline_always_pairs_with_another_also_work_alone(
    rule: Callable[[Occurrence], bool], words: list[str], ents: list[str] | None, number: str
) -> None:
    doc = Doc(VOCAB, words=words, ents=ents)
    n = occurrence(doc, number)
    assert [r for r in EXCLUSIONS if r(n)] == [rule]
    assert not kept(find_numbers(doc), n)


def first_answer(n: Occurrence, counted_rules: Sequence) -> Counted:
    unit = n.reading.unit
    for rule in counted_rules:
        answer = rule(n, unit)
        if answer is not None:
            return answer
    return None, unit


DECIDES, ANSWERS, SILENT = "decides", "answers", "silent"

COUNTED_ROWS = [
    pytest.param(
        rules.counts_percent,
        "Sales reached 40 percent.",
        "40 percent",
        ("percent", "%"),
        DECIDES,
        id="percent: 40 percent",
    ),
    pytest.param(
        rules.counts_percent, "He ran 26 miles.", "26", None, SILENT, id="percent: not miles"
    ),
    pytest.param(
        rules.counts_unit_in_range,
        "He went from 240 pounds to 205 in a year.",
        "240 pounds to 205",
        ("pounds", "pounds"),
        DECIDES,
        id="unit in range: 240 pounds to 205",
    ),
    pytest.param(
        rules.counts_unit_in_range,
        "Rents rose from 10 to 12 percent.",
        "10 to 12 percent",
        None,
        SILENT,
        id="unit in range: not a unit after the range",
    ),
    pytest.param(
        rules.counts_object_of_of,
        "A quarter of the staff quit.",
        "A quarter",
        ("staff", None),
        DECIDES,
        id="of: a quarter of the staff",
    ),
    pytest.param(
        rules.counts_object_of_of, "The firm has 450 workers.", "450", None, SILENT, id="of: no of"
    ),
    pytest.param(
        rules.counts_noun_it_modifies,
        "The committee voted 9-3 to approve 40 new judges.",
        "40",
        ("new judges", None),
        DECIDES,
        id="noun: 40 new judges",
    ),
    pytest.param(
        rules.counts_noun_it_modifies,
        "One of them said 20 officers were hurt.",
        "20",
        ("officers hurt", None),
        DECIDES,
        id="noun: 20 officers were hurt",
    ),
    pytest.param(
        rules.counts_noun_it_modifies,
        "Rents average $21.25 per square foot.",
        "$21.25",
        None,
        SILENT,
        id="noun: not a rate",
    ),
    pytest.param(
        rules.counts_noun_after_it,
        "Only 3 survivors.",
        "3",
        ("survivors", None),
        ANSWERS,
        id="noun after: only 3 survivors",
    ),
    pytest.param(
        rules.counts_noun_after_it,
        "The firm has 450 workers.",
        "450",
        None,
        SILENT,
        id="noun after: not a parsed object",
    ),
    pytest.param(
        rules.counts_noun_before_or,
        "The talks may last a day or two.",
        "two",
        ("day", None),
        DECIDES,
        id="noun before or: a day or two",
    ),
    pytest.param(
        rules.counts_noun_before_or,
        "The club signed one or two players.",
        "one or two",
        None,
        SILENT,
        id="noun before or: not a range of players",
    ),
    pytest.param(
        rules.counts_currency_word,
        "The shares fell 3 yen.",
        "3",
        ("yen", "yen"),
        ANSWERS,
        id="currency word: 3 yen",
    ),
    pytest.param(
        rules.counts_currency_word,
        "He ran 26 miles.",
        "26",
        None,
        SILENT,
        id="currency word: not miles",
    ),
    pytest.param(
        rules.counts_rate,
        "Rents average $21.25 per square foot.",
        "$21.25",
        ("per square foot", "$"),
        DECIDES,
        id="rate: per square foot",
    ),
    pytest.param(rules.counts_rate, "It costs 30 dollars.", "30", None, SILENT, id="rate: no rate"),
    pytest.param(
        rules.counts_word_after,
        "The loss was -5 yards.",
        "-5",
        ("yards", "yards"),
        DECIDES,
        id="word after: -5 yards",
    ),
    pytest.param(
        rules.counts_word_after,
        "Sales reached 40 percent.",
        "40 percent",
        None,
        SILENT,
        id="word after: not after a unit",
    ),
]


@pytest.mark.parametrize(("rule", "sentence", "number", "answer", "expected"), COUNTED_ROWS)
def test_each_counted_rule_says_what_its_numbers_count(
    nlp: Language, rule: Callable, sentence: str, number: str, answer: Counted | None, expected: str
) -> None:
    doc = nlp(sentence)
    n = occurrence(doc, number)
    if expected == SILENT:
        assert rule(n, n.reading.unit) is None
        return
    assert rule(n, n.reading.unit) == answer
    if expected == DECIDES:
        [claim] = [c for c in extract(sentence, nlp=nlp).numbers if c.span.end == n.reading.end]
        assert (claim.counted, claim.unit) == answer
        assert first_answer(n, [r for r in COUNTED if r is not rule]) != answer
