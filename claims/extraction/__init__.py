"""Quote, speaker and number extraction for Claim Desk: text in, frozen dataclasses out.

Pure Python and spaCy; nothing here imports Django. Offsets index the exact text given.
"""

from .jsonl import extraction_to_json
from .pipeline import DEFAULT_MODEL, extract, extract_many, load_nlp
from .types import Extraction, NumberCandidate, QuoteCandidate, SpeakerCandidate, TextSpan

# Bump when extraction behaviour changes, so stored candidates can say which rules made them.
EXTRACTOR_VERSION = "2026.11.1"

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
    "load_nlp",
]
