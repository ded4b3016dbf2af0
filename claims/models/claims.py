from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from claims.models.articles import Article
from claims.models.base import ReviewStatus, TimeStamped, audited
from claims.models.speakers import Speaker
from claims.presentation.links import link
from claims.presentation.quoting import in_quotation_marks, quoted
from claims.text.names import is_a_name

# Which status an editor may move an item to from each status. A rejection is final (undo is a
# separate, recorded action); an approved item may still be corrected, which makes it "edited".
REVIEW_TRANSITIONS: dict[str, frozenset[str]] = {
    ReviewStatus.EXTRACTED: frozenset(
        {ReviewStatus.APPROVED, ReviewStatus.EDITED, ReviewStatus.REJECTED}
    ),
    ReviewStatus.APPROVED: frozenset({ReviewStatus.EDITED}),
    ReviewStatus.EDITED: frozenset({ReviewStatus.EDITED}),
    ReviewStatus.REJECTED: frozenset(),
}


class Verdict(models.TextChoices):
    UNCHECKED = "", "Not checked yet"
    VERIFIED = "verified", "Verified"
    MISQUOTED = "misquoted", "Misquoted"
    OUT_OF_CONTEXT = "out_of_context", "Out of context"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Reviewable(TimeStamped):
    """What quotes and numeric claims share: a span of an article and an editor's decision."""

    start = models.PositiveIntegerField(help_text="Character offset into article.body")
    end = models.PositiveIntegerField(help_text="End offset, exclusive")
    confidence = models.FloatField(default=0.5, help_text="The extractor's confidence, 0 to 1")
    extractor_version = models.CharField(max_length=32, blank=True)
    added_by_hand = models.BooleanField(
        default=False, help_text="An editor added it from the article page; the machine missed it"
    )
    status = models.CharField(
        max_length=16, choices=ReviewStatus, default=ReviewStatus.EXTRACTED, db_index=True
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every decision; a stale form is refused"
    )
    overlaps = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overlapped_by",
        help_text="A decided item this newer candidate overlaps",
    )

    class Meta:
        abstract = True

    @property
    def is_decided(self) -> bool:
        return self.status != ReviewStatus.EXTRACTED

    def can_become(self, status: str) -> bool:
        return status in REVIEW_TRANSITIONS[self.status]

    def context_bounds(self, radius: int = 300) -> tuple[int, int]:
        """(low, high): the paragraph around the span, at most `radius` either side of it."""
        body = self.article.body
        low = max(body.rfind("\n", 0, self.start) + 1, self.start - radius)
        high = body.find("\n", self.end)
        high = min(len(body) if high == -1 else high, self.end + radius)
        return low, high

    def in_context(self, radius: int = 300) -> tuple[str, str, str]:
        """(before, span, after): the span inside its paragraph, at most `radius` either side."""
        body = self.article.body
        low, high = self.context_bounds(radius)
        return body[low : self.start], body[self.start : self.end], body[self.end : high]

    @property
    def person_mention(self) -> tuple[int, int] | None:
        """(start, end) of the words naming the person in the text, when stored."""
        if self.person_span is None:
            return None
        low, high = (getattr(self, name) for name in self.person_span)
        return (low, high) if low is not None and high is not None else None

    # What tells the kinds apart, defined once on each model; ITEM_KINDS lists the models, and
    # URLs, forms, the queue, history and the services all read these instead of branching.
    item_type: ClassVar[str]  # in URLs, DOM ids, bulk keys, and the name of Decision's link
    label: ClassVar[str]  # what people read on a card: "Quote", "Number"
    person_field: ClassVar[str]  # who the item is attributed to (a Speaker link)
    review_permission: ClassVar[str]  # the permission to approve, edit or reject it
    editable_fields: ClassVar[tuple[str, ...]]  # what an editor may correct
    queue_rank: ClassVar[int]  # order at the same offset in the review queue
    # A second span that moves with the item when the text is revised, and the text field it
    # fills ("" for none): a quote's speaker mention, a number's sentence.
    linked_span: ClassVar[tuple[str, str]]
    linked_text: ClassVar[str]
    # The field whose choices split the kind further (a quote's direct, mixed, indirect), ""
    # for none: the review list's kind filter and the accuracy page's rows read it.
    subkind_field: ClassVar[str]

    @classmethod
    def subkinds(cls) -> list[tuple[str, str]]:
        """(value, label) of each finer kind, [] when the kind is not split."""
        return list(cls._meta.get_field(cls.subkind_field).choices) if cls.subkind_field else []

    # The span naming the person (a quote's speaker mention), highlighted on the article page
    # and the card and settable by selecting it; None for a kind that stores none.
    person_span: ClassVar[tuple[str, str] | None]

    @classmethod
    def related(cls) -> tuple[str, str]:
        """What a card of this kind shows besides the item: `select_related` these."""
        return ("article", cls.person_field)

    @property
    def person(self) -> Speaker | None:
        return getattr(self, self.person_field)

    @property
    def unresolved_mention(self) -> str | None:
        """None when the item is attributed as it should be; otherwise the words the text has
        where a name should be ("they"), or "" when the extractor found no speaker at all. A
        person row that names nobody (a "they" stored before such names were refused) counts
        as not resolved."""
        person = self.person
        if person is not None:
            return None if is_a_name(person.normalized) else person.name
        return self.unattributed_mention()

    def unattributed_mention(self) -> str | None:
        """For an item with no person: what the text says instead of a name, "" for nothing;
        None when having no person is a resolved state of this kind."""
        return None

    def text_from_span(self) -> str:
        """The stored text for the current span: the article's slice, cut to the column size."""
        limit = self._meta.get_field("text").max_length
        return self.article.body[self.start : self.end][:limit]

    @property
    def key(self) -> str:
        """Identifies the item across both types, in URLs, DOM ids and bulk forms."""
        return f"{self.item_type}-{self.pk}"

    @property
    def review_url(self) -> str:
        return link("claims:item-review", self.pk, self.item_type)

    @property
    def edit_url(self) -> str:
        return link("claims:item-edit", self.pk, self.item_type)

    @property
    def history_url(self) -> str:
        return link("claims:item-history", self.pk, self.item_type)


def _span_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(start__lt=F("end")), name=f"{prefix}_start_before_end"),
        models.CheckConstraint(
            condition=Q(confidence__gte=0) & Q(confidence__lte=1),
            name=f"{prefix}_confidence_0_to_1",
        ),
    ]


class QuoteQuerySet(models.QuerySet):
    def verifiable(self) -> "QuoteQuerySet":
        """Approved quotes (with or without edits), in reading order: what fact-checkers see."""
        return (
            self.filter(status__in=[ReviewStatus.APPROVED, ReviewStatus.EDITED])
            .select_related("article", "speaker", "verified_by")
            .order_by("article_id", "start", "pk")
        )


@audited
class Quote(Reviewable):
    item_type = "quote"
    label = "Quote"
    person_field = "speaker"
    review_permission = "claims.review_quote"
    editable_fields = ("start", "end", "kind", "speaker", "cue", "speaker_start", "speaker_end")
    queue_rank = 0
    linked_span = ("speaker_start", "speaker_end")
    linked_text = ""
    subkind_field = "kind"
    person_span = ("speaker_start", "speaker_end")

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        MIXED = "mixed", "Partial (inside reported speech)"
        INDIRECT = "indirect", "Indirect"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.DIRECT)
    cue = models.CharField(max_length=200, blank=True, help_text='Reporting verb, e.g. "said"')
    speaker_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the speaker mention the name came from"
    )
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    verdict = models.CharField(max_length=16, choices=Verdict, blank=True, default="")
    evidence_url = models.URLField(max_length=2000, blank=True)
    verdict_note = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_quotes",
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        permissions = [
            ("review_quote", "Can approve, edit or reject extracted quotes"),
            ("verify_quote", "Can record a fact-check verdict on a quote"),
        ]
        indexes = [
            models.Index(
                fields=["article", "start", "id"],
                condition=Q(status=ReviewStatus.EXTRACTED),
                name="quote_review_queue",
            ),
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="quote_api_page"),
        ]
        constraints = [
            *_span_constraints("quote"),
            models.UniqueConstraint(
                fields=["article", "start", "end", "kind"], name="quote_unique_span_kind"
            ),
            models.CheckConstraint(
                condition=(Q(speaker_start__isnull=True) & Q(speaker_end__isnull=True))
                | (
                    Q(speaker_start__isnull=False)
                    & Q(speaker_end__isnull=False)
                    & Q(speaker_start__lt=F("speaker_end"))
                ),
                name="quote_speaker_mention_is_a_span",
            ),
            models.CheckConstraint(
                condition=Q(verdict="")
                | Q(status__in=[ReviewStatus.APPROVED, ReviewStatus.EDITED]),
                name="quote_verdict_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id else "unattributed"
        return f"{quoted(self.text, 80)} ({who})"

    @property
    def in_quotation_marks(self) -> bool:
        """The span includes its quotation marks: pages show it as it is, without a <q>."""
        return in_quotation_marks(self.text)

    def unattributed_mention(self) -> str:
        """A quote with no speaker is not resolved: the mention as written, if any."""
        if self.speaker_start is None or self.speaker_end is None:
            return ""
        return self.article.body[self.speaker_start : self.speaker_end]

    @property
    def can_be_verified(self) -> bool:
        return self.status in (ReviewStatus.APPROVED, ReviewStatus.EDITED)

    @property
    def fact_check_url(self) -> str:
        """The public page with its ClaimReview; only a quote with a verdict has one."""
        return link("claims:claimreview", self.pk)


@audited
class NumericClaim(Reviewable):
    item_type = "claim"
    label = "Number"
    person_field = "claimant"
    review_permission = "claims.review_numericclaim"
    editable_fields = (
        "start",
        "end",
        "value",
        "lower",
        "upper",
        "qualifier",
        "counted",
        "unit",
        "claimant",
    )
    queue_rank = 1
    linked_span = ("sentence_start", "sentence_end")
    linked_text = "sentence"
    subkind_field = ""
    person_span = None

    class Qualifier(models.TextChoices):
        EXACT = "=", "exactly"
        ABOUT = "~", "about"
        OVER = ">", "more than"
        AT_LEAST = ">=", "at least"
        UNDER = "<", "less than"
        AT_MOST = "<=", "at most"
        RANGE = "range", "between"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="numeric_claims")
    claimant = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="numeric_claims",
        help_text="Who puts the number about; empty means the outlet's own voice",
    )
    text = models.CharField(max_length=300, help_text='The number as written, e.g. "at least 46"')
    value = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    lower = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    upper = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    qualifier = models.CharField(max_length=8, choices=Qualifier, default=Qualifier.EXACT)
    counted = models.CharField(max_length=300, blank=True, help_text="What is counted")
    unit = models.CharField(max_length=40, blank=True, help_text="Unit or currency")
    sentence = models.TextField(blank=True)
    sentence_start = models.PositiveIntegerField(null=True, blank=True)
    sentence_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start"]
        permissions = [("review_numericclaim", "Can approve, edit or reject numeric claims")]
        indexes = [
            models.Index(
                fields=["article", "start", "id"],
                condition=Q(status=ReviewStatus.EXTRACTED),
                name="claim_review_queue",
            ),
            # the API pages through rows in (updated_at, id) order (claims/api/pagination.py)
            models.Index(fields=["updated_at", "id"], name="claim_api_page"),
        ]
        constraints = [
            *_span_constraints("claim"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(lower__isnull=False) | Q(upper__isnull=False),
                name="claim_has_a_number",
            ),
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(upper__isnull=True) | Q(lower__lte=F("upper")),
                name="claim_lower_not_above_upper",
            ),
            models.CheckConstraint(
                condition=Q(lower__isnull=True) | Q(value__isnull=True) | Q(lower__lte=F("value")),
                name="claim_value_not_below_lower",
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(value__isnull=True) | Q(value__lte=F("upper")),
                name="claim_value_not_above_upper",
            ),
            models.CheckConstraint(
                condition=~Q(qualifier__in=[">", ">="]) | Q(lower__isnull=False),
                name="claim_lower_qualifier_has_lower_bound",
            ),
            models.CheckConstraint(
                condition=~Q(qualifier__in=["<", "<="]) | Q(upper__isnull=False),
                name="claim_upper_qualifier_has_upper_bound",
            ),
            models.CheckConstraint(
                condition=~Q(qualifier="range") | (Q(lower__isnull=False) & Q(upper__isnull=False)),
                name="claim_range_has_both_bounds",
            ),
            models.CheckConstraint(
                condition=(Q(sentence_start__isnull=True) & Q(sentence_end__isnull=True))
                | (
                    Q(sentence_start__isnull=False)
                    & Q(sentence_end__isnull=False)
                    & Q(sentence_start__lte=F("start"))
                    & Q(sentence_end__gte=F("end"))
                ),
                name="claim_sentence_contains_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} {self.counted}".strip()


# Every kind of reviewable item, by its `item_type`: the one list the rest derives from.
ITEM_KINDS: dict[str, type[Quote] | type[NumericClaim]] = {
    model.item_type: model for model in (Quote, NumericClaim)
}


def item_groups() -> list[tuple[str, str, type[Quote] | type[NumericClaim], str]]:
    """Every kind of item as people tell them apart: (value, label, model, subkind), e.g.
    ("quote.direct", "Quote: Direct", Quote, "direct") and ("claim", "Number", NumericClaim, "")."""
    groups = []
    for model in ITEM_KINDS.values():
        subkinds = model.subkinds()
        if not subkinds:
            groups.append((model.item_type, model.label, model, ""))
        for value, label in subkinds:
            groups.append((f"{model.item_type}.{value}", f"{model.label}: {label}", model, value))
    return groups
