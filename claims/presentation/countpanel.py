"""What a number's card says about counts: each count it is (or may be) a figure of, the
count's recent figures leading to this one ("38 on 6 Nov → 55 on 14 Nov"), and the flags this
figure raises against the confirmed record. Built for many claims at once (an article page)
in two queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from claims import countmatch
from claims.models import Article, NumericClaim, Observation

TRAIL = 2  # confirmed figures shown before this one


@dataclass
class PanelRow:
    observation: Observation
    trail: list[Observation] = field(default_factory=list)
    flags: list[countmatch.ShownFlag] = field(default_factory=list)


def attach(claims: Sequence[NumericClaim], *, article: Article | None = None) -> None:
    """Set `count_panel` (a list of `PanelRow`, suggestions first) on each of `claims`.

    Given `article` (whose claims these are), its observations are read by article: the same
    one query whether the page holds numbers or not."""
    by_claim: dict[int, list[Observation]] = defaultdict(list)
    rows = (
        Observation.objects.filter(claim__article=article)
        if article is not None
        else Observation.objects.filter(claim__in=[c.pk for c in claims])
    )
    mine = list(
        rows.with_sources()
        .select_related("count")
        .defer("claim__article__body")
        .order_by("-score", "pk")
    )
    mine.sort(key=lambda o: o.state != Observation.State.SUGGESTED)  # what awaits a say first
    for o in mine:
        by_claim[o.claim_id].append(o)
    count_ids = {o.count_id for o in mine}
    series: dict[int, list[Observation]] = defaultdict(list)
    if count_ids:
        confirmed = (
            Observation.objects.charted()
            .filter(count__in=count_ids, state=Observation.State.CONFIRMED)
            .with_sources()
            .defer("claim__article__body", "claim__sentence")
            .order_by("as_of", "pk")
        )
        for o in confirmed:
            series[o.count_id].append(o)
    for claim in claims:
        rows = []
        for o in by_claim.get(claim.pk, []):
            others = [s for s in series[o.count_id] if s.pk != o.pk]
            before = [s for s in others if s.as_of <= o.as_of] or others
            record = [*others, o]
            flags = [f for f in countmatch.flags_of(o.count, record) if o.pk in f.observations]
            rows.append(PanelRow(o, before[-TRAIL:], flags))
        claim.count_panel = rows
