"""The frozen dataclasses the extraction package hands out.

Every offset is a Python ``str`` index into the exact text given to ``extract`` (end
exclusive), so ``text[span.start:span.end]`` is always the candidate's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int

    def slice(self, text: str) -> str:
        """The characters this span covers in `text`."""
        return text[self.start : self.end]

    def shifted(self, offset: int) -> TextSpan:
        """The same span in a text where this one's text starts at `offset`."""
        return TextSpan(self.start + offset, self.end + offset)


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    text: str
    span: TextSpan
    kind: str  # "direct" | "mixed" | "indirect"
    cue: str | None
    cue_span: TextSpan | None
    speaker: str | None  # resolved name ("John Bolton" even when the mention is "he")
    speaker_span: TextSpan | None  # the mention it was resolved from
    confidence: float


@dataclass(frozen=True, slots=True)
class SpeakerCandidate:
    name: str
    aliases: tuple[str, ...]
    role: str | None
    organisation: str | None
    is_organisation: bool


@dataclass(frozen=True, slots=True)
class NumberCandidate:
    text: str
    span: TextSpan
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str  # "=", "~", ">", ">=", "<", "<="
    counted: str | None
    unit: str | None
    claimant: str | None
    sentence: str
    sentence_span: TextSpan
    confidence: float


@dataclass(frozen=True, slots=True)
class Extraction:
    quotes: tuple[QuoteCandidate, ...] = ()
    numbers: tuple[NumberCandidate, ...] = ()
    speakers: tuple[SpeakerCandidate, ...] = ()
