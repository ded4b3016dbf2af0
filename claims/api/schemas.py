"""What the API reads and writes: response rows, filters, and the ingest request."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, model_validator

from claims.models import (
    Article,
    Decision,
    NumericClaim,
    Observation,
    Quote,
    ReviewStatus,
    Verdict,
)
from claims.presentation import timeline
from claims.presentation.formatting import plain_number


def _storable(value: str) -> str:
    """Text a database can store: no NUL, no lone surrogate (which JSON escapes can carry)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def Text(max_length: int) -> Any:  # noqa: N802 - reads as a type in the schemas
    return Annotated[str, Field(max_length=max_length), AfterValidator(_storable)]


def _in_utc(value: datetime) -> datetime:
    """An aware time in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows."""
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


Moment = Annotated[AwareDatetime, AfterValidator(_in_utc)]

# Row ids as the database holds them (bigint): anything else is a 422, not a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Error(Schema):
    detail: str | list[Any] = Field(description="What was wrong; a list for invalid input")


class Duplicate(Schema):
    detail: str
    existing_id: int = Field(description="The id of the article already stored")


# --- rows ------------------------------------------------------------------------------------


class OutletOut(Schema):
    id: int
    name: str
    domain: str


class SpeakerRef(Schema):
    id: int
    name: str


class ArticleOut(Schema):
    id: int
    title: str
    url: str
    outlet: OutletOut | None
    published_on: date | None
    byline: str
    ingest_method: str
    extraction_status: str
    created_at: datetime
    updated_at: datetime


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="The text exactly as ingested: every offset points into it")
    content_hash: str


class SpeakerOut(Schema):
    id: int
    name: str
    role: str
    organisation: str
    is_organisation: bool
    aliases: list[str]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]


class ItemOut(Schema):
    id: int
    article_id: int
    text: str
    start: int
    end: int
    status: str
    version: int
    confidence: float
    extractor_version: str
    created_at: datetime
    updated_at: datetime


class QuoteOut(ItemOut):
    speaker: SpeakerRef | None
    speaker_start: int | None
    speaker_end: int | None
    kind: str
    cue: str
    verdict: str = Field(description='Fact-check verdict; "" while unchecked')
    evidence_url: str
    verdict_note: str
    verified_at: datetime | None


class ClaimOut(ItemOut):
    claimant: SpeakerRef | None = Field(description="null: the outlet's own voice")
    value: str | None = Field(description="Decimal, written out in full (no exponent)")
    lower: str | None
    upper: str | None
    qualifier: str
    counted: str
    unit: str
    sentence: str
    sentence_start: int | None
    sentence_end: int | None

    @staticmethod
    def resolve_value(obj) -> str | None:
        return None if obj.value is None else plain_number(obj.value)

    @staticmethod
    def resolve_lower(obj) -> str | None:
        return None if obj.lower is None else plain_number(obj.lower)

    @staticmethod
    def resolve_upper(obj) -> str | None:
        return None if obj.upper is None else plain_number(obj.upper)


class DecisionOut(Schema):
    id: int
    item_type: str = Field(description='"quote" or "claim"')
    quote_id: int | None
    claim_id: int | None
    actor: str = Field(description="The username of who decided")
    action: str
    from_state: str
    to_state: str
    note: str
    changes: dict[str, Any] = Field(description="{field: [before, after]}")
    undoes_id: int | None
    item_version: int
    created_at: datetime

    @staticmethod
    def resolve_item_type(obj) -> str:
        return "quote" if obj.quote_id else "claim"

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.get_username()


class FigureOut(Schema):
    """A count's best current figure: the preferred source's latest confirmed figure, else the
    largest confirmed lower bound on the latest date."""

    observation_id: int
    claim_id: int
    article_id: int
    text: str = Field(description='The number as written, e.g. "more than 38"')
    figure: str = Field(description='Its interval in words: "55", "at least 39", "12 to 15"')
    low: str | None = Field(description="Lower bound, exact decimal; null: open")
    high: str | None = Field(description="Upper bound, exact decimal; null: open")
    as_of: date
    source: str = Field(description="The claimant quoted, else the outlet")


class CountOut(Schema):
    id: int
    name: str = Field(description="What is counted")
    concept: str = Field(description="What is counted, normalised: how suggestions find it")
    places: str
    window_start: date | None = Field(description="The count runs since this date")
    only_grows: bool
    unit: str
    definition: str
    preferred_outlet: OutletOut | None
    preferred_speaker: SpeakerRef | None
    parent_id: int | None = Field(description="The total this count is a part of")
    merged_into_id: int | None = Field(description="Set when merged into another count")
    version: int
    best: FigureOut | None = Field(description="null while no figure is confirmed")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_best(obj) -> dict[str, Any] | None:
        best = obj.best_figure  # set for each row by claims.api.counts.attach_best
        if best is None:
            return None
        return {
            "observation_id": best.pk,
            "claim_id": best.claim_id,
            "article_id": best.claim.article_id,
            "text": best.claim.text,
            "figure": timeline.figure_label(best),
            "low": None if best.low is None else plain_number(best.low),
            "high": None if best.high is None else plain_number(best.high),
            "as_of": best.as_of,
            "source": timeline.source_of(best),
        }


class ClaimRef(Schema):
    id: int
    text: str = Field(description="The number as written")
    status: str = Field(description="The claim's review status")


class ObservationOut(Schema):
    id: int
    count_id: int
    claim: ClaimRef
    article_id: int
    low: str | None = Field(description="Lower bound of the interval, exact decimal; null: open")
    high: str | None = Field(description="Upper bound, exact decimal; null: open")
    as_of: date = Field(description="The date the figure is as of")
    state: str = Field(description="suggested, confirmed or rejected")
    score: float = Field(description="How well the claim fits the count, 0 to 1")
    reasons: list[Any] = Field(description="Why it was suggested")
    decided_by: str | None = Field(description="Username of who confirmed or rejected it")
    decided_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_article_id(obj) -> int:
        return obj.claim.article_id

    @staticmethod
    def resolve_low(obj) -> str | None:
        return None if obj.low is None else plain_number(obj.low)

    @staticmethod
    def resolve_high(obj) -> str | None:
        return None if obj.high is None else plain_number(obj.high)

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


# --- filters ---------------------------------------------------------------------------------

# Verdict's "not checked yet" is the empty string, which a query string cannot tell from absent.
VerdictFilter = enum.StrEnum(
    "VerdictFilter", {value or "unchecked": value or "unchecked" for value in Verdict.values}
)


class Since(Schema):
    updated_since: Moment | None = Field(
        None, description="Only rows added or changed at or after this time (with a time zone)"
    )

    def since(self, rows: QuerySet, field: str = "updated_at") -> QuerySet:
        return rows.filter(**{f"{field}__gte": self.updated_since}) if self.updated_since else rows


class ArticleFilters(Since):
    extraction_status: Article.ExtractionStatus | None = None
    ingest_method: Article.IngestMethod | None = None
    outlet: Id | None = Field(None, description="Outlet id")
    published_from: date | None = None
    published_to: date | None = None

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.since(rows)
        if self.extraction_status:
            rows = rows.filter(extraction_status=self.extraction_status)
        if self.ingest_method:
            rows = rows.filter(ingest_method=self.ingest_method)
        if self.outlet:
            rows = rows.filter(outlet_id=self.outlet)
        if self.published_from:
            rows = rows.filter(published_on__gte=self.published_from)
        if self.published_to:
            rows = rows.filter(published_on__lte=self.published_to)
        return rows


class SpeakerFilters(Since):
    name: Text(200) | None = Field(None, description="Part of the name or of an alias")
    is_organisation: bool | None = None

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.since(rows)
        if self.name:
            rows = rows.filter(
                Q(name__icontains=self.name) | Q(aliases__name__icontains=self.name)
            ).distinct()
        if self.is_organisation is not None:
            rows = rows.filter(is_organisation=self.is_organisation)
        return rows


class ItemFilters(Since):
    status: ReviewStatus | None = None
    article: Id | None = Field(None, description="Article id")

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.since(rows)
        if self.status:
            rows = rows.filter(status=self.status)
        if self.article:
            rows = rows.filter(article_id=self.article)
        return rows


class QuoteFilters(ItemFilters):
    kind: Quote.Kind | None = None
    speaker: Id | None = Field(None, description="Speaker id")
    verdict: VerdictFilter | None = None

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = super().apply(rows)
        if self.kind:
            rows = rows.filter(kind=self.kind)
        if self.speaker:
            rows = rows.filter(speaker_id=self.speaker)
        if self.verdict:
            rows = rows.filter(verdict="" if self.verdict == "unchecked" else self.verdict)
        return rows


class ClaimFilters(ItemFilters):
    claimant: Id | None = Field(None, description="Speaker id of who puts the number about")
    qualifier: NumericClaim.Qualifier | None = None

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = super().apply(rows)
        if self.claimant:
            rows = rows.filter(claimant_id=self.claimant)
        if self.qualifier:
            rows = rows.filter(qualifier=self.qualifier)
        return rows


class DecisionFilters(Schema):
    since: Moment | None = Field(None, description="Only decisions made at or after this")
    action: Decision.Action | None = None
    actor: Text(150) | None = Field(None, description="Username")
    quote: Id | None = None
    claim: Id | None = None
    article: Id | None = Field(None, description="Decisions on the items of this article")

    def apply(self, rows: QuerySet) -> QuerySet:
        if self.since:
            rows = rows.filter(created_at__gte=self.since)
        if self.action:
            rows = rows.filter(action=self.action)
        if self.actor:
            rows = rows.filter(actor__username=self.actor)
        if self.quote:
            rows = rows.filter(quote_id=self.quote)
        if self.claim:
            rows = rows.filter(claim_id=self.claim)
        if self.article:
            rows = rows.filter(
                Q(quote__article_id=self.article) | Q(claim__article_id=self.article)
            )
        return rows


class CountFilters(Since):
    name: Text(200) | None = Field(None, description="Part of the name or of the places")
    parent: Id | None = Field(None, description="Only the parts of this count")
    only_grows: bool | None = None
    merged: bool | None = Field(
        None, description="false: live counts only; true: only those merged into another"
    )

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.since(rows)
        if self.name:
            rows = rows.filter(Q(name__icontains=self.name) | Q(places__icontains=self.name))
        if self.parent:
            rows = rows.filter(parent_id=self.parent)
        if self.only_grows is not None:
            rows = rows.filter(only_grows=self.only_grows)
        if self.merged is not None:
            rows = rows.filter(merged_into__isnull=not self.merged)
        return rows


class ObservationFilters(Since):
    count: Id | None = Field(None, description="Count id")
    claim: Id | None = Field(None, description="Numeric claim id")
    article: Id | None = Field(None, description="Article id of the claim")
    state: Observation.State | None = None
    as_of_from: date | None = None
    as_of_to: date | None = None

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.since(rows)
        if self.count:
            rows = rows.filter(count_id=self.count)
        if self.claim:
            rows = rows.filter(claim_id=self.claim)
        if self.article:
            rows = rows.filter(claim__article_id=self.article)
        if self.state:
            rows = rows.filter(state=self.state)
        if self.as_of_from:
            rows = rows.filter(as_of__gte=self.as_of_from)
        if self.as_of_to:
            rows = rows.filter(as_of__lte=self.as_of_to)
        return rows


# --- ingest ----------------------------------------------------------------------------------


def _web_url(value: str) -> str:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except DjangoValidationError:
        raise ValueError("must be an http or https URL") from None
    return value


class ArticleIn(Schema):
    """An article as text (with a title), or as a URL to fetch it from (or both: the URL is then
    stored as the text's link). Fields left empty are taken from the fetched page."""

    title: Text(500) = ""
    text: Text(settings.CLAIMS_MAX_ARTICLE_CHARS) | None = None
    url: Annotated[Text(2000), AfterValidator(_web_url)] | None = None
    outlet: Text(200) = ""
    published_on: date | None = None
    byline: Text(500) = ""

    @model_validator(mode="after")
    def text_or_url(self) -> ArticleIn:
        if not self.text and not self.url:
            raise ValueError("give the article's text (with a title) or its url")
        return self
