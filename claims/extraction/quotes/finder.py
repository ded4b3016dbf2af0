"""Quote candidates out of a Doc: drafts from both sources, speakers resolved in document order."""

from __future__ import annotations

from spacy.tokens import Doc

from ..context import DocContext
from ..speakers import Speakers
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
        name = speakers.canonical(mention.name) if mention is not None else None
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
    return sorted(out.values(), key=lambda q: (q.span.start, q.span.end))


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
