import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from claims.models.base import TimeStamped, audited
from claims.presentation.links import link

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties): characters no reader sees, so
# they never tell two names apart. Format characters (Cf: bidi marks, soft hyphen, zero-width
# space) and controls (Cc) are dropped with them.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})
# Stripped from both ends: punctuation, symbols, separators, other; a leading mark has no base.
_LEADING, _TRAILING = "PSZCM", "PSZC"
KEY_LENGTH = 300  # NFKC can lengthen a name (one character can become eighteen)


def _normalize_once(text: str) -> str:
    text = "".join(" " if char.isspace() else char for char in _IGNORABLE.sub("", text))
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = " ".join(text.translate(_APOSTROPHES).split())
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in _LEADING:
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in _TRAILING:
        end -= 1
    return text[start:end][:KEY_LENGTH]


def normalize_alias(name: str) -> str:
    """The key one speaker's names share: invisible characters gone, NFKC, case-folded,
    single-spaced, no punctuation or symbols at either end, at most `KEY_LENGTH` characters.

    Empty when nothing is left that could name anyone ("...", "—", zero-width marks). Repeated
    until nothing changes (removing a mark can let NFKC compose what it separated), so the key
    of a key is itself: the database's unique keys and every lookup agree.
    """
    text = name
    for _ in range(8):
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


class SpeakerQuerySet(models.QuerySet):
    def matching(self, name: str) -> "SpeakerQuerySet":
        """Speakers known by `name` as their canonical name or one of their aliases."""
        key = normalize_alias(name)
        return self.filter(Q(normalized=key) | Q(aliases__normalized=key)).distinct()


@audited
class Speaker(TimeStamped):
    """A person or organisation that says things; shared across articles."""

    name = models.CharField(max_length=200, help_text="Canonical name, e.g. Antony Blinken")
    normalized = models.CharField(
        max_length=KEY_LENGTH, editable=False, help_text="normalize_alias(name): unique"
    )
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
            models.CheckConstraint(
                condition=~Q(normalized=""), name="speaker_normalized_not_empty"
            ),
            models.UniqueConstraint(fields=["normalized"], name="speaker_normalized_unique"),
        ]
        indexes = [
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="speaker_api_page"),
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
    normalized = models.CharField(max_length=KEY_LENGTH, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_not_empty"),
            models.UniqueConstraint(fields=["normalized"], name="alias_normalized_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerMergeQuerySet(models.QuerySet):
    def resolve(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        """For each of `ids` merged away: (its name then, the id it lives on as now), following
        chains (A merged into B, then B into C, gives C)."""
        ids = set(ids)
        merges: dict[int, SpeakerMerge] = {}
        wanted = set(ids)
        while wanted:
            found = {m.merged_id: m for m in self.filter(merged_id__in=wanted)}
            merges.update(found)
            wanted = {m.into_id for m in found.values()} - merges.keys()

        def survivor(pk: int) -> int:
            seen = set()
            while pk in merges and pk not in seen:
                seen.add(pk)
                pk = merges[pk].into_id
            return pk

        return {pk: (merges[pk].merged_name, survivor(pk)) for pk in ids if pk in merges}


@audited
class SpeakerMerge(models.Model):
    """One speaker folded into another. The merged row is deleted; history keeps its id (it is
    never rewritten), so reading or undoing that history resolves the id through these rows."""

    merged_id = models.PositiveBigIntegerField(help_text="Id of the speaker merged away (gone)")
    merged_name = models.CharField(max_length=200, help_text="Its name when it was merged")
    # No foreign key in the database: the survivor may itself be merged on later, and this row
    # must keep saying where the speaker went then.
    into = models.ForeignKey(
        Speaker, on_delete=models.DO_NOTHING, db_constraint=False, related_name="merged_from"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="speaker_merges",
        help_text="Empty for duplicates merged by a migration",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["merged_id"], name="speaker_merged_once"),
            models.CheckConstraint(
                condition=~Q(merged_id=F("into")), name="speaker_merge_not_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_name} (#{self.merged_id}) merged into #{self.into_id}"
