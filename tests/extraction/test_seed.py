"""The seed article: the quotes and numbers an editor expects from it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from claims.extraction import Extraction, extract, extraction_to_json

from .conftest import REPO, eval_dir

SEED = REPO / "claims" / "fixtures" / "sample" / "blinken-iran-2023-11-06.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed fixture missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str, nlp: Language) -> Extraction:
    return extract(seed_text, nlp=nlp)


def test_every_span_of_the_seed_slices_its_text(seed_text: str, seed: Extraction) -> None:
    for q in seed.quotes:
        assert seed_text[q.span.start : q.span.end] == q.text
    for n in seed.numbers:
        assert seed_text[n.span.start : n.span.end] == n.text


def test_bolton_quotes_resolve_he_to_john_bolton(seed_text: str, seed: Extraction) -> None:
    bolton = [q for q in seed.quotes if q.speaker == "John Bolton"]
    texts = " ".join(q.text for q in bolton)
    assert "The Biden admin is sliding away" in texts
    assert "Iranian surrogate groups kill Americans" in texts
    assert "a coalition of some of America’s greatest enemies" in texts
    pronouns = [q for q in bolton if seed_text[q.speaker_span.start : q.speaker_span.end] == "he"]
    assert len(pronouns) >= 4


def test_khamenei_is_the_speaker_after_the_paragraph_about_him(seed: Extraction) -> None:
    [quote] = [q for q in seed.quotes if "Iraq can play a major role" in q.text]
    assert quote.speaker is not None and quote.speaker.endswith("Khamenei")
    assert quote.cue == "wrote on X"


def test_blinken_quote_over_two_paragraphs_is_his_in_both(seed: Extraction) -> None:
    parts = [q for q in seed.quotes if "I made it very clear" in q.text or "We’re not" in q.text]
    assert len(parts) == 2
    assert {q.speaker for q in parts} == {"Antony Blinken"}


def test_the_pentagon_speaks_as_an_organisation(seed: Extraction) -> None:
    [quote] = [q for q in seed.quotes if q.text.startswith("the US will take additional")]
    assert quote.speaker == "the Pentagon"
    assert quote.kind == "indirect"


def test_the_five_numbers_and_nothing_else(seed: Extraction) -> None:
    found = {n.text: (n.value, n.qualifier) for n in seed.numbers}
    assert found == {
        "1,400": (1400, "="),
        "at least 241": (241, ">="),
        "Over 38": (38, ">"),
        "at least 46": (46, ">="),
        "Two": (2, "="),
    }
    counted = {n.text: n.counted for n in seed.numbers}
    assert counted["Two"] == "US fighter jets"
    assert counted["at least 46"] == "personnel injured"
    assert counted["Over 38"] == "attacks"
    assert "hostages" in counted["at least 241"]


def test_bolton_is_a_speaker_with_his_role(seed: Extraction) -> None:
    [bolton] = [s for s in seed.speakers if s.name == "John Bolton"]
    assert bolton.role is not None and "national security advisor" in bolton.role
    assert not bolton.is_organisation
    [blinken] = [s for s in seed.speakers if s.name == "Antony Blinken"]
    assert "Blinken" in blinken.aliases


def test_the_seed_scores_at_the_bar_with_the_shared_scorer(nlp: Language, tmp_path: Path) -> None:
    directory = eval_dir()
    if not (directory / "seed.jsonl").is_file() or not (directory / "score.py").is_file():
        pytest.skip(f"evaluation data not found in {directory} (set CLAIMS_EVAL_DIR)")
    sys.path.insert(0, str(directory))
    try:
        import score
    finally:
        sys.path.remove(str(directory))
    gold = [
        json.loads(line) for line in (directory / "seed.jsonl").read_text().splitlines() if line
    ]
    preds = [extraction_to_json(d["id"], extract(d["text"], nlp=nlp)) for d in gold]
    result = score.score(gold, preds, speaker_rule="name")
    assert result["quote"]["tp"] == result["quote"]["gold"] == 16
    assert result["attribution"]["tp"] == 16
    assert result["number"]["tp"] == result["number"]["gold"] == result["number"]["pred"] == 5
    assert result["number_qualifier_acc"] == 1.0
    assert result["number_counted_acc"] == 1.0


def test_a_title_before_the_name_is_the_role(seed: Extraction) -> None:
    [blinken] = [s for s in seed.speakers if s.name == "Antony Blinken"]
    assert blinken.role is not None and "Secretary of State" in blinken.role
