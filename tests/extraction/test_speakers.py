"""Speakers: canonical names, aliases, roles and organisations."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction import SpeakerCandidate, extract
from claims.extraction.speakers import is_speaker_name


def speakers_in(text: str, nlp: Language) -> dict[str, SpeakerCandidate]:
    return {s.name: s for s in extract(text, nlp=nlp).speakers}


def test_a_short_mention_is_named_by_the_fullest_form_in_the_article(nlp: Language) -> None:
    text = (
        "Energy Minister Paula Grant announced the tender on Monday.\n\n"
        "“Prices will fall,” Grant said."
    )
    found = extract(text, nlp=nlp)
    [quote] = [q for q in found.quotes if "Prices" in q.text]
    assert quote.speaker == "Paula Grant"
    speaker = {s.name: s for s in found.speakers}["Paula Grant"]
    assert "Grant" in speaker.aliases
    assert speaker.role == "Energy Minister"


def test_an_apposition_gives_the_role_and_its_organisation(nlp: Language) -> None:
    text = "Hope Ward, a spokeswoman for the World Bank, said the loan had been approved."
    speaker = speakers_in(text, nlp)["Hope Ward"]
    assert speaker.role == "a spokeswoman for the World Bank"
    assert speaker.organisation == "the World Bank"
    assert not speaker.is_organisation


def test_a_role_noun_with_the_name_in_apposition_speaks_as_that_person(nlp: Language) -> None:
    text = "The agency's director, Sam Patel, said the inspections would resume in May."
    found = extract(text, nlp=nlp)
    [quote] = [q for q in found.quotes if "inspections" in q.text]
    assert quote.speaker == "Sam Patel"


def test_an_organisation_that_speaks_is_marked_as_one(nlp: Language) -> None:
    text = "The European Commission said the fine would be paid within 90 days."
    speaker = speakers_in(text, nlp)["The European Commission"]
    assert speaker.is_organisation


def test_a_dateline_opening_the_line_never_speaks(nlp: Language) -> None:
    text = 'PHILADELPHIA — "We will not back down," the mayor said on Tuesday.'
    [quote] = extract(text, nlp=nlp).quotes
    assert quote.speaker == "the mayor"
    assert "PHILADELPHIA" not in {s.name for s in extract(text, nlp=nlp).speakers}


@pytest.mark.parametrize("name", ["they", "That", "who", "Unattributed", "5:45 p.m.", "10.30am"])
def test_pronouns_placeholders_and_times_are_not_speaker_names(name: str) -> None:
    assert not is_speaker_name(name)


@pytest.mark.parametrize("name", ["Yusuf al-Hassan", "the mayor", "Police", "Human Rights Watch"])
def test_names_and_descriptions_are_speaker_names(name: str) -> None:
    assert is_speaker_name(name)


def test_an_unresolved_pronoun_stays_unresolved_with_its_mention_kept(nlp: Language) -> None:
    text = "They said the report was wrong."
    found = extract(text, nlp=nlp)
    [quote] = found.quotes
    assert quote.speaker is None
    assert quote.speaker_span is not None
    assert text[quote.speaker_span.start : quote.speaker_span.end] == "They"
    assert found.speakers == ()


def test_that_said_is_a_linking_phrase_not_speech(nlp: Language) -> None:
    text = "The budget passed. That said, the agency will review every contract."
    assert extract(text, nlp=nlp).quotes == ()


def test_a_descriptor_before_a_name_is_a_role_not_part_of_it(nlp: Language) -> None:
    text = "Relief volunteer Yusuf al-Hassan said the camp had run out of water."
    found = extract(text, nlp=nlp)
    [quote] = found.quotes
    assert quote.speaker == "Yusuf al-Hassan"
    assert {s.name: s for s in found.speakers}["Yusuf al-Hassan"].role == "Relief volunteer"


def test_a_participle_clause_speaks_with_the_subject_it_hangs_on(nlp: Language) -> None:
    text = "The minister rejected the plan on Monday, saying it would cost too much."
    [quote] = [q for q in extract(text, nlp=nlp).quotes if q.cue == "saying"]
    assert quote.speaker == "The minister"
    assert quote.text == "it would cost too much"
