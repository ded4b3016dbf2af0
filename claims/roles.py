"""The three roles, as Django groups, and the permissions each holds.

Fact-checkers record verdicts on approved quotes; editors approve, edit and reject what was
extracted, ingest articles and merge speakers; admins can do everything and manage users.
"""

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
ADMIN = "admin"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    FACT_CHECKER: [
        "claims.view_article",
        "claims.view_quote",
        "claims.view_numericclaim",
        "claims.view_speaker",
        "claims.view_decision",
        "claims.verify_quote",
    ],
    EDITOR: [
        "claims.view_article",
        "claims.add_article",
        "claims.change_article",
        "claims.view_quote",
        "claims.view_numericclaim",
        "claims.view_speaker",
        "claims.view_decision",
        "claims.review_quote",
        "claims.review_numericclaim",
        "claims.change_speaker",
        "claims.add_speaker",
        "claims.view_outlet",
        "claims.add_outlet",
    ],
}
# What each role may do with tracked counts, granted by the counts migration (0013); each
# migration grants a frozen copy of its list, so a change here needs a migration of its own.
COUNT_PERMISSIONS: dict[str, list[str]] = {
    FACT_CHECKER: ["claims.view_trackedcount", "claims.view_observation"],
    EDITOR: [
        "claims.view_trackedcount",
        "claims.add_trackedcount",
        "claims.change_trackedcount",
        "claims.view_observation",
        "claims.decide_observation",
    ],
}

# Editors register, pause and delete the feeds articles come in by (granted by migration 0017).
FEED_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: ["claims.view_feed", "claims.add_feed", "claims.change_feed", "claims.delete_feed"],
}


def permissions_of(role: str) -> list[str]:
    """Every permission (app.codename) a role's group holds; the admin's are not listed."""
    return [
        *ROLE_PERMISSIONS.get(role, []),
        *COUNT_PERMISSIONS.get(role, []),
        *FEED_PERMISSIONS.get(role, []),
    ]


# Admins hold every claims permission plus user management.
ADMIN_APPS = ("claims", "auth")
