"""Every input goes through a form: these turn requests into clean values for the services.

By subject: `accuracy` (the accuracy page's choices), `articles` (ingest, revision, the list's
filters), `review` (decisions, one edit form per item kind, the review list's filters),
`speakers` (merge, lookup by name), `search` (the one search box), `feeds` (registering and
pausing a feed).
"""

from claims.forms.accuracy import AccuracyForm
from claims.forms.articles import ArticleFilterForm, ArticleForm, ArticleRevisionForm
from claims.forms.feeds import FeedForm, FeedPauseForm
from claims.forms.review import (
    ADD_FORMS,
    BULK_LIMIT,
    EDIT_FORMS,
    ITEM_KEY,
    BulkReviewForm,
    ClaimEditForm,
    QuoteEditForm,
    ReviewForm,
    SelectionForm,
    VerdictForm,
)
from claims.forms.search import SearchForm
from claims.forms.speakers import NO_NAME, SpeakerMergeForm, speakers_named
from claims.forms.verify import VerifyFilterForm

__all__ = [
    "ADD_FORMS",
    "AccuracyForm",
    "BULK_LIMIT",
    "EDIT_FORMS",
    "ITEM_KEY",
    "NO_NAME",
    "ArticleFilterForm",
    "ArticleForm",
    "ArticleRevisionForm",
    "BulkReviewForm",
    "FeedForm",
    "FeedPauseForm",
    "ClaimEditForm",
    "QuoteEditForm",
    "ReviewForm",
    "SearchForm",
    "SelectionForm",
    "SpeakerMergeForm",
    "VerdictForm",
    "VerifyFilterForm",
    "speakers_named",
]
