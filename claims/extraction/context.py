"""What every finder needs from a Doc, computed once: its text and its sentences.

``Doc.text`` joins every token on each access and ``Token.sent`` walks the parse, so the
finders read both from here instead of asking the Doc again.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


class DocContext:
    """One Doc's text, sentences and the sentence of each token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.has_ents = doc.has_annotation("ENT_IOB")
        if len(doc) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            self.sents: list[Span] = list(doc.sents)
        else:
            self.sents = [doc[:]]
        self.sent_of: list[int] = []
        for k, sent in enumerate(self.sents):
            self.sent_of.extend([k] * (sent.end - sent.start))

    def sent(self, i: int) -> Span:
        """The sentence of token `i`."""
        return self.sents[self.sent_of[i]]

    def sent_start(self, i: int) -> int:
        """Index of the first token of token `i`'s sentence."""
        return self.sents[self.sent_of[i]].start


def entity_bounds(token: Token) -> tuple[int, int]:
    """Token indices (start, end exclusive) of the entity `token` is part of; the token alone
    when it is in none."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end
