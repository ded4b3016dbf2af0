from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models.base import audited
from claims.models.claims import NumericClaim, Quote


class DecisionQuerySet(models.QuerySet):
    def undoable_by(self, user) -> "DecisionQuerySet":
        """`user`'s own review and edit decisions not yet undone, latest first: what the undo
        key takes back (verdicts are undone from the verify desk; a move or an unlink is not a
        choice)."""
        return (
            self.filter(actor=user, undone_by__isnull=True)
            .exclude(
                action__in=[
                    self.model.Action.UNDO,
                    self.model.Action.VERDICT,
                    self.model.Action.MOVE,
                    self.model.Action.UNLINK,
                ]
            )
            .select_related("quote", "claim")
            .order_by("-created_at", "-pk")
        )

    def for_item(self, item: Quote | NumericClaim) -> "DecisionQuerySet":
        return (
            self.filter(**{item.item_type: item})
            .select_related("actor")
            .order_by("created_at", "pk")
        )


@audited
class Decision(models.Model):
    """One human decision on a quote or a claim: the history nothing overwrites.

    Rows are only ever added. `changes` holds {field: [before, after]} for every field the
    decision changed, so an edit can be read back (and undone) exactly.
    """

    class Action(models.TextChoices):
        REVIEW = "review", "Review"
        EDIT = "edit", "Edit"
        VERDICT = "verdict", "Fact-check verdict"
        UNDO = "undo", "Undo"
        MOVE = "move", "Moved with the revised article text"
        UNLINK = "unlink", "Speaker unlinked: the name names nobody"
        ADD = "add", "Added by hand"

    quote = models.ForeignKey(
        Quote, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    claim = models.ForeignKey(
        NumericClaim, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_decisions"
    )
    action = models.CharField(max_length=16, choices=Action)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    item_version = models.PositiveIntegerField(
        help_text="The item's version this decision produced: one decision per version"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the API pages through decisions in (created_at, id) order
            models.Index(fields=["created_at", "id"], name="decision_api_page"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(quote__isnull=False) & Q(claim__isnull=True))
                | (Q(quote__isnull=True) & Q(claim__isnull=False)),
                name="decision_on_exactly_one_item",
            ),
            # Backs up the optimistic lock in the services: two people deciding on the same
            # version of an item cannot both be recorded, even if the application let them.
            models.UniqueConstraint(
                fields=["quote", "item_version"],
                condition=Q(quote__isnull=False),
                name="one_decision_per_quote_version",
            ),
            models.UniqueConstraint(
                fields=["claim", "item_version"],
                condition=Q(claim__isnull=False),
                name="one_decision_per_claim_version",
            ),
        ]

    def __str__(self) -> str:
        item = f"quote {self.quote_id}" if self.quote_id else f"claim {self.claim_id}"
        action = self.get_action_display().lower()
        return f"{self.actor} {action} {item}: {self.from_state} → {self.to_state}"

    @property
    def item(self) -> Quote | NumericClaim:
        return self.quote if self.quote_id else self.claim
