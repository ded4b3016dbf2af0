"""Contradictions in one count's record, each explained in words for an editor.

Pure Python over ``Observation`` values: the link command and the services share these rules.
The rules (issue #12):

- ``regression``: a later figure below an earlier lower bound, for a count that only grows
  (``divergence`` when the two come from different sources or definitions);
- ``same_day``: two incompatible figures for the same day from different articles (one article
  giving two figures for one day is telling an update: "202, up from 180 earlier");
- ``more_than_then_exact``: "more than X" followed later by exactly X;
- ``parts_sum``: parts that add up to more than the total given beside them;
- ``stale``: a figure published after a higher (or, for a count that may go down, a newer)
  one was already on record.

A different window start ("since 7 October" against "since 1 January") makes a different
count, so such observations are never compared. A count that may go down raises no regression.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations

from .intervals import Interval, convention, plain

RULES = ("regression", "divergence", "same_day", "more_than_then_exact", "parts_sum", "stale")


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure of one count: what was said, when it holds, who said it."""

    key: str  # the caller's id for it (a claim pk, "article:start:end")
    as_of: date | None
    interval: Interval
    source: str  # who stands behind the figure: claimant or outlet
    definition: str = ""  # "includes disaster-related deaths"; differing definitions diverge
    window_start: date | None = None
    text: str = ""  # the number as written
    qualifier: str = ""
    published: date | None = None
    part: str = ""  # "" for the total, else the part's name ("Riverton")
    article: str = ""  # figures of one article are the article's own sequence
    breakdown: str = ""  # which way the parts split the total ("place", "kind"); sums per way


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str  # one of RULES
    keys: tuple[str, ...]  # the observations involved, oldest first
    explanation: str  # in words, for an editor


def flags(observations: Sequence[Observation], *, only_grows: bool) -> list[Flag]:
    """Every flag the rules raise on one count's observations (its total and its parts).

    One flag per offending figure, naming the strongest figure it contradicts, so a long record
    does not bury the editor in pairs.
    """
    found: list[Flag] = []
    for series in _series(observations):
        found += _downgrades(series)
        if only_grows:
            found += _regressions(series)
        found += _same_day(series)
        found += _stale(series, only_grows=only_grows)
    found += _parts_sum(observations)
    return _unique(found)


# ------------------------------------------------------------------ grouping


def _series(observations: Iterable[Observation]) -> list[list[Observation]]:
    """Figures that measure the same thing: one part (or the total) over one window."""
    by_part: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_part[obs.part].append(obs)
    out = []
    for group in by_part.values():
        windows = sorted({o.window_start for o in group if o.window_start is not None})
        if len(windows) <= 1:
            out.append(group)
            continue
        # A figure with no stated window may belong to any of them.
        for window in windows:
            out.append([o for o in group if o.window_start in (window, None)])
    return out


def _comparable(a: Observation, b: Observation) -> bool:
    return a.window_start is None or b.window_start is None or a.window_start == b.window_start


def _same_article(a: Observation, b: Observation) -> bool:
    return bool(a.article) and a.article == b.article


# ------------------------------------------------------------------ rules


def _regressions(series: list[Observation]) -> list[Flag]:
    out = []
    # Figures by date, so each figure is compared with the earlier ones only; a figure open
    # above is below nothing, so it is not compared at all. Ties go to the figure listed first,
    # as a scan of the whole record in its order would give.
    dated = sorted(
        ((o.as_of, i, o) for i, o in enumerate(series) if o.as_of is not None),
        key=lambda row: (row[0], row[1]),
    )
    days = [row[0] for row in dated]
    for later in series:
        high = later.interval.high
        if later.as_of is None or high is None:
            continue
        worst: tuple[tuple, int, Observation] | None = None
        for _, i, o in dated[: bisect_left(days, later.as_of)]:
            low = o.interval.low
            if low is None or not high < low:
                continue
            if not _comparable(o, later) or _is_downgrade(o, later):
                continue
            key = (low, o.as_of)
            if worst is None or key > worst[0] or (key == worst[0] and i < worst[1]):
                worst = (key, i, o)
        if worst is None:
            continue
        earlier = worst[2]
        different = _differs(earlier.source, later.source) or _differs(
            earlier.definition, later.definition
        )
        rule = "divergence" if different else "regression"
        why = f"{_said(later)} is below {_said(earlier)}, and this count only grows." + (
            f" {_difference(earlier, later)}" if different else ""
        )
        out.append(Flag(rule, (earlier.key, later.key), why))
    return out


def _downgrades(series: list[Observation]) -> list[Flag]:
    out = []
    # Only "more than X" figures can be downgraded, and only by an exact X (or X - 1): each
    # floor is paired with the exact figures of those values alone, in the record's order.
    exact: dict[Decimal, list[tuple[int, Observation]]] = defaultdict(list)
    for i, b in enumerate(series):
        if b.interval.exact:
            exact[b.interval.low].append((i, b))
    for a in series:
        low = a.interval.low
        if low is None or a.interval.high is not None:
            continue
        if convention(a.text, a.qualifier) != "more_than":
            continue
        for _, b in sorted(exact.get(low, []) + exact.get(low - 1, []), key=lambda row: row[0]):
            if b is not a and _is_downgrade(a, b) and _before(a, b):
                why = (
                    f"{_said(a)} was followed by {_said(b)}: exactly the figure that was "
                    f"called a floor."
                )
                out.append(Flag("more_than_then_exact", (a.key, b.key), why))
    return out


def _is_downgrade(a: Observation, b: Observation) -> bool:
    """`a` says "more than X" and `b` says exactly X."""
    if a.interval.low is None or not b.interval.exact:
        return False
    if convention(a.text, a.qualifier) != "more_than":
        return False
    floor = b.interval.low
    return a.interval.low in (floor + 1, floor) and a.interval.high is None


def _before(a: Observation, b: Observation) -> bool:
    if a.as_of is not None and b.as_of is not None:
        return a.as_of < b.as_of
    return a.published is not None and b.published is not None and a.published < b.published


def _same_day(series: list[Observation]) -> list[Flag]:
    # Only figures of one day are compared: pairs within each day, in the record's order.
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, o in enumerate(series):
        if o.as_of is not None:
            by_day[o.as_of].append(i)
    pairs = sorted(pair for indexes in by_day.values() for pair in combinations(indexes, 2))
    out = []
    for i, j in pairs:
        a, b = series[i], series[j]
        if _same_article(a, b) or not _comparable(a, b) or a.interval.overlaps(b.interval):
            continue
        first, second = sorted((a, b), key=lambda o: (o.published or date.min, o.key))
        why = (
            f"Two different figures for {_day(a.as_of)}: {_said(first, day=False)} and "
            f"{_said(second, day=False)}. Check whether they refer to different times of day "
            f"or different definitions."
        )
        out.append(Flag("same_day", (first.key, second.key), why))
    return out


def _stale(series: list[Observation], *, only_grows: bool) -> list[Flag]:
    if only_grows:
        found = _stale_growing(series)
    else:
        found = {}
        published = sorted(
            ((o.published, i, o) for i, o in enumerate(series) if o.published is not None),
            key=lambda row: (row[0], row[1]),
        )
        days = [row[0] for row in published]
        for i, late in enumerate(series):
            if late.published is None:
                continue
            earlier = published[: bisect_left(days, late.published)]
            newest = _newest_on_record(
                late, ((j, o) for _, j, o in earlier if _superseded(late, by=o, only_grows=False))
            )
            if newest is not None:
                found[i] = newest
    out = []
    what = "a higher figure" if only_grows else "a newer figure"
    for i in sorted(found):
        late, newest = series[i], found[i]
        why = (
            f"{_said(late)} was published on {_day(late.published)}, when {what} was already "
            f"on record: {_said(newest)}."
        )
        out.append(Flag("stale", (newest.key, late.key), why))
    return out


def _stale_growing(series: list[Observation]) -> dict[int, Observation]:
    """For a count that only grows: each figure published when a higher lower bound was
    already on record, and the newest such figure. Figures go by publication date, the ones
    published before kept sorted by their lower bound, so each figure is compared only with
    those above it (a figure open above is superseded by nothing)."""
    published = sorted(
        (i for i, o in enumerate(series) if o.published is not None),
        key=lambda i: (series[i].published, i),
    )
    lows: list[tuple[Decimal, int]] = []  # (lower bound, index), of figures published before
    # What `_newest_on_record` ranks by, the first listed winning a tie.
    rank = [(o.as_of or date.min, o.interval.low or Decimal(0), -i) for i, o in enumerate(series)]
    found: dict[int, Observation] = {}
    added = 0
    for i in published:
        late = series[i]
        while added < len(published) and series[published[added]].published < late.published:
            j = published[added]
            if series[j].interval.low is not None:
                insort(lows, (series[j].interval.low, j))
            added += 1
        high = late.interval.high
        if high is None:
            continue
        above = [j for _, j in lows[bisect_right(lows, high, key=lambda row: row[0]) :]]
        # The one to name comes first in `rank` order: the first that may be named is it.
        for j in sorted(above, key=rank.__getitem__, reverse=True):
            if _may_name(series[j], late):
                found[i] = series[j]
                break
    return found


def _newest_on_record(
    late: Observation, earlier: Iterable[tuple[int, Observation]]
) -> Observation | None:
    """Of the `earlier` figures (index, figure) that supersede `late`, the one to name: the
    latest as-of date, then the highest lower bound, then the first listed. Figures of the
    same article, of another window, or dated before `late` (that is a regression) do not
    count."""
    newest: tuple[tuple, int, Observation] | None = None
    for i, o in earlier:
        if not _may_name(o, late):
            continue
        key = (o.as_of or date.min, o.interval.low or Decimal(0))
        if newest is None or key > newest[0] or (key == newest[0] and i < newest[1]):
            newest = (key, i, o)
    return None if newest is None else newest[2]


def _may_name(earlier: Observation, late: Observation) -> bool:
    """Whether `earlier` may be named as what made `late` stale: not the same article's own
    sequence, the same window, and not dated before `late` (that is a regression)."""
    return not (
        _same_article(earlier, late)
        or not _comparable(earlier, late)
        or (earlier.as_of and late.as_of and late.as_of > earlier.as_of)
    )


def _superseded(old: Observation, *, by: Observation, only_grows: bool) -> bool:
    if only_grows:
        return old.interval.below(by.interval)
    return (
        old.as_of is not None
        and by.as_of is not None
        and old.as_of < by.as_of
        and not old.interval.overlaps(by.interval)
    )


def _parts_sum(observations: Sequence[Observation]) -> list[Flag]:
    """Parts given in one article for one day that add up to more than its total for that day."""
    totals: dict[tuple[str, date | None], list[Observation]] = defaultdict(list)
    parts: dict[tuple[str, date | None, str], dict[str, Observation]] = defaultdict(dict)
    for obs in observations:
        if not obs.article:
            continue
        if obs.part:
            slot = parts[(obs.article, obs.as_of, obs.breakdown)]
            if obs.part not in slot or _low(obs) > _low(slot[obs.part]):
                slot[obs.part] = obs
        else:
            totals[(obs.article, obs.as_of)].append(obs)
    out = []
    for (article, day, _way), named in parts.items():
        bounded = [t for t in totals.get((article, day), []) if t.interval.high is not None]
        if len(named) < 2 or not bounded:
            continue
        total = max(bounded, key=lambda t: t.interval.high)
        summed = sum((_low(p) for p in named.values()), Decimal(0))
        if summed > total.interval.high:
            listed = ", ".join(f"{p.part} {p.text or p.interval}" for p in named.values())
            why = (
                f"The parts ({listed}) add up to {plain(summed)}, more than the total "
                f"{_said(total, day=False)}."
            )
            keys = (total.key, *(p.key for p in named.values()))
            out.append(Flag("parts_sum", keys, why))
    return out


# ------------------------------------------------------------------ words


def _low(obs: Observation) -> Decimal:
    return obs.interval.low if obs.interval.low is not None else Decimal(0)


def _differs(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a.strip().lower() != b.strip().lower()


def _difference(a: Observation, b: Observation) -> str:
    if _differs(a.definition, b.definition):
        return f'The definitions differ ("{a.definition}" against "{b.definition}").'
    return f"The sources differ ({a.source} against {b.source})."


def _said(obs: Observation, *, day: bool = True) -> str:
    figure = f'"{obs.text}"' if obs.text else str(obs.interval)
    if obs.text and not obs.interval.exact:
        figure += f" ({obs.interval})"
    who = f" ({obs.source})" if obs.source else ""
    when = f" on {_day(obs.as_of)}" if day and obs.as_of else ""
    return f"{figure}{when}{who}"


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "an unknown date"


def _unique(found: list[Flag]) -> list[Flag]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for flag in found:
        if (flag.rule, flag.keys) not in seen:
            seen.add((flag.rule, flag.keys))
            out.append(flag)
    return out
