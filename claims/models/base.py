import pghistory
from django.db import models


# The audit trail: database triggers (PostgreSQL) record every insert, update and delete of the
# decorated models, queryset .update() included, with the acting user and URL from
# pghistory's middleware. The event tables are append-only: triggers refuse update and delete.
def audited(model: type[models.Model]) -> type[models.Model]:
    """Class decorator; the trackers are made anew for each model, as pghistory binds them."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        append_only=True,
    )(model)


class ReviewStatus(models.TextChoices):
    EXTRACTED = "extracted", "Awaiting review"
    APPROVED = "approved", "Approved"
    EDITED = "edited", "Approved with edits"
    REJECTED = "rejected", "Rejected"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
