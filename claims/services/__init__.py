"""Every write Claim Desk makes goes through these functions.

Views, commands, tasks and the admin call them; they check the actor's permission, lock what
they change, record each human decision as a `Decision` row, and raise a small domain exception
(`errors`) that the caller turns into a message. By subject: `articles` (ingest, text
revision), `speakers`, `extraction` (storing what the extractor found; the background job),
`decisions` (review, edit, verdict, undo), `additions` (items an editor adds by hand),
`counts` (tracked counts and the figures suggested for them), `tokens` (personal API tokens),
`feeds` (feeds and their polling); `items` holds what those share about one item.
Callers import the package: `services.review_item(...)` reads the same everywhere.
"""

from claims.services.additions import add_item
from claims.services.articles import (
    RevisionSummary,
    clean_body,
    find_or_create_outlet,
    ingest_article,
    ingest_url,
    revise_article,
)
from claims.services.counts import (
    CountConflict,
    CountError,
    create_count,
    decide_observation,
    edit_count,
    merge_counts,
    note_observation_definition,
    rename_count,
    start_proposed_count,
    suggest_for_claims,
    suggest_for_count,
)
from claims.services.decisions import (
    BulkResult,
    edit_item,
    record_verdict,
    review_item,
    review_items,
    undo_decision,
)
from claims.services.errors import (
    ArticleChanged,
    ClaimDeskError,
    ConflictError,
    DuplicateArticle,
    IngestError,
    ReviewError,
    RevisionTouchesDecisions,
)
from claims.services.extraction import (
    ExtractionSummary,
    extract_article,
    extract_claims,
    get_nlp,
    queue_article_extraction,
    run_extraction,
    save_extraction,
)
from claims.services.feeds import (
    PollSummary,
    add_feed,
    claim_due_feeds,
    delete_feed,
    poll_due_feeds,
    poll_feed,
    poll_feed_job,
    set_feed_paused,
)
from claims.services.speakers import (
    UnlinkSummary,
    find_or_create_speaker,
    merge_speakers,
    unlink_junk_speakers,
)
from claims.services.tokens import authenticate_token, create_token, revoke_token

__all__ = [
    "add_item",
    "ArticleChanged",
    "BulkResult",
    "ClaimDeskError",
    "ConflictError",
    "CountConflict",
    "CountError",
    "DuplicateArticle",
    "ExtractionSummary",
    "PollSummary",
    "IngestError",
    "ReviewError",
    "RevisionSummary",
    "RevisionTouchesDecisions",
    "add_feed",
    "authenticate_token",
    "claim_due_feeds",
    "clean_body",
    "create_count",
    "decide_observation",
    "delete_feed",
    "create_token",
    "edit_item",
    "extract_article",
    "extract_claims",
    "find_or_create_outlet",
    "find_or_create_speaker",
    "get_nlp",
    "ingest_article",
    "ingest_url",
    "edit_count",
    "merge_counts",
    "merge_speakers",
    "poll_due_feeds",
    "poll_feed",
    "poll_feed_job",
    "note_observation_definition",
    "start_proposed_count",
    "queue_article_extraction",
    "record_verdict",
    "review_item",
    "review_items",
    "rename_count",
    "revoke_token",
    "revise_article",
    "run_extraction",
    "save_extraction",
    "set_feed_paused",
    "suggest_for_claims",
    "suggest_for_count",
    "undo_decision",
    "unlink_junk_speakers",
    "UnlinkSummary",
]
