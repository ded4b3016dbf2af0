"""Reported speech: the content a reporting verb or "according to" governs, direct, mixed or
indirect ("she said that ...", "denied the report", "warned of a recession")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..context import DocContext
from ..lexicon import (
    AGENT_NOUNS,
    AGENT_PRONOUNS,
    CLEAR_WORDS,
    INTENT_FORMS,
    MAKE_FORMS,
    QUOTE_ONLY_FORMS,
    REPORTING_FORMS,
    STANCE_FORMS,
    TO_TOPIC_FORMS,
    TOPIC_FORMS,
    TOPIC_PREPOSITIONS,
)
from ..types import TextSpan
from .cues import cue_text, is_verb, make_clear, quote_only, reporting, subject_of
from .draft import Draft
from .learned import learned_cues
from .marks import Regions, quote_kind, trimmed

_CUE_WORDS = (
    frozenset(REPORTING_FORMS)
    | frozenset(QUOTE_ONLY_FORMS)
    | frozenset(STANCE_FORMS)
    | frozenset(INTENT_FORMS)
    | frozenset(TOPIC_FORMS)
    | MAKE_FORMS
    | {"according"}
)


def cue_drafts(
    ctx: DocContext, regions: Regions, drafts: list[Draft], owner: dict[int, int]
) -> set[int]:
    """Drafts from reporting verbs and "according to"; returns the regions they cover."""
    used_regions: set[int] = set()
    learned = learned_cues(ctx.doc)
    for token in ctx.doc:
        cue = _cue_at(token, regions, ctx) if token.lower_ in _CUE_WORDS else None
        if cue is None and token.lower_ not in _CUE_WORDS:
            cue = _clause_cue(token, regions)
        if cue is None and token.i in learned:
            cue = _learned_cue(token, regions, learned[token.i])
        if cue is None:
            continue
        kind, start, end = quote_kind(cue.span[0], cue.span[1], regions)
        if kind == "indirect" and quote_only(token) and not _about(token):
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
            Draft(
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


@dataclass(slots=True)
class _Cue:
    """A reporting expression and what it attributes."""

    subject: Token | None
    span: tuple[int, int]
    text: str
    text_span: TextSpan
    confidence: float


def _cue_at(token: Token, regions: Regions, ctx: DocContext) -> _Cue | None:
    """The attribution `token` introduces, if it is a cue word with content."""
    doc = ctx.doc
    if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        subject, span = _according(token, regions, ctx)
        if span is None:
            return None
        to = doc[token.i + 1]
        text_span = TextSpan(token.idx, to.idx + len(to.text))
        return _Cue(subject, span, doc[token.i : token.i + 2].text, text_span, 0.7)
    if is_verb(token) and reporting(token) and _passive_participle(token):
        span = _passive_report(token, regions)
        if span is None:
            return None
        text, text_span = cue_text(token)
        return _Cue(None, span, text, text_span, 0.6)
    if not is_verb(token) or _passive_participle(token) or _that_said(token):
        return None
    span = None
    confidence = 0.75 if reporting(token) else 0.6
    if reporting(token) or make_clear(token) or quote_only(token):
        span = _content(token, regions)
    if (
        span is not None
        and quote_only(token)
        and not reporting(token)
        and quote_kind(span[0], span[1], regions)[0] == "indirect"
    ):
        span = None  # "called" with no quotation: what it is about may still count
    # Weaker cues (stances, intentions, topics) need a subject that can hold a view and must
    # not sit inside someone else's reported words.
    stance = token.lower_ in STANCE_FORMS or token.lower_ in INTENT_FORMS
    weak_ok = (
        span is None
        and _agentive(subject_of(token))
        and not _reported(token)
        and not _what_the_object_did(token)
    )
    if weak_ok and stance:
        span = _object_content(token, regions)
        confidence = 0.5
    topical = stance or token.lower_ in TOPIC_FORMS or reporting(token)
    if span is None and weak_ok and topical:
        span = _topic_content(token, regions)
        confidence = 0.45
    if span is None:
        return None
    text, text_span = cue_text(token)
    return _Cue(subject_of(token), span, text, text_span, confidence)


def _clause_cue(token: Token, regions: Regions) -> _Cue | None:
    """A verb outside the word lists that takes a "that" or "whether" clause from someone who
    can hold a view ("the group recognizes that ...", "she stressed that ..."): in English only
    verbs of saying, thinking and finding take such a clause, so it is reported content."""
    if not is_verb(token) or _passive_participle(token):
        return None
    clause = next(
        (
            c
            for c in token.rights
            if c.dep_ == "ccomp"
            and any(g.dep_ == "mark" and g.lower_ in _CLAUSE_MARKS for g in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    subject = subject_of(token)
    if not _agentive(subject) or _reported(token):
        return None
    span = trimmed(token.doc, clause.left_edge.i, _clause_end(clause), regions)
    if span is None:
        return None
    text, text_span = cue_text(token)
    return _Cue(subject, span, text, text_span, 0.5)


# Words that open a reported clause after a verb of saying or thinking.
_CLAUSE_MARKS = frozenset({"that", "whether"})


def _about(token: Token) -> bool:
    """Whether a verb that takes a quotation only also says what it is about when used as a
    stance, intention or topic ("called for a ban", "called on the mayor to resign")."""
    return any(token.lower_ in forms for forms in (STANCE_FORMS, INTENT_FORMS, TOPIC_FORMS))


def _what_the_object_did(token: Token) -> bool:
    """ "criticized Biden for calling for a ceasefire": the call is Biden's, not the critic's,
    and it is part of what the critic said, not a claim of its own."""
    head = token.head
    if token.dep_ != "pcomp" or head.dep_ != "prep" or head.lower_ not in ("for", "of"):
        return False
    return any(c.dep_ == "dobj" and c.i < head.i for c in head.head.children)


def _that_said(token: Token) -> bool:
    """ "That said, ...", "This being said, ...": a linking phrase, nobody speaks."""
    doc = token.doc
    if token.lower_ != "said" or token.i + 1 >= len(doc) or doc[token.i + 1].text != ",":
        return False
    first = token.i - 1
    if first >= 0 and doc[first].lower_ == "being":
        first -= 1
    return (
        first >= 0
        and doc[first].lower_ in ("that", "this")
        and (first == 0 or doc[first].is_sent_start or doc[first - 1].is_punct)
    )


def _content(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """The reported content governed by a reporting verb."""
    doc = cue.doc
    comps = [c for c in cue.children if c.dep_ == "ccomp" and c.lower_ not in CLEAR_WORDS]
    for clear in (c for c in cue.children if c.lower_ in CLEAR_WORDS):
        comps.extend(c for c in clear.children if c.dep_ == "ccomp")
    right = [c for c in comps if c.i > cue.i]
    left = [c for c in comps if c.i < cue.i and not reporting(c)]
    chosen = right[0] if right else (left[-1] if left else None)
    if chosen is not None and chosen.i < cue.i:
        adjacent = _region_before(cue, regions)
        if adjacent is not None:
            return adjacent  # "“...,” she said": the quotation, not the parse's clause
    if chosen is not None:
        return trimmed(doc, chosen.left_edge.i, _second_clause_end(cue, chosen), regions)
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    for child in cue.children:
        if child.dep_ in ("dobj", "oprd", "attr", "xcomp", "npadvmod", "advcl", "dep", "prep"):
            first, last = child.left_edge.i, child.right_edge.i
            hits = regions.overlapping(doc[first].idx, doc[last].idx + len(doc[last].text))
            if hits:
                if objects and objects[0].i < first:
                    first = objects[0].left_edge.i  # "called the plan “a disgrace”"
                return trimmed(doc, first, last, regions)
    # "The plan, officials said, will cost ...": a parenthetical attribution of its clause.
    head = cue.head
    if cue.dep_ == "parataxis" and head.i != cue.i and subject_of(cue) is not None:
        last = _clause_end(head)
        span = trimmed(doc, head.left_edge.i, last, regions)
        after = None
        if last > cue.right_edge.i:
            after = trimmed(doc, cue.right_edge.i + 1, last, regions)
        # A clause that is one quotation, that the verb only introduces ("Asked why, the mayor
        # said, “We will build it.”") or that ends right before it ("“We will build it,” the
        # mayor said, not even needing ..."), is attributed as that quotation, on its own; one
        # that quotes only some words ("A shorter season, the coach said, would make the league
        # ''far more competitive''") is a mixed quote, parenthesis included.
        if (
            span is not None
            and after is not None
            and quote_kind(span[0], span[1], regions)[0] != "direct"
            and quote_kind(after[0], after[1], regions)[0] != "direct"
            and _region_before(cue, regions) is None
        ):
            return span
    # "the Pentagon warning the US will take ...": the parser hangs the clause above the verb.
    head = cue.head
    if cue.dep_ in ("csubj", "nsubj") and head.i > cue.i and head.right_edge.i > cue.i + 2:
        span = trimmed(doc, cue.i + 1, head.right_edge.i, regions)
        if span is not None and any(
            t.tag_ == "MD" or t.tag_ in ("VBD", "VBZ", "VBP")
            for t in doc[cue.i + 1 : head.right_edge.i + 1]
        ):
            return span
    return None


def _second_clause_end(cue: Token, clause: Token) -> int:
    """End of a reported clause, with a second one the parser hung on the verb: "said that the
    deal was close and that talks would resume" reports both."""
    last = _clause_end(clause)
    if clause.i < cue.i:
        return last
    for child in cue.rights:
        if (
            child.dep_ == "conj"
            and child.i > last
            and any(g.dep_ == "mark" and g.lower_ in _CLAUSE_MARKS for g in child.children)
        ):
            last = _clause_end(child)
    return last


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


def _region_before(cue: Token, regions: Regions) -> tuple[int, int] | None:
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


def _passive_report(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """What a reporting verb in the passive reports when no one is named as saying it: "the
    bank is expected to act in December", "he was said to have read every telegram" (the
    sentence's own subject is part of the claim), "she was asked whether she would run" (the
    question)."""
    doc = cue.doc
    if any(c.dep_ == "agent" for c in cue.children) or not any(
        c.dep_ == "auxpass" for c in cue.children
    ):
        return None  # "Asked whether she would resign, the minister replied": her reply counts
    for child in cue.rights:
        if child.dep_ == "ccomp" and any(
            g.tag_ in ("WDT", "WP", "WRB") or (g.dep_ == "mark" and g.lower_ in ("if", "whether"))
            for g in child.subtree
            if g.i <= child.i
        ):
            return trimmed(doc, child.left_edge.i, _clause_end(child), regions)
        if child.dep_ == "xcomp" and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in child.children
        ):
            subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            first = child.left_edge.i
            if subject is not None and subject.lower_ not in ("it", "there"):
                first = subject.left_edge.i
            return trimmed(doc, first, _clause_end(child), regions)
    return None


def _reported(token: Token) -> bool:
    """Whether `token` sits inside the content of a reporting verb ("an aide said Clinton plans
    to ..."): the outer attribution is the claim, an inner stance is part of its content."""
    for _ in range(6):
        if token.dep_ == "ccomp" and reporting(token.head):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _agentive(subject: Token | None) -> bool:
    """Whether a subject can hold a stance: a person, a group or an institution by name or by
    a noun for one ("the campaign", "economists"), a personal pronoun, or "who"/"which" standing
    for one of those; not "the bill" or "the plan"."""
    if subject is None:
        return False
    if subject.lower_ in AGENT_PRONOUNS:
        return True
    if subject.lower_ in ("which", "that") and subject.head.dep_ == "relcl":
        return _agentive(subject.head.head)
    if subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subject.pos_ == "PROPN":
        return True
    return subject.pos_ == "NOUN" and _singular(subject.lower_) in AGENT_NOUNS


def _singular(noun: str) -> str:
    """A plural noun's singular, for matching a word list of singulars ("critics", "parties")."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("men"):
        return noun[:-3] + "man"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _object_content(cue: Token, regions: Regions) -> tuple[int, int] | None:
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
                for prep in (c for c in cue.rights if c.lower_ in _ON_FOR and c.i < child.i):
                    # "called on the mayor to resign", "pushed for a prosecutor to oversee it"
                    obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    first = obj.left_edge.i if obj is not None and first is None else first
                return trimmed(
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
                if doc[child.left_edge.i - 1].is_punct or _own_subject(child):
                    break  # "..., as its forces launch attacks": the writer's circumstance
                last = _phrase_end(child)
        return trimmed(doc, obj.left_edge.i, last, regions)
    return None


# Prepositions whose object is the one an intention asks something of.
_ON_FOR = frozenset({"on", "upon", "for"})


def _own_subject(clause: Token) -> bool:
    """Whether a clause hung on a verb has a subject of its own, so it says something else
    than what the verb does to its object."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)


def _topic_content(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """What a verb of speaking is about, through its preposition: "warned of a recession",
    "called for a ceasefire", "talked about the economy"."""
    prepositions = TOPIC_PREPOSITIONS | ({"to"} if cue.lower_ in TO_TOPIC_FORMS else set())
    for child in cue.rights:
        if child.dep_ != "prep" or child.lower_ not in prepositions:
            continue
        if child.i - cue.i > 3:
            return None
        obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            return None
        if obj.pos_ == "PRON" and obj.right_edge.i == obj.i:
            return None
        return trimmed(cue.doc, obj.left_edge.i, obj.right_edge.i, regions)
    return None


def _according(
    token: Token, regions: Regions, ctx: DocContext
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
        span = trimmed(doc, first, phrase_first - 1, regions)
    else:
        span = trimmed(doc, phrase_last + 1, last, regions)
    return speaker, span


# Dependents of a cue noun or adjective that hold what is attributed: "the claim that ...",
# "criticism of the plan", "critical of the deal", "a warning about ...".
_NOUN_CLAUSES = frozenset({"acl", "ccomp", "relcl"})
_NOUN_PREPOSITIONS = frozenset({"of", "about", "on", "over", "against", "that", "for"})
# Prepositions that finish what a verb does to its object ("accused Clinton of lying",
# "compared Cruz with Wallace", "backed Crist against Rubio"); "in", "on", "at" say where or
# when, which is the writer's.
_OBJECT_PREPOSITIONS = frozenset(
    {"for", "as", "of", "over", "about", "with", "against", "to", "from", "into"}
)


def _learned_cue(token: Token, regions: Regions, score: float) -> _Cue | None:
    """The attribution of a cue the trained cue finder marked and the word lists do not know:
    the content and the source around it, found by the same parse rules as for listed cues."""
    if token.is_punct or token.is_space or regions.of_token[token.i] != -1:
        return None
    if is_verb(token):
        if _passive_participle(token) and _passive_subject(token, regions) is None:
            return None
        span = _content(token, regions) or _verb_object(token, regions)
        span = span or _topic_content(token, regions)
        subject = subject_of(token)
    elif token.pos_ in ("NOUN", "ADJ", "PROPN"):
        span = _noun_content(token, regions)
        subject = _noun_source(token)
    else:
        return None
    if span is None:
        return None
    text, text_span = cue_text(token)
    return _Cue(subject, span, text, text_span, 0.35 + 0.3 * score)


def _verb_object(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """What a verb outside the word lists is about: its infinitive ("pledged to repeal it"),
    its object ("criticized President Obama as weak", "accused Clinton of lying"), or, in the
    passive, its subject ("the plan, opposed by the unions")."""
    doc = cue.doc
    for child in cue.rights:
        if child.dep_ == "xcomp" and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in child.children
        ):
            return trimmed(doc, child.left_edge.i, _phrase_end(child), regions)
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    if not objects:
        return _passive_subject(cue, regions)
    obj = objects[0]
    if obj.pos_ == "PRON" and obj.right_edge.i == obj.i:
        return None  # "denied it": nothing an editor could check
    last = _phrase_end(obj)
    for child in cue.rights:
        if child.i <= last or doc[child.left_edge.i - 1].is_punct:
            continue
        if child.dep_ in ("oprd", "xcomp") or (
            child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS
        ):
            last = _phrase_end(child)
        break
    return trimmed(doc, obj.left_edge.i, last, regions)


def _passive_subject(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """The subject of a passive cue with an agent: "Sanders was endorsed by the union",
    "Assad, opposed by the U.S., ...": what the agent holds a view of."""
    if cue.tag_ != "VBN" or not any(c.dep_ == "agent" for c in cue.children):
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subject is None and cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):
        subject = cue.head
        return trimmed(cue.doc, subject.left_edge.i, subject.i, regions)
    if subject is None:
        return None
    return trimmed(cue.doc, subject.left_edge.i, _phrase_end(subject), regions)


def _phrase_end(head: Token, depth: int = 0) -> int:
    """Last token of the phrase `head` heads, without what a comma or dash hangs on it (an
    appositive, a relative clause, a participle: the writer's gloss, not the attributed words),
    also further down the phrase's last word ("Biden for calling for a ceasefire, adding ...")."""
    doc = head.doc
    last = head.right_edge.i
    rights = list(head.rights)
    for child in rights:
        before = child.left_edge.i - 1
        if (
            child.dep_ in ("appos", "relcl", "acl", "advcl", "prep", "npadvmod", "parataxis")
            and before > head.i
            and doc[before].text in (",", "—", "–", "--", "(")
        ):
            return before - 1
    if rights and depth < PHRASE_DEPTH and rights[-1].dep_ in ("prep", "pobj", "pcomp", "dobj"):
        return _phrase_end(rights[-1], depth + 1)
    return last


# How far down a phrase's last words `_phrase_end` looks for a gloss hung on them.
PHRASE_DEPTH = 4


def _noun_content(cue: Token, regions: Regions) -> tuple[int, int] | None:
    """What a cue noun or adjective is about: its clause ("the claim that ...") or its
    prepositional object ("criticism of the plan")."""
    doc = cue.doc
    for child in cue.rights:
        if child.dep_ in _NOUN_CLAUSES:
            return trimmed(doc, child.left_edge.i, _clause_end(child), regions)
        if child.dep_ == "prep" and child.lower_ in _NOUN_PREPOSITIONS and child.i - cue.i <= 2:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return trimmed(doc, obj.left_edge.i, _phrase_end(obj), regions)
    return None


def _noun_source(cue: Token) -> Token | None:
    """Whose statement, criticism or view a cue noun is: the possessor ("his criticism"),
    "by"/"from" someone, or the subject of the verb it belongs to ("Trump is a critic of",
    "the group made allegations")."""
    for child in cue.children:
        if child.dep_ == "poss":
            return child
    for child in cue.rights:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if cue.dep_ in ("dobj", "attr", "acomp", "oprd") and cue.head.i != cue.i:
        return subject_of(cue.head)
    return None
