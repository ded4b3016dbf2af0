"""Behaviour of the number finder on the real pipeline."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction import NumberCandidate, extract


def numbers_in(text: str, nlp: Language) -> list[NumberCandidate]:
    found = extract(text, nlp=nlp)
    for n in found.numbers:
        assert text[n.span.start : n.span.end] == n.text
        assert text[n.sentence_span.start : n.sentence_span.end] == n.sentence
    return list(found.numbers)


def the_number(numbers: list[NumberCandidate], fragment: str) -> NumberCandidate:
    matches = [n for n in numbers if fragment in n.text]
    assert matches, f"no number containing {fragment!r} in {[n.text for n in numbers]}"
    return matches[0]


@pytest.mark.parametrize(
    ("phrase", "qualifier", "lower", "upper"),
    [
        ("at least 12", ">=", 12, None),
        ("more than 12", ">", 12, None),
        ("over 12", ">", 12, None),
        ("about 12", "~", 12, 12),
        ("nearly 12", "~", 12, 12),
        ("fewer than 12", "<", None, 12),
        ("up to 12", "<=", None, 12),
        ("12", "=", 12, 12),
    ],
)
def test_a_qualifier_before_a_count_becomes_its_bounds(
    nlp: Language, phrase: str, qualifier: str, lower: float | None, upper: float | None
) -> None:
    text = f"The storm destroyed {phrase} houses along the coast."
    number = the_number(numbers_in(text, nlp), "12")
    assert number.text == phrase
    assert number.value == 12
    assert (number.qualifier, number.lower, number.upper) == (qualifier, lower, upper)
    assert number.counted == "houses destroyed"


def test_thousands_separators_and_scale_words_give_the_full_value(nlp: Language) -> None:
    numbers = numbers_in("The agency approved $800 million in aid for 1,250,000 residents.", nlp)
    money = the_number(numbers, "800")
    assert money.text == "$800 million"
    assert money.value == 800_000_000
    assert money.unit == "$"
    assert the_number(numbers, "1,250,000").value == 1_250_000


def test_number_words_are_numbers(nlp: Language) -> None:
    numbers = numbers_in("Two police officers and twenty-five volunteers searched the park.", nlp)
    assert the_number(numbers, "Two").value == 2
    assert the_number(numbers, "Two").counted == "police officers"
    assert the_number(numbers, "twenty").value == 25


def test_vague_quantities_become_ranges(nlp: Language) -> None:
    numbers = numbers_in("Tens of thousands of people marched while dozens of shops closed.", nlp)
    crowd = the_number(numbers, "Tens of thousands")
    assert crowd.value is None
    assert (crowd.lower, crowd.upper) == (10_000, 100_000)
    assert crowd.counted == "people"
    assert the_number(numbers, "dozens").value is None


def test_a_fraction_in_words_has_its_value(nlp: Language) -> None:
    numbers = numbers_in("A third of the students failed the exam.", nlp)
    third = the_number(numbers, "third")
    assert third.value == pytest.approx(1 / 3)


def test_a_written_range_has_both_ends(nlp: Language) -> None:
    numbers = numbers_in("Tickets will cost between $40 and $65 each.", nlp)
    price = the_number(numbers, "$40")
    assert price.value is None
    assert (price.lower, price.upper) == (40, 65)
    numbers = numbers_in("The trip takes 10 to 20 minutes.", nlp)
    trip = the_number(numbers, "10")
    assert (trip.lower, trip.upper) == (10, 20)
    assert trip.text == "10 to 20"


def test_a_percentage_has_a_percent_unit(nlp: Language) -> None:
    numbers = numbers_in("Unemployment fell to 4.2% while wages rose 3 percent.", nlp)
    assert the_number(numbers, "4.2").unit == "%"
    assert the_number(numbers, "4.2").value == pytest.approx(4.2)
    assert the_number(numbers, "3").unit == "%"


def test_dates_years_times_and_ordinals_are_not_claims(nlp: Language) -> None:
    text = (
        "On March 3, 2021, at 9:30 a.m., the council met for the third time since 2019 "
        "and approved 14 new bus routes."
    )
    numbers = numbers_in(text, nlp)
    assert [n.text for n in numbers] == ["14"]


def test_identifiers_after_a_name_are_not_claims(nlp: Language) -> None:
    numbers = numbers_in("Shares in the S&P 500 rose after Apollo 11 was honoured.", nlp)
    assert numbers == []


def test_one_of_is_not_a_count(nlp: Language) -> None:
    numbers = numbers_in("She is one of the most respected judges in the state.", nlp)
    assert numbers == []


def test_a_number_inside_a_quote_is_claimed_by_the_speaker(nlp: Language) -> None:
    text = "“We hired 300 nurses this year,” said Sara Lind, the hospital director."
    number = the_number(numbers_in(text, nlp), "300")
    assert number.claimant == "Sara Lind"
    assert number.counted == "nurses hired"


def test_a_number_in_the_outlets_own_voice_has_no_claimant(nlp: Language) -> None:
    number = the_number(numbers_in("The factory employs 450 workers.", nlp), "450")
    assert number.claimant is None
    assert number.counted == "workers"


def test_what_is_counted_includes_the_verb_that_counts_it(nlp: Language) -> None:
    text = "The earthquake killed at least 46 people and injured 200 more."
    number = the_number(numbers_in(text, nlp), "46")
    assert number.counted == "people killed"
    assert number.qualifier == ">="


def test_a_unit_written_onto_the_digits_is_split_off(nlp: Language) -> None:
    numbers = numbers_in("The plant will fill eight million 250ml bottles.", nlp)
    bottle = the_number(numbers, "250")
    assert bottle.text == "250"
    assert bottle.unit == "ml"
    assert the_number(numbers, "eight million").value == 8_000_000


def test_minus_makes_a_number_negative(nlp: Language) -> None:
    number = the_number(numbers_in("Overnight it fell to minus 12 degrees.", nlp), "12")
    assert number.value == -12
    assert number.text == "minus 12"


def test_a_fall_from_one_level_to_another_has_the_level_it_reached(nlp: Language) -> None:
    number = the_number(numbers_in("The share price fell from $80 to $65.", nlp), "$80")
    assert number.text == "$80 to $65"
    assert number.value == 65
    assert (number.lower, number.upper) == (65, 80)


def test_a_change_then_a_level_is_two_numbers_not_a_range(nlp: Language) -> None:
    numbers = numbers_in("The stock rose 8.1 percent to 99.20 yuan.", nlp)
    assert [n.value for n in numbers] == [pytest.approx(8.1), pytest.approx(99.2)]
    assert numbers[0].unit == "%"


def test_labels_and_ages_are_not_claims(nlp: Language) -> None:
    text = "Seats in Section 427 went to women aged 25 to 54 for the category 4 storm relief."
    assert numbers_in(text, nlp) == []


def test_a_preposition_of_the_verb_is_not_a_qualifier(nlp: Language) -> None:
    number = the_number(numbers_in("The leaders talked about three issues.", nlp), "three")
    assert number.qualifier == "="
    assert number.text == "three"


def test_a_vote_tally_or_score_is_not_a_claim(nlp: Language) -> None:
    assert numbers_in("The council voted 7-2 to approve it; the match ended 2-2.", nlp) == []


def test_a_hyphenated_fraction_in_words_has_its_value(nlp: Language) -> None:
    number = the_number(numbers_in("About two-thirds of the money is spent.", nlp), "two")
    assert number.text == "About two-thirds"
    assert number.value == pytest.approx(2 / 3)
    assert number.qualifier == "~"


def test_an_age_in_apposition_is_not_a_claim(nlp: Language) -> None:
    text = "Police said the driver, 34, was arrested with 12 kilograms of cocaine."
    assert [n.text for n in numbers_in(text, nlp)] == ["12"]


def test_three_in_ten_is_one_proportion(nlp: Language) -> None:
    [share] = numbers_in("Three in 10 voters said they would not vote.", nlp)
    assert share.text == "Three in 10"
    assert share.value == pytest.approx(0.3)
    assert (share.counted, share.unit) == ("voters", "proportion")


def test_or_more_after_the_unit_is_at_least(nlp: Language) -> None:
    found = the_number(numbers_in("Temperatures rose 3 degrees or more overnight.", nlp), "3")
    assert (found.qualifier, found.lower, found.upper) == (">=", 3, None)


def test_a_conversion_in_brackets_says_what_its_original_says(nlp: Language) -> None:
    numbers = numbers_in("More than 200 kilometers (124 miles) of road were damaged.", nlp)
    converted = the_number(numbers, "124")
    assert (converted.qualifier, converted.lower, converted.upper) == (">", 124, None)
    assert converted.counted == "miles"


@pytest.mark.parametrize(
    ("text", "fragment", "unit"),
    [
        ("The heat reached 40 °C on Friday.", "40", "°C"),
        ("Trains will run at 300 km/h on the new line.", "300", "km/h"),
        ("Winds of 30 m/s were recorded.", "30", "m/s"),
    ],
)
def test_units_written_with_symbols_are_the_unit(
    nlp: Language, text: str, fragment: str, unit: str
) -> None:
    found = the_number(numbers_in(text, nlp), fragment)
    assert (found.counted, found.unit) == (unit, unit)


@pytest.mark.parametrize(
    "text",
    [
        "One key challenge remains for the ministry.",
        "One analyst said the plan had failed.",
        "At one point the crowd grew restless.",
        # Small counts in words that name things already introduced or set the scene.
        "Police closed two streets near the stadium.",
        "Fans followed the match on two giant screens.",
        "The two men met in Paris on Tuesday.",
        "Her two sons attended the ceremony.",
        "Turnout was high in those four counties.",
    ],
)
def test_a_number_word_that_describes_rather_than_counts_is_not_a_claim(
    nlp: Language, text: str
) -> None:
    assert numbers_in(text, nlp) == []


def test_one_counted_is_still_a_claim(nlp: Language) -> None:
    [one] = numbers_in("One officer was hurt in the clash, police said.", nlp)
    assert one.value == 1


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Two officers were killed and three people were injured.", [2, 3]),
        ("Police arrested four men after the march.", [4]),
        ("At least two roads were closed after the storm.", [2]),
        ("Prices fell 4 percent in the past three months.", [4, 3]),
    ],
)
def test_a_small_count_in_words_that_reports_stays_a_claim(
    nlp: Language, text: str, values: list[int]
) -> None:
    assert [n.value for n in numbers_in(text, nlp)] == values


def test_a_tilde_before_the_digits_is_about(nlp: Language) -> None:
    found = the_number(numbers_in("Each sample weighs only ~45g.", nlp), "45")
    assert (found.text, found.qualifier) == ("~45", "~")


def test_the_claimant_of_a_number_in_reported_speech_is_the_speaker(nlp: Language) -> None:
    found = the_number(numbers_in("White said the SEC charged 89 people last year.", nlp), "89")
    assert found.claimant == "White"


@pytest.mark.parametrize(
    ("text", "fragment", "counted"),
    [
        (
            "The blast left 29 New Yorkers wounded by a bomb and two officers hurt.",
            "29",
            "New Yorkers wounded",
        ),
        (
            "Apple faces a $14.5 billion tax bill levied by the European Union, which said "
            "Ireland undertaxed the company.",
            "14.5",
            "tax bill levied",
        ),
        (
            "The new turbines could replace about 12 newly built gas-fired power stations.",
            "12",
            "built gas-fired power stations",
        ),
        ("The 12 nation trade pact covers 40 percent of world trade.", "12", "nation trade pact"),
        (
            "Buyers can order the 6 speed manual gearbox version for $2,000 less.",
            "6",
            "speed manual gearbox version",
        ),
        (
            "A quarter of the 12,000 full-time and part-time jobs were lost.",
            "12,000",
            "full-time and part-time jobs",
        ),
        ("The SUV comes with a 2.5-liter V-6 mated to an automatic.", "2.5", "liter"),
        ("A 6.4 magnitude earthquake shook the region on Monday.", "6.4", "magnitude"),
        ("The team built a 3-5W amplifier for the radio.", "3", "5W"),
        # A number standing for a noun the sentence has said counts that noun.
        (
            "Ms Alvarez has 12 delegates, Mr Brook has 9 and Ms Chen has five.",
            "five",
            "delegates",
        ),
        ("The largest school has 900 pupils and the smallest has 45.", "45", "pupils"),
        ("The new map has 14 districts, compared with 11 before.", "11", "districts"),
        ("In six of eight regions where polls closed early, turnout rose.", "six", "regions"),
    ],
)
def test_what_is_counted_is_a_short_complete_noun_phrase(
    nlp: Language, text: str, fragment: str, counted: str
) -> None:
    assert the_number(numbers_in(text, nlp), fragment).counted == counted


@pytest.mark.parametrize(
    ("text", "fragment", "counted", "unit"),
    [
        ("The farm installed a 6.6 kW system on the barn roof.", "6.6", "kW", "kW"),
        ("The train reached 125 m.p.h. on the test track.", "125", "m.p.h", "mph"),
        ("He went from 240 pounds to 205 in a year.", "240", "pounds", "pounds"),
    ],
)
def test_a_unit_is_what_is_counted_however_it_is_tagged_or_written(
    nlp: Language, text: str, fragment: str, counted: str, unit: str
) -> None:
    found = the_number(numbers_in(text, nlp), fragment)
    assert (found.counted, found.unit) == (counted, unit)


def test_a_sign_before_the_country_letters_is_that_country_s_currency(nlp: Language) -> None:
    found = the_number(numbers_in("Global debt stood at $US250 trillion last year.", nlp), "250")
    assert (found.text, found.value, found.unit) == ("$US250 trillion", 250e12, "US$")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("A raid by three gunmen that killed 12 shocked the town.", "12"),
        ("The storm left 30 homes flattened; 12 were still missing on Monday.", "12"),
        ("After the 5.9-magnitude tremor, damage reports rose to 140.", "140"),
        ("Flood toll climbs to 41\nOfficials in the province said teams were searching.", "41"),
        ("The base version sells for $24,000 and the 4 door version for 31,000.", "31,000"),
    ],
)
def test_a_number_borrows_no_noun_from_another_role_size_or_line(
    nlp: Language, text: str, fragment: str
) -> None:
    assert the_number(numbers_in(text, nlp), fragment).counted is None


def test_an_age_band_after_the_ages_of_is_not_a_claim(nlp: Language) -> None:
    found = numbers_in("The poll surveyed 1,000 people between the ages of 25 and 40.", nlp)
    assert [n.value for n in found] == [1000]
