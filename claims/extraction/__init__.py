"""Quote, speaker and number extraction for Claim Desk: text in, frozen dataclasses out.

Pure Python and spaCy; nothing here imports Django. Offsets index the exact text given.
"""

import functools

from spacy.language import Language

from .jsonl import extraction_to_json
from .pipeline import DEFAULT_MODEL, extract, extract_many, load_nlp
from .training import model_tag
from .types import Extraction, NumberCandidate, QuoteCandidate, SpeakerCandidate, TextSpan

# Bump when extraction behaviour changes, so stored candidates can say which rules made them.
EXTRACTOR_VERSION = "2026.12.1"


@functools.cache
def extractor_version(nlp: Language) -> str:
    """What stored candidates say made them: the rules' version, and with a trained cue finder
    in `nlp` a hash of its weights ("2026.12.1+cues-1a2b3c4d", at most 32 characters)."""
    tag = model_tag(nlp)
    return EXTRACTOR_VERSION if tag is None else f"{EXTRACTOR_VERSION}+cues-{tag}"


__all__ = [
    "DEFAULT_MODEL",
    "EXTRACTOR_VERSION",
    "Extraction",
    "NumberCandidate",
    "QuoteCandidate",
    "SpeakerCandidate",
    "TextSpan",
    "extract",
    "extract_many",
    "extraction_to_json",
    "extractor_version",
    "load_nlp",
]
