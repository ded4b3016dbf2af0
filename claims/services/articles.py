"""Articles coming in and being corrected: ingest, text revision, outlets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction

from claims import fetching
from claims.models import ITEM_KINDS, Article, Decision, Outlet
from claims.services import items as items_
from claims.services.errors import (
    ArticleChanged,
    DuplicateArticle,
    IngestError,
    RevisionTouchesDecisions,
    User,
    refused_by,
    require,
)
from claims.services.extraction import queue_article_extraction
from claims.text import revision

if TYPE_CHECKING:
    from claims.models.claims import Reviewable


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


# The unique constraints that make a second copy a duplicate (PostgreSQL name, SQLite message).
SAME_TEXT = ("claims_article_content_hash_key", "claims_article.content_hash")
SAME_URL = ("article_url_unique_when_present", "claims_article.url")


@transaction.atomic
def ingest_article(
    *,
    title: str,
    body: str,
    method: str,
    url: str = "",
    outlet: Outlet | None = None,
    outlet_name: str = "",
    outlet_domain: str = "",
    published_on: date | None = None,
    byline: str = "",
    user: User | None = None,
    queue_extraction: bool = True,
) -> Article:
    """Store a new article exactly as given and queue its extraction once the row is committed.

    The same text (by SHA-256) or the same URL is never stored twice: `DuplicateArticle` carries
    the article already there. `outlet_name` names an outlet found or created in the same
    transaction, so a refused ingest leaves no new outlet behind.
    """
    if user is not None:
        require(user, "claims.add_article")
    body = clean_body(body)
    title = " ".join(title.split())
    if not title:
        raise IngestError("The article needs a title.")
    url = fetching.canonical(url) if url else ""
    content_hash = Article.hash_body(body)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is None and url:
        existing = Article.objects.filter(url=url).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    if outlet_name.strip():
        outlet = find_or_create_outlet(outlet_name, domain=outlet_domain)
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
    except IntegrityError as exc:
        # A concurrent ingest of the same text or the same URL won the race.
        if refused_by(exc, *SAME_TEXT):
            raise DuplicateArticle(Article.objects.get(content_hash=content_hash)) from None
        if refused_by(exc, *SAME_URL):
            raise DuplicateArticle(Article.objects.get(url=url)) from None
        raise
    if queue_extraction:
        queue_article_extraction(article)
    return article


def ingest_url(
    url: str,
    *,
    user: User | None,
    method: str = Article.IngestMethod.URL,
    title: str = "",
    outlet_name: str = "",
    published_on: date | None = None,
    byline: str = "",
) -> Article:
    """Fetch the article at `url` and store it like any other (`ingest_article`).

    What the editor typed wins over what the page says (title, outlet, date, byline). The fetch
    runs before any transaction opens, so a slow site holds no lock; a link already stored
    (compared by canonical URL) is not fetched again. `IngestError` says why a page is not an
    article. `user` is None only for the newsroom's own machinery: a feed (an editor's permission
    was checked when it was registered) and the bulk import command.
    """
    if user is not None:
        require(user, "claims.add_article")
    known = Article.objects.filter(url__in={url, fetching.canonical(url)}).exclude(url="")
    if (existing := known.first()) is not None:
        raise DuplicateArticle(existing)
    try:
        page = fetching.fetch_article(url)
    except fetching.FetchError as exc:
        raise IngestError(str(exc)) from None
    return ingest_article(
        title=title or page.title or page.url,
        body=page.text,
        method=method,
        url=page.url,
        outlet_name=outlet_name or page.outlet,
        outlet_domain=page.domain,
        published_on=published_on or page.published_on,
        byline=byline or page.byline,
        user=user,
    )


@dataclass(frozen=True)
class RevisionSummary:
    moved: int  # items whose words are untouched, now at their new offsets
    removed: int  # undecided candidates whose words changed (extraction looks again)


def _moved_fields(item: Reviewable, found: list[revision.Change], body: str) -> dict[str, Any]:
    """What changes on `item` in the revised `body`: its offsets (its own words are untouched by
    `found`), and its linked span (a quote's speaker mention, a number's sentence, which may
    have been edited), with the linked text where the kind keeps one."""
    fields: dict[str, Any] = {
        "start": revision.map_start(found, item.start),
        "end": revision.map_end(found, item.end),
    }
    low_name, high_name = item.linked_span
    low, high = getattr(item, low_name), getattr(item, high_name)
    if low is not None and high is not None:
        low, high = revision.map_start(found, low), revision.map_end(found, high)
        if low >= high:  # the linked words were deleted
            low = high = None
    fields |= {low_name: low, high_name: high}
    if item.linked_text and low is not None:
        fields[item.linked_text] = body[low:high]
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
    require(editor, "claims.change_article")
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
    items: list[Reviewable] = []
    for model in ITEM_KINDS.values():
        historied = items_.with_history(model, article)
        for item in model.objects.select_for_update().filter(article=article).order_by("pk"):
            item.frozen = items_.is_frozen(item, historied)
            items.append(item)
    touched = [item for item in items if revision.touched(found, item.start, item.end)]
    blocked = [item for item in touched if item.frozen]
    if blocked:
        raise RevisionTouchesDecisions(blocked)
    for model in ITEM_KINDS.values():
        model.objects.filter(pk__in=[i.pk for i in touched if type(i) is model]).delete()
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
        items_.bump(item, list(fields))
        if item.frozen:
            items_.record(
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


def find_or_create_outlet(name: str, *, domain: str = "") -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(
        name=" ".join(name.split()), defaults={"domain": domain}
    )
    return outlet
