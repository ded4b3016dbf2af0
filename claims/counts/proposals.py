"""Counts nobody tracks yet: numbers of different articles that count the same thing in the same
places are proposed as a new count.

``propose`` takes stored figures that belong to no count (what they count, their sentence,
their article and its date) and groups them: the same concept ("wounded" and "injured" are one)
and at least one shared name of a place or organisation in their sentences, with no pause
longer than ``linking.STORY_GAP`` between them. A group is proposed when at least two articles
report it. The names are read from capitalisation, not a parse: stored figures keep their
sentence but not its entities, and proposals are made on every visit of the counts page,
where parsing hundreds of sentences would be too slow.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from claims.extraction.lexicon import words

from .linking import MEASURES, PLACE_NOISE, STORY_GAP, concept_of

# Capitalised words that are not names: sentence openers, days, months, titles.
NOT_NAMES: frozenset[str] = words(
    """
    a an the this that these those it its he she they we i you his her their our my there here
    but and or so yet if as at by for from in into of on to with without after before since
    over under about around more most some many several nearly almost up than least only
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec mr mrs ms dr sir gen col lt sgt capt president minister officials official
    spokesman spokeswoman spokesperson police authorities according reuters ap afp
    """
)
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
# The most figures one proposal lists: a story told by hundreds of articles is still proposed,
# and its other figures arrive as suggestions once the count exists.
MAX_FIGURES = 30


@dataclass(frozen=True)
class Figure:
    """A stored number that belongs to no count."""

    key: int
    article: int
    published: date | None
    counted: str
    sentence: str
    text: str


@dataclass(frozen=True)
class Proposal:
    concept: str
    name: str  # a name to start from: what the figures count, in the places they share
    places: tuple[str, ...]
    figures: tuple[Figure, ...]  # oldest first
    articles: int


def names_in(sentence: str) -> frozenset[str]:
    """The capitalised names of `sentence`, lowercased, without words such as "prefecture"
    or "city" ("Ishikawa Prefecture" and "Ishikawa" agree); common words that open a
    sentence ("Over 38 attacks") are not names."""
    found = set()
    for match in _NAME.finditer(sentence):
        kept = [w for w in match.group().split() if w.lower() not in NOT_NAMES | PLACE_NOISE]
        name = " ".join(kept)
        if name and not name.isdigit():
            found.add(name.lower())
    return frozenset(found)


def propose(figures: Iterable[Figure], *, min_articles: int = 2) -> list[Proposal]:
    """Groups of figures worth a count, the most reported first."""
    by_concept: dict[str, list[tuple[Figure, frozenset[str]]]] = defaultdict(list)
    for figure in figures:
        concept = concept_of(figure.counted or "")
        if concept and concept not in MEASURES:
            by_concept[concept].append((figure, names_in(figure.sentence or figure.text)))
    out = []
    for concept, members in sorted(by_concept.items()):
        for group in _groups(members):
            if len({f.article for f, _ in group}) >= min_articles:
                out.append(_proposal(concept, group))
    out.sort(key=lambda p: (-p.articles, -len(p.figures), p.name))
    return out


def _groups(
    members: Sequence[tuple[Figure, frozenset[str]]],
) -> list[list[tuple[Figure, frozenset[str]]]]:
    """Figures joined by a shared name, close in time (union-find over each name's figures
    in date order, so the work grows with the figures, not their pairs)."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_name: dict[str, list[int]] = defaultdict(list)
    for i, (_, names) in enumerate(members):
        for name in names:
            by_name[name].append(i)
    for indexes in by_name.values():
        ordered = sorted(indexes, key=lambda i: (members[i][0].published or date.min, i))
        for a, b in zip(ordered, ordered[1:], strict=False):
            day_a, day_b = members[a][0].published, members[b][0].published
            if day_a is None or day_b is None or day_b - day_a <= STORY_GAP:
                parent[find(a)] = find(b)
    groups: dict[int, list[tuple[Figure, frozenset[str]]]] = defaultdict(list)
    for i, member in enumerate(members):
        if member[1]:  # a figure naming no place or organisation joins nothing
            groups[find(i)].append(member)
    return list(groups.values())


def _proposal(concept: str, group: list[tuple[Figure, frozenset[str]]]) -> Proposal:
    articles_naming: Counter[str] = Counter()
    for article in {f.article for f, _ in group}:
        for name in set().union(*(names for f, names in group if f.article == article)):
            articles_naming[name] += 1
    figures = sorted((f for f, _ in group), key=lambda f: (f.published or date.min, f.key))
    text = " ".join(f.sentence or f.text for f in figures).lower()
    # The names most articles share, in the order the first report wrote them.
    ranked = sorted(articles_naming, key=lambda n: (-articles_naming[n], _position(text, n)))
    shared = [n for n in ranked if articles_naming[n] >= 2][:4] or ranked[:1]
    places = tuple(sorted((_title(n) for n in shared), key=lambda t: _position(text, t.lower())))
    counted = Counter(" ".join(f.counted.lower().split()) for f, _ in group if f.counted)
    what = counted.most_common(1)[0][0] if counted else concept
    name = f"{what} in {_and(places)}" if places else what
    return Proposal(
        concept=concept,
        name=name[:300],
        places=places,
        figures=tuple(figures[-MAX_FIGURES:]),
        articles=len({f.article for f, _ in group}),
    )


def _position(text: str, name: str) -> int:
    found = text.find(name)
    return found if found >= 0 else len(text)


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _title(name: str) -> str:
    """A name as it is usually written: "us" is "US", "iraq" is "Iraq"."""
    return name.upper() if len(name) <= 3 else " ".join(w.capitalize() for w in name.split())
