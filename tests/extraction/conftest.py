"""Fixtures for the extraction tests: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

from claims.extraction import load_nlp

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


def eval_dir() -> Path:
    """The shared evaluation data ($CLAIMS_EVAL_DIR, else ../shared/eval beside the repo)."""
    return Path(os.environ.get("CLAIMS_EVAL_DIR", (REPO / ".." / "shared" / "eval").resolve()))
