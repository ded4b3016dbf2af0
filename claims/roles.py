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
# Admins hold every claims permission plus user management.
ADMIN_APPS = ("claims", "auth")
