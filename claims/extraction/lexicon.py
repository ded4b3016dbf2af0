"""Word lists shared by the finders, matched on lower-cased word forms.

The finders match forms rather than spaCy lemmas so that the lemmatizer can stay disabled
(it is the slowest rule component) and so that a hand-built ``Doc`` in a unit test, which has
no lemmas, behaves like a parsed one.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for word lists that read as prose."""
    return frozenset(text.split())


# Reporting verbs: a clause governed by one of these is attributed content. Beliefs and
# findings count too ("a poll shows", "she believes"), because newsroom fact-checking treats
# them as claims with a source, as PolNeAR does. Verbs that only carry a quote when one is
# next to them ("continue", "speak") are in QUOTE_ONLY_VERBS instead.
REPORTING_VERBS: frozenset[str] = words(
    """
    say tell write add note ask announce suggest find claim vow argue acknowledge agree warn
    blast describe promise respond reveal question mention declare explain propose believe urge
    demand criticize criticise recall insist state report tweet post testify predict estimate
    contend assert maintain admit concede deny confirm complain stress emphasize emphasise
    observe remark reply answer counter charge allege joke quip caution speculate worry fear
    hope think show indicate conclude tout boast brag lament disclose reiterate reaffirm repeat
    threaten pledge signal hint imply reckon guess figure understand know learn feel expect
    doubt suspect recommend order instruct advise inform assure remind notify clarify scoff
    snap shout yell cry whisper murmur mutter exclaim retort interject
    """
)

# Verbs that introduce a quotation next to them but take no reported clause of their own:
# "Caddell continued: ...", "he spoke directly to Tehran. '...'".
QUOTE_ONLY_VERBS: frozenset[str] = frozenset(["continue", "speak", "call", "conclude"])

# Verbs whose object noun phrase is itself the attributed content: stances and speech acts
# about a thing ("denied the report", "criticized the party's record", "called for a ban").
STANCE_VERBS: frozenset[str] = words(
    """
    deny criticize criticise reject cite announce propose endorse demand mention discuss blast
    describe question praise slam dismiss defend denounce condemn dispute challenge echo tout
    welcome oppose recommend predict reveal confirm acknowledge admit highlight blame
    """
)
# Verbs whose infinitive complement is the attributed content: intentions, promises, requests
# ("wants to repeal", "vowed to fight", "urged voters to stay home").
INTENT_VERBS: frozenset[str] = words(
    """
    want plan refuse decide vow promise pledge threaten intend hope expect aim seek agree offer
    urge ask decline encourage push pressure
    """
)

# Verbs that talk about a topic through a preposition ("warned of", "called for", "talked
# about", "railed against"); the topic is attributed content when nothing else is.
TOPIC_VERBS: frozenset[str] = words(
    """
    talk rail lobby push plead campaign worry complain boast brag joke speak write think argue
    warn call ask testify comment inquire fight speculate
    """
)
TOPIC_PREPOSITIONS: frozenset[str] = frozenset({"about", "of", "for", "against"})

# Two-word cues that behave like one reporting verb ("made it clear that ...").
CLEAR_WORDS: frozenset[str] = frozenset({"clear", "plain", "known"})

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "find": ("found",),
    "think": ("thought",),
    "know": ("knew", "known"),
    "feel": ("felt",),
    "understand": ("understood",),
    "learn": ("learnt",),
    "speak": ("spoke", "spoken"),
    "show": ("shown",),
    "make": ("made",),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "see": ("saw", "seen"),
    "hear": ("heard",),
    "cry": ("cried", "cries"),
    "reply": ("replied", "replies"),
    "imply": ("implied", "implies"),
    "deny": ("denied", "denies"),
    "clarify": ("clarified", "clarifies"),
    "quip": ("quipped", "quipping"),
    "snap": ("snapped", "snapping"),
    "admit": ("admitted", "admitting"),
    "signal": ("signalled", "signalling"),
    "post": ("posted",),
    "seek": ("sought",),
    "slam": ("slammed", "slamming"),
    "plan": ("planned", "planning"),
    "refer": ("referred", "referring"),
}


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb lemma plus the irregular forms listed above."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    forms |= set(_IRREGULAR.get(lemma, ()))
    return forms


def _form_table(lemmas: frozenset[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in inflections(lemma):
            table.setdefault(form, lemma)
    return table


REPORTING_FORMS: dict[str, str] = _form_table(REPORTING_VERBS)
QUOTE_ONLY_FORMS: dict[str, str] = _form_table(QUOTE_ONLY_VERBS)
STANCE_FORMS: dict[str, str] = _form_table(STANCE_VERBS)
INTENT_FORMS: dict[str, str] = _form_table(INTENT_VERBS)
TOPIC_FORMS: dict[str, str] = _form_table(TOPIC_VERBS)
MAKE_FORMS: frozenset[str] = frozenset(inflections("make"))

# Third-person pronouns that name a speaker mentioned earlier ("he said").
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
# Pronouns and relative words kept as written when they speak ("they said", "who said").
OTHER_PRONOUNS: frozenset[str] = words(
    """
    i we you they it who which that us me them one
    """
)

# Titles dropped from the front of a name when building the canonical form.
TITLES: frozenset[str] = words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. gov gov. prof prof. president
    secretary minister premier general gen gen. sir dame lord lady judge
    """
)
