"""How well the extractor does, read from the newsroom's own decisions (reads only).

Every proposal the machine made is, by now, approved as it was, approved with edits, rejected,
or still awaiting review; every item an editor added by hand is one the machine missed. Counted
per extractor version and kind (a quote's kind as the machine proposed it, before any edit), and
per week or month of the articles' ingestion. All counting is done by the database: one grouped
query per item kind for the outcomes, one for the edited fields; Python only adds up the rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Expression,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
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


STATUS_FIELD = {
    ReviewStatus.APPROVED: "approved",
    ReviewStatus.EDITED: "edited",
    ReviewStatus.REJECTED: "rejected",
    ReviewStatus.EXTRACTED: "pending",
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
    proposed = Coalesce(Subquery(first_change, output_field=CharField()), F(prefix + name))
    # only an item approved with edits can hold a changed kind (an undo puts it back)
    return Case(
        When(**{f"{prefix}status": ReviewStatus.EDITED}, then=proposed),
        default=F(prefix + name),
        output_field=CharField(),
    )


def _group_value(model: type[Quote] | type[NumericClaim], subkind: str) -> str:
    return f"{model.item_type}.{subkind}" if subkind else model.item_type


def _outcomes(model, period: str) -> list[dict]:
    """Rows of (version, subkind, period start, status, added by hand, how many)."""
    version = Case(
        When(added_by_hand=True, then=F("article__extractor_version")),
        default=F("extractor_version"),
        output_field=CharField(),
    )
    return list(
        model.objects.order_by()
        .values(
            version_=version,
            subkind_=_proposed_subkind(model, "pk"),
            period_=Trunc("article__created_at", period),
        )
        .annotate(n=Count("pk"))
        .values("version_", "subkind_", "period_", "status", "added_by_hand", "n")
    )


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
            if row["added_by_hand"]:  # a miss, unless an editor threw it out again
                name = "added" if row["status"] != ReviewStatus.REJECTED else None
            else:
                name = STATUS_FIELD.get(row["status"])
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
