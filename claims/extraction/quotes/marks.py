"""Quotation marks: the stretches of text they enclose, and token lookups over those stretches."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

# Quotation marks. Straight marks and the doubled apostrophe some wires use ('') open when no
# quote is open and close otherwise; the typographic ones say which they are.
_MARK_RE = re.compile(r"“|”|\"|«|»|„|''|``|‘|’")
_OPENERS = frozenset({"“", "«", "„", "``"})
_CLOSERS = frozenset({"”", "»"})
# A quote inside an attributed clause counts as the clause's own when it covers this share of
# it; otherwise the clause is a mixed quote.
DIRECT_SHARE = 0.8
_TRIM_TOKENS = frozenset({",", ";", ":", ".", "--", "—", "–", "-", "(", ")"})


@dataclass(slots=True)
class Region:
    """A stretch of text in quotation marks, marks included."""

    start: int
    end: int
    closed: bool
    chain: int  # paragraphs of one multi-paragraph quote share a chain id
    words: int


def find_regions(text: str) -> list[Region]:
    """Every quoted stretch, paragraph by paragraph; an unclosed quote ends with its paragraph
    (the newspaper convention for quotes running over several paragraphs), and the quote that
    opens the next paragraph continues it (same ``chain``). Single quotes (British style) count
    when they open before a word and close after one, so apostrophes stay apostrophes."""
    regions: list[Region] = []
    chains = 0
    open_chain: int | None = None  # chain of a quote left open by the previous paragraph
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.lstrip()
        if not stripped:
            continue
        continues = open_chain is not None and _MARK_RE.match(stripped) is not None
        first_chain = open_chain if continues and open_chain is not None else None
        open_chain = None
        stack: list[str] = []  # kinds of the open marks: '"' double, "'" single
        start = 0
        for match in _MARK_RE.finditer(line):
            mark, at = match.group(), match.start()
            kind = _mark_kind(line, mark, at, stack)
            if kind is None:
                continue
            family, opens = kind
            if opens:
                if not stack:
                    start = line_start + at
                stack.append(family)
                continue
            while stack and stack[-1] != family:
                stack.pop()  # an unclosed inner quote ends with the outer one
            if stack:
                stack.pop()
                if not stack:
                    chains += 1
                    chain = first_chain if first_chain is not None else chains
                    first_chain = None
                    _add_region(regions, text, start, line_start + match.end(), True, chain)
        if stack:
            chains += 1
            chain = first_chain if first_chain is not None else chains
            end = line_start + len(line.rstrip())
            if _add_region(regions, text, start, end, False, chain):
                open_chain = chain
    return regions


def _mark_kind(line: str, mark: str, at: int, stack: list[str]) -> tuple[str, bool] | None:
    """(family, opens) of a quotation mark in context, or None when it is not one here (an
    apostrophe). Straight marks open when their family is not open and close otherwise."""
    if mark in _OPENERS:
        return '"', True
    if mark in _CLOSERS:
        return '"', False
    if mark in ('"', "''"):
        return '"', '"' not in stack
    before = line[at - 1] if at > 0 else " "
    after = line[at + 1] if at + 1 < len(line) else " "
    if mark == "‘":
        opens = (before.isspace() or before in '([“"—–-') and not after.isspace()
        return ("'", True) if opens else None
    # "’": closes an open single quote when no letter follows ("don’t" and "’s" stay words)
    if "'" in stack and not after.isalnum() and not before.isspace():
        return "'", False
    return None


def _add_region(
    regions: list[Region], text: str, start: int, end: int, closed: bool, chain: int
) -> bool:
    inner = text[start:end]
    if not any(ch.isalpha() for ch in inner):
        return False
    regions.append(Region(start, end, closed, chain, len(inner.split())))
    return True


class Regions:
    """Quote regions with token lookups."""

    def __init__(self, doc: Doc, regions: list[Region]) -> None:
        self.regions = regions
        self.starts = [r.start for r in regions]
        self.of_token: list[int] = [-1] * len(doc)
        for k, region in enumerate(regions):
            span = doc.char_span(region.start, region.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.of_token[i] = k

    def overlapping(self, start: int, end: int) -> list[int]:
        k = bisect.bisect_left(self.starts, end)
        out = []
        for i in range(k - 1, -1, -1):  # regions never overlap, so stop at the first miss
            if self.regions[i].end <= start:
                break
            out.append(i)
        return out[::-1]


def token_range(doc: Doc, region: Region) -> list[int]:
    """Indices of the tokens that `region` covers, partly covered ones included."""
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    if span is None:
        return []
    return list(range(span.start, span.end))


def trimmed(doc: Doc, first: int, last: int, regions: Regions) -> tuple[int, int] | None:
    """Character span of tokens first..last without edge punctuation (quote marks that
    belong to a region stay), widened to cover any quote region it cuts."""
    while first <= last and (doc[first].text in _TRIM_TOKENS or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].text in _TRIM_TOKENS or doc[last].is_space):
        last -= 1
    if first > last:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    for k in regions.overlapping(start, end):
        region = regions.regions[k]
        start, end = min(start, region.start), max(end, region.end)
    return start, end


def quote_kind(start: int, end: int, regions: Regions) -> tuple[str, int, int]:
    """(kind, start, end) of attributed content: "direct" (then the span is the quotation's),
    "mixed" or "indirect", by how much of it is in quotation marks."""
    hits = regions.overlapping(start, end)
    if not hits:
        return "indirect", start, end
    quoted = sum(regions.regions[k].end - regions.regions[k].start for k in hits)
    if len(hits) == 1 and quoted >= DIRECT_SHARE * (end - start):
        region = regions.regions[hits[0]]
        return "direct", region.start, region.end
    return "mixed", start, end
