from django.urls import path, register_converter

from claims.converters import ItemTypeConverter
from claims.views import (
    accuracy,
    articles,
    claimreviews,
    counts,
    exports,
    feeds,
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
    path(
        "review/<item_type:kind>/<int:pk>/same-person/",
        speakers.item_same_person,
        name="item-same-person",
    ),
    path("review/accuracy/", accuracy.accuracy, name="accuracy"),
    path("verify/", verify.verify_queue, name="verify-queue"),
    path("verify/undo/", verify.verify_undo, name="verify-undo"),
    path("verify/<int:pk>/", verify.quote_verify, name="quote-verify"),
    path("speakers/", speakers.speaker_list, name="speaker-list"),
    path("speakers/autocomplete/", speakers.speaker_autocomplete, name="speaker-autocomplete"),
    path("speakers/<int:pk>/", speakers.speaker_detail, name="speaker-detail"),
    path("speakers/<int:pk>/merge/", speakers.speaker_merge, name="speaker-merge"),
    path("counts/", counts.count_list, name="count-list"),
    path("counts/new/", counts.count_new, name="count-new"),
    path("counts/proposed/", counts.count_propose, name="count-propose"),
    path("counts/<int:pk>/", counts.count_detail, name="count-detail"),
    path("counts/<int:pk>/rename/", counts.count_rename, name="count-rename"),
    path("counts/<int:pk>/edit/", counts.count_edit, name="count-edit"),
    path("counts/<int:pk>/merge/", counts.count_merge, name="count-merge"),
    path("counts/<int:pk>/export.csv", counts.count_export_csv, name="count-export-csv"),
    path("counts/<int:pk>/export.json", counts.count_export_json, name="count-export-json"),
    path("observations/<int:pk>/decide/", counts.observation_decide, name="observation-decide"),
    path("observations/<int:pk>/note/", counts.observation_note, name="observation-note"),
    path("search/", search.search, name="search"),
    *[
        path(
            f"export/{name}.{extension}",
            exports.export_items,
            {"name": name, "extension": extension},
            name=f"export-{name}{'' if extension == 'csv' else '-jsonl'}",
        )
        for name in ("quotes", "claims")
        for extension in ("csv", "jsonl")
    ],
    path("export/claimreviews.jsonl", exports.export_claimreviews, name="export-claimreviews"),
    path("fact-checks/<int:pk>/", claimreviews.claimreview_page, name="claimreview"),
    path("feeds/", feeds.feed_list, name="feed-list"),
    path("feeds/<int:pk>/", feeds.feed_detail, name="feed-detail"),
    path("feeds/<int:pk>/pause/", feeds.feed_pause, name="feed-pause"),
    path("feeds/<int:pk>/delete/", feeds.feed_delete, name="feed-delete"),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("<item_type:kind>s/<int:pk>/history/", history.item_history, name="item-history"),
]
