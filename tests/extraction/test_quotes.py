"""Behaviour of the quote finder on the real pipeline, one construction per test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction import Extraction, QuoteCandidate, extract


def quotes_in(text: str, nlp: Language) -> list[QuoteCandidate]:
    found = extract(text, nlp=nlp)
    assert_offsets(text, found)
    return list(found.quotes)


def assert_offsets(text: str, found: Extraction) -> None:
    for q in found.quotes:
        assert text[q.span.start : q.span.end] == q.text
        for span in (q.cue_span, q.speaker_span):
            assert span is None or 0 <= span.start <= span.end <= len(text)


def text_cue_speaker(quote: QuoteCandidate) -> tuple[str, str | None, str | None]:
    return quote.text, quote.cue, quote.speaker


def the_quote(quotes: list[QuoteCandidate], fragment: str) -> QuoteCandidate:
    matches = [q for q in quotes if fragment in q.text]
    assert matches, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return matches[0]


def test_a_curly_quote_before_he_said_goes_to_the_person_named_earlier(nlp: Language) -> None:
    text = (
        "Maria Okafor, the city's housing commissioner, visited the site on Tuesday.\n\n"
        "“We will not let these families down,” she said."
    )
    quote = the_quote(quotes_in(text, nlp), "families down")
    assert quote.kind == "direct"
    assert quote.text == "“We will not let these families down,”"
    assert quote.speaker == "Maria Okafor"
    assert text[quote.speaker_span.start : quote.speaker_span.end] == "she"
    assert quote.cue == "said"


def test_a_straight_quote_after_a_colon_is_attributed_to_the_speaker_before_it(
    nlp: Language,
) -> None:
    text = 'Senator Paul Grant told reporters: "The bill is dead for this session."'
    quote = the_quote(quotes_in(text, nlp), "bill is dead")
    assert quote.text == '"The bill is dead for this session."'
    assert quote.speaker == "Paul Grant"
    assert quote.kind == "direct"


def test_a_quote_split_by_its_attribution_keeps_one_speaker_for_both_halves(nlp: Language) -> None:
    text = (
        "“The numbers are moving in the right direction,” said Daniel Reyes, the mayor. "
        "“But we have a long way to go before anyone can relax.”"
    )
    quotes = quotes_in(text, nlp)
    first = the_quote(quotes, "right direction")
    second = the_quote(quotes, "long way to go")
    assert first.speaker == second.speaker == "Daniel Reyes"


def test_a_quote_running_over_paragraphs_is_split_per_paragraph_with_one_speaker(
    nlp: Language,
) -> None:
    text = (
        "Helen Marsh spoke to the committee on Friday.\n\n"
        "“The reservoir is at its lowest level in forty years and we have no plan for summer.\n\n"
        "“If it does not rain by June, we will have to ration water for every household,” she said."
    )
    quotes = quotes_in(text, nlp)
    first = the_quote(quotes, "lowest level")
    second = the_quote(quotes, "ration water")
    assert first.text.endswith("for summer.")  # the open paragraph ends the first part
    assert "\n" not in first.text and "\n" not in second.text
    assert first.speaker == second.speaker == "Helen Marsh"


def test_mismatched_quotation_marks_still_delimit_a_quote(nlp: Language) -> None:
    text = 'Tom Baker said "the deal is finished and nobody will revive it.” The talks ended.'
    quote = the_quote(quotes_in(text, nlp), "deal is finished")
    assert quote.text.startswith('"') and quote.text.endswith("”")
    assert quote.speaker == "Tom Baker"


def test_a_partial_quote_inside_reported_speech_is_mixed(nlp: Language) -> None:
    text = "Judge Ellen Park said the ruling was “a victory for common sense” and closed the case."
    quote = the_quote(quotes_in(text, nlp), "victory for common sense")
    assert quote.kind == "mixed"
    assert quote.speaker == "Ellen Park"
    assert "the ruling was" in quote.text


def test_reported_speech_without_quotation_marks_is_indirect(nlp: Language) -> None:
    text = "Former governor Alan West said the pension fund had lost money for three years."
    quote = the_quote(quotes_in(text, nlp), "pension fund had lost money")
    assert quote.kind == "indirect"
    assert quote.cue == "said"
    assert quote.speaker == "Alan West"


def test_a_that_clause_after_claimed_is_the_content(nlp: Language) -> None:
    text = "Rita Moreno claimed that the council had ignored three separate warnings."
    quote = the_quote(quotes_in(text, nlp), "ignored three separate warnings")
    assert quote.text.startswith("that the council")
    assert quote.cue == "claimed"


def test_according_to_names_the_source_of_the_rest_of_the_sentence(nlp: Language) -> None:
    text = "According to the health ministry, the outbreak has spread to four provinces."
    quote = the_quote(quotes_in(text, nlp), "outbreak has spread")
    assert quote.cue == "According to"
    assert quote.speaker is not None and "health ministry" in quote.speaker
    assert "According" not in quote.text


def test_an_organisation_can_speak(nlp: Language) -> None:
    text = "The Pentagon warned that further strikes would follow if the attacks continued."
    quote = the_quote(quotes_in(text, nlp), "further strikes")
    assert quote.speaker == "The Pentagon"
    assert quote.cue == "warned"


def test_the_cue_keeps_the_medium_it_was_said_on(nlp: Language) -> None:
    text = (
        "Laura Chen campaigned in Ohio on Monday.\n\n"
        "“Our opponents have no plan for the economy,” she wrote on X."
    )
    quote = the_quote(quotes_in(text, nlp), "no plan")
    assert quote.cue == "wrote on X"
    assert quote.speaker == "Laura Chen"


def test_told_carries_its_hearer_in_the_cue(nlp: Language) -> None:
    text = "Mark Rivera told CNN that the company would cut four hundred jobs."
    quote = the_quote(quotes_in(text, nlp), "cut four hundred jobs")
    assert quote.cue == "told CNN"
    assert quote.speaker == "Mark Rivera"


def test_a_pronoun_resolves_to_the_subject_of_the_previous_sentence_not_the_last_name(
    nlp: Language,
) -> None:
    text = (
        "Chancellor Rita Vogel, who met on Monday with the union leader Jonas Berg, "
        "rejected the proposal.\n\n"
        "“This plan would bankrupt the state within a decade,” she said."
    )
    quote = the_quote(quotes_in(text, nlp), "bankrupt the state")
    assert quote.speaker == "Rita Vogel"


def test_a_short_title_in_quotation_marks_is_not_a_quote(nlp: Language) -> None:
    text = "The film “Blue Harbor” opened in forty cinemas last weekend."
    assert quotes_in(text, nlp) == []


@pytest.mark.parametrize("verb", ["warned", "argued", "insisted", "acknowledged"])
def test_any_reporting_verb_introduces_reported_speech(nlp: Language, verb: str) -> None:
    text = f"The finance minister, Clara Holt, {verb} that the budget would not balance next year."
    quote = the_quote(quotes_in(text, nlp), "budget would not balance")
    assert quote.cue == verb
    assert quote.speaker == "Clara Holt"


def test_an_intention_is_attributed_to_who_holds_it(nlp: Language) -> None:
    text = "Senator Mia Torres vowed to block the nomination before the summer recess."
    quote = the_quote(quotes_in(text, nlp), "block the nomination")
    assert quote.text.startswith("to block the nomination")
    assert quote.cue == "vowed"
    assert quote.speaker == "Mia Torres"
    assert quote.kind == "indirect"


def test_a_stance_on_a_thing_is_attributed(nlp: Language) -> None:
    text = "Governor Ben Alvarez denied the report about the missing funds."
    quote = the_quote(quotes_in(text, nlp), "missing funds")
    assert quote.text == "the report about the missing funds"
    assert quote.cue == "denied"


def test_a_warning_of_something_is_attributed(nlp: Language) -> None:
    text = "Economist Lara Stein warned of a recession in the coming year."
    quote = the_quote(quotes_in(text, nlp), "recession")
    assert quote.speaker == "Lara Stein"
    assert quote.cue == "warned"


def test_a_quote_signed_with_a_dash_goes_to_the_name_after_it(nlp: Language) -> None:
    text = (
        "Readers sent us their views.\n"
        "“The debate told me nothing new about either candidate.” ― Carla Mendez\n"
        "“I will vote for the first time this year.” ― Omar Haddad"
    )
    quotes = quotes_in(text, nlp)
    assert the_quote(quotes, "nothing new").speaker == "Carla Mendez"
    assert the_quote(quotes, "first time").speaker == "Omar Haddad"


def test_a_clause_reported_inside_someone_elses_words_is_not_their_stance(nlp: Language) -> None:
    text = "An aide to the mayor said Diego Ramos plans to resign next week."
    quotes = quotes_in(text, nlp)
    assert all(q.cue != "plans" for q in quotes)
    assert the_quote(quotes, "resign next week").cue == "said"


def test_british_single_quotes_are_quotes_and_apostrophes_are_not(nlp: Language) -> None:
    text = (
        "Fiona Kerr, the council’s leader, was asked about the closures.\n\n"
        "‘We don’t close libraries lightly, and we won’t close this one,’ she said."
    )
    quote = the_quote(quotes_in(text, nlp), "close libraries")
    assert quote.text == "‘We don’t close libraries lightly, and we won’t close this one,’"
    assert quote.kind == "direct"
    assert quote.speaker == "Fiona Kerr"


def test_a_parenthetical_attribution_covers_its_sentence(nlp: Language) -> None:
    text = "The bridge, engineers said, will need at least $40 million in repairs."
    found = extract(text, nlp=nlp)
    [quote] = found.quotes
    assert quote.speaker == "engineers"
    assert quote.text.startswith("The bridge") and quote.text.endswith("repairs")
    [number] = found.numbers
    assert number.claimant == "engineers"


def test_the_one_who_was_asked_is_not_the_speaker_of_the_question(nlp: Language) -> None:
    text = "Asked whether she would resign, Minister Rosa Diaz replied: “Absolutely not.”"
    quotes = quotes_in(text, nlp)
    assert all(q.cue != "Asked" for q in quotes)
    assert the_quote(quotes, "Absolutely not").speaker == "Rosa Diaz"


def test_a_headline_that_reports_without_quoting_is_not_a_quote(nlp: Language) -> None:
    text = (
        "Biden Says US Will Respond to Attacks on Troops\n"
        "President Joe Biden said on Monday the United States would respond."
    )
    [quote] = quotes_in(text, nlp)
    assert quote.text.endswith("the United States would respond")


def test_a_note_to_readers_is_not_a_quote(nlp: Language) -> None:
    text = (
        "Officials said 38 attacks had taken place.\n"
        "Correction: An earlier version of this story said the attacks injured 12 people."
    )
    [quote] = quotes_in(text, nlp)
    assert quote.text == "38 attacks had taken place"


def test_a_quote_does_not_run_past_the_end_of_its_line(nlp: Language) -> None:
    text = "\"Biden Says 'We Will Respond' to Attacks\"\nEditor's note: This story was updated."
    for quote in quotes_in(text, nlp):
        assert "\n" not in quote.text


def test_a_speaker_is_not_taken_from_deep_inside_the_quoted_words(nlp: Language) -> None:
    text = "To understand the real Dred Scott, Chief Justice Roberts said, one should visit."
    for quote in quotes_in(text, nlp):
        assert quote.speaker != "Dred Scott"


def test_a_verb_outside_the_word_lists_with_a_that_clause_reports_it(nlp: Language) -> None:
    text = "Mr Park wagered that voters would forgive the delay."
    [quote] = quotes_in(text, nlp)
    assert (quote.text, quote.kind, quote.cue) == (
        "that voters would forgive the delay",
        "indirect",
        "wagered",
    )
    assert quote.speaker == "Park"


def test_a_that_clause_needs_someone_who_can_hold_a_view(nlp: Language) -> None:
    text = "The delay meant that voters would wait another year for the bridge."
    assert quotes_in(text, nlp) == []


def test_a_noun_for_a_group_can_hold_a_stance(nlp: Language) -> None:
    text = "The advisory panel recommends modest changes to the pension formula."
    [quote] = quotes_in(text, nlp)
    assert quote.text == "modest changes to the pension formula"
    assert quote.speaker == "The advisory panel"


def test_who_stands_for_the_people_it_follows(nlp: Language) -> None:
    text = "Economists who favor a carbon tax say the revenue could fund the cuts."
    quotes = quotes_in(text, nlp)
    assert the_quote(quotes, "carbon tax").text == "a carbon tax"
    assert the_quote(quotes, "revenue").text == "the revenue could fund the cuts"


def test_an_accusation_holds_its_target_and_its_charge(nlp: Language) -> None:
    text = "Mayor Ana Ruiz accused the council of wasting money on consultants."
    [quote] = quotes_in(text, nlp)
    assert (quote.text, quote.cue) == ("the council of wasting money on consultants", "accused")
    assert quote.speaker.endswith("Ana Ruiz")


def test_a_parenthetical_attribution_of_partly_quoted_words_is_one_mixed_quote(
    nlp: Language,
) -> None:
    text = "A shorter season, the coach said, would make the league ''far more competitive.''"
    [quote] = quotes_in(text, nlp)
    assert (quote.kind, quote.text, quote.speaker) == ("mixed", text, "the coach")


def test_a_quotation_before_a_parenthetical_attribution_stays_on_its_own(nlp: Language) -> None:
    text = "''We will build it,'' the mayor said, not even needing to name the stadium."
    [quote] = quotes_in(text, nlp)
    assert (quote.kind, quote.text) == ("direct", "''We will build it,''")


def test_a_stance_leaves_out_a_clause_with_its_own_subject(nlp: Language) -> None:
    text = "Iran keeps blaming the United States, as its proxy forces launch attacks on US bases."
    [quote] = quotes_in(text, nlp)
    assert (quote.text, quote.speaker) == ("the United States", "Iran")


def test_a_passive_report_with_no_one_named_is_a_claim_with_no_source(nlp: Language) -> None:
    text = "The central bank is expected to raise rates again in March."
    [quote] = quotes_in(text, nlp)
    assert text_cue_speaker(quote) == (text[:-1], "expected", None)


def test_a_question_someone_was_asked_is_its_content(nlp: Language) -> None:
    text = "The senator was asked whether she would run again."
    [quote] = quotes_in(text, nlp)
    assert (quote.text, quote.speaker) == ("whether she would run again", None)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "“We will not raise taxes,” the governor said Sunday on NBC’s “Meet the Press.”",
            "“We will not raise taxes,”",
            id="a title after a broadcaster is not a quote",
        ),
        pytest.param(
            '“We are ready,” the mayor said. <tweet author="CityHallNews">Open again</tweet>',
            "“We are ready,”",
            id="the value of a markup attribute is not a quote",
        ),
        pytest.param(
            "Officials said that the deal was close, but that talks would not resume before June.",
            "that the deal was close, but that talks would not resume before June",
            id="a second that-clause hung on the verb is reported too",
        ),
        pytest.param(
            "Ms Okafor called on the mayor to resign over the crisis.",
            "the mayor to resign over the crisis",
            id="a call on someone holds whom it is on",
        ),
    ],
)
def test_the_one_quote_found_is(text: str, content: str, nlp: Language) -> None:
    [quote] = quotes_in(text, nlp)
    assert quote.text == content


def test_a_call_for_something_is_what_was_called_for(nlp: Language) -> None:
    text = "The senator called for a special prosecutor to oversee the investigation."
    [quote] = quotes_in(text, nlp)
    content = "a special prosecutor to oversee the investigation"
    assert text_cue_speaker(quote) == (content, "called", "The senator")


def test_what_a_speaker_refers_to_is_attributed(nlp: Language) -> None:
    text = (
        "“It changed him,” said George Bruno, a former party chairman, referring to the former "
        "president's bypass operation in 2004."
    )
    quote = the_quote(quotes_in(text, nlp), "bypass")
    content = "the former president's bypass operation"
    assert text_cue_speaker(quote) == (content, "referring", "George Bruno")


def test_what_the_criticised_person_did_is_not_the_critic_s_own_claim(nlp: Language) -> None:
    text = "The senator criticized the mayor for calling for a pause on rents."
    [quote] = quotes_in(text, nlp)
    content = "the mayor for calling for a pause on rents"
    assert text_cue_speaker(quote) == (content, "criticized", "The senator")
