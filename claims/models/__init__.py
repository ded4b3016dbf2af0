"""Claim Desk's data: outlets and articles, speakers, and the quotes and numbers found in them."""

from claims.models.articles import Article, Outlet
from claims.models.base import ReviewStatus
from claims.models.claims import ITEM_KINDS, NumericClaim, Quote, Verdict
from claims.models.counts import CountDecision, Observation, TrackedCount
from claims.models.decisions import Decision
from claims.models.speakers import Speaker, SpeakerAlias, SpeakerMerge, normalize_alias

__all__ = [
    "ITEM_KINDS",
    "Article",
    "CountDecision",
    "Decision",
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
    "normalize_alias",
]
