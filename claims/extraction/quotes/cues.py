"""Reporting verbs and who uses them: whether a token is a cue, its speaker mention and the cue
as written ("told CNN", "wrote on X")."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import (
    CLEAR_WORDS,
    HEARER_VERBS,
    MAKE_FORMS,
    QUOTE_ONLY_FORMS,
    REPORTING_FORMS,
)
from ..speakers import in_dateline
from ..types import TextSpan

# How far a participle or conjoined verb climbs to find its subject ("he said, adding ...,
# before noting ..."); each step is one verb up the parse.
SUBJECT_DEPTH = 4


def is_verb(token: Token) -> bool:
    """Whether `token` is a verb, or untagged (a hand-built Doc), so it may be a cue."""
    tag = token.tag_
    return tag.startswith("VB") or token.pos_ in ("VERB", "AUX") or (not tag and not token.pos_)


def reporting(token: Token) -> bool:
    """A reporting verb used as a verb: "said", "argues", "tweeted"."""
    return token.lower_ in REPORTING_FORMS and is_verb(token)


def quote_only(token: Token) -> bool:
    """A verb that introduces only a quotation next to it: "Caddell continued: ..."."""
    return token.lower_ in QUOTE_ONLY_FORMS and is_verb(token)


def make_clear(token: Token) -> bool:
    """ "made it clear", "made known": a two-word cue that works like a reporting verb."""
    return token.lower_ in MAKE_FORMS and any(c.lower_ in CLEAR_WORDS for c in token.children)


def subject_of(token: Token, depth: int = 0) -> Token | None:
    """The speaker mention of a reporting verb, inherited through "he said, claiming ...",
    "... before noting", "issued a statement saying"."""
    subjects = [c for c in token.children if c.dep_ == "nsubj" and _may_speak(c)]
    if subjects:  # "PHILADELPHIA — '...,' the mayor said": the nearest that may speak
        return min(subjects, key=lambda c: abs(c.i - token.i))
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
        return subject_of(head, depth + 1)
    if token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
        return subject_of(head.head, depth + 1)  # "... by saying", "before noting"
    if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "issued a statement saying": whoever issued it; "an email showing": the email.
        if head.dep_ in ("dobj", "pobj") and head.head.pos_ in ("VERB", "ADP"):
            issuer = subject_of(head.head if head.dep_ == "dobj" else head.head.head, depth + 1)
            if issuer is not None:
                return issuer
        return head
    return _inverted_subject(token)


def _may_speak(token: Token) -> bool:
    """Not a dateline ("PHILADELPHIA —") nor a time or date the parser made a subject."""
    return token.ent_type_ not in ("TIME", "DATE") and not in_dateline(token)


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


def cue_subject(cue: Token) -> Token | None:
    subject = subject_of(cue)
    if subject is not None:
        return subject
    doc = cue.doc
    # "said Caddell" without a parse to say so: the name next to the verb.
    for i in (cue.i + 1, cue.i - 1):
        if 0 <= i < len(doc) and (doc[i].pos_ in ("PROPN", "PRON") or doc[i].ent_type_ == "PERSON"):
            return doc[i]
    return None


def cue_text(token: Token) -> tuple[str, TextSpan]:
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
