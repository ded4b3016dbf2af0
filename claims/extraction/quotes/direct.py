"""Quotations no reporting verb governs, attributed from the words around them ("...," he
said), from the other half of a split quote, or from the person the paragraph is about."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..context import DocContext
from ..types import TextSpan
from .cues import cue_subject, cue_text, make_clear, quote_only, reporting
from .draft import Draft
from .marks import Region, Regions, token_range

# Tokens either side of a quote searched for its attribution ("," he said); a reporting clause
# is short, and looking further picks up the next sentence's verb.
CUE_WINDOW = 10
# A quote with no attribution nearby is still proposed when it is at least this long: long
# quoted passages are quotes, short ones are titles and scare quotes.
MIN_UNATTRIBUTED_WORDS = 6
# A second quote this close after an attributed one (in characters, same paragraph) is the
# other half of a split quote: "A," he said. "B."
SPLIT_GAP = 60
_DASHES = frozenset({"―", "—", "–", "--"})
_SENT_END = frozenset({".", "!", "?"})


def region_drafts(
    ctx: DocContext, regions: Regions, drafts: list[Draft], used_regions: set[int]
) -> dict[int, int]:
    """Drafts for quotations no cue claimed, attributed from the words around them; returns
    region -> draft index."""
    doc = ctx.doc
    region_draft: dict[int, int] = {}
    for k, region in enumerate(regions.regions):
        if k in used_regions:
            continue
        toks = token_range(doc, region)
        if not toks:
            continue
        first, last = toks[0], toks[-1]
        cue = _window_cue(doc, last + 1, 1, regions, k)
        if cue is None:
            cue = _window_cue(doc, first - 1, -1, regions, k)
        if cue is None and region.words > 0:
            cue = _colon_cue(ctx, first, regions)
        kind = "direct" if _starts_sentence(ctx.text, first, region) else "mixed"
        draft = Draft(
            region.start,
            region.end,
            kind,
            None,
            None,
            None,
            None,
            None,
            False,
            0.5,
            ctx.sent_start(first),
        )
        if cue is not None:
            draft.cue = cue
            draft.cue_text, draft.cue_span = cue_text(cue)
            draft.subject = cue_subject(cue)
            draft.confidence = 0.8 if draft.subject is not None else 0.55
        else:
            signed = _dash_signature(doc, last + 1)
            if signed is not None:
                dash = doc[last + 1]
                draft.subject = signed
                draft.cue_text = dash.text
                draft.cue_span = TextSpan(dash.idx, dash.idx + len(dash.text))
                draft.confidence = 0.7
        region_draft[k] = len(drafts)
        drafts.append(draft)
    return region_draft


def link_parts(
    ctx: DocContext,
    regions: Regions,
    drafts: list[Draft],
    by_region: dict[int, int],
    region_draft: dict[int, int],
) -> None:
    """Split and multi-paragraph quotes share a speaker with their other part; long quotes
    with no attribution at all go to the person the text is about; short ones are dropped."""
    for k, index in region_draft.items():
        draft = drafts[index]
        if draft.subject is not None:
            continue
        partner = _partner(k, regions, by_region, drafts, ctx.text)
        if partner is not None:
            draft.inherit = partner
            draft.confidence = 0.65
            if draft.cue is None:
                draft.cue_text, draft.cue_span = drafts[partner].cue_text, drafts[partner].cue_span
        elif regions.regions[k].words >= MIN_UNATTRIBUTED_WORDS:
            draft.salient = True
            draft.confidence = 0.4
        else:
            draft.start = -1  # a short quote nobody says: a title or scare quote


def _window_cue(doc: Doc, first: int, step: int, regions: Regions, own: int) -> Token | None:
    """The nearest reporting verb next to a quote, within its own sentence-like stretch."""
    i = first
    for _ in range(CUE_WINDOW):
        if i < 0 or i >= len(doc):
            return None
        token = doc[i]
        k = regions.of_token[i]
        if k != -1 and k != own:
            return None
        if "\n" in token.text:
            return None
        if k == -1:
            if step > 0 and token.text in _SENT_END:
                return None
            if step < 0 and token.text in _SENT_END:
                return None
            if reporting(token) or quote_only(token) or make_clear(token):
                return token
        i += step
    return None


def _colon_cue(ctx: DocContext, first: int, regions: Regions) -> Token | None:
    """Attribution ending in a colon before the quote: "Caddell continued:"."""
    doc = ctx.doc
    j = doc[first].idx - 1
    while j >= 0 and ctx.text[j].isspace():
        j -= 1
    if j < 0 or ctx.text[j] != ":":
        return None
    i = first - 1
    while i >= 0 and (doc[i].is_space or doc[i].text == ":"):
        i -= 1
    return _window_cue(doc, i, -1, regions, -2) if i >= 0 else None


def _dash_signature(doc: Doc, i: int) -> Token | None:
    """A quotation signed with a dash and a name: "“...” ― Sonya Herridge". Returns the
    name's last word (its head in spaCy's English parse)."""
    if i + 1 >= len(doc) or doc[i].text not in _DASHES or "\n" in doc[i].whitespace_:
        return None
    name = doc[i + 1]
    if name.pos_ != "PROPN" and name.ent_type_ != "PERSON":
        return None
    while (
        name.i + 1 < len(doc)
        and "\n" not in name.whitespace_
        and (doc[name.i + 1].pos_ == "PROPN" or doc[name.i + 1].ent_iob_ == "I")
    ):
        name = doc[name.i + 1]
    return name


def _starts_sentence(text: str, first: int, region: Region) -> bool:
    before = text[max(0, region.start - 3) : region.start].strip()
    return not before or before[-1] in ".!?:\n" or before[-1] in '”"' or first == 0


def _partner(
    k: int, regions: Regions, region_draft: dict[int, int], drafts: list[Draft], text: str
) -> int | None:
    region = regions.regions[k]
    candidates: list[int] = []
    for j in (k - 1, k + 1, k - 2, k + 2):
        if not (0 <= j < len(regions.regions)) or j not in region_draft:
            continue
        other = regions.regions[j]
        if other.chain == region.chain:
            candidates.append(j)
            continue
        lo, hi = (other.end, region.start) if j < k else (region.end, other.start)
        if 0 <= hi - lo <= SPLIT_GAP and "\n" not in text[lo:hi]:
            candidates.append(j)
    for j in candidates:
        index = region_draft[j]
        if drafts[index].subject is not None:
            return index
    return None
