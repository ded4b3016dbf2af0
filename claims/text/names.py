"""Words that stand where a speaker's name should be but name nobody: pronouns, relative words,
placeholders. A quote "they" said is a quote whose speaker is not resolved yet, and a speaker
row called "they" would collect every such quote of every article.

Pure Python, no Django: the extraction boundary, the services and the forms all ask `is_a_name`.
"""


def _words(text: str) -> set[str]:
    return set(text.split())


# Compared with a name's normalised key (claims.models.normalize_alias: case-folded, single
# spaces, no punctuation at either end), so "They", "THEY," and "“they”" are all caught.
NOT_NAMES: frozenset[str] = frozenset(
    # personal, possessive and reflexive pronouns
    _words("i me my mine myself we us our ours ourselves you your yours yourself yourselves")
    | _words("he him his himself she her hers herself it its itself")
    | _words("they them their theirs themselves themself one oneself")
    # demonstratives, relative and interrogative words
    | _words("this that these those who whom whose which what whoever whatever here there")
    # indefinite pronouns
    | _words("someone somebody anyone anybody everyone everybody nobody none some others")
    | _words("another each both all many several few")
    | {"no one", "the other", "the others"}
    # placeholders a tool or a person writes when there is no name
    | _words("unattributed unknown speaker n/a na null nil tbd anonymous")
    | {"unknown speaker", "the speaker"}
)


def is_a_name(key: str) -> bool:
    """Whether the normalised name `key` can name a speaker: not empty, not a pronoun or a
    placeholder from `NOT_NAMES`."""
    return bool(key) and key not in NOT_NAMES


def not_a_name_message(name: str) -> str:
    """What a person is told when they give a pronoun or placeholder as a speaker's name."""
    return (
        f"“{name}” is not a name: a pronoun or placeholder cannot be a speaker. Give the name "
        "of the person or body it stands for, or leave the speaker empty (not resolved)."
    )
