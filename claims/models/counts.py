"""Counts followed across articles: a tracked count, the numbers linked to it, and its history.

A `TrackedCount` is one figure the news keeps reporting ("attacks on US forces in Iraq and
Syria since 17 October 2023"). An `Observation` links one numeric claim to one count, with the
interval the claim's qualifier gives and the date the figure is as of; the machine suggests
observations, editors confirm or reject them. `CountDecision` is their history.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q

from claims.models.articles import Outlet
from claims.models.base import TimeStamped, audited
from claims.models.claims import NumericClaim
from claims.models.speakers import Speaker
from claims.presentation.links import link


class TrackedCountQuerySet(models.QuerySet):
    def live(self) -> "TrackedCountQuerySet":
        """Counts not merged into another: the ones suggestions and lists offer."""
        return self.filter(merged_into__isnull=True)


@audited
class TrackedCount(TimeStamped):
    """One figure followed through the news. Parts (Iraq, Syria) point at their total."""

    name = models.CharField(
        max_length=300, help_text="What is counted, e.g. attacks on US forces in Iraq and Syria"
    )
    concept = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        editable=False,
        help_text="What is counted, normalised (deaths, injured, attack): how suggestions find it",
    )
    places = models.CharField(
        max_length=300, blank=True, help_text="Scope: places, comma-separated (Iraq, Syria)"
    )
    window_start = models.DateField(
        null=True, blank=True, help_text="The count runs since this date (17 October 2023)"
    )
    only_grows = models.BooleanField(
        default=True, help_text="Attacks and deaths only grow; people missing may go down"
    )
    unit = models.CharField(max_length=40, blank=True)
    definition = models.TextField(blank=True, help_text="What is in and out of the count")
    preferred_outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text="The total this count is a part of",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="Set when an editor merged this count into another; kept for its history",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every change; a stale form is refused"
    )

    objects = TrackedCountQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="count_api_page"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="count_name_not_empty"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="count_part_not_its_own_parent",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("id")),
                name="count_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(preferred_outlet__isnull=True) | Q(preferred_speaker__isnull=True),
                name="count_one_preferred_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("claims:count-detail", self.pk)

    @property
    def preferred_source(self) -> Outlet | Speaker | None:
        return self.preferred_speaker or self.preferred_outlet


class ObservationQuerySet(models.QuerySet):
    def charted(self) -> "ObservationQuerySet":
        """What the timeline draws: not rejected, and its claim not rejected by an editor."""
        return self.exclude(state=Observation.State.REJECTED).exclude(claim__status="rejected")

    def with_sources(self) -> "ObservationQuerySet":
        return self.select_related("claim__article__outlet", "claim__claimant")

    def figure_values(self) -> "models.QuerySet":
        """What a count's chart, flags and best figure read of each figure, as plain tuples in
        the order of `FIGURE_VALUES`, oldest first (`claims.presentation.timeline.figures`
        makes them objects): a count followed for months holds hundreds of figures, and model
        instances of each figure, claim, article, outlet and claimant were most of its page."""
        return self.order_by("as_of", "pk").values_list(*FIGURE_VALUES)


FIGURE_VALUES = (
    "pk",
    "count_id",
    "claim_id",
    "as_of",
    "low",
    "high",
    "state",
    "version",
    "definition",
    "claim__text",
    "claim__qualifier",
    "claim__status",
    "claim__article_id",
    "claim__claimant_id",
    "claim__claimant__name",
    "claim__article__title",
    "claim__article__published_on",
    "claim__article__outlet_id",
    "claim__article__outlet__name",
)


@audited
class Observation(TimeStamped):
    """A numeric claim read as a figure of a count: its interval, its date, and who agreed."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(NumericClaim, on_delete=models.CASCADE, related_name="observations")
    count = models.ForeignKey(TrackedCount, on_delete=models.CASCADE, related_name="observations")
    low = models.DecimalField(
        max_digits=30, decimal_places=6, null=True, blank=True, help_text="Empty: open below"
    )
    high = models.DecimalField(
        max_digits=30, decimal_places=6, null=True, blank=True, help_text="Empty: open above"
    )
    as_of = models.DateField(help_text="The date the figure is as of")
    state = models.CharField(max_length=16, choices=State, default=State.SUGGESTED)
    score = models.FloatField(default=0, help_text="How well the claim fits the count, 0 to 1")
    reasons = models.JSONField(default=list, blank=True, help_text="Why it was suggested")
    definition = models.CharField(
        max_length=300,
        blank=True,
        help_text="How this source counts, where it differs (e.g. includes disaster-related "
        "deaths): a lower figure under another definition is a divergence, not a regression",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observation_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every decision; a stale form is refused"
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["as_of", "pk"]
        permissions = [("decide_observation", "Can confirm or reject a claim as part of a count")]
        indexes = [
            models.Index(fields=["count", "as_of"], name="observation_timeline"),
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="observation_api_page"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "count"], name="observation_one_per_claim"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="observation_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="observation_score_0_to_1"
            ),
            models.CheckConstraint(
                condition=Q(state="suggested")
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="observation_decided_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim.text} → {self.count.name} ({self.state})"

    @property
    def decide_url(self) -> str:
        return link("claims:observation-decide", self.pk)

    @property
    def note_url(self) -> str:
        return link("claims:observation-note", self.pk)

    @property
    def is_decided(self) -> bool:
        return self.state != self.State.SUGGESTED


# How the history names a changed field where its own name would puzzle a reader.
CHANGE_LABELS = {"name": "what is counted", "parent": "part of", "definition": "definition note"}


@audited
class CountDecision(models.Model):
    """One human change to a count or an observation: created, renamed, edited, merged,
    confirmed, rejected. Rows are only ever added; `changes` holds {field: [before, after]}."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        RENAME = "rename", "Renamed"
        EDIT = "edit", "Edited"
        MERGE = "merge", "Merged"
        CONFIRM = "confirm", "Confirmed"
        REJECT = "reject", "Rejected"

    count = models.ForeignKey(TrackedCount, on_delete=models.PROTECT, related_name="decisions")
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="count_decisions"
    )
    action = models.CharField(max_length=16, choices=Action)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    item_version = models.PositiveIntegerField(
        help_text="The version of the observation (or, without one, the count) this produced"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Backs up the optimistic lock: two people deciding on the same version of an
            # observation (or changing the same version of a count) cannot both be recorded.
            models.UniqueConstraint(
                fields=["observation", "item_version"],
                condition=Q(observation__isnull=False),
                name="one_decision_per_observation_version",
            ),
            models.UniqueConstraint(
                fields=["count", "item_version"],
                condition=Q(observation__isnull=True),
                name="one_decision_per_count_version",
            ),
            models.CheckConstraint(
                condition=Q(observation__isnull=False)
                | Q(action__in=["create", "rename", "edit", "merge"]),
                name="count_decision_on_observation_or_count",
            ),
        ]

    def __str__(self) -> str:
        what = f"observation {self.observation_id}" if self.observation_id else "count"
        return f"{self.actor} {self.get_action_display().lower()} {what} of count {self.count_id}"

    def field_changes(self) -> list[tuple[str, Any, Any]]:
        """(field label, before, after) of each count field this decision changed."""
        out = []
        for name, (before, after) in self.changes.items():
            try:
                label = CHANGE_LABELS.get(name) or TrackedCount._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name.replace("_", " ")
            out.append((label, before, after))
        return out
