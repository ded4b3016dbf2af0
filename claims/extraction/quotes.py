"""Quotes: direct (in quotation marks), mixed (partly quoted) and indirect (reported speech).

Two sources meet here. Cue-driven: a reporting verb ("said", "told", "according to") and the
clause it governs (its ``ccomp``) give reported speech, whose content may contain quoted words.
Region-driven: a stretch in quotation marks that no reporting verb governs is attributed from
the words around it ("... ," he said), from the other half of a split quote, or from the person
the paragraph is about. Both produce drafts; speakers are resolved afterwards in document order,
so that "he" means the person most recently talked about.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .context import DocContext
from .lexicon import (
    AGENT_PRONOUNS,
    CLEAR_WORDS,
    HEARER_VERBS,
    INTENT_FORMS,
    MAKE_FORMS,
    QUOTE_ONLY_FORMS,
    REPORTING_FORMS,
    STANCE_FORMS,
    TOPIC_FORMS,
    TOPIC_PREPOSITIONS,
)
from .speakers import Mention, Speakers
from .types import QuoteCandidate, TextSpan

# Quotation marks. Straight marks and the doubled apostrophe some wires use ('') open when no
# quote is open and close otherwise; the typographic ones say which they are.
_MARK_RE = re.compile(r"“|”|\"|«|»|„|''|``|‘|’")
_OPENERS = frozenset({"“", "«", "„", "``"})
_CLOSERS = frozenset({"”", "»"})

# How far a participle or conjoined verb climbs to find its subject ("he said, adding ...,
# before noting ..."); each step is one verb up the parse.
SUBJECT_DEPTH = 4
# Tokens either side of a quote searched for its attribution ("," he said); a reporting clause
# is short, and looking further picks up the next sentence's verb.
CUE_WINDOW = 10
# A quote with no attribution nearby is still proposed when it is at least this long: long
# quoted passages are quotes, short ones are titles and scare quotes.
MIN_UNATTRIBUTED_WORDS = 6
# A second quote this close after an attributed one (in characters, same paragraph) is the
# other half of a split quote: "A," he said. "B."
SPLIT_GAP = 60
# A quote inside an attributed clause counts as the clause's own when it covers this share of
# it; otherwise the clause is a mixed quote.
DIRECT_SHARE = 0.8

_CUE_WORDS = (
    frozenset(REPORTING_FORMS)
    | frozenset(QUOTE_ONLY_FORMS)
    | frozenset(STANCE_FORMS)
    | frozenset(INTENT_FORMS)
    | frozenset(TOPIC_FORMS)
    | MAKE_FORMS
    | {"according"}
)
_DASHES = frozenset({"―", "—", "–", "--"})
_SENT_END = frozenset({".", "!", "?"})
_TRIM_TOKENS = frozenset({",", ";", ":", ".", "--", "—", "–", "-", "(", ")"})


@dataclass(slots=True)
class Region:
    """A stretch of text in quotation marks, marks included."""

    start: int
    end: int
    closed: bool
    chain: int  # paragraphs of one multi-paragraph quote share a chain id
    words: int


@dataclass(slots=True)
class _Draft:
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


# --------------------------------------------------------------------------- regions


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


# --------------------------------------------------------------------------- cues


def _is_verb(token: Token) -> bool:
    tag = token.tag_
    return tag.startswith("VB") or token.pos_ in ("VERB", "AUX") or (not tag and not token.pos_)


def _reporting(token: Token) -> bool:
    return token.lower_ in REPORTING_FORMS and _is_verb(token)


def _quote_only(token: Token) -> bool:
    return token.lower_ in QUOTE_ONLY_FORMS and _is_verb(token)


def _make_clear(token: Token) -> bool:
    return token.lower_ in MAKE_FORMS and any(c.lower_ in CLEAR_WORDS for c in token.children)


def _subject(token: Token, depth: int = 0) -> Token | None:
    """The speaker mention of a reporting verb, inherited through "he said, claiming ...",
    "... before noting", "issued a statement saying"."""
    for child in token.children:
        if child.dep_ == "nsubj":
            return child
    for child in token.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    head = token.head
    if token.dep_ == "relcl":
        return head
    if head.i == token.i or depth >= SUBJECT_DEPTH:
        return _inverted_subject(token)
    if token.dep_ in ("conj", "advcl", "xcomp"):
        return _subject(head, depth + 1)
    if token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
        return _subject(head.head, depth + 1)  # "... by saying", "before noting"
    if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "issued a statement saying": whoever issued it; "an email showing": the email.
        if head.dep_ in ("dobj", "pobj") and head.head.pos_ in ("VERB", "ADP"):
            issuer = _subject(head.head if head.dep_ == "dobj" else head.head.head, depth + 1)
            if issuer is not None:
                return issuer
        return head
    return _inverted_subject(token)


def _inverted_subject(token: Token) -> Token | None:
    """ "..., said Caddell" parsed without a subject: the name right after the verb."""
    doc = token.doc
    if token.i + 1 >= len(doc) or token.i == 0:
        return None
    before, after = doc[token.i - 1], doc[token.i + 1]
    if before.text not in (",", "”", '"', "''") and before.dep_ != "punct":
        return None
    if after.pos_ == "PROPN" or after.ent_type_ == "PERSON":
        last = after
        while last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "PROPN":
            last = doc[last.i + 1]
        return last
    if after.lower_ in ("the", "a", "an") and after.head.pos_ in ("NOUN", "PROPN"):
        return after.head  # "said the mayor"
    return None


def _cue_text(token: Token) -> tuple[str, TextSpan]:
    """The reporting expression as written: the verb with its particle, hearer or medium
    ("told CNN", "wrote on X", "pointed out")."""
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and end - token.i <= 3:
        nxt = doc[end]
        if nxt.head.i == token.i and nxt.dep_ in ("prt", "dative"):
            end += 1
        elif (
            nxt.dep_ in ("dobj", "compound", "dative")
            and nxt.pos_ == "PROPN"
            and REPORTING_FORMS.get(token.lower_) in HEARER_VERBS
        ):
            end += 1  # "told CNN", "told Fox News"
        elif nxt.lower_ in ("on", "to") and end + 1 < len(doc) and end == token.i + 1:
            medium = doc[end + 1]
            if medium.text[:1].isupper() and medium.pos_ in ("PROPN", "NOUN", "X", ""):
                end += 2  # "wrote on X", "said on CNN"
            break
        else:
            break
    span = doc[token.i : end]
    start_char, end_char = span.start_char, span.end_char
    last = doc[end - 1].text
    if end - 1 > token.i and last.endswith(".") and "." not in last[:-1] and len(last) > 1:
        end_char -= 1  # "on X." at the end of a sentence: the full stop is not the medium's
    return span.text[: end_char - start_char], TextSpan(start_char, end_char)


class _Regions:
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


def _trimmed(doc: Doc, first: int, last: int, regions: _Regions) -> tuple[int, int] | None:
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


def _clause_end(head: Token) -> int:
    """Last token of a reported clause, leaving out a trailing participle clause that is the
    writer's ("..., blaming Iran for ...")."""
    doc = head.doc
    last = head.right_edge.i
    for child in reversed(list(head.rights)):
        before = child.left_edge.i - 1
        if (
            child.dep_ in ("advcl", "conj", "xcomp")
            and child.tag_ == "VBG"
            and before > head.i
            and doc[before].text in (",", "—", "–", "--")
        ):
            last = before - 1
            continue
        # "... and suggested that ...": a second attribution, not more of the first content.
        if child.dep_ == "conj" and child.lower_ in REPORTING_FORMS and before > head.i:
            while before > head.i and (doc[before].dep_ == "cc" or doc[before].is_punct):
                before -= 1
            last = before
            continue
        break
    return last


def _content(cue: Token, regions: _Regions) -> tuple[int, int] | None:
    """The reported content governed by a reporting verb."""
    doc = cue.doc
    comps = [c for c in cue.children if c.dep_ == "ccomp" and c.lower_ not in CLEAR_WORDS]
    for clear in (c for c in cue.children if c.lower_ in CLEAR_WORDS):
        comps.extend(c for c in clear.children if c.dep_ == "ccomp")
    right = [c for c in comps if c.i > cue.i]
    left = [c for c in comps if c.i < cue.i and not _reporting(c)]
    chosen = right[0] if right else (left[-1] if left else None)
    if chosen is not None and chosen.i < cue.i:
        adjacent = _region_before(cue, regions)
        if adjacent is not None:
            return adjacent  # "“...,” she said": the quotation, not the parse's clause
    if chosen is not None:
        return _trimmed(doc, chosen.left_edge.i, _clause_end(chosen), regions)
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    for child in cue.children:
        if child.dep_ in ("dobj", "oprd", "attr", "xcomp", "npadvmod", "advcl", "dep", "prep"):
            first, last = child.left_edge.i, child.right_edge.i
            hits = regions.overlapping(doc[first].idx, doc[last].idx + len(doc[last].text))
            if hits:
                if objects and objects[0].i < first:
                    first = objects[0].left_edge.i  # "called the plan “a disgrace”"
                return _trimmed(doc, first, last, regions)
    # "The plan, officials said, will cost ...": a parenthetical attribution of its clause.
    head = cue.head
    if cue.dep_ == "parataxis" and head.i != cue.i and _subject(cue) is not None:
        first, last = head.left_edge.i, _clause_end(head)
        if not regions.overlapping(doc[first].idx, doc[last].idx + len(doc[last].text)):
            return _trimmed(doc, first, last, regions)  # quotations are attributed on their own
    # "the Pentagon warning the US will take ...": the parser hangs the clause above the verb.
    head = cue.head
    if cue.dep_ in ("csubj", "nsubj") and head.i > cue.i and head.right_edge.i > cue.i + 2:
        span = _trimmed(doc, cue.i + 1, head.right_edge.i, regions)
        if span is not None and any(
            t.tag_ == "MD" or t.tag_ in ("VBD", "VBZ", "VBP")
            for t in doc[cue.i + 1 : head.right_edge.i + 1]
        ):
            return span
    return None


def _region_before(cue: Token, regions: _Regions) -> tuple[int, int] | None:
    """A quotation that ends right before the attribution it belongs to: "“...,” she said",
    "“...,” said the mayor"."""
    doc = cue.doc
    first = min(
        [cue.i] + [c.left_edge.i for c in cue.lefts if c.dep_ in ("nsubj", "advmod", "aux")]
    )
    i = first - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and regions.of_token[i] == -1:
        i -= 1
    if i < 0 or regions.of_token[i] == -1 or first - i > 4:
        return None
    region = regions.regions[regions.of_token[i]]
    return region.start, region.end


def _passive_participle(token: Token) -> bool:
    """ "Asked whether he would resign, ...": the subject was asked, not the one asking."""
    if token.tag_ != "VBN":
        return False
    return not any(
        c.dep_ in ("aux", "agent") and c.lower_ in ("has", "have", "had", "having", "'ve", "by")
        for c in token.children
    )


def _reported(token: Token) -> bool:
    """Whether `token` sits inside the content of a reporting verb ("an aide said Clinton plans
    to ..."): the outer attribution is the claim, an inner stance is part of its content."""
    for _ in range(6):
        if token.dep_ == "ccomp" and _reporting(token.head):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _agentive(subject: Token | None) -> bool:
    """Whether a subject can hold a stance: a person, a group or an institution by name, or a
    personal pronoun, not "the bill" or "the plan"."""
    if subject is None:
        return False
    if subject.lower_ in AGENT_PRONOUNS:
        return True
    return subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subject.pos_ == "PROPN"


def _object_content(cue: Token, regions: _Regions) -> tuple[int, int] | None:
    """What a stance or intention verb is about: its infinitive ("vowed to fight on", "urged
    voters to stay home") or its object ("denied the report")."""
    doc = cue.doc
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    if cue.lower_ in INTENT_FORMS:
        for child in cue.children:
            if (
                child.dep_ == "xcomp"
                and child.i > cue.i
                and any(g.lower_ == "to" and g.dep_ == "aux" for g in child.children)
            ):
                first = objects[0].left_edge.i if objects and objects[0].i < child.i else None
                return _trimmed(
                    doc,
                    first if first is not None else child.left_edge.i,
                    _clause_end(child),
                    regions,
                )
        return None
    if cue.lower_ in STANCE_FORMS and objects:
        obj = objects[0]
        if obj.pos_ == "PRON" or obj.right_edge.i == obj.left_edge.i and obj.pos_ != "PROPN":
            return None  # "denied it": nothing an editor could check
        last = obj.right_edge.i
        # "blamed Obama for the downturn", "cited the remarks as examples of ...".
        for child in cue.rights:
            if (
                child.i > last
                and child.dep_ in ("prep", "oprd", "xcomp", "advcl")
                and (child.dep_ != "prep" or child.lower_ in ("for", "as", "over", "of", "about"))
            ):
                if doc[child.i - 1].is_punct:
                    break
                last = child.right_edge.i
        return _trimmed(doc, obj.left_edge.i, last, regions)
    return None


def _topic_content(cue: Token, regions: _Regions) -> tuple[int, int] | None:
    """What a verb of speaking is about, through its preposition: "warned of a recession",
    "called for a ceasefire", "talked about the economy"."""
    for child in cue.rights:
        if child.dep_ != "prep" or child.lower_ not in TOPIC_PREPOSITIONS:
            continue
        if child.i - cue.i > 3:
            return None
        obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            return None
        if obj.pos_ == "PRON" and obj.right_edge.i == obj.i:
            return None
        return _trimmed(cue.doc, obj.left_edge.i, obj.right_edge.i, regions)
    return None


def _according(
    token: Token, regions: _Regions, ctx: DocContext
) -> tuple[Token | None, tuple[int, int] | None]:
    """ "according to X, CLAUSE": X speaks, the clause around the phrase is the content."""
    doc = token.doc
    to = doc[token.i + 1]
    speaker = next((c for c in to.children if c.dep_ == "pobj"), None)
    if speaker is None:
        speaker = next((c for c in token.children if c.dep_ == "pobj"), None)
    phrase_first = token.i
    phrase_last = max(token.right_edge.i, to.right_edge.i)
    clause = token.head
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    sent = ctx.sent(token.i)
    first, last = max(clause.left_edge.i, sent.start), min(clause.right_edge.i, sent.end - 1)
    if phrase_first - first > last - phrase_last:
        span = _trimmed(doc, first, phrase_first - 1, regions)
    else:
        span = _trimmed(doc, phrase_last + 1, last, regions)
    return speaker, span


# --------------------------------------------------------------------------- drafts


def _kind(start: int, end: int, regions: _Regions) -> tuple[str, int, int]:
    hits = regions.overlapping(start, end)
    if not hits:
        return "indirect", start, end
    quoted = sum(regions.regions[k].end - regions.regions[k].start for k in hits)
    if len(hits) == 1 and quoted >= DIRECT_SHARE * (end - start):
        region = regions.regions[hits[0]]
        return "direct", region.start, region.end
    return "mixed", start, end


def _window_cue(doc: Doc, first: int, step: int, regions: _Regions, own: int) -> Token | None:
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
            if _reporting(token) or _quote_only(token) or _make_clear(token):
                return token
        i += step
    return None


def _cue_subject(cue: Token) -> Token | None:
    subject = _subject(cue)
    if subject is not None:
        return subject
    doc = cue.doc
    # "said Caddell" without a parse to say so: the name next to the verb.
    for i in (cue.i + 1, cue.i - 1):
        if 0 <= i < len(doc) and (doc[i].pos_ in ("PROPN", "PRON") or doc[i].ent_type_ == "PERSON"):
            return doc[i]
    return None


@dataclass(slots=True)
class _Cue:
    """A reporting expression and what it attributes."""

    subject: Token | None
    span: tuple[int, int]
    text: str
    text_span: TextSpan
    confidence: float


def _cue_at(token: Token, regions: _Regions, ctx: DocContext) -> _Cue | None:
    """The attribution `token` introduces, if it is a cue word with content."""
    doc = ctx.doc
    if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        subject, span = _according(token, regions, ctx)
        if span is None:
            return None
        to = doc[token.i + 1]
        text_span = TextSpan(token.idx, to.idx + len(to.text))
        return _Cue(subject, span, doc[token.i : token.i + 2].text, text_span, 0.7)
    if not _is_verb(token) or _passive_participle(token):
        return None
    span = None
    confidence = 0.75 if _reporting(token) else 0.6
    if _reporting(token) or _make_clear(token) or _quote_only(token):
        span = _content(token, regions)
    # Weaker cues (stances, intentions, topics) need a subject that can hold a view and must
    # not sit inside someone else's reported words.
    stance = token.lower_ in STANCE_FORMS or token.lower_ in INTENT_FORMS
    weak_ok = span is None and _agentive(_subject(token)) and not _reported(token)
    if weak_ok and stance:
        span = _object_content(token, regions)
        confidence = 0.5
    topical = stance or token.lower_ in TOPIC_FORMS or _reporting(token)
    if span is None and weak_ok and topical:
        span = _topic_content(token, regions)
        confidence = 0.45
    if span is None:
        return None
    text, text_span = _cue_text(token)
    return _Cue(_subject(token), span, text, text_span, confidence)


def _drafts(ctx: DocContext, regions: _Regions) -> list[_Draft]:
    """Every candidate before speakers are resolved: cue-driven first, then the quotations
    no cue claimed, then split and multi-paragraph quotes linked to their other parts.
    Dropped drafts keep their place (start -1) so `inherit` indices stay valid."""
    drafts: list[_Draft] = []
    owner: dict[int, int] = {}  # region -> the cue-driven draft that is exactly that quote
    used_regions = _cue_drafts(ctx, regions, drafts, owner)
    region_draft = _region_drafts(ctx, regions, drafts, used_regions)
    _link_parts(ctx, regions, drafts, owner | region_draft, region_draft)
    return drafts


def _cue_drafts(
    ctx: DocContext, regions: _Regions, drafts: list[_Draft], owner: dict[int, int]
) -> set[int]:
    """Drafts from reporting verbs and "according to"; returns the regions they cover."""
    used_regions: set[int] = set()
    for token in ctx.doc:
        if token.lower_ not in _CUE_WORDS:
            continue
        cue = _cue_at(token, regions, ctx)
        if cue is None:
            continue
        kind, start, end = _kind(cue.span[0], cue.span[1], regions)
        if kind == "indirect" and _quote_only(token):
            continue
        own = regions.of_token[token.i]
        if (
            own != -1
            and kind == "direct"
            and (start, end)
            == (
                regions.regions[own].start,
                regions.regions[own].end,
            )
        ):
            continue  # a verb inside a quotation cannot attribute the quotation itself
        confidence = cue.confidence
        if kind != "indirect":
            hits = regions.overlapping(start, end)
            used_regions.update(hits)
            if kind == "direct" and len(hits) == 1:
                owner[hits[0]] = len(drafts)
            confidence += 0.1
        if cue.subject is None:
            confidence -= 0.2
        drafts.append(
            _Draft(
                start,
                end,
                kind,
                token,
                cue.text,
                cue.text_span,
                cue.subject,
                None,
                False,
                confidence,
                ctx.sent_start(token.i),
            )
        )
    return used_regions


def _region_drafts(
    ctx: DocContext, regions: _Regions, drafts: list[_Draft], used_regions: set[int]
) -> dict[int, int]:
    """Drafts for quotations no cue claimed, attributed from the words around them; returns
    region -> draft index."""
    doc = ctx.doc
    region_draft: dict[int, int] = {}
    for k, region in enumerate(regions.regions):
        if k in used_regions:
            continue
        toks = _token_range(doc, region)
        if not toks:
            continue
        first, last = toks[0], toks[-1]
        cue = _window_cue(doc, last + 1, 1, regions, k)
        if cue is None:
            cue = _window_cue(doc, first - 1, -1, regions, k)
        if cue is None and region.words > 0:
            cue = _colon_cue(ctx, first, regions)
        kind = "direct" if _starts_sentence(ctx.text, first, region) else "mixed"
        draft = _Draft(
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
            draft.cue_text, draft.cue_span = _cue_text(cue)
            draft.subject = _cue_subject(cue)
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


def _link_parts(
    ctx: DocContext,
    regions: _Regions,
    drafts: list[_Draft],
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


def _token_range(doc: Doc, region: Region) -> list[int]:
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    if span is None:
        return []
    return list(range(span.start, span.end))


def _starts_sentence(text: str, first: int, region: Region) -> bool:
    before = text[max(0, region.start - 3) : region.start].strip()
    return not before or before[-1] in ".!?:\n" or before[-1] in '”"' or first == 0


def _colon_cue(ctx: DocContext, first: int, regions: _Regions) -> Token | None:
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


def _partner(
    k: int, regions: _Regions, region_draft: dict[int, int], drafts: list[_Draft], text: str
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


# --------------------------------------------------------------------------- resolution


def find_quotes(
    doc: Doc, speakers: Speakers | None = None, ctx: DocContext | None = None
) -> list[QuoteCandidate]:
    """Quote candidates in `doc`, in text order, speakers resolved."""
    ctx = ctx or DocContext(doc)
    text = ctx.text
    if not text.strip() or len(doc) == 0:
        return []
    speakers = speakers or Speakers(doc, ctx)
    regions = _Regions(doc, find_regions(text))
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


def _speaker_name(draft: _Draft, drafts: list[_Draft], speakers: Speakers) -> str | None:
    mention = drafts[draft.inherit].mention if draft.inherit is not None else draft.mention
    return speakers.canonical(mention.name) if mention is not None else None


def _restated(drafts: list[_Draft], speakers: Speakers) -> set[int]:
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


def _resolve(ctx: DocContext, drafts: list[_Draft], speakers: Speakers, regions: _Regions) -> None:
    """Resolve speakers sentence by sentence, so pronouns see only what came before."""
    by_sent: dict[int, list[_Draft]] = {}
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
