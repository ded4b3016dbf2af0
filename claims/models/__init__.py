"""Claim Desk's data: outlets and articles, speakers, the quotes and numbers found in them, and
the personal API tokens people read them with, the feeds and bulk imports articles come in by."""

from claims.models.articles import Article, Outlet
from claims.models.base import ReviewStatus
from claims.models.claims import ITEM_KINDS, NumericClaim, Quote, Verdict, item_groups
from claims.models.counts import CountDecision, Observation, TrackedCount
from claims.models.decisions import Decision
from claims.models.feeds import Feed, FeedItem, ImportRun
from claims.models.lookups import AnyOf  # noqa: F401 (registers `__any_of`)
from claims.models.speakers import Speaker, SpeakerAlias, SpeakerMerge, normalize_alias
from claims.models.tokens import ApiToken

__all__ = [
    "ITEM_KINDS",
    "ApiToken",
    "Article",
    "CountDecision",
    "Decision",
    "Feed",
    "FeedItem",
    "ImportRun",
    "NumericClaim",
    "Observation",
    "Outlet",
    "Quote",
    "ReviewStatus",
    "Speaker",
    "SpeakerAlias",
    "SpeakerMerge",
    "TrackedCount",
    "Verdict",
    "item_groups",
    "normalize_alias",
]
