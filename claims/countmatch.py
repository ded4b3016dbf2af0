"""Rows to and from `claims.counts`, the pure rules of counts: a claim's interval and as-of
date, the flags of a count's record, and the counts a claim may belong to.

Reads, never writes: the services store what these answer, the views show it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Exists, OuterRef, Q

from claims.counts import dates, linking
from claims.counts import flags as count_flags
from claims.counts import proposals as proposals_rules
from claims.counts.intervals import Interval, interval_of
from claims.models import NumericClaim, Observation, ReviewStatus, TrackedCount
from claims.presentation.timeline import source_of


def interval(claim: NumericClaim) -> Interval:
    return interval_of(
        text=claim.text,
        qualifier=claim.qualifier,
        value=claim.value,
        lower=claim.lower,
        upper=claim.upper,
        counted=claim.counted,
    )


def as_of(claim: NumericClaim) -> datetime.date:
    """The date the figure holds for: stated or implied by its sentence ("on Monday", against
    the publication date), else the publication date, else the day the article was stored."""
    article = claim.article
    published = article.published_on or article.created_at.date()
    if claim.sentence and claim.sentence_start is not None:
        sentence, near = claim.sentence, claim.start - claim.sentence_start
    else:
        sentence, near = claim.text, None
    return dates.as_of(sentence, published=published, near=near) or published


def observation_fields(claim: NumericClaim) -> dict[str, Any]:
    """What an observation of `claim` stores besides its count: interval and date."""
    span = interval(claim)
    return {"low": span.low, "high": span.high, "as_of": as_of(claim)}


# --- flags -----------------------------------------------------------------------------------


def _flag_input(o: Observation, *, part: str = "", definition: str = "") -> count_flags.Observation:
    """`definition`: the count's own, for a figure with no definition note of its own."""
    claim = o.claim
    return count_flags.Observation(
        key=str(o.pk),
        as_of=o.as_of,
        interval=Interval(o.low, o.high),
        source=source_of(o),
        definition=o.definition or definition,
        window_start=None,  # one count, one window: the count's own
        text=claim.text,
        qualifier=claim.qualifier,
        published=claim.article.published_on,
        part=part,
        article=str(claim.article_id),
    )


@dataclass(frozen=True)
class ShownFlag:
    rule: str
    observations: tuple[int, ...]
    explanation: str

    @property
    def label(self) -> str:
        return self.rule.replace("_", " ")


def flags_of(
    count: TrackedCount,
    observations: Sequence[Observation],
    parts: dict[str, Sequence[Observation]] | None = None,
) -> list[ShownFlag]:
    """The flags of `count`'s record (`observations`: the charted ones), parts included. A
    figure whose definition note differs from the count's definition (or another figure's
    note) diverges from it rather than regressing."""
    inputs = [_flag_input(o, definition=count.definition) for o in observations]
    for name, rows in (parts or {}).items():
        inputs += [_flag_input(o, part=name) for o in rows]
    return [
        ShownFlag(f.rule, tuple(int(k) for k in f.keys), f.explanation)
        for f in count_flags.flags(inputs, only_grows=count.only_grows)
    ]


# --- suggestions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    count_id: int
    score: float
    reasons: list[str]
    fields: dict[str, Any] = field(default_factory=dict)


def concept(counted: str) -> str:
    return linking.concept_of(counted or "")[:100]


# How many recent claims a new count is offered to, at most.
CLAIMS_FOR_A_NEW_COUNT = 500


def _mention(claim: NumericClaim, known_places: set[str]) -> linking.Mention:
    """The engine's view of a stored claim. Places are the places our counts know that the
    sentence or the title names (the stored claim keeps no parse of its sentence)."""
    article = claim.article
    published = article.published_on or article.created_at.date()
    sentence = claim.sentence or claim.text
    haystack = f" {sentence} {article.title} ".lower()
    places = tuple(sorted(p for p in known_places if f" {p}" in haystack))
    return linking.Mention(
        key=str(claim.pk),
        article=str(claim.article_id),
        outlet=article.outlet.name if article.outlet_id else None,
        published=published,
        claimant=claim.claimant.name if claim.claimant_id else None,
        text=claim.text,
        value=None if claim.value is None else float(claim.value),
        lower=None if claim.lower is None else float(claim.lower),
        upper=None if claim.upper is None else float(claim.upper),
        qualifier=claim.qualifier,
        counted=claim.counted,
        sentence=sentence,
        places=places,
        window_start=linking._window(sentence, published),
        as_of=as_of(claim),
        interval=interval(claim),
        concept=concept(claim.counted),
    )


def _places(count: TrackedCount) -> tuple[str, ...]:
    return _split_places(count.places)


@lru_cache(maxsize=65536)
def _split_places(places: str) -> tuple[str, ...]:
    """A count's places field ("Iraq, Syria") as lowercase names; cached, because the
    candidates of one batch of claims are thousands of counts naming the same few places."""
    return tuple(p.strip().lower() for p in places.split(",") if p.strip())


def _series(count_ids: Iterable[int]) -> dict[int, list[count_flags.Observation]]:
    """The confirmed, charted figures of each count, with what the ranking reads of them (the
    interval, the date, the source), in two queries.

    Two, not one joined query: the figures of a few hundred counts are a few thousand rows of
    a table of hundreds of thousands of claims, and joined in one statement PostgreSQL's
    default costs chose to scan every claim (a sixth of a second at newsroom size); read by
    their ids, the claims are index lookups. Plain tuples, not model instances: building rows
    was most of the cost of a suggestion."""
    figures = list(
        Observation.objects.filter(
            count_id__any_of=list(count_ids), state=Observation.State.CONFIRMED
        )
        .order_by()
        .values_list("pk", "count_id", "as_of", "low", "high", "claim_id")
    )
    sources: dict[int, str] = {}
    claim_ids = sorted({row[5] for row in figures})
    for start in range(0, len(claim_ids), ID_BATCH):
        rows = (
            NumericClaim.objects.filter(pk__any_of=claim_ids[start : start + ID_BATCH])
            .exclude(status=ReviewStatus.REJECTED)  # off the chart: not part of the series
            .order_by()
            .values_list("pk", "claimant__name", "article__outlet__name")
        )
        for pk, claimant, outlet in rows:
            sources[pk] = claimant or outlet or "Unknown outlet"
    series: dict[int, list[count_flags.Observation]] = defaultdict(list)
    for pk, count_id, day, low, high, claim_id in sorted(figures, key=lambda row: (row[2], row[0])):
        if claim_id in sources:
            series[count_id].append(
                count_flags.Observation(
                    key=str(pk), as_of=day, interval=Interval(low, high), source=sources[claim_id]
                )
            )
    return series


# Ids per `__any_of` lookup: on SQLite that is an IN list, and SQLite takes at most 32,766
# parameters in one statement.
ID_BATCH = 5000


# How many counts of a claim's concept are scored in full against their series, at most (see
# `linking.shortlist`: those sharing the claim's places first, then the newest).
CANDIDATES_PER_CLAIM = 30


def _candidates(concepts: set[str]) -> list[linking.CountProfile]:
    """The live counts of `concepts`, without their series: one query on the concept index."""
    rows = (
        TrackedCount.objects.live()
        .filter(concept__in=concepts)
        .order_by()  # the shortlist ranks them; sorting thousands by name is wasted
        .values_list("pk", "name", "concept", "places", "window_start", "only_grows")
    )
    return [
        linking.CountProfile(
            key=str(pk),
            counted=name,
            places=_split_places(places),
            window_start=window_start,
            only_grows=grows,
            concept=concept_,
        )
        for pk, name, concept_, places, window_start, grows in rows
    ]


def suggestions(
    claims: Iterable[NumericClaim],
    *,
    limit: int,
    min_score: float,
    only: TrackedCount | None = None,
) -> dict[int, list[Found]]:
    """For each claim, its best candidate counts (at most `limit`, scoring `min_score` or
    more); with `only`, that count alone is considered. Candidates are the live counts of the
    same concept (an indexed lookup), shortlisted per claim before their series are read, so
    the cost follows the claims, not the number of counts: two queries for any batch."""
    claims = list(claims)
    concepts = {c.pk: concept(c.counted) for c in claims}
    if only is not None:
        candidates = [_profile_of(only)]
    else:
        wanted = set(concepts.values()) - {""}
        candidates = _candidates(wanted) if wanted else []
    if not candidates:
        return {}
    by_concept: dict[str, list[linking.CountProfile]] = defaultdict(list)
    for profile in candidates:
        by_concept[profile.concept].append(profile)
    pools = {concept_: linking.CountPool(group) for concept_, group in by_concept.items()}
    known_places = {p for profile in candidates for p in profile.places}
    shortlists: dict[int, tuple[linking.Mention, list[linking.CountProfile]]] = {}
    for claim in claims:
        pool = pools.get(concepts[claim.pk])
        if pool is None:
            continue
        mention = _mention(claim, known_places)
        picked = linking.shortlist(mention, pool, limit=CANDIDATES_PER_CLAIM)
        shortlists[claim.pk] = (mention, picked)
    series = _series({int(p.key) for _, picked in shortlists.values() for p in picked})
    out: dict[int, list[Found]] = defaultdict(list)
    for claim_pk, (mention, picked) in shortlists.items():
        pool = [p._replace(observations=series[int(p.key)]) for p in picked]
        for s in linking.suggest(mention, pool, limit=limit):
            if s.score >= min_score:
                fields = {
                    "low": mention.interval.low,
                    "high": mention.interval.high,
                    "as_of": mention.as_of,
                }
                out[claim_pk].append(Found(int(s.count_key), s.score, list(s.reasons), fields))
    return out


def _profile_of(count: TrackedCount) -> linking.CountProfile:
    return linking.CountProfile(
        key=str(count.pk),
        counted=count.name,
        places=_places(count),
        window_start=count.window_start,
        only_grows=count.only_grows,
        concept=count.concept,
    )


def claims_like(count: TrackedCount) -> list[NumericClaim]:
    """Recent claims, not rejected and not yet linked to `count`, whose counted words share the
    count's concept: the ones a new count is offered to."""
    if not count.concept:
        return []
    spellings = {w for w, c in linking.SYNONYMS.items() if c == count.concept} | {count.concept}
    match = Q()
    for word in spellings:
        match |= Q(counted__icontains=word)
    return list(
        NumericClaim.objects.filter(match)
        .exclude(status=ReviewStatus.REJECTED)
        .exclude(observations__count=count)
        .select_related("article__outlet", "claimant")
        .defer("article__body")
        .order_by("-pk")[:CLAIMS_FOR_A_NEW_COUNT]
    )


# --- proposed counts -------------------------------------------------------------------------

# How many of the latest unlinked numbers proposals are made from, at most: the counts page
# reads them on every visit.
CLAIMS_FOR_PROPOSALS = 1000


def proposals(*, limit: int = 10) -> list[proposals_rules.Proposal]:
    """New counts worth starting: the latest numbers that belong to no count (none suggested
    or confirmed) and are not rejected, grouped by `claims.counts.proposals`. One query."""
    rows = (
        NumericClaim.objects.exclude(status=ReviewStatus.REJECTED)
        .exclude(counted="")
        .exclude(
            Exists(
                Observation.objects.filter(claim=OuterRef("pk")).exclude(
                    state=Observation.State.REJECTED
                )
            )
        )
        .order_by("-pk")
        .values_list("pk", "article_id", "article__published_on", "counted", "sentence", "text")[
            :CLAIMS_FOR_PROPOSALS
        ]
    )
    figures = [proposals_rules.Figure(*row) for row in rows]
    return proposals_rules.propose(figures)[:limit]
