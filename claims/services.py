"""Every write Claim Desk makes goes through these functions.

Views, commands, tasks and the admin call them; they check the actor's permission, lock what
they change, record each human decision as a `Decision` row, and raise a small domain exception
that the caller turns into a message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from claims import extraction, revision
from claims.formatting import plain_number
from claims.models import (
    Article,
    Decision,
    NumericClaim,
    Outlet,
    Quote,
    ReviewStatus,
    Speaker,
    SpeakerAlias,
    Verdict,
    normalize_alias,
)

if TYPE_CHECKING:
    from spacy.language import Language

    User = AbstractBaseUser | AnonymousUser

logger = logging.getLogger(__name__)

# Decimal columns hold 30 digits with 6 after the point; a number past this is not a claim we
# can store faithfully, so it is dropped rather than rounded into something else.
MAX_CLAIM_NUMBER = Decimal(10) ** 23


class ClaimDeskError(Exception):
    """Base of the domain errors: the message is meant for the user."""


class IngestError(ClaimDeskError):
    pass


class DuplicateArticle(IngestError):
    def __init__(self, existing: Article) -> None:
        super().__init__(f"This text is already stored as “{existing.title}”.")
        self.existing = existing


class ReviewError(ClaimDeskError):
    pass


class ConflictError(ReviewError):
    """Someone else decided first: `current` is the item as it now stands."""

    def __init__(self, current: Quote | NumericClaim) -> None:
        who = _last_decision(current)
        detail = f" by {who.actor} at {who.created_at:%H:%M} UTC" if who else ""
        super().__init__(
            f"This item changed while you were looking at it: it is now "
            f"“{current.get_status_display()}”{detail}. Nothing of yours was saved."
        )
        self.current = current


class ArticleChanged(ClaimDeskError):
    """The article text changed since the user loaded it: `current` is the article now."""

    def __init__(self, current: Article) -> None:
        super().__init__(
            "The article text was changed by someone else while you were editing it. "
            "Nothing of yours was saved; reload it and make your change again."
        )
        self.current = current


class RevisionTouchesDecisions(ClaimDeskError):
    """A text revision would change the words of items people have already decided."""

    def __init__(self, items: list[Quote | NumericClaim]) -> None:
        listed = "; ".join(f"{item} ({item.get_status_display().lower()})" for item in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        super().__init__(
            f"This change rewrites the words of {len(items)} decided item"
            f"{'s' if len(items) != 1 else ''}: {listed}{more}. Nothing was saved. Change the "
            "text around them, or undo or reject those decisions first."
        )
        self.items = items


def _last_decision(item: Quote | NumericClaim) -> Decision | None:
    return Decision.objects.for_item(item).last()


def _require(user: User, permission: str) -> None:
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(f"You may not do this ({permission}).")


def review_permission(item: Quote | NumericClaim) -> str:
    return "claims.review_quote" if isinstance(item, Quote) else "claims.review_numericclaim"


# ---------------------------------------------------------------------------------------------
# Articles


def clean_body(body: str) -> str:
    """The text we store: line endings unified and NUL bytes refused, nothing else touched."""
    if "\x00" in body:
        raise IngestError("The text contains NUL bytes; it is not plain text.")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise IngestError("The article text is empty.")
    limit = settings.CLAIMS_MAX_ARTICLE_CHARS
    if len(body) > limit:
        raise IngestError(f"The article is {len(body):,} characters long; the limit is {limit:,}.")
    return body


@transaction.atomic
def ingest_article(
    *,
    title: str,
    body: str,
    method: str,
    url: str = "",
    outlet: Outlet | None = None,
    published_on: date | None = None,
    byline: str = "",
    user: User | None = None,
    queue_extraction: bool = True,
) -> Article:
    """Store a new article exactly as given and queue its extraction once the row is committed.

    The same text (by SHA-256) or the same URL is never stored twice: `DuplicateArticle` carries
    the article already there.
    """
    if user is not None:
        _require(user, "claims.add_article")
    body = clean_body(body)
    title = " ".join(title.split())
    if not title:
        raise IngestError("The article needs a title.")
    content_hash = Article.hash_body(body)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is None and url:
        existing = Article.objects.filter(url=url).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title[:500],
                body=body,
                content_hash=content_hash,
                url=url,
                outlet=outlet,
                published_on=published_on,
                byline=byline[:500],
                ingest_method=method,
                ingested_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:  # a concurrent ingest of the same text won the race
        raise DuplicateArticle(Article.objects.get(content_hash=content_hash)) from None
    if queue_extraction:
        queue_article_extraction(article)
    return article


@dataclass(frozen=True)
class RevisionSummary:
    moved: int  # items whose words are untouched, now at their new offsets
    removed: int  # undecided candidates whose words changed (extraction looks again)


def _historied(model: type[Quote] | type[NumericClaim], article: Article) -> set[int]:
    """Ids of the article's items of `model` that have any decision in their history."""
    field = "quote" if model is Quote else "claim"
    rows = Decision.objects.filter(**{f"{field}__article": article})
    return set(rows.values_list(f"{field}_id", flat=True))


def _frozen(item: Quote | NumericClaim, historied: set[int]) -> bool:
    """Whether people have had a say on `item`: the machine may then never change its words."""
    return item.is_decided or item.pk in historied


def _moved_fields(
    item: Quote | NumericClaim, found: list[revision.Change], body: str
) -> dict[str, Any]:
    """What changes on `item` in the revised `body`: its offsets (its own words are untouched by
    `found`), and for a number the sentence around it, which may have been edited."""
    fields: dict[str, Any] = {
        "start": revision.map_start(found, item.start),
        "end": revision.map_end(found, item.end),
    }
    quote = isinstance(item, Quote)
    low_name, high_name = (
        ("speaker_start", "speaker_end") if quote else ("sentence_start", "sentence_end")
    )
    low, high = getattr(item, low_name), getattr(item, high_name)
    if low is not None and high is not None:
        low, high = revision.map_start(found, low), revision.map_end(found, high)
        if low >= high:  # the speaker mention was deleted
            low = high = None
    fields |= {low_name: low, high_name: high}
    if not quote and low is not None:
        fields["sentence"] = body[low:high]
    return {name: value for name, value in fields.items() if getattr(item, name) != value}


@transaction.atomic
def revise_article(
    article: Article, *, body: str, editor: User, expected_hash: str
) -> RevisionSummary:
    """Replace an article's text with a corrected one, keeping every human decision.

    Items whose words the change leaves alone move to their new offsets (a decided one records
    the move in its history); undecided candidates whose words changed are removed; if the
    change would rewrite the words of a decided item, nothing is saved
    (`RevisionTouchesDecisions`). `expected_hash` is the content hash of the text the editor
    started from (`ArticleChanged` when it is no longer current). Extraction is queued again.
    """
    _require(editor, "claims.change_article")
    body = clean_body(body)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.content_hash != expected_hash:
        raise ArticleChanged(article)
    if body == article.body:
        raise IngestError("The text is unchanged; nothing was saved.")
    content_hash = Article.hash_body(body)
    duplicate = Article.objects.filter(content_hash=content_hash).exclude(pk=article.pk).first()
    if duplicate is not None:
        raise DuplicateArticle(duplicate)
    found = revision.changes(article.body, body)
    items: list[Quote | NumericClaim] = []
    for model in (Quote, NumericClaim):
        historied = _historied(model, article)
        for item in model.objects.select_for_update().filter(article=article).order_by("pk"):
            item.frozen = _frozen(item, historied)
            items.append(item)
    touched = [item for item in items if revision.touched(found, item.start, item.end)]
    blocked = [item for item in touched if item.frozen]
    if blocked:
        raise RevisionTouchesDecisions(blocked)
    for model in (Quote, NumericClaim):
        model.objects.filter(pk__in=[i.pk for i in touched if isinstance(i, model)]).delete()
    gone = {item.key for item in touched}
    moves = [(item, _moved_fields(item, found, body)) for item in items if item.key not in gone]
    moves = [(item, fields) for item, fields in moves if fields]
    # One row at a time, in an order where no row lands on a span another still holds (a unique
    # constraint), and the body changes on the side where every span still fits (a trigger).
    rightward = sorted(
        (m for m in moves if m[1].get("start", m[0].start) > m[0].start),
        key=lambda m: (m[0].start, m[0].end),
        reverse=True,
    )
    leftward = sorted(
        (m for m in moves if m[1].get("start", m[0].start) <= m[0].start),
        key=lambda m: (m[0].start, m[0].end),
    )
    growing = len(body) >= len(article.body)
    if growing:
        _store_body(article, body, content_hash)
    for item, fields in [*rightward, *leftward]:
        before = {name: getattr(item, name) for name in fields}
        for name, value in fields.items():
            setattr(item, name, value)
        _bump(item, list(fields))
        if item.frozen:
            _record(
                item,
                actor=editor,
                action=Decision.Action.MOVE,
                from_state=item.status,
                to_state=item.status,
                note="The article text was revised; the words are unchanged.",
                changes={name: [before[name], fields[name]] for name in fields},
            )
    if not growing:
        _store_body(article, body, content_hash)
    queue_article_extraction(article)
    return RevisionSummary(moved=len(moves), removed=len(touched))


def _store_body(article: Article, body: str, content_hash: str) -> None:
    article.body = body
    article.content_hash = content_hash
    article.save(update_fields=["body", "content_hash", "updated_at"])


def queue_article_extraction(article: Article) -> None:
    from claims.tasks import extract_article

    Article.objects.filter(pk=article.pk).update(
        extraction_status=Article.ExtractionStatus.QUEUED, extraction_error=""
    )
    article.extraction_status = Article.ExtractionStatus.QUEUED
    transaction.on_commit(lambda: extract_article.enqueue(article.pk))


def find_or_create_outlet(name: str, *, domain: str = "") -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(
        name=" ".join(name.split()), defaults={"domain": domain}
    )
    return outlet


# ---------------------------------------------------------------------------------------------
# Speakers


@transaction.atomic
def find_or_create_speaker(
    name: str,
    *,
    aliases: tuple[str, ...] | list[str] = (),
    role: str = "",
    organisation: str = "",
    is_organisation: bool = False,
) -> Speaker:
    """The speaker known by `name` or any of `aliases`, created when nobody is; new aliases are
    added to the speaker found, so "Blinken" in one article finds "Antony Blinken" of another.
    """
    name = " ".join(name.split())
    if not normalize_alias(name):
        raise ValueError("A speaker needs a name.")
    names = [name, *(" ".join(a.split()) for a in aliases)]
    keys = {normalize_alias(n): n for n in names if normalize_alias(n)}
    known = SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker").first()
    if known is not None:
        speaker = known.speaker
    else:
        speaker = Speaker.objects.create(
            name=name[:200],
            role=role[:300],
            organisation=organisation[:200],
            is_organisation=is_organisation,
        )
    if role and not speaker.role:
        speaker.role = role[:300]
        speaker.save(update_fields=["role", "updated_at"])
    taken = set(
        SpeakerAlias.objects.filter(normalized__in=keys).values_list("normalized", flat=True)
    )
    SpeakerAlias.objects.bulk_create(
        [
            SpeakerAlias(speaker=speaker, name=alias[:300], normalized=key[:300])
            for key, alias in keys.items()
            if key not in taken
        ],
        ignore_conflicts=True,
    )
    return speaker


@transaction.atomic
def merge_speakers(source: Speaker, *, into: Speaker, actor: User) -> Speaker:
    """Fold `source` into `into`: its quotes, claims and aliases follow; `source` is deleted."""
    _require(actor, "claims.change_speaker")
    if source.pk == into.pk:
        raise ClaimDeskError("A speaker cannot be merged into itself.")
    # Both rows locked in one statement, in primary-key order, so two merges cannot deadlock.
    locked = {
        s.pk: s
        for s in Speaker.objects.select_for_update()
        .filter(pk__in=[source.pk, into.pk])
        .order_by("pk")
    }
    if len(locked) < 2:
        raise ClaimDeskError("One of the two speakers no longer exists; reload the page.")
    source, into = locked[source.pk], locked[into.pk]
    source.quotes.update(speaker=into)
    source.numeric_claims.update(claimant=into)
    source.aliases.update(speaker=into)
    fill = [f for f in ("role", "organisation") if not getattr(into, f) and getattr(source, f)]
    for field in fill:
        setattr(into, field, getattr(source, field))
    into.save(update_fields=[*fill, "updated_at"])
    source.delete()
    logger.info("speaker %s merged into %s by %s", source.name, into.pk, actor)
    return into


# ---------------------------------------------------------------------------------------------
# Extraction


def get_nlp() -> Language:
    return extraction.load_nlp(settings.CLAIMS_SPACY_MODEL)


@dataclass(frozen=True)
class ExtractionSummary:
    added_quotes: int
    added_claims: int
    refreshed: int
    removed: int
    kept_decided: int


def extract_claims(article: Article, *, nlp: Language | None = None) -> ExtractionSummary:
    """Run the extractor on `article` and store what it found (see `save_extraction`)."""
    found = extraction.extract(article.body, nlp=nlp or get_nlp())
    return save_extraction(article, found)


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
        key = normalize_alias(name or "")
        if not key:
            return None
        if key not in self.resolved:
            described = self.described.get(key)
            if described is None:
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


def _overlapping(decided: list[Quote] | list[NumericClaim], start: int, end: int):
    return next((item for item in decided if item.start < end and start < item.end), None)


@transaction.atomic
def save_extraction(article: Article, found: extraction.Extraction) -> ExtractionSummary:
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
    version = extraction.EXTRACTOR_VERSION
    speakers = _SpeakerBook(found)

    quote_rows = {
        (q.start, q.end, q.kind): q
        for q in Quote.objects.select_for_update().filter(article=article).order_by()
    }
    claim_rows = {
        (c.start, c.end): c
        for c in NumericClaim.objects.select_for_update().filter(article=article).order_by()
    }
    historied_quotes = _historied(Quote, article)
    historied_claims = _historied(NumericClaim, article)
    decided_quotes = [q for q in quote_rows.values() if _frozen(q, historied_quotes)]
    decided_claims = [c for c in claim_rows.values() if _frozen(c, historied_claims)]
    added: list[Quote | NumericClaim] = []
    refreshed: list[Quote | NumericClaim] = []
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
        elif not _frozen(existing, historied_quotes) and _differs(existing, fields):
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
        elif not _frozen(existing, historied_claims) and _differs(existing, fields):
            refreshed.append(existing)

    stale_quotes = [
        q.pk
        for key, q in quote_rows.items()
        if key not in seen_quotes and not _frozen(q, historied_quotes)
    ]
    stale_claims = [
        c.pk
        for key, c in claim_rows.items()
        if key not in seen_claims and not _frozen(c, historied_claims)
    ]
    Quote.objects.filter(pk__in=stale_quotes).delete()
    NumericClaim.objects.filter(pk__in=stale_claims).delete()
    Quote.objects.bulk_create([item for item in added if isinstance(item, Quote)])
    NumericClaim.objects.bulk_create([item for item in added if isinstance(item, NumericClaim)])
    for item in refreshed:
        item.version += 1
        item.save()

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
    return ExtractionSummary(
        added_quotes=sum(isinstance(item, Quote) for item in added),
        added_claims=sum(isinstance(item, NumericClaim) for item in added),
        refreshed=len(refreshed),
        removed=len(stale_quotes) + len(stale_claims),
        kept_decided=len(decided_quotes) + len(decided_claims),
    )


def _differs(item: Quote | NumericClaim, fields: dict[str, Any]) -> bool:
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


# ---------------------------------------------------------------------------------------------
# Human decisions


def _lock(item: Quote | NumericClaim, expected_version: int | None) -> Quote | NumericClaim:
    """The item, locked for this transaction; `ConflictError` if it moved past what the user saw.

    Only the item row is locked (not its article): extraction locks the article first and then
    its items, and locking both here too, in the other order, deadlocks.
    """
    person = "speaker" if isinstance(item, Quote) else "claimant"
    current = (
        type(item)
        .objects.select_for_update(of=("self",))
        .select_related("article", person)
        .get(pk=item.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    return current


def _record(
    item: Quote | NumericClaim,
    *,
    actor: User,
    action: str,
    from_state: str,
    to_state: str,
    note: str = "",
    changes: dict[str, list[Any]] | None = None,
    undoes: Decision | None = None,
) -> Decision:
    target = {"quote": item} if isinstance(item, Quote) else {"claim": item}
    return Decision.objects.create(
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        changes=changes or {},
        undoes=undoes,
        item_version=item.version,
        **target,
    )


def _bump(item: Quote | NumericClaim, fields: list[str]) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def review_item(
    item: Quote | NumericClaim,
    *,
    reviewer: User,
    decision: str,
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Approve or reject an extracted quote or claim (corrections go through `edit_item`)."""
    _require(reviewer, review_permission(item))
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        raise ReviewError(f"“{decision}” is not a review decision.")
    item = _lock(item, expected_version)
    if not item.can_become(decision):
        raise (
            ConflictError(item)
            if expected_version is not None
            else ReviewError(f"An item that is “{item.get_status_display()}” cannot be {decision}.")
        )
    before = item.status
    item.status = decision
    _bump(item, ["status"])
    return _record(
        item,
        actor=reviewer,
        action=Decision.Action.REVIEW,
        from_state=before,
        to_state=decision,
        note=note,
        changes={"status": [before, decision]},
    )


QUOTE_EDITABLE = ("start", "end", "kind", "speaker", "cue")
CLAIM_EDITABLE = (
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


def _as_json(value: Any) -> Any:
    """A field value as the history keeps it: numbers as written ("40", "48.5"), rows by id."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def edit_item(
    item: Quote | NumericClaim,
    *,
    editor: User,
    changes: dict[str, Any],
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Correct an extracted or approved item; it becomes "approved with edits".

    Only the fields an editor may fix are accepted. The quote text follows its span, so it always
    matches the article. The database refuses spans outside the text and inconsistent bounds;
    that surfaces here as `ReviewError`.
    """
    _require(editor, review_permission(item))
    allowed = QUOTE_EDITABLE if isinstance(item, Quote) else CLAIM_EDITABLE
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ReviewError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    item = _lock(item, expected_version)
    if not item.can_become(ReviewStatus.EDITED):
        raise ReviewError(f"An item that is “{item.get_status_display()}” cannot be edited.")
    diff: dict[str, list[Any]] = {}
    for name, value in changes.items():
        before = getattr(item, name)
        if before != value:
            diff[name] = [_as_json(before), _as_json(value)]
            setattr(item, name, value)
    if not diff:
        raise ReviewError("Nothing was changed.")
    if "start" in diff or "end" in diff:
        if not 0 <= item.start < item.end <= len(item.article.body):
            raise ReviewError("The span must lie inside the article text, start before end.")
        if isinstance(item, Quote):
            item.text = item.article.body[item.start : item.end]
        else:
            item.text = item.article.body[item.start : item.end][:300]
    before_status = item.status
    item.status = ReviewStatus.EDITED
    fields = [name for name in allowed if name in diff]
    if "start" in diff or "end" in diff:
        fields.append("text")
    try:
        with transaction.atomic():
            _bump(item, [*fields, "status"])
    except IntegrityError as exc:
        raise ReviewError(f"The database refused this edit: {_reason(exc)}") from None
    return _record(
        item,
        actor=editor,
        action=Decision.Action.EDIT,
        from_state=before_status,
        to_state=ReviewStatus.EDITED,
        note=note,
        changes={**diff, "status": [before_status, ReviewStatus.EDITED]},
    )


def _reason(exc: IntegrityError) -> str:
    text = str(exc).lower()
    if "unique" in text:
        return "another item already covers exactly this span."
    if "outside" in text:
        return "the span lies outside the article text."
    if "lower" in text or "upper" in text or "bound" in text:
        return "the bounds do not fit the value and qualifier."
    return "the values are inconsistent."


@transaction.atomic
def record_verdict(
    quote: Quote,
    *,
    checker: User,
    verdict: str,
    evidence_url: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """A fact-checker's verdict on an approved quote; a changed verdict is a new history row."""
    _require(checker, "claims.verify_quote")
    if verdict not in Verdict.values or verdict == Verdict.UNCHECKED:
        raise ReviewError(f"“{verdict}” is not a verdict.")
    quote = _lock(quote, expected_version)
    if not quote.can_be_verified:
        raise ReviewError("Only an approved quote can be fact-checked.")
    before = quote.verdict
    quote.verdict = verdict
    quote.evidence_url = evidence_url
    quote.verdict_note = note
    quote.verified_at = timezone.now()
    quote.verified_by = checker
    _bump(quote, ["verdict", "evidence_url", "verdict_note", "verified_at", "verified_by"])
    return _record(
        quote,
        actor=checker,
        action=Decision.Action.VERDICT,
        from_state=before,
        to_state=verdict,
        note=note,
        changes={"verdict": [before, verdict], "evidence_url": [None, evidence_url]},
    )


@transaction.atomic
def undo_decision(decision: Decision, *, actor: User) -> Decision:
    """Put an item back as it was before `decision`, recorded as a decision of its own.

    Only the latest decision on an item can be undone (an older one would silently discard
    what came after it), and only by its author or an admin.
    """
    item = _lock(decision.item, None)
    permission = (
        "claims.verify_quote"
        if decision.action == Decision.Action.VERDICT
        else review_permission(item)
    )
    _require(actor, permission)
    if decision.actor_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied("Only the author of a decision or an admin can undo it.")
    if decision.action == Decision.Action.UNDO:
        raise ReviewError("An undo cannot itself be undone; decide again instead.")
    if decision.action == Decision.Action.MOVE:
        raise ReviewError("A move follows a revision of the article text; it cannot be undone.")
    latest = Decision.objects.for_item(item).last()
    if latest is None or latest.pk != decision.pk:
        raise ConflictError(item)
    restored: dict[str, list[Any]] = {}
    fields: list[str] = []
    for name, (before, after) in decision.changes.items():
        if name == "evidence_url":
            continue
        field = type(item)._meta.get_field(name)
        value = before
        if field.is_relation:
            name = field.attname
        elif isinstance(field, models.DecimalField) and value is not None:
            value = Decimal(value)
        restored[name] = [after, before]
        setattr(item, name, value)
        fields.append(name)
    if isinstance(item, Quote) and ("start" in fields or "end" in fields):
        item.text = item.article.body[item.start : item.end]
        fields.append("text")
    if decision.action == Decision.Action.VERDICT:
        previous = (
            Decision.objects.for_item(item)
            .filter(action=Decision.Action.VERDICT)
            .exclude(pk=decision.pk)
            .exclude(undone_by__isnull=False)
            .last()
        )
        item.evidence_url = previous.changes.get("evidence_url", [None, ""])[1] if previous else ""
        item.verdict_note = previous.note if previous else ""
        fields += ["evidence_url", "verdict_note"]
    _bump(item, fields)
    return _record(
        item,
        actor=actor,
        action=Decision.Action.UNDO,
        from_state=decision.to_state,
        to_state=decision.from_state,
        note=f"Undid decision {decision.pk}",
        changes=restored,
        undoes=decision,
    )
