"""Who speaks: mentions, simple rule-based coreference, and the speaker list.

A speaker mention is a token (usually the subject of a reporting verb). ``Speakers`` turns it
into a name: a named entity as written, a common noun through its apposition ("a lawyer ...,
David Schulz"), and "he"/"she" through the most recent salient person (the subject of an
earlier sentence, or the last speaker). Names are made canonical at the end, so "Bolton" and
"he" both come out as "John Bolton" once the article has named him in full anywhere.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .context import DocContext, entity_bounds
from .lexicon import OTHER_PRONOUNS, PERSON_PRONOUNS, TITLES, UNNAMED_SPEAKERS
from .types import SpeakerCandidate, TextSpan

# How many sentences back "he"/"she" may look for a person; beyond that a pronoun is more
# likely to refer to someone the extractor never saw than to someone it did.
PRONOUN_LOOKBACK = 8

# Longest apposition kept as a role ("Hope Hicks, the top spokeswoman for the campaign,").
ROLE_WORDS = 12

PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG", "NORP", "GPE"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependents that belong to a speaker's noun phrase when it is not a named entity.
NP_DEPS = frozenset({"det", "compound", "amod", "nmod", "poss", "case", "nummod", "quantmod"})


# A clock time standing where a name should ("5:45 p.m.", "10.30am").
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?", re.IGNORECASE)
# A dateline opening a line: a place in capitals, maybe its region and the agency, then a dash
# ("PHILADELPHIA —", "GAZA CITY, Gaza Strip -", "WASHINGTON (Reuters) –").
_DATELINE = re.compile(
    r"[^\S\n]*[A-Z][A-Z.'’ -]*[A-Z.](?:,[^\S\n]*[A-Z][\w.'’ -]{0,40})?"
    r"[^\S\n]*(?:\([^)\n]{1,40}\)[^\S\n]*)?[—–-]"
)


def is_speaker_name(name: str | None) -> bool:
    """Whether `name` may be stored as a speaker: not a pronoun or placeholder ("they",
    "That", "Unattributed"), not a clock time; an unresolved mention stays unresolved."""
    if not name:
        return False
    text = name.strip()
    if text.lower() in UNNAMED_SPEAKERS or not any(ch.isalpha() for ch in text):
        return False
    return _TIME.fullmatch(text) is None


def in_dateline(token: Token) -> bool:
    """Whether `token` is part of a line's opening dateline, which never speaks."""
    text = token.doc.text
    line_start = text.rfind("\n", 0, token.idx) + 1
    found = _DATELINE.match(text, line_start)
    return found is not None and token.idx < found.end()


@dataclass(slots=True)
class Mention:
    """A resolved speaker mention: the name it stands for and where it is written."""

    name: str
    span: TextSpan
    is_person: bool
    is_org: bool


@dataclass(slots=True)
class _Entry:
    name: str
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    is_org: bool = False
    organisation: str | None = None


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def _clean_name(text: str) -> str:
    words = _strip_possessive(text.strip()).split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    start, end = entity_bounds(token)
    return Span(token.doc, start, end, label=token.ent_type_)


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None


def _phrase(token: Token) -> Span:
    """The noun phrase headed by `token`, without its post-modifiers."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in NP_DEPS or child.dep_ == "punct" and child.i > start - 2:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    while end < len(doc) and doc[end].dep_ in ("compound", "flat") and doc[end].head.i == token.i:
        end += 1
    return doc[start:end]


class Speakers:
    """Resolves speaker mentions in one Doc and collects the speakers it has seen."""

    def __init__(self, doc: Doc, ctx: DocContext | None = None) -> None:
        self.doc = doc
        self.ctx = ctx or DocContext(doc)
        self.has_ents = self.ctx.has_ents
        self._entries: dict[str, _Entry] = {}
        self._by_surname: dict[str, str] = {}
        # Sentences noted so far (start tokens, ascending: sentences are noted in text order)
        # with the person each is about.
        self._salient_starts: list[int] = []
        self._salient: list[Mention] = []
        self._last_speaker: Mention | None = None
        self._in_sentence: dict[int, list[Mention]] = {}  # sentence start -> speakers so far
        self._collect_people()

    # ------------------------------------------------------------------ registry

    def _collect_people(self) -> None:
        """Register every person entity, so later canonical names can use the fullest form."""
        for ent in self.doc.ents:
            if ent.label_ in PERSON_LABELS:
                name = _clean_name(ent.text)
                if name:
                    self._register(name, is_org=False)

    def _register(
        self,
        name: str,
        *,
        is_org: bool,
        role: str | None = None,
        organisation: str | None = None,
    ) -> str:
        key = name.split()[-1].lower()
        current = self._by_surname.get(key)
        if current is None or (len(name) > len(current) and not is_org):
            if current is not None:
                old = self._entries.pop(current)
                entry = _Entry(
                    name, old.aliases | {current}, old.role, old.is_org and is_org, old.organisation
                )
            else:
                entry = _Entry(name, set(), None, is_org)
            self._entries[name] = entry
            self._by_surname[key] = name
            current = name
        entry = self._entries[current]
        if name != current:
            entry.aliases.add(name)
        if role and not entry.role:
            entry.role = role
            entry.organisation = organisation
        return current

    def canonical(self, name: str) -> str:
        """The fullest form of `name` seen in this document ("Bolton" -> "John Bolton")."""
        words = name.split()
        if not words:
            return name
        found = self._by_surname.get(words[-1].lower())
        if found and (found == name or name in found or len(words) == 1):
            return found
        return name

    # ------------------------------------------------------------------ mentions

    def mention(self, token: Token) -> Mention | None:
        """Resolve the speaker mention headed by `token` (pronouns included)."""
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            antecedent = self._antecedent(token)
            span = TextSpan(token.idx, token.idx + len(token.text))
            if antecedent is None:
                return Mention(token.text, span, True, False)
            return Mention(antecedent.name, span, True, False)
        if lower in ("who", "that", "which") and token.head.dep_ == "relcl":
            head = self.mention(token.head.head) if token.head.head.i != token.i else None
            span = TextSpan(token.idx, token.idx + len(token.text))
            if head is not None:
                return Mention(head.name, span, head.is_person, head.is_org)
        if lower in OTHER_PRONOUNS or token.is_punct or token.is_space:
            span = TextSpan(token.idx, token.idx + len(token.text))
            return Mention(token.text, span, False, False)
        return self._nominal(token)

    def _nominal(self, token: Token) -> Mention | None:
        ent = _entity_of(token) if self.has_ents else None
        if ent is not None and ent.label_ in PERSON_LABELS:
            role = self._role(token, ent.start)
            name = self._register(
                _clean_name(ent.text), is_org=False, role=_text(role), organisation=self._org(role)
            )
            return Mention(name, TextSpan(ent.start_char, ent.end_char), True, False)
        # A common noun that names its person in an apposition or compound
        # ("former advisor ..., John Bolton,", "pollster Pat Caddell").
        appositive = self._appositive(token)
        if appositive is not None:
            role = _phrase(token)
            name = self._register(
                _clean_name(appositive.text),
                is_org=False,
                role=role.text,
                organisation=self._org(role),
            )
            span = TextSpan(_phrase(token).start_char, appositive.end_char)
            return Mention(name, span, True, False)
        if ent is not None and ent.label_ in ORG_LABELS:
            start = ent.start
            if start > 0 and self.doc[start - 1].lower_ == "the":
                start -= 1
            span = self.doc[start : ent.end]
            name = _strip_possessive(span.text)
            self._register(name, is_org=True)
            return Mention(name, TextSpan(span.start_char, span.end_char), False, True)
        if token.pos_ in ("PRON", "DET", "PUNCT", "SPACE", "SYM", "X"):
            return None
        phrase = _phrase(token)
        text = _strip_possessive(phrase.text)
        if not text:
            return None
        # A proper name the NER left unlabelled, or any capitalised phrase in a Doc without
        # entities (a hand-built one), is taken for a person: speakers mostly are.
        is_person = (
            token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper()
        ) or (not self.has_ents and text[:1].isupper())
        if is_person and token.pos_ == "PROPN":
            names = [t for t in phrase if t.pos_ == "PROPN" or t.i == token.i]
            if names:
                name_span = self.doc[names[0].i : token.i + 1]
                role = self._role(token, names[0].i)
                text = self._register(
                    _clean_name(name_span.text),
                    is_org=False,
                    role=_text(role),
                    organisation=self._org(role),
                )
                return Mention(
                    text, TextSpan(name_span.start_char, name_span.end_char), True, False
                )
        return Mention(
            text, TextSpan(phrase.start_char, phrase.start_char + len(text)), is_person, False
        )

    def _role(self, token: Token, name_start: int) -> Span | None:
        """A person's role as the text gives it: a title before the name ("Mayor", "Secretary
        of State") or an apposition after it ("..., the council's budget chair,")."""
        doc = self.doc
        titles = [c.left_edge.i for c in token.lefts if c.dep_ in ("compound", "nmod", "amod")]
        first = min(titles, default=name_start)
        while first < name_start and doc[first].pos_ in ("DET", "PUNCT"):
            first += 1
        if first < name_start:
            return doc[first:name_start]
        for child in token.rights:
            if child.dep_ == "appos" and child.ent_type_ not in PERSON_LABELS:
                last = min(child.right_edge.i, child.i + ROLE_WORDS)
                while last > child.i and doc[last].is_punct:
                    last -= 1
                return doc[child.left_edge.i : last + 1]
        return None

    def _org(self, role: Span | None) -> str | None:
        """The organisation named in a role ("spokeswoman for the Pentagon")."""
        if role is None or not self.has_ents:
            return None
        for token in role:
            if token.ent_type_ == "ORG" and token.ent_iob_ == "B":
                ent = _entity_of(token)
                if ent is None or ent.root.dep_ == "compound":
                    continue  # "the Trump campaign": a modifier, not the organisation
                return _strip_possessive(ent.text)
        return None

    def _appositive(self, token: Token) -> Span | None:
        """The person a role noun names in apposition, the last one in its phrase: "former
        advisor to ex-President Trump, John Bolton," names Bolton."""
        if not self.has_ents or token.ent_type_:
            return None
        found = None
        for t in self.doc[token.i + 1 : token.right_edge.i + 1]:
            if t.dep_ == "appos" and t.ent_type_ in PERSON_LABELS:
                found = _entity_of(t)
            elif t.dep_ == "relcl":
                break
        return found

    # ------------------------------------------------------------------ coreference

    def _antecedent(self, token: Token) -> Mention | None:
        """The person a pronoun most likely means: a person named earlier in its own sentence,
        else the subject of an earlier sentence, else the last speaker."""
        sent_start = self.ctx.sent_start(token.i)
        before = [m for m in self._in_sentence.get(sent_start, ()) if m.span.end <= token.idx]
        if before:
            return before[-1]
        return self._latest_before(sent_start)

    def _latest_before(self, sent_start: int) -> Mention | None:
        k = bisect.bisect_left(self._salient_starts, sent_start) - 1
        if k >= 0:
            latest = self._salient_starts[k]
            gap = self.ctx.sent_of[sent_start] - self.ctx.sent_of[latest]
            if gap <= PRONOUN_LOOKBACK:
                return self._salient[k]
        return self._last_speaker

    def latest(self) -> Mention | None:
        """The person the text was most recently about, this sentence included."""
        return self._salient[-1] if self._salient else self._last_speaker

    def _note(self, sent_start: int, mention: Mention) -> None:
        if self._salient_starts and self._salient_starts[-1] == sent_start:
            self._salient[-1] = mention
        else:
            self._salient_starts.append(sent_start)
            self._salient.append(mention)

    def note_sentence(self, sent: Span, skip: Iterable[int] = ()) -> None:
        """Remember the person `sent` is about (its subject), for later pronouns."""
        skipped = set(skip)
        for token in sent:
            if (
                token.dep_ in SUBJECT_DEPS
                and token.i not in skipped
                and token.head.dep_
                in (
                    "ROOT",
                    "ccomp",
                    "conj",
                )
            ):
                mention = self.mention(token)
                if mention is not None and mention.is_person:
                    self._note(sent.start, mention)
                    return

    def note_speaker(self, mention: Mention, sent_start: int) -> None:
        """A resolved speaker is the most salient person of its sentence."""
        if mention.is_person:
            self._note(sent_start, mention)
            self._last_speaker = mention
            self._in_sentence.setdefault(sent_start, []).append(mention)

    # ------------------------------------------------------------------ output

    def candidates(self, spoken: Iterable[str]) -> tuple[SpeakerCandidate, ...]:
        """One candidate per distinct speaker named in `spoken` (already canonical)."""
        out = []
        for name in dict.fromkeys(spoken):
            if not is_speaker_name(name):
                continue
            entry = self._entries.get(name)
            if entry is None:
                out.append(SpeakerCandidate(name, (), None, None, False))
                continue
            aliases = tuple(sorted(a for a in entry.aliases if a != name))
            out.append(
                SpeakerCandidate(name, aliases, entry.role, entry.organisation, entry.is_org)
            )
        return tuple(out)
