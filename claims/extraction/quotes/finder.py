"""Quote candidates out of a Doc: drafts from both sources, speakers resolved in document order."""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc

from ..context import DocContext
from ..lexicon import WORK_NOUNS
from ..speakers import Speakers, is_speaker_name
from ..types import QuoteCandidate, TextSpan
from .direct import link_parts, region_drafts
from .draft import Draft
from .marks import Regions, find_regions
from .reported import cue_drafts


def find_quotes(
    doc: Doc, speakers: Speakers | None = None, ctx: DocContext | None = None
) -> list[QuoteCandidate]:
    """Quote candidates in `doc`, in text order, speakers resolved."""
    ctx = ctx or DocContext(doc)
    text = ctx.text
    if not text.strip() or len(doc) == 0:
        return []
    speakers = speakers or Speakers(doc, ctx)
    regions = Regions(doc, find_regions(text))
    drafts = _drafts(ctx, regions)
    _resolve(ctx, drafts, speakers, regions)
    out: dict[tuple[int, int], QuoteCandidate] = {}
    restated = _restated(drafts, speakers)
    for n, draft in enumerate(drafts):
        if n in restated or draft.start < 0:
            continue
        mention = draft.mention
        if draft.inherit is not None:
            mention = drafts[draft.inherit].mention
        if mention is not None and _inside_content(mention.span, draft, text):
            mention = None
        name = speakers.canonical(mention.name) if mention is not None else None
        if not is_speaker_name(name):
            name = None  # "they" with no one to stand for: unresolved, the mention kept
        candidate = QuoteCandidate(
            text=text[draft.start : draft.end],
            span=TextSpan(draft.start, draft.end),
            kind=draft.kind,
            cue=draft.cue_text,
            cue_span=draft.cue_span,
            speaker=name,
            speaker_span=mention.span if mention is not None else None,
            confidence=round(max(0.05, min(0.95, draft.confidence)), 2),
        )
        key = (draft.start, draft.end)
        if key not in out or out[key].confidence < candidate.confidence:
            out[key] = candidate
    kept = (_within_its_line(q, text) for q in out.values() if not _not_speech(q, doc, text))
    return sorted((q for q in kept if q is not None), key=lambda q: (q.span.start, q.span.end))


# A line that is a note to readers, not anyone's words ("Editor's note: ...", "Correction: ...").
_NOTE = re.compile(
    r"\s*(?:editor[’']?s[’']? note|correction|clarification|update[ds]?|disclaimer)\b"
    r"|\s*this (?:story|article|report) (?:has been|was) (?:updated|corrected)",
    re.IGNORECASE,
)


_MARKS = frozenset("“”\"'‘’«»")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _not_speech(q: QuoteCandidate, doc: Doc, text: str) -> bool:
    """A quotation that is a title ("on NBC’s “Meet the Press”", "the film “Night Harbor”") or
    the value of a markup attribute (author="...") rather than words someone said."""
    alone = q.text[:1] in _MARKS and q.text.rstrip(".,;:")[-1:] in _MARKS
    if q.kind == "indirect" or not alone:
        return False  # only a quotation by itself can be a title
    before = text[: q.span.start].rstrip(" ,")
    if before.endswith("="):
        return True
    words = _WORD.findall(q.text)
    long_words = [w for w in words if len(w) >= 4]
    if not long_words or not all(w[0].isupper() for w in long_words):
        return False
    last_word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
    if before.endswith(("’s", "'s")) or last_word in WORK_NOUNS:
        return True
    span = doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "WORK_OF_ART" for t in span)


# A speaker written inside the content speaks only as the parenthesis around its cue
# ("The museum, Mr. Bush said, celebrated ..."): this many characters from the cue at most.
PARENTHETICAL_GAP = 3


def _inside_content(mention: TextSpan, draft: Draft, text: str) -> bool:
    """Whether the speaker mention was taken from inside the quoted words themselves."""
    if not draft.start <= mention.start < draft.end or draft.cue_span is None:
        return False
    cue = draft.cue_span
    before = mention.end <= cue.start  # "Mr. Bush said" or "said Mr. Bush"
    gap = text[mention.end : cue.start] if before else text[cue.end : mention.start]
    return len(gap.strip(" ,")) > PARENTHETICAL_GAP or (
        not draft.start <= cue.start < draft.end and draft.kind != "indirect"
    )


def _within_its_line(q: QuoteCandidate, text: str) -> QuoteCandidate | None:
    """Reported speech stays in its paragraph; nothing is quoted from a note to readers, and a
    headline is a quote only where it quotes ("Biden Says 'We Will Respond'")."""
    line_start = text.rfind("\n", 0, q.span.start) + 1
    line_end = text.find("\n", q.span.start)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    if _NOTE.match(line):
        return None
    if q.kind == "indirect" and _headline(line):
        return None
    if q.kind != "direct" and q.span.end > line_end:
        end = line_end
        while end > q.span.start and text[end - 1] in " \t.,;:":
            end -= 1
        if end <= q.span.start:
            return None
        span = TextSpan(q.span.start, end)
        return dataclasses.replace(q, text=span.slice(text), span=span)
    return q


def _headline(line: str) -> bool:
    """A title line: short, no closing full stop, most words capitalised."""
    words = line.split()
    if not words or len(words) > 20 or line.rstrip()[-1:] in ".!?:;,":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) >= 3 and capitalised / len(words) >= 0.6


def _drafts(ctx: DocContext, regions: Regions) -> list[Draft]:
    """Every candidate before speakers are resolved: cue-driven first, then the quotations
    no cue claimed, then split and multi-paragraph quotes linked to their other parts.
    Dropped drafts keep their place (start -1) so `inherit` indices stay valid."""
    drafts: list[Draft] = []
    owner: dict[int, int] = {}  # region -> the cue-driven draft that is exactly that quote
    used_regions = cue_drafts(ctx, regions, drafts, owner)
    region_draft = region_drafts(ctx, regions, drafts, used_regions)
    link_parts(ctx, regions, drafts, owner | region_draft, region_draft)
    return drafts


def _speaker_name(draft: Draft, drafts: list[Draft], speakers: Speakers) -> str | None:
    mention = drafts[draft.inherit].mention if draft.inherit is not None else draft.mention
    return speakers.canonical(mention.name) if mention is not None else None


def _restated(drafts: list[Draft], speakers: Speakers) -> set[int]:
    """Leave out a reported clause whose only point is a quotation the same speaker is quoted
    with inside it ("he said that ... what he calls 'a coalition'"): the quotation is the claim."""
    dropped = set()
    for n, draft in enumerate(drafts):
        if draft.kind == "mixed" and draft.cue is not None:
            name = _speaker_name(draft, drafts, speakers)
            inner = [
                other
                for other in drafts
                if other is not draft
                and other.start >= 0
                and other.cue is not None
                and draft.start <= other.start
                and other.end <= draft.end
                and other.kind == "direct"
            ]
            if name and any(_speaker_name(o, drafts, speakers) == name for o in inner):
                dropped.add(n)
    return dropped


def _resolve(ctx: DocContext, drafts: list[Draft], speakers: Speakers, regions: Regions) -> None:
    """Resolve speakers sentence by sentence, so pronouns see only what came before."""
    by_sent: dict[int, list[Draft]] = {}
    for draft in drafts:
        key = ctx.sent_start(draft.subject.i) if draft.subject is not None else draft.sent_start
        by_sent.setdefault(key, []).append(draft)
    for sent in ctx.sents:
        here = sorted(
            by_sent.get(sent.start, []),
            key=lambda d: d.subject.i if d.subject is not None else len(ctx.doc),
        )
        noted = False
        for draft in here:
            if draft.subject is not None:
                draft.mention = speakers.mention(draft.subject)
                if draft.mention is not None:
                    speakers.note_speaker(draft.mention, sent.start)
                    noted = noted or draft.mention.is_person
        if not noted:
            skip = [t.i for t in sent if regions.of_token[t.i] != -1]
            speakers.note_sentence(sent, skip)
        for draft in here:
            if draft.salient and draft.subject is None and draft.inherit is None:
                draft.mention = speakers.latest()
