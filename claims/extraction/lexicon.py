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
    snap shout yell cry whisper murmur mutter exclaim retort interject wonder
    recognize recognise realize realise assume presume suppose proclaim affirm swear guarantee
    reassure recount reason protest object grumble muse posit theorize surmise forecast project
    calculate discover demonstrate prove anticipate envision insinuate concur confess
    bemoan underscore request rule
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
    attack mock assail support back favor favour prefer thank express accuse applaud hail laud
    commend credit chide scold rebuke deplore ridicule deride disparage castigate
    excoriate rebuff champion advocate voice view regard deem consider portray
    depict characterize characterise label brand dub
    """
)
# Verbs whose infinitive complement is the attributed content: intentions, promises, requests
# ("wants to repeal", "vowed to fight", "urged voters to stay home").
INTENT_VERBS: frozenset[str] = words(
    """
    want plan refuse decide vow promise pledge threaten intend hope expect aim seek agree offer
    urge ask decline encourage push pressure propose demand wish prefer order instruct
    press beg implore resolve call
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
# Verbs that talk about a topic through "to" ("referring to the bypass operation", "alluded to
# the scandal", "pointed to the polls"), where "to" after other verbs is a hearer or a goal.
TO_TOPIC_VERBS: frozenset[str] = words(
    """
    refer allude point object
    """
)

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
TOPIC_FORMS: dict[str, str] = _form_table(TOPIC_VERBS | TO_TOPIC_VERBS)
TO_TOPIC_FORMS: dict[str, str] = _form_table(TO_TOPIC_VERBS)
MAKE_FORMS: frozenset[str] = frozenset(inflections("make"))

# Reporting verbs whose object is the hearer, kept in the cue ("told CNN").
HEARER_VERBS: frozenset[str] = frozenset(
    {"tell", "ask", "inform", "warn", "remind", "assure", "notify"}
)
# Subjects that can hold a stance by themselves: personal pronouns, not "it" or "this".
AGENT_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "i", "we", "who"})

# Common nouns for people, groups and institutions, which can hold a view as a subject does
# by name ("the campaign argues", "economists favor", "the panel recommends"); singular forms,
# the plural is matched too.
AGENT_NOUNS: frozenset[str] = words(
    """
    official aide adviser advisor spokesman spokeswoman spokesperson critic supporter opponent
    voter lawmaker legislator leader member resident worker economist analyst expert observer
    scholar researcher scientist historian strategist consultant pollster activist advocate
    candidate nominee senator governor mayor president minister diplomat ambassador judge
    lawyer attorney prosecutor investigator regulator official executive chairman chairwoman
    director manager owner investor donor delegate representative rival ally partner
    republican democrat conservative liberal progressive politician citizen american immigrant
    migrant refugee student teacher parent doctor farmer businessman entrepreneur developer
    administration government campaign committee panel party company firm group agency
    department council board commission coalition union ministry court congress parliament
    senate house cabinet office organization organisation association institute foundation
    network newspaper police military army bank team staff establishment elite people public
    side camp country nation state city
    """
)

# Nouns after which a capitalised quotation is the title of a work, not anyone's words
# ("her memoir, “Hard Choices Ahead”", "the film “Night Harbor”").
WORK_NOUNS: frozenset[str] = words(
    """
    book memoir novel biography film movie documentary show series program programme episode
    song album play musical column essay article podcast titled entitled
    """
)

# Third-person pronouns that name a speaker mentioned earlier ("he said").
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
# Pronouns and relative words kept as written when they speak ("they said", "who said").
OTHER_PRONOUNS: frozenset[str] = words(
    """
    i we you they it who which that us me them one
    """
)

# Words that stand for a speaker without naming one: when the extractor cannot resolve them the
# speaker stays unresolved (the mention is kept), rather than becoming a "speaker" called "they".
UNNAMED_SPEAKERS: frozenset[str] = (
    PERSON_PRONOUNS
    | OTHER_PRONOUNS
    | words(
        """
        this these those there here someone somebody anyone anybody everyone everybody nobody
        none unattributed unknown anonymous unnamed
        """
    )
)

# Titles dropped from the front of a name when building the canonical form.
TITLES: frozenset[str] = words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. gov gov. prof prof. president
    secretary minister premier general gen gen. sir dame lord lady judge
    """
)


# --------------------------------------------------------------------------- numbers

# Words before a number that bound it, longest first. "nearly"/"almost" count as approximate
# (house rule), "up to"/"as many as" as an upper bound that may be reached.
QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "~": (
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "circa",
        "approx.",
        "an estimated",
        "estimated",
        "close to",
        "just about",
        "roughly about",
    ),
    ">": (
        "over",
        "above",
        "beyond",
        "exceeding",
        "more than",
        "greater than",
        "higher than",
        "upwards of",
        "in excess of",
        "just over",
        "well over",
    ),
    ">=": ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    "<": (
        "under",
        "below",
        "less than",
        "fewer than",
        "lower than",
        "just under",
        "shy of",
        "just below",
        "short of",
    ),
    "<=": (
        "up to",
        "at most",
        "no more than",
        "a maximum of",
        "as many as",
        "as much as",
        "not more than",
    ),
}
QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        ((tuple(p.split()), symbol) for symbol, ps in QUALIFIER_PHRASES.items() for p in ps),
        key=lambda item: -len(item[0]),
    )
)
# Words after a number that bound it ("40 or more").
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): ">=",
    ("or", "higher"): ">=",
    ("or", "above"): ">=",
    ("and", "up"): ">=",
    ("plus",): ">=",
    ("or", "less"): "<=",
    ("or", "fewer"): "<=",
    ("or", "so"): "~",
}

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
# Abbreviated scales, only right after digits ("$5.4m", "2.8bn", "4.3M").
SHORT_SCALES: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# Vague quantities and fractions written in words: (low, high) ranges or single values.
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (1e2, 1e3),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
    "trillions": (1e12, 1e13),
}
FRACTIONS: dict[str, float] = {
    "half": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
}
WORD_NUMBERS: frozenset[str] = words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion dozen
    """
)
CURRENCY_SYMBOLS: frozenset[str] = frozenset({"$", "£", "€", "¥", "₹", "₩", "₽"})
# Letters written before a currency sign or glued to digits ("HK $", "US$", "RM79", "PS21,700").
CURRENCY_CODES: frozenset[str] = words(
    """
    US HK AU NZ C A S NT R RM PS USD EUR GBP AUD CAD NZD HKD JPY CNY INR CHF SGD ZAR Rs Rp
    """
)
# Currency codes written straight onto the digits ("USD10m", "RM79", "PS21,700"; "PS" is how
# some feeds render "£").
LETTER_CODES: frozenset[str] = words(
    """
    US USD EUR GBP AUD CAD NZD HKD JPY CNY INR CHF SGD ZAR RM PS Rs Rp
    """
)
CURRENCY_WORDS: frozenset[str] = words(
    """
    dollar dollars euro euros pound pounds yen yuan rupee rupees shekel shekels crown crowns
    peso pesos ruble rubles rand franc francs ringgit won real reais lira dirham dirhams
    """
)
PERCENT_WORDS: frozenset[str] = frozenset({"percent", "pct", "percentage"})
# Measures that are units rather than things counted.
UNITS: frozenset[str] = words(
    """
    km km/h kph mph m cm mm kg g lb lbs oz ton tons tonne tonnes mile miles metre metres meter
    meters foot feet ft inch inches yard yards acre acres hectare hectares gb tb mb kb ghz mhz
    khz hz hp kw kwh mw gw gpa psi degrees °c °f celsius fahrenheit litre litres liter liters
    gallon gallons barrel barrels mpg sq points bps basis m/s km² m² ° kmh
    """
)
MONTHS: frozenset[str] = words(
    """
    january february march april may june july august september october november december jan
    jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov
    nov. dec dec. monday tuesday wednesday thursday friday saturday sunday
    """
)
# Entity labels of names that may contain digits ("38 North", "Windows 10").
NAME_LABELS: frozenset[str] = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"})
# Nouns after which a number is a label, not a quantity ("Section 427", "category 4").
ID_NOUNS: frozenset[str] = words(
    """
    section row seat room page chapter article route flight episode season level phase stage
    grade number no no. version model series class gate terminal platform highway interstate
    district ward precinct suite apartment unit category type channel line bus code zip
    """
)
# Words before a four-digit number that make it a year ("in 2015", "since 1990").
YEAR_CONTEXT: frozenset[str] = words(
    """
    in since by until till of from to during before after early late mid 'til through
    """
)
TIME_WORDS: frozenset[str] = words(
    """
    am pm a.m. p.m. a.m p.m gmt et edt est bst utc
    """
)
# Glued units written differently from how we report them ("24pc" is 24 percent).
GLUED_UNITS: dict[str, str] = {"pc": "%", "pct": "%"}
# Letters glued after digits that make the token something other than a measured quantity:
# clock times, decades, ordinals and "x" ("5am", "1990s", "3rd", "4x").
NOT_UNIT_SUFFIXES: frozenset[str] = words(
    """
    s am pm AM PM st nd rd th x
    """
)
# Words before "half" that make it a part of something, not a fraction ("the first half").
NOT_FRACTION_HALF: frozenset[str] = words(
    """
    first second a the one and
    """
)
# Words after "half" that make it a share of something ("half of the", "half their").
HALF_OF: frozenset[str] = words(
    """
    of the a an their its his her our all
    """
)
# Words before "one" that make it a pronoun, not a count ("no one", "each one", "the one").
ONE_AS_PRONOUN: frozenset[str] = words(
    """
    no each any every the this that which
    """
)
# Words before "one" that make it a count of one rather than "a" ("only one person").
INSISTS_ON_ONE: frozenset[str] = words(
    """
    only just exactly least than another single killing killed injuring injured
    """
)
# Nouns after which "one" means "a": "at one point", "one day", "one thing", "one reason".
INDEFINITE_ONE_NOUNS: frozenset[str] = words(
    """
    point time stage moment day thing reason way sort kind question hell
    """
)
# Adjectives after which "one" singles something out rather than counts: "one key challenge".
WEIGHTY_ADJECTIVES: frozenset[str] = words(
    """
    key main major big central important crucial huge chief notable
    """
)
# Small counts that news style spells out (numbers under ten): written so, a count of two to
# nine things is often part of the story's description rather than a figure it reports.
SMALL_COUNT_WORDS: frozenset[str] = words(
    """
    two three four five six seven eight nine
    """
)
# Words before a count that make its things ones the reader already knows ("the two men",
# "those four counties", "all five candidates", "her two sons"). A named possessor is not
# among them: "the county's six remaining hospitals" may be news.
DEFINITE_BEFORE_COUNT: frozenset[str] = words(
    """
    the these those all his her its their our my your
    """
)
# Places and fixtures a reporter counts to set a scene ("police closed two streets", "on two
# giant screens"): a small count of them describes where something happened.
SCENE_NOUNS: frozenset[str] = words(
    """
    street streets road roads lane lanes avenue avenues block blocks intersection intersections
    corner corners door doors doorway doorways gate gates entrance entrances exit exits window
    windows screen screens
    """
)
# Words after "one" that make it a pronoun ("one of them", "one another", "one's").
AFTER_PRONOUN_ONE: frozenset[str] = frozenset({"of", "another", "'s", "’s"})
# Signs that make the number after them a label ("#1", "No. 5").
NUMBER_SIGNS: frozenset[str] = frozenset({"#", "No.", "no."})
# Fractions after a hyphenated number word: "two-thirds" is a number, "two-month" an adjective.
HYPHENATED_FRACTIONS: frozenset[str] = frozenset({"thirds", "quarters", "fifths", "half"})
# Words before a number that make it an age ("aged 25 to 54", "ages 18-24").
AGE_WORDS: frozenset[str] = frozenset({"aged", "ages", "age"})
# Words in a date or time entity that may make it relative ("three years ago", "aged 40");
# which of them do is decided in the exclusion rule.
RELATIVE_DATE_WORDS: frozenset[str] = words(
    """
    ago last next this yesterday today tomorrow age aged old
    """
)
# Comparatives between a number and what it counts ("five more workers", "two other").
COMPARATIVES: frozenset[str] = words(
    """
    more additional other fewer extra
    """
)
# Words between a number and the noun it counts that stay out of the counted phrase
# ("five more of the workers" counts "the workers").
BEFORE_COUNTED: frozenset[str] = frozenset({"more", "additional", "other", "of"})
# Words that start the rate a money amount is quoted at ("per square foot", "a month").
RATE_WORDS: frozenset[str] = frozenset({"per", "a", "an", "each"})

# Past participles of verbs whose participle is not "-ed", for "hostages taken" phrases.
PARTICIPLES: dict[str, str] = {
    "taking": "taken",
    "making": "made",
    "leaving": "left",
    "holding": "held",
    "bringing": "brought",
    "losing": "lost",
    "keeping": "kept",
    "sending": "sent",
    "building": "built",
    "selling": "sold",
    "buying": "bought",
    "finding": "found",
    "getting": "got",
    "giving": "given",
    "hitting": "hit",
    "fighting": "fought",
    "shooting": "shot",
    "spending": "spent",
    "winning": "won",
    "paying": "paid",
    "seeing": "seen",
    "putting": "put",
    "cutting": "cut",
    "setting": "set",
    "running": "run",
    "took": "taken",
    "made": "made",
    "left": "left",
    "held": "held",
    "brought": "brought",
    "lost": "lost",
    "kept": "kept",
    "sent": "sent",
    "built": "built",
    "sold": "sold",
}
# Verbs too light to say anything about what is counted ("has 450 workers").
LIGHT_VERBS: frozenset[str] = words(
    """
    have has had having include includes included including employ employs employed employing
    contain contains contained get gets got see sees saw seeing total totals reach reached
    reaches number numbers
    """
)
