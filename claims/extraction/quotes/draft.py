"""A quote candidate before its speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..speakers import Mention
from ..types import TextSpan


@dataclass(slots=True)
class Draft:
    """A quote found by either source; `start` is -1 once it is dropped, so that the indices
    other drafts `inherit` from stay valid."""

    start: int
    end: int
    kind: str
    cue: Token | None
    cue_text: str | None
    cue_span: TextSpan | None
    subject: Token | None  # speaker mention to resolve
    inherit: int | None  # index of the draft whose speaker this one shares
    salient: bool  # fall back to the person the text is about
    confidence: float
    sent_start: int
    mention: Mention | None = None
