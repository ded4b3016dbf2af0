import re
import unicodedata

from django.db import models
from django.db.models import Q

from claims.links import link
from claims.models.base import TimeStamped, audited

_SPACE = re.compile(r"\s+")
_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def normalize_alias(name: str) -> str:
    """The key one speaker's names share: NFKC, case-folded, single-spaced, no edge punctuation."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("\u2019", "'")
    text = _SPACE.sub(" ", text).strip()
    return _PUNCT_EDGES.sub("", text)


class SpeakerQuerySet(models.QuerySet):
    def matching(self, name: str) -> "SpeakerQuerySet":
        """Speakers known by `name` as their canonical name or one of their aliases."""
        return self.filter(aliases__normalized=normalize_alias(name)).distinct()


@audited
class Speaker(TimeStamped):
    """A person or organisation that says things; shared across articles."""

    name = models.CharField(max_length=200, help_text="Canonical name, e.g. Antony Blinken")
    role = models.CharField(max_length=300, blank=True, help_text="Role or title as last described")
    organisation = models.CharField(max_length=200, blank=True)
    is_organisation = models.BooleanField(
        default=False, help_text="The speaker is a body (the Pentagon), not a person"
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self) -> str:
        return link("claims:speaker-detail", self.pk)


@audited
class SpeakerAlias(TimeStamped):
    """One name a speaker goes by. A normalised name belongs to exactly one speaker."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name
