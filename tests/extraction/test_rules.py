"""Single rules on a hand-built Doc, which pins the parse each rule sees."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claims.extraction.lexicon import REPORTING_FORMS, inflections
from claims.extraction.numbers import find_numbers
from claims.extraction.quotes import find_quotes, find_regions
from claims.extraction.quotes.reported import _phrase_end

VOCAB = spacy.blank("en").vocab


def test_speaker_comes_from_the_parse() -> None:
    words = ["Ms", "Diaz", "said", '"', "no", '"']
    deps = ["compound", "nsubj", "ROOT", "punct", "ccomp", "punct"]
    doc = Doc(VOCAB, words=words, heads=[1, 2, 2, 4, 2, 4], deps=deps)
    [quote] = find_quotes(doc)
    assert quote.speaker == "Ms Diaz"
    assert quote.text == '" no "'
    assert quote.kind == "direct"


def test_the_clause_governed_by_a_reporting_verb_is_the_content() -> None:
    words = ["Lee", "argued", "that", "taxes", "rose"]
    deps = ["nsubj", "ROOT", "mark", "nsubj", "ccomp"]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 4, 4, 1], deps=deps)
    [quote] = find_quotes(doc)
    assert (quote.text, quote.kind, quote.cue, quote.speaker) == (
        "that taxes rose",
        "indirect",
        "argued",
        "Lee",
    )


def test_a_verb_inside_a_quotation_does_not_attribute_the_quotation_itself() -> None:
    words = ['"', "I", "said", "no", '"']
    deps = ["punct", "nsubj", "ROOT", "ccomp", "punct"]
    doc = Doc(VOCAB, words=words, heads=[2, 2, 2, 2, 2], deps=deps)
    assert all(q.speaker != "I" or q.kind != "direct" for q in find_quotes(doc))


def test_an_unclosed_quote_ends_with_its_paragraph_and_the_next_one_continues_it() -> None:
    text = "“First part of it.\n\n“Second part,” she said."
    first, second = find_regions(text)
    assert text[first.start : first.end] == "“First part of it."
    assert not first.closed
    assert text[second.start : second.end] == "“Second part,”"
    assert first.chain == second.chain


def test_straight_quotes_alternate_between_opening_and_closing() -> None:
    text = 'He said "yes" and then "no".'
    regions = find_regions(text)
    assert [text[r.start : r.end] for r in regions] == ['"yes"', '"no"']


def test_reporting_verbs_match_in_every_inflection() -> None:
    assert {"say", "says", "said", "saying"} <= inflections("say")
    assert REPORTING_FORMS["claimed"] == "claim"
    assert REPORTING_FORMS["wrote"] == "write"
    assert REPORTING_FORMS["tweeting"] == "tweet"


def test_at_least_before_a_number_makes_it_a_lower_bound() -> None:
    words = ["at", "least", "46", "people", "died"]
    deps = ["advmod", "advmod", "nummod", "nsubj", "ROOT"]
    doc = Doc(VOCAB, words=words, heads=[1, 2, 3, 4, 4], deps=deps)
    [number] = find_numbers(doc)
    assert number.text == "at least 46"
    assert (number.value, number.lower, number.upper, number.qualifier) == (46, 46, None, ">=")
    assert number.counted == "people"


def test_a_currency_sign_and_scale_word_belong_to_the_number() -> None:
    words = ["It", "cost", "$", "1.8", "billion", "."]
    deps = ["nsubj", "ROOT", "nmod", "compound", "dobj", "punct"]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=[True, True, False, True, False, False],
        heads=[1, 1, 4, 4, 1, 1],
        deps=deps,
    )
    [number] = find_numbers(doc)
    assert number.text == "$1.8 billion"
    assert number.value == 1.8e9
    assert number.unit == "$"


def test_a_phrase_ends_before_a_participle_a_comma_hangs_on_its_last_words() -> None:
    words = ["for", "calling", "for", "a", "pause", ",", "supporting", "the", "plan"]
    heads = [0, 0, 1, 4, 2, 1, 1, 8, 6]
    deps = ["ROOT", "pcomp", "prep", "det", "pobj", "punct", "advcl", "det", "dobj"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps)
    assert doc[: _phrase_end(doc[0]) + 1].text == "for calling for a pause"
