"""Extraction stored: run the extractor on an article (in the background), and keep what it
found without ever touching a human decision."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from claims import extraction
from claims.models import ITEM_KINDS, Article, NumericClaim, Quote, Speaker, normalize_alias
from claims.services import counts, items
from claims.services.speakers import find_or_create_speaker
from claims.text.names import is_a_name

if TYPE_CHECKING:
    from spacy.language import Language

    from claims.models.claims import Reviewable

logger = logging.getLogger(__name__)

# Decimal columns hold 30 digits with 6 after the point; a number past this is not a claim we
# can store faithfully, so it is dropped rather than rounded into something else.
MAX_CLAIM_NUMBER = Decimal(10) ** 23


def get_nlp() -> Language:
    """The pipeline extraction runs: the trained one in CLAIMS_EXTRACTION_MODEL if set, else
    the base pipeline (the rules alone)."""
    return extraction.load_nlp(settings.CLAIMS_EXTRACTION_MODEL or settings.CLAIMS_SPACY_MODEL)


@dataclass(frozen=True)
class ExtractionSummary:
    added_quotes: int
    added_claims: int
    refreshed: int
    removed: int
    kept_decided: int


def extract_claims(article: Article, *, nlp: Language | None = None) -> ExtractionSummary:
    """Run the extractor on `article` and store what it found (see `save_extraction`)."""
    nlp = nlp or get_nlp()
    found = extraction.extract(article.body, nlp=nlp)
    return save_extraction(article, found, version=extraction.extractor_version(nlp))


def queue_article_extraction(article: Article) -> None:
    """Mark `article` queued and enqueue its extraction once this transaction commits."""
    Article.objects.filter(pk=article.pk).update(
        extraction_status=Article.ExtractionStatus.QUEUED, extraction_error=""
    )
    article.extraction_status = Article.ExtractionStatus.QUEUED
    transaction.on_commit(lambda: extract_article.enqueue(article.pk))


@task()
def extract_article(article_id: int) -> dict[str, int] | None:
    """The background job: extract quotes and numbers from one stored article; safe to rerun.

    It is defined here, beside the service it runs, so that the services never import the
    task module (which would import them back).
    """
    summary = run_extraction(article_id)
    return None if summary is None else vars(summary)


def run_extraction(article_id: int) -> ExtractionSummary | None:
    """What the background task does: extract, and record progress and failure on the article."""
    updated = Article.objects.filter(pk=article_id).update(
        extraction_status=Article.ExtractionStatus.RUNNING, extraction_error=""
    )
    if not updated:
        return None
    article = Article.objects.get(pk=article_id)
    try:
        summary = extract_claims(article)
    except Exception as exc:
        logger.exception("extraction of article %s failed", article_id)
        Article.objects.filter(pk=article_id).update(
            extraction_status=Article.ExtractionStatus.FAILED,
            extraction_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    return summary


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(repr(float(value))).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, OverflowError):
        return None
    if not number.is_finite() or abs(number) >= MAX_CLAIM_NUMBER:
        return None
    return number


def _claim_fields(candidate: extraction.NumberCandidate) -> dict[str, Any] | None:
    """Model fields for a number candidate, or None when it cannot be stored consistently."""
    value, lower, upper = (_decimal(v) for v in (candidate.value, candidate.lower, candidate.upper))
    qualifier = candidate.qualifier
    if value is None and lower is not None and upper is not None:
        qualifier = NumericClaim.Qualifier.RANGE
    if qualifier in (">", ">=") and lower is None:
        lower = value
    if qualifier in ("<", "<=") and upper is None:
        upper = value
    if value is None and lower is None and upper is None:
        return None
    if lower is not None and upper is not None and lower > upper:
        return None
    if value is not None and (
        (lower is not None and value < lower) or (upper is not None and value > upper)
    ):
        return None
    return {
        "text": candidate.text[:300],
        "value": value,
        "lower": lower,
        "upper": upper,
        "qualifier": qualifier,
        "counted": (candidate.counted or "")[:300],
        "unit": (candidate.unit or "")[:40],
        "sentence": candidate.sentence,
        "sentence_start": candidate.sentence_span.start,
        "sentence_end": candidate.sentence_span.end,
    }


class _SpeakerBook:
    """Resolves speaker names of one extraction to Speaker rows, once per name."""

    def __init__(self, found: extraction.Extraction) -> None:
        self.described = {}
        for candidate in found.speakers:
            for name in (candidate.name, *candidate.aliases):
                self.described.setdefault(normalize_alias(name), candidate)
        self.resolved: dict[str, Speaker] = {}

    def get(self, name: str | None) -> Speaker | None:
        """The speaker `name` stands for; None (not resolved) for no name, or for a pronoun or
        placeholder the extractor could not resolve ("they", "who"), which names nobody."""
        key = normalize_alias(name or "")
        if not is_a_name(key):
            return None
        if key not in self.resolved:
            described = self.described.get(key)
            if described is None or not is_a_name(normalize_alias(described.name)):
                speaker = find_or_create_speaker(name)
            else:
                speaker = find_or_create_speaker(
                    described.name,
                    aliases=(name, *described.aliases),
                    role=described.role or "",
                    organisation=described.organisation or "",
                    is_organisation=described.is_organisation,
                )
            self.resolved[key] = speaker
        return self.resolved[key]


def _overlapping(decided: list[Reviewable], start: int, end: int) -> Reviewable | None:
    return next((item for item in decided if item.start < end and start < item.end), None)


@transaction.atomic
def save_extraction(
    article: Article, found: extraction.Extraction, *, version: str = extraction.EXTRACTOR_VERSION
) -> ExtractionSummary:
    """Store an extraction of `article` idempotently, never touching a human decision.

    - An item an editor decided (or that has any history) keeps every field; a candidate on
      the same span is not added again, and one that overlaps it is linked through `overlaps`.
    - An undecided candidate found again is refreshed in place (its version goes up, so a
      reviewer looking at the old text gets a conflict rather than approving something else).
    - An undecided candidate no longer found is removed.
    Rows are locked first, so an editor's decision racing this either lands before (and is kept)
    or waits for this to finish.
    """
    extracted_hash = article.content_hash
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.content_hash != extracted_hash:
        # The text was revised while this ran; the revision queued an extraction of its own.
        logger.info("article %s changed during extraction; result discarded", article.pk)
        return ExtractionSummary(0, 0, 0, 0, 0)
    speakers = _SpeakerBook(found)

    quote_rows = {
        (q.start, q.end, q.kind): q
        for q in Quote.objects.select_for_update().filter(article=article).order_by()
    }
    claim_rows = {
        (c.start, c.end): c
        for c in NumericClaim.objects.select_for_update().filter(article=article).order_by()
    }
    historied_quotes = items.with_history(Quote, article)
    historied_claims = items.with_history(NumericClaim, article)
    decided_quotes = [q for q in quote_rows.values() if items.is_frozen(q, historied_quotes)]
    decided_claims = [c for c in claim_rows.values() if items.is_frozen(c, historied_claims)]
    added: list[Reviewable] = []
    refreshed: list[Reviewable] = []
    seen_quotes: set[tuple[int, int, str]] = set()
    seen_claims: set[tuple[int, int]] = set()

    for candidate in found.quotes:
        key = (candidate.span.start, candidate.span.end, candidate.kind)
        if key in seen_quotes:
            continue
        seen_quotes.add(key)
        speaker = speakers.get(candidate.speaker)
        mention = candidate.speaker_span
        fields = {
            "text": candidate.text,
            "speaker": speaker,
            "cue": (candidate.cue or "")[:200],
            "speaker_start": mention.start if mention else None,
            "speaker_end": mention.end if mention else None,
            "confidence": min(max(candidate.confidence, 0.0), 1.0),
            "extractor_version": version,
        }
        existing = quote_rows.get(key)
        if existing is None:
            overlap = _overlapping(decided_quotes, *key[:2])
            added.append(
                Quote(
                    article=article,
                    start=key[0],
                    end=key[1],
                    kind=key[2],
                    overlaps=overlap,
                    **fields,
                )
            )
        elif not items.is_frozen(existing, historied_quotes) and _differs(existing, fields):
            refreshed.append(existing)

    for candidate in found.numbers:
        key = (candidate.span.start, candidate.span.end)
        fields = _claim_fields(candidate)
        if key in seen_claims or fields is None:
            continue
        seen_claims.add(key)
        fields |= {
            "claimant": speakers.get(candidate.claimant),
            "confidence": min(max(candidate.confidence, 0.0), 1.0),
            "extractor_version": version,
        }
        existing = claim_rows.get(key)
        if existing is None:
            overlap = _overlapping(decided_claims, *key)
            added.append(
                NumericClaim(article=article, start=key[0], end=key[1], overlaps=overlap, **fields)
            )
        elif not items.is_frozen(existing, historied_claims) and _differs(existing, fields):
            refreshed.append(existing)

    stale_quotes = [
        q.pk
        for key, q in quote_rows.items()
        if key not in seen_quotes and not items.is_frozen(q, historied_quotes)
    ]
    stale_claims = [
        c.pk
        for key, c in claim_rows.items()
        if key not in seen_claims and not items.is_frozen(c, historied_claims)
    ]
    Quote.objects.filter(pk__in=stale_quotes).delete()
    NumericClaim.objects.filter(pk__in=stale_claims).delete()
    for model in ITEM_KINDS.values():
        model.objects.bulk_create([item for item in added if type(item) is model])
    for item in refreshed:
        item.version += 1
        item.save()

    # Which counts the numbers may be figures of: suggestions only, never a link by itself.
    counts.suggest_for_claims(
        article.numeric_claims.select_related("article__outlet", "claimant").defer("article__body")
    )

    article.extraction_status = Article.ExtractionStatus.DONE
    article.extraction_error = ""
    article.extracted_at = timezone.now()
    article.extractor_version = version
    article.save(
        update_fields=[
            "extraction_status",
            "extraction_error",
            "extracted_at",
            "extractor_version",
            "updated_at",
        ]
    )
    added_by_kind = Counter(item.item_type for item in added)
    return ExtractionSummary(
        added_quotes=added_by_kind[Quote.item_type],
        added_claims=added_by_kind[NumericClaim.item_type],
        refreshed=len(refreshed),
        removed=len(stale_quotes) + len(stale_claims),
        kept_decided=len(decided_quotes) + len(decided_claims),
    )


def _differs(item: Reviewable, fields: dict[str, Any]) -> bool:
    """Whether storing `fields` would change `item`; sets them on it when it would."""
    changed = False
    for name, value in fields.items():
        current = getattr(item, name)
        if isinstance(current, Decimal) and value is not None:
            same = current == Decimal(value)
        else:
            same = current == value
        if not same:
            setattr(item, name, value)
            changed = True
    return changed
