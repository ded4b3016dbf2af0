"""Every input goes through a form: these turn requests into clean values for the services.

By subject: `articles` (ingest, revision, the list's filters), `review` (decisions, one edit
form per item kind), `speakers` (merge, lookup by name), `search` (the one search box).
"""

from claims.forms.articles import ArticleFilterForm, ArticleForm, ArticleRevisionForm
from claims.forms.review import (
    ADD_FORMS,
    EDIT_FORMS,
    ITEM_KEY,
    BulkReviewForm,
    ClaimEditForm,
    QuoteEditForm,
    ReviewForm,
    VerdictForm,
)
from claims.forms.search import SearchForm
from claims.forms.speakers import NO_NAME, SpeakerMergeForm, speakers_named

__all__ = [
    "ADD_FORMS",
    "EDIT_FORMS",
    "ITEM_KEY",
    "NO_NAME",
    "ArticleFilterForm",
    "ArticleForm",
    "ArticleRevisionForm",
    "BulkReviewForm",
    "ClaimEditForm",
    "QuoteEditForm",
    "ReviewForm",
    "SearchForm",
    "SpeakerMergeForm",
    "VerdictForm",
    "speakers_named",
]
