"""How well the extractor does, read from the newsroom's own decisions (reads only).

Every proposal the machine made is, by now, approved as it was, approved with edits, rejected,
or still awaiting review; every item an editor added by hand is one the machine missed. Counted
per extractor version and kind (a quote's kind as the machine proposed it, before any edit), and
per week or month of the articles' ingestion. All counting is done by the database: per item
kind three grouped queries for the outcomes and one for the edited fields; Python only adds up
the few rows they return.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    CharField,
    Count,
    Expression,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Trunc

from claims.models import ITEM_KINDS, Decision, NumericClaim, Quote, ReviewStatus, item_groups

PERIODS = {"month": "Month", "week": "Week of"}  # the first is the default
# Fields an editor corrects that people think of as one thing.
FIELD_NAMES = {"start": "span", "end": "span", "lower": "bounds", "upper": "bounds"}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Tally:
    """What became of one group of proposals, and what the machine missed beside them."""

    approved: int = 0  # approved as proposed
    edited: int = 0  # approved with edits
    rejected: int = 0
    pending: int = 0
    added: int = 0  # added by hand: the machine's misses
    fields: dict[str, int] = field(default_factory=dict)  # corrected field -> items

    @property
    def proposals(self) -> int:
        return self.approved + self.edited + self.rejected + self.pending

    @property
    def decided(self) -> int:
        return self.approved + self.edited + self.rejected

    @property
    def kept(self) -> int:
        return self.approved + self.edited

    @property
    def precision(self) -> float | None:
        """Of the decided proposals, the share editors kept (as they were or corrected)."""
        return _ratio(self.kept, self.decided)

    @property
    def exact(self) -> float | None:
        """Of the decided proposals, the share editors approved without changing anything."""
        return _ratio(self.approved, self.decided)

    @property
    def recall(self) -> float | None:
        """Of the items the newsroom kept (the machine's and those added by hand), the share
        the machine had found."""
        return _ratio(self.kept, self.kept + self.added)

    def add(self, other: Tally) -> None:
        for name in ("approved", "edited", "rejected", "pending", "added"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, n in other.fields.items():
            self.fields[name] = self.fields.get(name, 0) + n


# Each outcome's `Tally` field: the review statuses, and "added" for an item added by hand.
OUTCOMES = {
    ReviewStatus.APPROVED: "approved",
    ReviewStatus.EDITED: "edited",
    ReviewStatus.REJECTED: "rejected",
    ReviewStatus.EXTRACTED: "pending",
    "added": "added",
}


@dataclass
class Report:
    groups: list[tuple[str, str]]  # (value, label) of each kind, in display order
    # version -> group value -> tally; "" is proposals of no recorded version
    by_version: dict[str, dict[str, Tally]]
    by_period: list[tuple[datetime, Tally]]  # newest first, every kind (or the one asked for)
    period: str

    def version_rows(self) -> list[tuple[str, list[tuple[str, Tally]], Tally]]:
        """Per version (newest name first): each kind's tally, and the version's total."""
        rows = []
        for version in sorted(self.by_version, reverse=True):
            tallies = self.by_version[version]
            total = Tally()
            cells = []
            for value, label in self.groups:
                tally = tallies.get(value)
                if tally is not None:
                    cells.append((label, tally))
                    total.add(tally)
            rows.append((version, cells, total))
        return rows


def _proposed_subkind(model: type[Quote] | type[NumericClaim], item: str) -> Expression:
    """The item's finer kind as the machine proposed it: its current one unless an edit
    changed it, then the value before the first such edit (`item` names the item's id)."""
    name = model.subkind_field
    if not name:
        return Value("", output_field=CharField())
    first_change = (
        Decision.objects.filter(
            **{f"{model.item_type}_id": OuterRef(item)},
            action=Decision.Action.EDIT,
            changes__has_key=name,
        )
        .order_by("created_at", "pk")
        .values(before=KT(f"changes__{name}__0"))[:1]
    )
    prefix = "" if item == "pk" else f"{model.item_type}__"
    return Coalesce(Subquery(first_change, output_field=CharField()), F(prefix + name))


def _subkind(model: type[Quote] | type[NumericClaim]) -> Expression:
    if not model.subkind_field:
        return Value("", output_field=CharField())
    return F(model.subkind_field)


def _group_value(model: type[Quote] | type[NumericClaim], subkind: str) -> str:
    return f"{model.item_type}.{subkind}" if subkind else model.item_type


def _outcomes(model, period: str) -> list[dict]:
    """Rows of (version, subkind, period start, outcome, how many), in three grouped queries:
    the proposals not edited (plain columns, which the database groups by hashing), those
    approved with edits (their proposed subkind looked up in the history) and the items added by
    hand (counted for the version that read their article; one an editor rejected again is
    not a miss)."""
    items = model.objects.order_by()
    machine = items.filter(added_by_hand=False)
    version = F("extractor_version")
    plain = machine.exclude(status=ReviewStatus.EDITED).values(
        version_=version, subkind_=_subkind(model), outcome_=F("status")
    )
    edited = machine.filter(status=ReviewStatus.EDITED).values(
        version_=version,
        subkind_=_proposed_subkind(model, "pk"),
        outcome_=Value(ReviewStatus.EDITED, output_field=CharField()),
    )
    added = (
        items.filter(added_by_hand=True)
        .exclude(status=ReviewStatus.REJECTED)
        .values(
            version_=F("article__extractor_version"),
            subkind_=_subkind(model),
            outcome_=Value("added", output_field=CharField()),
        )
    )
    rows = []
    for grouped in (plain, edited, added):
        grouped = grouped.annotate(period_=Trunc("article__created_at", period))
        rows += grouped.values("version_", "subkind_", "outcome_", "period_").annotate(
            n=Count("pk")
        )
    return rows


def _shown_fields(model) -> dict[str, list[str]]:
    """The corrected fields as people name them ("span" for start and end), with their fields."""
    shown: dict[str, list[str]] = {}
    for name in model.editable_fields:
        shown.setdefault(FIELD_NAMES.get(name, name), []).append(name)
    return shown


def _edited_fields(model) -> list[dict]:
    """Per (version, proposed subkind): how many proposals approved with edits had each field
    corrected, by the edits still standing (an undone edit is not counted)."""
    item = model.item_type
    edits = Decision.objects.filter(
        action=Decision.Action.EDIT,
        undone_by__isnull=True,
        **{f"{item}__added_by_hand": False, f"{item}__status": ReviewStatus.EDITED},
    )
    counts = {}
    for index, names in enumerate(_shown_fields(model).values()):
        edited = Q()
        for name in names:
            edited |= Q(changes__has_key=name)
        counts[f"n{index}"] = Count(item, distinct=True, filter=edited)
    return list(
        edits.order_by()
        .values(version_=F(f"{item}__extractor_version"), subkind_=_proposed_subkind(model, item))
        .annotate(**counts)
    )


def report(*, period: str = "month", kind: str = "") -> Report:
    """Outcomes per extractor version and kind, and per `period` ("week", "month") for `kind`
    (a value of `item_groups`, "" for every kind)."""
    groups = [(value, label) for value, label, _, _ in item_groups()]
    by_version: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    by_period: dict[datetime, Tally] = defaultdict(Tally)
    for model in ITEM_KINDS.values():
        for row in _outcomes(model, period):
            group = _group_value(model, row["subkind_"])
            name = OUTCOMES.get(row["outcome_"])
            if name is None:
                continue
            tallies = [by_version[row["version_"]][group]]
            if kind in ("", group):
                tallies.append(by_period[row["period_"]])
            for tally in tallies:
                setattr(tally, name, getattr(tally, name) + row["n"])
        shown = list(_shown_fields(model))
        for row in _edited_fields(model):
            tally = by_version[row["version_"]][_group_value(model, row["subkind_"])]
            for index, name in enumerate(shown):
                if row[f"n{index}"]:
                    tally.fields[name] = tally.fields.get(name, 0) + row[f"n{index}"]
    return Report(
        groups=groups,
        by_version={version: dict(tallies) for version, tallies in by_version.items()},
        by_period=sorted(by_period.items(), key=lambda pair: pair[0], reverse=True),
        period=period,
    )
