from django.urls import path, register_converter

from claims.converters import ItemTypeConverter
from claims.views import articles, exports, history, review, search, speakers, tokens, verify

app_name = "claims"
register_converter(ItemTypeConverter, "item_type")

urlpatterns = [
    path("", articles.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article-list"),
    path("articles/new/", articles.article_new, name="article-new"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/extract/", articles.article_extract, name="article-extract"),
    path("articles/<int:pk>/edit/", articles.article_revise, name="article-revise"),
    path("review/", review.review_queue, name="review-queue"),
    path("review/undo/", review.review_undo, name="review-undo"),
    path("review/bulk/", review.review_bulk, name="review-bulk"),
    path("review/<item_type:kind>/<int:pk>/", review.item_review, name="item-review"),
    path("review/<item_type:kind>/<int:pk>/edit/", review.item_edit, name="item-edit"),
    path("verify/", verify.verify_queue, name="verify-queue"),
    path("verify/<int:pk>/", verify.quote_verify, name="quote-verify"),
    path("speakers/", speakers.speaker_list, name="speaker-list"),
    path("speakers/autocomplete/", speakers.speaker_autocomplete, name="speaker-autocomplete"),
    path("speakers/<int:pk>/", speakers.speaker_detail, name="speaker-detail"),
    path("speakers/<int:pk>/merge/", speakers.speaker_merge, name="speaker-merge"),
    path("search/", search.search, name="search"),
    path("export/quotes.csv", exports.export_quotes, name="export-quotes"),
    path("export/claims.csv", exports.export_claims, name="export-claims"),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("<item_type:kind>s/<int:pk>/history/", history.item_history, name="item-history"),
]
