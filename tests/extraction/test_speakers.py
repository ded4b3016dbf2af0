"""Speakers: canonical names, aliases, roles and organisations."""

from __future__ import annotations

from spacy.language import Language

from claims.extraction import SpeakerCandidate, extract


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
