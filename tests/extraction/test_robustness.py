"""Bad input never raises and never yields an offset that does not slice the text."""

from __future__ import annotations

import copy
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claims.extraction import Extraction, extract, extract_many

from .conftest import REPO


def assert_spans_slice(text: str, found: Extraction) -> None:
    for q in found.quotes:
        assert text[q.span.start : q.span.end] == q.text
        assert 0 <= q.span.start < q.span.end <= len(text)
        for span in (q.cue_span, q.speaker_span):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
    for n in found.numbers:
        assert text[n.span.start : n.span.end] == n.text
        assert text[n.sentence_span.start : n.sentence_span.end] == n.sentence
        assert n.sentence_span.start <= n.span.start and n.span.end <= n.sentence_span.end


NEWSY = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "’",
        " said ",
        " he ",
        "John Smith",
        " 1,400 ",
        " at least ",
        "\n\n",
        "$",
        "%",
        " million",
        ". ",
        ", ",
        "three",
        "\u200f",
        "\u0301",
        "🙂",
        "<p>",
        "\x00",
    ]
)
TEXTS = st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=30).map("".join)


# as many examples as the hypothesis profile asks (tests/conftest.py: 50, and 500 in CI)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_extracts_without_error_and_every_span_slices_it(nlp: Language, text: str) -> None:
    assert_spans_slice(text, extract(text, nlp=nlp))


def test_empty_and_blank_text_give_an_empty_extraction(nlp: Language) -> None:
    assert extract("", nlp=nlp) == Extraction()
    assert extract(" \n\n\t ", nlp=nlp) == Extraction()
    assert list(extract_many([], nlp=nlp)) == []


def test_nul_bytes_and_html_are_handled_with_exact_offsets(nlp: Language) -> None:
    text = '<p>Mayor Jo Park said\x00 "we\x00 will hire 40 teachers."</p>'
    found = extract(text, nlp=nlp)
    assert_spans_slice(text, found)
    assert any("\x00" in q.text for q in found.quotes)
    assert [n.value for n in found.numbers] == [40]


def test_right_to_left_marks_emoji_and_combining_accents_keep_offsets(nlp: Language) -> None:
    text = "\u202eCafe\u0301 owner Zoë Martin 🙂 said \u201csales fell 20% this year.\u201d"
    found = extract(text, nlp=nlp)
    assert_spans_slice(text, found)
    assert [n.value for n in found.numbers] == [20]


def test_text_longer_than_max_length_is_chunked_with_offsets_into_the_whole_text(
    nlp: Language,
) -> None:
    small = copy.copy(nlp)
    small.max_length = 400
    paragraph = (
        "Ana Ruiz, the port director, said the terminal handled 1,200 ships last year. "
        "“We expect more,” she said.\n\n"
    )
    text = paragraph * 12
    assert len(text) > small.max_length
    found = extract(text, nlp=small)
    assert_spans_slice(text, found)
    assert len(found.numbers) == 12
    assert len([q for q in found.quotes if q.text == "“We expect more,”"]) == 12
    assert {q.speaker for q in found.quotes} == {"Ana Ruiz"}


def test_a_text_with_no_break_at_all_is_still_cut_into_chunks(nlp: Language) -> None:
    small = copy.copy(nlp)
    small.max_length = 100
    text = "x" * 450 + " 45 houses"
    found = extract(text, nlp=small)
    assert_spans_slice(text, found)


def test_extract_many_returns_one_result_per_text_in_order(nlp: Language) -> None:
    texts = ["", "The city has 12 parks.", "\x00", "It built 7 bridges."]
    results = list(extract_many(texts, nlp=nlp, batch_size=2))
    assert len(results) == 4
    assert [[n.value for n in r.numbers] for r in results] == [[], [12], [], [7]]


def test_importing_the_package_does_not_import_django() -> None:
    code = "import sys, claims.extraction; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
