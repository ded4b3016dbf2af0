from django.urls import path, register_converter

from claims.converters import ItemTypeConverter
from claims.views import (
    articles,
    counts,
    exports,
    history,
    review,
    search,
    speakers,
    tokens,
    verify,
)

app_name = "claims"
register_converter(ItemTypeConverter, "item_type")

urlpatterns = [
    path("", articles.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article-list"),
    path("articles/new/", articles.article_new, name="article-new"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/extract/", articles.article_extract, name="article-extract"),
    path("articles/<int:pk>/edit/", articles.article_revise, name="article-revise"),
    path("articles/<int:pk>/add/<item_type:kind>/", articles.article_add, name="article-add"),
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
    path("counts/", counts.count_list, name="count-list"),
    path("counts/new/", counts.count_new, name="count-new"),
    path("counts/<int:pk>/", counts.count_detail, name="count-detail"),
    path("counts/<int:pk>/rename/", counts.count_rename, name="count-rename"),
    path("counts/<int:pk>/merge/", counts.count_merge, name="count-merge"),
    path("counts/<int:pk>/export.csv", counts.count_export_csv, name="count-export-csv"),
    path("counts/<int:pk>/export.json", counts.count_export_json, name="count-export-json"),
    path("observations/<int:pk>/decide/", counts.observation_decide, name="observation-decide"),
    path("search/", search.search, name="search"),
    path("export/quotes.csv", exports.export_quotes, name="export-quotes"),
    path("export/claims.csv", exports.export_claims, name="export-claims"),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("<item_type:kind>s/<int:pk>/history/", history.item_history, name="item-history"),
]
