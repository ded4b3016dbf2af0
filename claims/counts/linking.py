"""Numeric mentions across articles: what each counts, and which ones are the same count.

``mentions_from_text`` runs the extraction package on one article and reads, from the parse of
each number's sentence, what it counts (the head noun, or for "34 service members suffered
concussions" the predicate), the places it is broken down by, its window ("since 17 October"),
its as-of date, and whether it is a running figure at all: an increment ("16 further deaths"),
another event's toll ("since the 2016 quake, which killed 276") or a measure (magnitude 7.6) is
not.

``cluster`` groups mentions of many articles into counts: articles about one story (they share
places and organisations and are close in time) and one thing counted make one count; a
breakdown by place or kind ("12 in Riverton, 4 in Lakeside", "14 disaster-related deaths") makes a
part, labelled ``COUNT/PART``. ``suggest`` ranks known counts for one new mention.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claims.extraction import NumberCandidate, extract
from claims.extraction.lexicon import words
from claims.extraction.pipeline import extract_doc

from . import dates
from .flags import Observation
from .intervals import Interval, interval_of

# What is counted, by the word news uses for it: each synonym maps to one concept. The issue's
# own examples (injured/wounded/hurt; dead/killed/deaths/death toll; missing/unaccounted for)
# plus their common inflections. Anything else is counted by its own head word.
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        words(
            """
            dead death deaths died die dies dying killed kill kills killing fatalities fatality
            lives perished bodies fatally
            """
        ),
        "deaths",
    ),
    **dict.fromkeys(
        words(
            """
            injured injuries injury wounded wounding wounds wound hurt concussions concussion
            tbi tbis hospitalized hospitalised
            """
        ),
        "injured",
    ),
    **dict.fromkeys(words("missing unaccounted disappeared"), "missing"),
    **dict.fromkeys(
        words("hostage hostages captive captives abducted kidnapped abductees"), "hostages"
    ),
    **dict.fromkeys(
        words("arrested arrests arrest detained detentions detention detainees"), "arrests"
    ),
}
# "the safety of 210 people remained unconfirmed": unknown whereabouts are the missing.
MISSING_PHRASES = re.compile(
    r"\b(safety|whereabouts)\b[^.;]{0,40}\b(unconfirmed|unknown|not (?:been )?confirmed)\b", re.I
)
# Nouns for people, whose number says nothing about what is counted until a predicate does
# ("34 service members suffered concussions").
PEOPLE: frozenset[str] = words(
    """
    people persons person individuals individual residents resident members member personnel
    troops troop soldiers soldier servicemen civilians civilian children adults men women
    others americans citizens victims patients workers staff officers students pupils
    protesters protester demonstrators demonstrator
    """
)
# Nouns that stand for a figure already named ("the number was 34", "the total to 110",
# "up from an earlier estimate of 155").
FIGURE_NOUNS: frozenset[str] = words("number total figure tally count sum toll estimate")
# Verbs whose object is a figure standing for a count named elsewhere ("totaling 21 people").
FIGURE_VERBS: frozenset[str] = words(
    "total totaled totalled totaling totalling totals bringing brought bring"
)
# Verbs that add nothing about what is counted: the object or complement says it.
LIGHT_VERBS: frozenset[str] = words(
    """
    be is are was were been being have has had suffer suffered suffering sustain sustained
    diagnose diagnosed treat treated confirm confirmed report reported remain remained
    remains record recorded list listed stand stood stands include included includes leave
    leaving left classify classified count counted get got become became total totaled
    totalled totaling totalling rise rose risen rising climb climbed hit reach reached
    reaching top topped exceed exceeded bring bringing brought
    """
)
# Words that make a number an increment, not the running figure ("16 further deaths").
INCREMENT_WORDS: frozenset[str] = words("further additional another more new extra")
# ... but "an additional 323 people were unaccounted for" is a level: an increment needs a
# total or an update beside it in the sentence.
UPDATE_CUES = re.compile(r"\b(bringing|raising|taking|pushing|total|toll|updated?|tally)\b", re.I)
CHANGE_WORDS: frozenset[str] = words(
    """
    increase increased increases rise rose risen rising fall fell fallen decrease decreased
    decreases drop dropped grow grew grown jump jumped climb climbed up down decline declined
    """
)
# Words that qualify a count without making it a different part ("confirmed deaths").
PLAIN_MODIFIERS: frozenset[str] = words(
    """
    confirmed total new reported known official overall recorded further additional more
    other such many several latest final provisional preliminary estimated registered
    """
)
# Verbs that end a level's state: "105 hostages were released", "12 missing people were found"
# count the releases, not the hostages or the missing.
ENDING_VERBS: frozenset[str] = words(
    "released freed found rescued located returned repatriated recovered"
)
# What a number measures rather than counts.
MEASURES: frozenset[str] = words(
    """
    magnitude intensity percent per cent year years month months week weeks day days hour hours
    minute minutes second seconds km kilometers kilometres miles mile metres meters feet times
    degrees points scale
    """
)
# Verbs written just before a number that bound it ("topped 100", "reached 200").
BOUNDING_VERBS: frozenset[str] = words(
    "topped tops topping exceeded exceeds exceeding surpassed passed reached reaching reaches"
)
# How far after a number a breakdown names its place ("12 were in the city of Riverton").
PLACE_REACH = 7
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
TOPIC_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "EVENT"})
# Words dropped from place names so "Riverton City" and "the city of Riverton" agree.
PLACE_NOISE: frozenset[str] = words(
    """
    the a an city town village prefecture province county district state region municipality
    of
    """
)
# Articles about one story share at least this many places or organisations...
TOPIC_OVERLAP = 2
# ... and a story whose articles pause longer than this is another story (the 2020 count of
# brain injuries is not the 2023 one, however alike the words).
STORY_GAP = timedelta(days=180)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# The agency credited in a dateline ("WASHINGTON, Jan 12 (Reuters) -", "ADANA, Turkey (AP) —"):
# a wire service is named in articles of every story, so it says nothing about the story.
_CREDIT = re.compile(r"\(([^()\n]{1,40})\)[^\S\n]*(?:--|[—–-])")
# A run of capitalised words ("Maui", "U.S. Central Command", "Gulf of Aden"), for names NER
# tagged in one article and missed in another.
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:[^\S\n]+(?:of[^\S\n]+)?[A-Z][\w'’.-]*)*")


@dataclass(frozen=True)
class Mention:
    """One numeric mention of one article, with what the count linking reads from it."""

    key: str  # "article:start:end"
    article: str
    outlet: str | None
    published: date | None
    claimant: str | None
    text: str
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str
    counted: str | None
    sentence: str
    places: tuple[str, ...]  # places and organisations named in the sentence
    window_start: date | None
    as_of: date | None
    interval: Interval
    start: int = 0
    end: int = 0
    concept: str = ""  # what is counted, normalised ("deaths", "injured", "attack")
    part: str = ""  # the part of a breakdown this figure is ("riverton", "disaster-related")
    breakdown: str = ""  # "place" or "kind"
    topic: frozenset[str] = field(default_factory=frozenset)  # the article's places and orgs
    local_place: str = ""  # the one place the figure is given for ("in Turkey"), if any
    running: bool = True  # False for increments, other events' figures and measures
    why_not: str = ""  # why it is not a running figure


class CountProfile(NamedTuple):
    """A tracked count as the suggestion ranking sees it. A named tuple rather than a frozen
    dataclass: a batch of suggestions reads thousands of counts, and a frozen dataclass took
    several times as long to build."""

    key: str
    counted: str
    places: tuple[str, ...] = ()
    window_start: date | None = None
    only_grows: bool = True
    observations: Sequence[Mention | Observation] = ()
    concept: str = ""  # defaults to the concept of `counted`


@dataclass(frozen=True)
class Suggestion:
    count_key: str
    score: float  # 0..1
    reasons: tuple[str, ...]


# ------------------------------------------------------------------ reading one article


def mentions_from_text(
    text: str,
    *,
    article: str,
    published: date | None,
    outlet: str | None,
    nlp: Language,
    title: str | None = None,
) -> list[Mention]:
    """Every numeric mention of one article, read for count linking."""
    doc, found = _parse(text, nlp)
    topic = _topic(doc, nlp(title) if title else None) - _credits(text, outlet)
    gazetteer = {_norm_place(e.text) for e in doc.ents if e.label_ in PLACE_LABELS}
    reader = _Reader(doc, gazetteer, published)
    drafts = [reader.read(n) for n in found.numbers]
    default = _main_concept(d["concept"] for d in drafts if d["running"])
    _mark_breakdowns(drafts)
    out = []
    for n, d in zip(found.numbers, drafts, strict=True):
        concept = d["concept"] or d["clause"] or (default if d["figure_noun"] else "")
        out.append(
            Mention(
                key=f"{article}:{n.span.start}:{n.span.end}",
                article=article,
                outlet=outlet,
                published=published,
                claimant=n.claimant,
                text=d["text"],
                value=n.value,
                lower=n.lower,
                upper=n.upper,
                qualifier=d["qualifier"],
                counted=n.counted,
                sentence=n.sentence,
                places=d["places"],
                window_start=d["window"],
                as_of=d["as_of"],
                interval=interval_of(
                    text=d["text"],
                    qualifier=d["qualifier"],
                    value=n.value,
                    lower=n.lower,
                    upper=n.upper,
                    counted=n.counted or "",
                ),
                start=d["start"],
                end=n.span.end,
                concept=concept,
                part=d["part"],
                breakdown=d["breakdown"],
                topic=topic,
                local_place=d["local_place"],
                running=d["running"] and bool(concept),
                why_not=d["why_not"] or ("" if concept else "nothing counted"),
            )
        )
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parse(text: str, nlp: Language) -> tuple[Doc, object]:
    """One parse for both the extraction and the reading, when the text allows it."""
    if len(text) < nlp.max_length and not _CONTROL.search(text):
        doc = nlp(text)
        return doc, extract_doc(doc)
    found = extract(text, nlp=nlp)
    return nlp(_CONTROL.sub(" ", text)[: nlp.max_length - 1]), found


def _topic(doc: Doc, title: Doc | None) -> frozenset[str]:
    names = [e for d in (doc, title) if d is not None for e in d.ents if e.label_ in TOPIC_LABELS]
    return frozenset(filter(None, (_norm_place(e.text) for e in names)))


def _credits(text: str, outlet: str | None) -> frozenset[str]:
    """The names of the article's source: its outlet and the agency its dateline credits."""
    first_line = text.lstrip().split("\n", 1)[0]
    names = [m.group(1) for m in _CREDIT.finditer(first_line[:200])]
    return frozenset(_norm_place(n) for n in [*names, outlet or ""]) - {""}


def _main_concept(concepts: Iterable[str]) -> str:
    counted = Counter(c for c in concepts if c)
    return counted.most_common(1)[0][0] if counted else ""


class _Reader:
    """Reads one number of a parsed article."""

    def __init__(self, doc: Doc, gazetteer: set[str], published: date | None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.published = published
        self.year = published.year if published else _latest_year(doc.text)

    def read(self, n: NumberCandidate) -> dict:
        doc = self.doc
        span = doc.char_span(n.span.start, n.span.end, alignment_mode="expand")
        token = _number_token(span) if span is not None else None
        sent = token.sent if token is not None else doc[:]
        text, qualifier, start = n.text, n.qualifier, n.span.start
        if token is not None and span.start > 0 and doc[span.start - 1].lower_ in BOUNDING_VERBS:
            verb = doc[span.start - 1]  # "topped 100": the verb is the qualifier
            text, start = doc.text[verb.idx : n.span.end], verb.idx
            qualifier = ">=" if verb.lower_.startswith("reach") else ">"
        draft = {
            "text": text,
            "qualifier": qualifier,
            "start": start,
            "places": _sentence_places(sent),
            "window": _window(sent.text, self.published),
            "as_of": dates.as_of(
                sent.text,
                published=self.published,
                context=doc.text,
                near=n.span.start - sent.start_char,
            ),
            "concept": "",
            "figure_noun": False,
            "clause": "",
            "modifier": "",
            "local_place": "",
            "sent": sent.start,
            "part": "",
            "breakdown": "",
            "running": True,
            "why_not": "",
        }
        if token is None:
            draft.update(running=False, why_not="no token")
            return draft
        concept, fallback, modifier = self.concept(token, n)
        draft.update(concept=concept, figure_noun=fallback == "article", modifier=modifier)
        if fallback:
            draft["clause"] = self.clause_concept(token)
        draft["as_of"] = self.as_of(token, sent)
        draft["local_place"] = self.local_place(token)
        why_not = self.not_running(token, n, concept)
        draft.update(running=not why_not, why_not=why_not)
        return draft

    # ---------------------------------------------------------- what is counted

    def concept(self, token: Token, n: NumberCandidate) -> tuple[str, str, str]:
        """(concept, where to look when the figure's own words do not say, modifier naming a
        kind). The second is "article" for "the number was 34", "bringing the total to 110",
        "totaling 21 people", "up from 180" (the sentence, else the article's main count),
        "clause" for a bare figure ("rose to 168": the sentence's word for it), else ""."""
        noun = _noun_of(token)
        if noun is not None and noun.lower_ == "times" and noun.head.pos_ == "VERB":
            return _base_verb(noun.head), "", ""  # "attacked ships more than 40 times"
        if noun is not None:
            hit = _concept_token(noun)
            if hit is not None and _concept_word(hit) in LEVEL_CONCEPTS and _ending_verb(noun):
                return _ending_verb(noun), "", ""
            if hit is not None:
                return _concept_word(hit), False, _kind_modifier(hit)
            if noun.lower_ in FIGURE_NOUNS:
                return "", "article", ""
            if noun.lower_ not in PEOPLE and noun.pos_ in ("NOUN", "PROPN"):
                return _singular(noun.lower_), "", ""
            found, hit = self._predicate_concept(noun)
            figure = not found and noun.head.lower_ in FIGURE_VERBS
            return found, "article" if figure else "", _kind_modifier(hit)
        if token.dep_ in ("nsubj", "nsubjpass"):
            found, hit = self._predicate_concept(token)
            figure = False
            if not found:
                found, hit, figure = self._object_concept(token)
        else:
            found, hit, figure = self._object_concept(token)
            if not found and not figure:
                found, hit = self._predicate_concept(token)
        if found and hit is not None and found in LEVEL_CONCEPTS and _ending_verb(hit):
            return _ending_verb(hit), "", ""  # "bringing to four the number of hostages freed"
        if found:
            return found, "", _kind_modifier(hit)
        comparison = token.dep_ == "pobj" and token.head.lower_ == "from"  # "up from 180"
        # "an earlier estimate of 155", "a toll of 94"
        comparison |= token.dep_ == "pobj" and token.head.head.lower_ in FIGURE_NOUNS
        figure = figure or comparison or token.head.lower_ in FIGURE_VERBS
        return "", "article" if figure else "clause", ""

    def _predicate_concept(self, arg: Token) -> tuple[str, Token | None]:
        """What the verb says happened to the people counted ("died", "remain unaccounted for",
        "were classified as disaster-related deaths", "were transported to Germany")."""
        # "a list of 388 people who are unaccounted for": the relative clause is the only
        # predicate. Of a subject, the main verb says what is counted ("Six soldiers who were
        # injured have been awarded medals" counts the awarded).
        relative = [c for c in arg.children if c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX")]
        for child in relative if arg.dep_ not in ("nsubj", "nsubjpass") else ():
            found, hit = self._verb_synonym(child, arg)
            if found:
                return found, hit
        if arg.dep_ == "pobj" and arg.head.lower_ == "of" and arg.head.head.pos_ == "NOUN":
            owner = arg.head.head  # "the safety of 210 people remained unconfirmed"
            if MISSING_PHRASES.search(_subtree_text(owner.head)):
                return "missing", None
            arg = owner
        for child in arg.children:  # "people still missing", "persons killed"
            if child.dep_ in ("amod", "acl") and _synonym(child):
                return _synonym(child), child
        verb = arg.head if arg.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "appos") else None
        if arg.dep_ == "appos" and arg.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
            verb = arg.head.head  # "NEW YORK (AP) — 2,000 people were arrested", parsed as
            # an apposition to the dateline: the apposition shares its head's verb
        if verb is not None and verb.dep_ in ("aux", "auxpass") and verb.head.i != verb.i:
            verb = verb.head  # "323 people were unaccounted for", parsed with "were" as head
        if verb is not None and verb.pos_ in ("VERB", "AUX", "ADJ"):
            found, hit = self._verb_synonym(verb, arg)
            if found:
                return found, hit
        for child in arg.children:  # "people stranded in isolated communities"
            if child.dep_ == "acl" and child.pos_ == "VERB" and child.lower_ not in LIGHT_VERBS:
                return self._verb_concept(child), None
        if verb is None or verb.pos_ not in ("VERB", "AUX", "ADJ"):
            return "", None
        if verb.lower_ in LIGHT_VERBS or verb.lower_ in BOUNDING_VERBS:
            for child in verb.children:  # "remain evacuated", "remained isolated"
                if child.dep_ in ("acomp", "oprd") and child.pos_ in ("ADJ", "VERB"):
                    return _base_verb(child), None
            return "", None
        if verb.pos_ != "VERB":
            return "", None
        return self._verb_concept(verb), None

    def _verb_synonym(self, verb: Token, arg: Token) -> tuple[str, Token | None]:
        # "killed 12 people", "detained 2,500 people": the object is who is counted
        if _synonym(verb) and (arg.dep_ != "dobj" or _synonym(verb) in ("deaths", "arrests")):
            return _synonym(verb), None
        for child in verb.children:
            if child.i == arg.i or child.dep_ in ("advcl", "relcl", "ccomp", "conj", "nsubj"):
                continue
            if (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and child.i < arg.i
                and verb.lower_ not in LIGHT_VERBS
            ):
                continue  # "Of those injured, 76 returned to duty": a share, not the injured
            if child.dep_ in ("acomp", "oprd", "xcomp", "attr", "dobj", "prep", "agent"):
                for t in child.subtree:
                    if _synonym(t) and t.pos_ in ("NOUN", "ADJ", "VERB", "PROPN"):
                        return _synonym(t), t
        if MISSING_PHRASES.search(_subtree_text(verb)):
            return "missing", None
        return "", None

    def _verb_concept(self, verb: Token) -> str:
        """A verb as what is counted, with the place it happened to or in ("transported to
        Germany" is not "transported to the United States")."""
        concept = _base_verb(verb)
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in", "at", "into"):
                for t in prep.children:
                    if t.dep_ == "pobj" and self._place(t):
                        return f"{concept} {prep.lower_} {self._place(t)}"
        return concept

    def _object_concept(self, token: Token) -> tuple[str, Token | None, bool]:
        """ "The death toll rose to 94", "topped 100", "bringing the total to 110": the noun
        beside the verb that the number completes; True when that noun is "the number"."""
        verb = token.head.head if token.dep_ == "pobj" else token.head
        if verb.pos_ not in ("VERB", "AUX"):
            return "", None, False
        figure = False
        for child in verb.children:
            if child.i == token.i or child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                continue
            if child.dep_ == "dobj" and token.dep_ == "dobj":
                continue
            for t in child.subtree:
                if _synonym(t) and not _is_other_number_phrase(t, token):
                    return _synonym(t), t, False
            if MISSING_PHRASES.search(_subtree_text(child)):
                return "missing", None, False
            figure = figure or child.lower_ in FIGURE_NOUNS
        return "", None, figure

    def clause_concept(self, token: Token) -> str:
        """The nearest word of the sentence that names a known concept, for a figure that
        stands for a count named elsewhere ("the earlier count of 180", "totaling 21 people")."""
        sent = token.sent
        if MISSING_PHRASES.search(sent.text):
            return "missing"
        best = None
        for t in sent:
            if _synonym(t) and not _is_other_number_phrase(t, token):
                distance = token.i - t.i if t.i < token.i else 2 * (t.i - token.i)
                if best is None or distance < best[0]:
                    best = (distance, _synonym(t))
        return best[1] if best else ""

    # ---------------------------------------------------------- parts

    def local_place(self, token: Token) -> str:
        """The place a figure is given for, as breakdowns write it: "55 were in the city of
        Riverton", "3 in Lakeside", "Riverton city with 9", "Lakeside recorded 7 deaths"."""
        doc = token.doc
        end = min(len(doc), token.i + 1 + PLACE_REACH)
        after_in = False
        for t in doc[token.i + 1 : end]:
            if t.text in (",", ";", ".", "(", ":") or t.like_num or t.lower_ in ("and", "while"):
                break
            if t.lower_ in ("in", "at"):
                after_in = True
            elif after_in and (self._place(t) or t.pos_ == "PROPN"):
                return self._place(t) or _norm_place(_entity_text(t))
            elif after_in and _admin_name(t.head):
                return _admin_name(t.head)  # "in Taroudant province", untagged by NER
        start = token.i - 1
        while start >= 0 and doc[start].lower_ in ("at", "least", "more", "than", "about"):
            start -= 1
        if start >= 1 and doc[start].lower_ in ("with", "recorded", "reported", "had", "has"):
            for t in reversed(doc[max(0, start - 3) : start]):
                if t.lower_ in PLACE_NOISE:
                    continue
                if t.pos_ == "PROPN" and not self._place(t):
                    return _norm_place(t.text)  # "Lakeside city with two", untagged by NER
                if self._place(t):
                    return self._place(t)
                break
        return self._clause_place(token)

    def _clause_place(self, token: Token) -> str:
        """The one place the figure's clause restricts it to: "In Turkey, 1,498 people were
        killed", "the death toll in Syria rose to 810", "Syria has reported 6,000 deaths",
        "Syria's health ministry reported 3,377 deaths"; "" for a clause naming several."""
        noun = _noun_of(token) or token
        verb = noun
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return ""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        holders = [verb, noun, *(s for s in subjects if s.lower_ in FIGURE_NOUNS)]
        # "a rescue service in Syria put the toll there at 2,662": "there" is the place named
        # last before it
        there = [c for h in holders for c in h.children if c.lower_ == "there" and c.i > h.i]
        if there:
            return self._named_before(there[0], "GPE")
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "across", "at"):
                    continue
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if len(objects) != 1 or any(c.dep_ == "conj" for c in objects[0].children):
                    continue  # "in Turkey and Syria" is no one place
                place = (
                    self._place(objects[0])
                    or self._the_country(objects[0])
                    or _admin_name(objects[0])
                )
                if not place and prep.lower_ == "at" and objects[0].ent_type_ in TOPIC_LABELS:
                    place = _norm_place(_entity_text(objects[0]))  # "At Columbia University"
                if place:
                    return place
        if noun.dep_ == "dobj" and noun.head.i == verb.i:  # the reporter is the place
            for subject in subjects:
                owners = [subject, *(c for c in subject.children if c.dep_ == "poss")]
                for owner in owners:
                    if self._place(owner) and owner.ent_type_ in PLACE_LABELS:
                        return self._place(owner)
        return ""

    def _the_country(self, token: Token) -> str:
        """ "Turkey's agency said 41,156 people were killed in the country": the country named
        last before it in the sentence."""
        if token.lower_ != "country" or not any(c.lower_ == "the" for c in token.children):
            return ""
        return self._named_before(token, "GPE")

    def _named_before(self, token: Token, label: str) -> str:
        """The place of entity type `label` named last before `token` in its sentence."""
        for t in reversed(token.doc[token.sent.start : token.i]):
            if t.ent_type_ == label:
                return self._place(t)
        return ""

    def _place(self, token: Token) -> str:
        if token.ent_type_ in PLACE_LABELS or _norm_place(token.text) in self.gazetteer:
            name = _norm_place(_entity_text(token))
            return name if name in self.gazetteer or token.ent_type_ else _norm_place(token.text)
        return ""

    # ---------------------------------------------------------- running figures

    def not_running(self, token: Token, n: NumberCandidate, concept: str) -> str:
        """Why the figure is no observation of a running count, or ""."""
        if n.value is None and n.lower is None:
            return "no value"
        value = n.value if n.value is not None else n.lower
        if value is None or value != int(value) or value < 0:
            return "not a whole number"
        if n.unit or (n.counted or "").split(" ")[:1] == ["percent"]:
            return "a measure"
        if concept in MEASURES or _singular(concept) in MEASURES:
            return "a measure"
        words_after = {t.lower_ for t in token.doc[token.i + 1 : token.i + 3]}
        if words_after & {"percent", "%"}:
            return "a measure"
        if self._increment(token):
            return "an increment"
        if _share_of_named(token):
            return "a share"
        if self._other_event(token):
            return "another event"
        return ""

    def _increment(self, token: Token) -> bool:
        doc = self.doc
        noun = _noun_of(token)
        first = token.i
        while first > 0 and doc[first - 1].lower_ in ("than", "more", "least", "at", "over"):
            if doc[first - 1].lower_ == "more" and doc[first].lower_ != "than":
                break  # "16 more" is an increment, "more than 16" is not
            first -= 1
        near = {doc[k].lower_ for k in range(max(0, first - 2), first)}
        if noun is not None:
            near |= {c.lower_ for c in noun.children if c.dep_ == "amod"}
        near |= {doc[token.i + 1].lower_} if token.i + 1 < len(doc) else set()
        if near & INCREMENT_WORDS and UPDATE_CUES.search(token.sent.text):
            return True
        arg = noun if noun is not None else token
        if arg.dep_ == "pobj" and arg.head.lower_ == "by":
            return arg.head.head.lower_ in CHANGE_WORDS
        if arg.dep_ == "pobj" and arg.head.lower_ == "of":  # "an increase of 45"
            return arg.head.head.lower_ in CHANGE_WORDS
        return False

    def _other_event(self, token: Token) -> bool:
        """A figure from a past event the article compares with ("since the 2016 quake, which
        killed 276"): inside a clause opened by "since", or beside an earlier year; or from a
        new event the article adds ("a new quake hit Hatay, killing three people")."""
        checked_year = False
        own = _noun_of(token) or token
        for anc in token.ancestors:
            if anc.lower_ == "with" and any(c.dep_ == "pcomp" for c in anc.children):
                break  # "with the toll reaching 128": a clause of its own
            if anc.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.i != own.i and _new_event(c)
                for c in anc.children
            ):
                return True
            if anc.lower_ == "since" and anc.dep_ == "prep":
                objects = [c for c in anc.children if c.dep_ == "pobj"]
                if objects and all(o.ent_type_ not in ("DATE", "TIME") for o in objects):
                    return True
            if any(c.lower_ == "since" and c.dep_ == "mark" for c in anc.children):
                return True
            if anc.pos_ in ("VERB", "AUX") and not checked_year and self.year is not None:
                checked_year = True  # only the number's own clause
                # ... and the number's own phrase: "the 17,000 killed in the 1999 quake"
                phrase = _noun_of(token) or token
                for t in [*_own_clause(anc), *phrase.subtree]:
                    year = _YEAR.fullmatch(t.text)
                    if year and int(year.group()) < self.year and t.ent_type_ == "DATE":
                        return True
        return False

    def as_of(self, token: Token, sent: Span) -> date | None:
        """The as-of date of the figure: a date its own clause gives ("rose to 94 on Friday",
        "the prefecture said Friday"), not one that names an event ("the Jan. 8 attack",
        "the quake that struck on Jan 1"); else the publication date."""
        found = dates.dates_in(sent.text, published=self.published, context=self.doc.text)
        own = {a.i for a in token.ancestors} | {token.i}
        kept = []
        for offset, day in found:
            at = self.doc.char_span(
                sent.start_char + offset, sent.start_char + offset + 1, alignment_mode="expand"
            )
            if at is None:
                continue
            t = at[0]
            while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
                if t.head.pos_ == "NOUN" and t.dep_ in ("prep", "nmod", "compound", "npadvmod"):
                    break  # the date of a thing, not of the figure
                t = t.head
            if t.pos_ in ("VERB", "AUX") and t.i in own:
                kept.append((abs(t.i - token.i), day))
        if not kept:
            return self.published
        return min(kept, key=lambda item: item[0])[1]


def _mark_breakdowns(drafts: list[dict]) -> None:
    """Figures of one sentence given for different places are the parts of a breakdown;
    a figure of a kind ("disaster-related deaths") is a part of its concept."""
    by_sentence: dict[int, list[dict]] = defaultdict(list)
    for d in drafts:
        if d["running"] and d["local_place"]:
            by_sentence[d["sent"]].append(d)
    for group in by_sentence.values():
        if len({d["local_place"] for d in group}) >= 2:
            for d in group:
                d.update(part=d["local_place"], breakdown="place")
    # Figures for different places across the article are parts when the article also gives
    # their total, in a sentence naming those places ("the toll in Turkey and Syria passed
    # 21,000 ... In Turkey alone, 17,674 ... In Syria, 3,377").
    by_concept: dict[str, list[dict]] = defaultdict(list)
    for d in drafts:
        if d["running"] and d["local_place"] and not d["part"]:
            by_concept[d["concept"] or d["clause"]].append(d)
    for concept, group in by_concept.items():
        places = {d["local_place"] for d in group}
        total = any(
            d["running"]
            and not d["local_place"]
            and (d["concept"] or d["clause"]) == concept
            and places <= set(d["places"])
            and len(d["places"]) >= 2
            for d in drafts
        )
        if concept and total:
            for d in group:
                d.update(part=d["local_place"], breakdown="place")
    for d in drafts:
        if not d["part"] and d["modifier"] and d["running"]:
            d.update(part=d["modifier"], breakdown="kind")
    # An elliptical figure of a breakdown takes what the sentence's other figures count.
    for group in by_sentence.values():
        known = [d["concept"] for d in group if d["concept"] and not d["figure_noun"]]
        for d in group:
            if d["part"] and known and (not d["concept"] or d["figure_noun"]):
                d.update(concept=known[0], figure_noun=False)


# ------------------------------------------------------------------ linking across articles


def cluster(mentions: Sequence[Mention]) -> dict[str, str | None]:
    """Mention key -> count label ("COUNT", or "COUNT/PART" for a part), None = not linked.

    A count is one story (articles sharing places or organisations, close in time) and one
    concept; it is labelled only when at least two articles report it.
    """
    stories = _stories(mentions)
    members: dict[tuple[int, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.running and m.concept:
            members[(stories[m.article], m.concept)].append(m)
    labels: dict[str, str | None] = {m.key: None for m in mentions}
    owners: dict[str, int] = {}
    for (story, concept), group in sorted(members.items()):
        group = [m for m in group if not _elsewhere(m, group)]
        if len({m.article for m in group}) < 2:
            continue
        name = f"{concept}@{_story_name(group)}"
        if owners.setdefault(name, story) != story:  # two stories with the same places
            name = f"{name}-{story}"
        for m in group:
            labels[m.key] = f"{name}/{m.part}" if m.part else name
    return labels


def _elsewhere(mention: Mention, group: Sequence[Mention]) -> bool:
    """A figure given for one place that no other article of the count names ("The storm had
    earlier killed seven people in Greece", "At Columbia University, 108 were arrested") is
    that place's own figure; a part of a breakdown is not."""
    place = mention.local_place
    if not place or mention.part or place not in mention.places:  # a named place, not a day
        return False
    return not any(place in m.places for m in group if m.article != mention.article)


def _stories(mentions: Sequence[Mention]) -> dict[str, int]:
    """Article -> story number: articles that share enough places and organisations and whose
    publication dates leave no long pause between them."""
    articles: dict[str, Mention] = {}
    for m in mentions:
        articles.setdefault(m.article, m)
    ids = list(articles)
    topics = _batch_topics(mentions)
    windows: dict[str, set[date]] = defaultdict(set)
    for m in mentions:
        if m.window_start and m.running:
            windows[m.article].add(m.window_start)
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ma, mb = articles[a], articles[b]
            ta, tb = topics[a], topics[b]
            # A short article names few places: sharing all it names (one at least) is enough;
            # so is one place with the same window ("since April 17" across the US).
            need = max(1, min(TOPIC_OVERLAP, len(ta), len(tb)))
            if windows[a] & windows[b]:
                need = 1
            if len(ta & tb) >= need and _close(ma.published, mb.published):
                parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {a: roots.setdefault(find(a), len(roots)) for a in ids}


def _batch_topics(mentions: Sequence[Mention]) -> dict[str, frozenset[str]]:
    """Article -> its places and organisations, with the names that other articles of the batch
    tag and this one writes capitalised in a number's sentence untagged ("the Lahaina wildfire",
    "Maui police": NER tags a name in one sentence and misses it in the next)."""
    known = frozenset().union(*(m.topic for m in mentions))
    written: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        topic = written[m.article]
        topic |= m.topic
        for run in _CAPITALISED.findall(m.sentence):
            names = {_norm_place(run), *(_norm_place(w) for w in run.split())}
            topic |= names & known
    return {a: frozenset(names) for a, names in written.items()}


def _close(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs(a - b) <= STORY_GAP


def _story_name(group: Sequence[Mention]) -> str:
    names = Counter(name for m in group for name in m.topic)
    top = [name for name, _ in names.most_common(2)]
    return "-".join(sorted(top)).replace(" ", "-") or "story"


# ------------------------------------------------------------------ suggestions


def suggest(
    mention: Mention, counts: Sequence[CountProfile], *, limit: int = 3
) -> list[Suggestion]:
    """The counts `mention` most likely belongs to, best first, each with its reasons."""
    out = []
    for count in counts:
        score, reasons = _score(mention, count)
        if score > 0:
            out.append(Suggestion(count.key, round(min(score, 1.0), 3), tuple(reasons)))
    out.sort(key=lambda s: (-s.score, s.count_key))
    return out[:limit]


class CountPool:
    """Counts indexed for `shortlist`: by place, by window, and newest first (the highest key).
    Built once for the counts of one concept, it serves every mention of that concept."""

    def __init__(self, counts: Iterable[CountProfile]) -> None:
        self.counts = list(counts)
        self.by_place: dict[str, list[int]] = defaultdict(list)
        self.by_window: dict[date, list[int]] = defaultdict(list)
        for i, count in enumerate(self.counts):
            for place in _count_places(count):
                self.by_place[place].append(i)
            if count.window_start:
                self.by_window[count.window_start].append(i)
        self.newest = sorted(range(len(self.counts)), key=lambda i: _age(self.counts[i]))


def _age(count: CountProfile) -> tuple[int, str]:
    """The shortlist's order among counts of one score: the newest (highest key) first."""
    return (-int(count.key) if count.key.isdigit() else 0, count.key)


def shortlist(
    mention: Mention, counts: Sequence[CountProfile] | CountPool, *, limit: int
) -> list[CountProfile]:
    """The `limit` counts most worth scoring in full for `mention`, read from the counts alone
    (no series): the best score from concept, window and places first, then the newest count
    (the highest key). A newsroom keeps hundreds of counts of one concept ("deaths"); scoring
    every one against its series is what made a suggestion slow, and the ones that share
    the mention's places are the ones an editor is looking for.

    Only the counts that share a place or the window with the mention can score above the
    rest, so those are looked up in the pool's indexes and scored; the others all score the
    same, and the newest of them fill what is left."""
    pool = counts if isinstance(counts, CountPool) else CountPool(counts)
    mine = _mention_places(mention)
    near = {i for place in mine for i in pool.by_place.get(place, ())}
    if mention.window_start:
        near.update(pool.by_window.get(mention.window_start, ()))
    ranked = []
    for i in near:
        score = _static_points(mention, pool.counts[i], mine)
        if score > 0:
            ranked.append((-score, _age(pool.counts[i]), i))
    ranked.sort()
    picked = [pool.counts[i] for _, _, i in ranked[:limit]]
    for i in pool.newest:
        if len(picked) >= limit:
            break
        if i not in near and _static_points(mention, pool.counts[i], mine) > 0:
            picked.append(pool.counts[i])
    return picked


def _mention_places(mention: Mention) -> frozenset[str]:
    return _place_set((*mention.places, *mention.topic))


@lru_cache(maxsize=65536)
def _place_set(places: tuple[str, ...]) -> frozenset[str]:
    """Places as compared: normalised, empty names left out. Cached: the shortlist compares
    one mention with hundreds of counts, and most counts name the same few places."""
    return frozenset(_norm_place(p) for p in places) - {""}


def _static_points(mention: Mention, count: CountProfile, mine: frozenset[str]) -> float:
    """The score `_static_score` gives, without its reasons in words: the shortlist computes it
    for every count of the mention's concept."""
    if not mention.concept or (count.concept or concept_of(count.counted)) != mention.concept:
        return 0.0
    window, theirs = mention.window_start, count.window_start
    if window and theirs and window != theirs:
        return 0.0
    score = 0.45
    if window and window == theirs:
        score += 0.1
    shared = len(mine & _count_places(count)) if mine else 0
    if shared:
        score += min(0.25, 0.1 * shared)
    return score


def _static_score(
    mention: Mention, count: CountProfile, *, mine: frozenset[str] | None = None
) -> tuple[float, list[str]]:
    """What concept, window and places give: the score before the series is read, and why.
    `mine`: the mention's places, when the caller has them already."""
    concept = count.concept or concept_of(count.counted)
    if not mention.concept or concept != mention.concept:
        return 0.0, []
    score, reasons = 0.45, [f"counts {concept}"]
    if mention.window_start and count.window_start and mention.window_start != count.window_start:
        return 0.0, []  # a different window is a different count
    if mention.window_start and mention.window_start == count.window_start:
        score += 0.1
        reasons.append(f"same window (since {mention.window_start:%d %b %Y})")
    if mine is None:
        mine = _mention_places(mention)
    shared = sorted(mine & _count_places(count))
    if shared:
        score += min(0.25, 0.1 * len(shared))
        reasons.append("same places: " + ", ".join(shared[:3]))
    return score, reasons


def _count_places(count: CountProfile) -> frozenset[str]:
    """The places of a count and of the figures it holds so far (in the link command, whose
    counts are built from mentions)."""
    theirs = _place_set(count.places)
    for obs in count.observations:
        if isinstance(obs, Mention):
            theirs |= _place_set(obs.places)
    return theirs


def _score(mention: Mention, count: CountProfile) -> tuple[float, list[str]]:
    score, reasons = _static_score(mention, count)
    if score <= 0:
        return 0.0, []
    sources = {_source(o) for o in count.observations} - {""}
    if mention.claimant and mention.claimant.lower() in {s.lower() for s in sources}:
        score += 0.1
        reasons.append(f"same source: {mention.claimant}")
    fits = _fits(mention, count)
    if fits is True:
        score += 0.1
        reasons.append("fits the series so far")
    elif fits is False:
        score -= 0.15
        reasons.append("does not fit the series so far")
    return score, reasons


def _fits(mention: Mention, count: CountProfile) -> bool | None:
    """Whether the figure sits where the series would put it; None when there is no series."""
    dated = [o for o in count.observations if o.as_of is not None]
    if not dated or mention.as_of is None:
        return None
    before = [o for o in dated if o.as_of <= mention.as_of]
    after = [o for o in dated if o.as_of > mention.as_of]
    if not count.only_grows:
        near = min(dated, key=lambda o: abs((o.as_of - mention.as_of).days))
        low, high = near.interval.low, near.interval.high
        if low is None or mention.interval.low is None:
            return None
        return low / 4 <= mention.interval.low <= (high or low) * 4
    too_low = any(mention.interval.below(o.interval) for o in before)
    too_high = any(o.interval.below(mention.interval) for o in after)
    return not (too_low or too_high)


def _source(obs: Mention | Observation) -> str:
    if isinstance(obs, Observation):
        return obs.source
    return obs.claimant or obs.outlet or ""


def concept_of(counted: str) -> str:
    """The concept of a phrase saying what is counted ("US troops wounded" -> "injured")."""
    found = [SYNONYMS[w] for w in re.findall(r"[a-z]+", counted.lower()) if w in SYNONYMS]
    if found:
        return found[-1] if len(set(found)) > 1 and found[0] == "deaths" else found[0]
    if MISSING_PHRASES.search(counted):
        return "missing"
    nouns = [w for w in re.findall(r"[a-z]+", counted.lower()) if w not in PEOPLE]
    return _singular(nouns[0]) if nouns else ""


def observation_of(mention: Mention, *, definition: str = "") -> Observation:
    """The flag rules' view of a mention."""
    return Observation(
        key=mention.key,
        as_of=mention.as_of,
        interval=mention.interval,
        source=mention.claimant or mention.outlet or "",
        definition=definition,
        window_start=mention.window_start,
        text=mention.text,
        qualifier=mention.qualifier,
        published=mention.published,
        part=mention.part,
        article=mention.article,
        breakdown=mention.breakdown,
    )


# ------------------------------------------------------------------ small parse helpers


def _number_token(span: Span) -> Token | None:
    nums = [t for t in span if t.like_num or t.pos_ == "NUM" or any(c.isdigit() for c in t.text)]
    return nums[-1] if nums else span[-1]


def _noun_of(token: Token) -> Token | None:
    """The noun a number quantifies ("46 personnel"), if any."""
    t = token
    while t.dep_ in ("compound", "quantmod", "nummod", "amod", "nmod") and t.head.i != t.i:
        if t.head.pos_ in ("NOUN", "PROPN") and t.dep_ != "amod" or t.head.pos_ == "NOUN":
            noun = t.head
            # "Fifty U.S. military personnel": the place names whose personnel.
            while noun.dep_ in ("compound", "nmod") and noun.head.pos_ in ("NOUN", "PROPN"):
                noun = noun.head
            return noun
        t = t.head
    return None


# Words that make the subject of a clause another event than the one counted ("a new quake",
# "another strike", "a separate attack").
NEW_EVENT_WORDS: frozenset[str] = words("new another second separate fresh")


def _new_event(subject: Token) -> bool:
    """Whether `subject` is a new event ("a new magnitude 6.4 quake"), not the count itself
    ("the new toll") nor people ("another 12 people")."""
    if subject.lower_ in FIGURE_NOUNS or subject.lower_ in PEOPLE or _synonym(subject):
        return False
    return any(c.dep_ in ("amod", "det") and c.lower_ in NEW_EVENT_WORDS for c in subject.children)


# Nouns that follow a place's name and say what kind of place it is ("Al Haouz province").
ADMIN_NOUNS: frozenset[str] = words(
    "province prefecture county district region city town village municipality governorate"
)


def _admin_name(noun: Token) -> str:
    """ "Al Haouz province" -> "al haouz": a capitalised name before a word for a kind of
    place is a place, whatever NER made of it; "" otherwise."""
    if noun.lower_ not in ADMIN_NOUNS:
        return ""
    name = [
        c
        for c in noun.lefts
        if c.dep_ in ("compound", "amod")
        and c.text[:1].isupper()
        and c.ent_type_ != "NORP"  # "the central Japanese prefecture of Ishikawa"
    ]
    name = [t for c in name for t in c.subtree if t.i < noun.i and t.text[:1].isupper()]
    return _norm_place(" ".join(t.text for t in sorted(name, key=lambda t: t.i)))


def _share_of_named(token: Token) -> bool:
    """ "about 130 hostages, at least 25 of whom have died": a share of a group named before,
    not a count of its own."""
    return any(
        c.dep_ == "pobj" and c.lower_ in ("whom", "them", "which", "those")
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for c in prep.children
    )


def _ending_verb(noun: Token) -> str:
    """The verb that ends the state of the people counted ("were released", "hostages freed"),
    as a concept, or ""."""
    verbs = [c for c in noun.children if c.dep_ in ("acl", "amod")]
    if noun.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(noun.head)
    for verb in verbs:
        if verb.lower_ in ENDING_VERBS:
            return _base_verb(verb)
    return ""


def _synonym(token: Token) -> str:
    return SYNONYMS.get(token.lower_, "")


def _concept_token(noun: Token) -> Token | None:
    """The word naming a known concept in a noun phrase ("death toll", "missing persons",
    "the number of people who were unaccounted for")."""
    if _synonym(noun):
        return noun
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "acl") and _synonym(child):
            return child
    if noun.lower_ in FIGURE_NOUNS:
        for t in noun.subtree:
            if _synonym(t):
                return t
        if MISSING_PHRASES.search(_subtree_text(noun)):
            return noun
    return None


def _concept_word(token: Token) -> str:
    return _synonym(token) or "missing"


def _kind_modifier(noun: Token | None) -> str:
    """ "disaster-related" in "14 disaster-related deaths": a kind that makes a part."""
    if noun is None or noun.pos_ != "NOUN":
        return ""
    for child in noun.children:
        if child.dep_ != "amod" or child.lower_ in PLAIN_MODIFIERS or _synonym(child):
            continue
        pieces = [t for t in child.subtree if t.i < noun.i]
        text = "".join(t.text_with_ws for t in pieces).strip().lower()
        if "-" in text or child.pos_ == "ADJ" and child.ent_type_ not in ("NORP", "DATE"):
            return re.sub(r"\s*-\s*", "-", text)
    return ""


def _is_other_number_phrase(t: Token, token: Token) -> bool:
    """`t` belongs to another number's noun phrase ("276 deaths" when reading "128")."""
    noun = t if t.pos_ == "NOUN" else t.head
    return any(c.like_num and c.i != token.i for c in noun.children if c.dep_ == "nummod")


# Dependencies that open a clause of its own: a year inside one dates that clause ("rose to 80,
# making it the deadliest fire since the 2018 Camp Fire"), not the figure.
CLAUSE_DEPS: frozenset[str] = frozenset(
    {"advcl", "relcl", "ccomp", "xcomp", "acl", "conj", "parataxis"}
)


def _own_clause(verb: Token) -> list[Token]:
    """The tokens of `verb`'s clause, without the clauses inside it."""
    out, todo = [], [verb]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ not in CLAUSE_DEPS]
    return out


def _subtree_text(token: Token) -> str:
    return " ".join(t.text for t in token.subtree)


def _base_verb(verb: Token) -> str:
    form = verb.lower_
    for suffix in ("ed", "ing", "s"):
        if form.endswith(suffix) and len(form) - len(suffix) >= 3:
            return form[: -len(suffix)]
    return form


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _entity_text(token: Token) -> str:
    if token.ent_iob_ in ("B", "I"):
        start = token.i
        while start > 0 and token.doc[start].ent_iob_ == "I":
            start -= 1
        end = token.i + 1
        while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
            end += 1
        return token.doc[start:end].text
    return token.text


@lru_cache(maxsize=4096)
def _norm_place(name: str) -> str:
    # "U.S." and "US" are one name; the dots go before the words are split.
    kept = [
        w for w in re.findall(r"[\w'-]+", name.lower().replace(".", "")) if w not in PLACE_NOISE
    ]
    return " ".join(kept).removesuffix("'s").strip()


def _sentence_places(sent: Span) -> tuple[str, ...]:
    names = [_norm_place(e.text) for e in sent.ents if e.label_ in TOPIC_LABELS]
    return tuple(dict.fromkeys(n for n in names if n))


def _window(sentence: str, published: date | None) -> date | None:
    """The start of the count's window ("since 17 October", "since Oct. 17")."""
    for m in re.finditer(r"\bsince\b", sentence, re.I):
        found = dates.dates_in("on" + sentence[m.end() : m.end() + 40], published=published)
        if found and found[0][0] == 0:
            return found[0][1]
    return None


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


# Counts that go down as well as up: a level, not a running total.
LEVEL_CONCEPTS: frozenset[str] = words(
    """
    missing evacuee evacuated displaced stranded isolated sheltered trapped detained hostage
    hostages
    """
)


def only_grows(concept: str) -> bool:
    """Whether a count of `concept` only grows (deaths, attacks) or may go down (the missing)."""
    return concept not in LEVEL_CONCEPTS
