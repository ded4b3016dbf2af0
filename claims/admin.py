"""The Django admin: everything is visible; workflow fields change only through services."""

from django.contrib import admin, messages

from claims import services
from claims.models import (
    ApiToken,
    Article,
    CountDecision,
    Decision,
    Feed,
    FeedItem,
    ImportRun,
    NumericClaim,
    Observation,
    Outlet,
    Quote,
    Speaker,
    SpeakerAlias,
    SpeakerMerge,
    TrackedCount,
)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "outlet",
        "published_on",
        "extraction_status",
        "ingest_method",
        "created_at",
    ]
    list_filter = ["extraction_status", "ingest_method", "outlet"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "body",
        "content_hash",
        "ingest_method",
        "ingested_by",
        "extraction_status",
        "extraction_error",
        "extracted_at",
        "extractor_version",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["outlet"]


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    fields = ["name"]
    extra = 0
    can_delete = False
    readonly_fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    """Role and organisation may be corrected here. The name is the speaker's key (one speaker
    per normalised name) and a speaker is retired by merging it, so history can follow: both
    go through `claims.services`, never this page."""

    list_display = ["name", "role", "organisation", "is_organisation", "created_at"]
    list_filter = ["is_organisation"]
    search_fields = ["name", "role", "aliases__name"]
    readonly_fields = ["name", "normalized"]
    inlines = [SpeakerAliasInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["created_at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed, added or deleted here. Quotes and numbers: every change to one is
    a decision with its history row, which only `claims.services` writes (the review pages are
    where editors make them). Decisions: history is only ever added to."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "speaker", "kind", "status", "verdict", "article"]
    list_filter = ["status", "kind", "verdict"]
    search_fields = ["text", "speaker__name", "article__title"]
    list_select_related = ["speaker", "article"]
    raw_id_fields = ["article", "speaker", "overlaps", "verified_by"]
    inlines = [DecisionInline]

    @admin.display(description="Quote")
    def short_text(self, obj: Quote) -> str:
        return obj.text[:100]


@admin.register(NumericClaim)
class NumericClaimAdmin(ReadOnlyAdmin):
    list_display = ["text", "value", "qualifier", "counted", "claimant", "status", "article"]
    list_filter = ["status", "qualifier"]
    search_fields = ["text", "counted", "sentence", "article__title"]
    list_select_related = ["claimant", "article"]
    raw_id_fields = ["article", "claimant", "overlaps"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "from_state", "to_state", "quote", "claim"]
    list_filter = ["action"]
    list_select_related = ["actor", "quote", "claim"]


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(ReadOnlyAdmin):
    list_display = ["name", "speaker", "normalized"]
    search_fields = ["name", "speaker__name"]
    list_select_related = ["speaker"]


@admin.register(SpeakerMerge)
class SpeakerMergeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "merged_name", "merged_id", "into", "merged_by"]
    search_fields = ["merged_name", "into__name"]
    list_select_related = ["into", "merged_by"]


@admin.register(TrackedCount)
class TrackedCountAdmin(ReadOnlyAdmin):
    """Counts are created, renamed and merged on the count pages, each change a history row."""

    list_display = ["name", "places", "window_start", "only_grows", "parent", "merged_into"]
    list_filter = ["only_grows"]
    search_fields = ["name", "places", "definition"]
    list_select_related = ["parent", "merged_into"]
    raw_id_fields = ["parent", "merged_into", "preferred_outlet", "preferred_speaker"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    """Confirmed and rejected on the review card and the timeline, never here."""

    list_display = ["claim", "count", "as_of", "low", "high", "state", "score", "decided_by"]
    list_filter = ["state"]
    search_fields = ["claim__text", "count__name"]
    list_select_related = ["claim", "count", "decided_by"]
    raw_id_fields = ["claim", "count", "decided_by"]


@admin.register(CountDecision)
class CountDecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "from_state", "to_state", "count"]
    list_filter = ["action"]
    list_select_related = ["actor", "count"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made by their users on the tokens page (the secret is shown only there); an
    admin sees them all and revokes them, through the service."""

    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            services.revoke_token(token, user=request.user)
        messages.success(request, f"{len(queryset)} token(s) revoked.")


@admin.register(Feed)
class FeedAdmin(ReadOnlyAdmin):
    """Feeds are registered, paused and deleted on the Feeds page, through the services."""

    list_display = ["__str__", "url", "paused", "last_polled_at", "last_status", "next_poll_at"]
    list_filter = ["paused"]
    search_fields = ["title", "url"]


@admin.register(FeedItem)
class FeedItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "feed", "status", "attempts", "created_at"]
    list_filter = ["status"]
    search_fields = ["url", "title", "error"]
    list_select_related = ["feed"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "rows_done", "rows_total", "new", "duplicate", "rejected"]
    search_fields = ["file_name", "checksum"]
