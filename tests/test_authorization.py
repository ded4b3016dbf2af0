"""Authorisation is complete: every route is in one table, and the table is what happens.

ROUTES maps every URL name of the URLconf to who may use it. A route missing from the table
fails the build; then every mutating route is called as anonymous, fact-checker, editor, admin
and a deactivated user, every page is fetched without changing the database, and every unsafe
request without a CSRF token is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from claims import services
from claims.models import (
    ApiToken,
    Article,
    Feed,
    NumericClaim,
    Observation,
    Quote,
    ReviewStatus,
    TrackedCount,
)
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    ObservationFactory,
    QuoteFactory,
    SpeakerFactory,
    TrackedCountFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANYONE = "anyone"  # no log-in needed
USER = "user"  # any active, logged-in user
FACT_CHECKER, EDITOR, ADMIN = "fact-checker", "editor", "admin"
ROLES = ("anonymous", FACT_CHECKER, EDITOR, ADMIN, "deactivated")

# route name -> who may use it. Patterns (fnmatch) cover the admin's generated routes.
ROUTES: dict[str, set[str]] = {
    "login": {ANYONE},
    "favicon": {ANYONE},
    "logout": {USER},
    "password_change": {USER},
    "password_change_done": {USER},
    "admin:*": {ADMIN},
    "claims:dashboard": {USER},
    "claims:article-list": {USER},
    "claims:article-detail": {USER},
    "claims:article-new": {EDITOR, ADMIN},
    "claims:article-extract": {EDITOR, ADMIN},
    "claims:article-revise": {EDITOR, ADMIN},
    "claims:article-add": {EDITOR, ADMIN},
    "claims:review-queue": {EDITOR, ADMIN},
    "claims:review-undo": {EDITOR, ADMIN},
    "claims:review-bulk": {EDITOR, ADMIN},
    "claims:accuracy": {EDITOR, ADMIN},
    "claims:item-review": {EDITOR, ADMIN},
    "claims:item-edit": {EDITOR, ADMIN},
    "claims:verify-queue": {FACT_CHECKER, ADMIN},
    "claims:quote-verify": {FACT_CHECKER, ADMIN},
    "claims:verify-undo": {FACT_CHECKER, ADMIN},
    "claims:speaker-list": {USER},
    "claims:speaker-autocomplete": {USER},
    "claims:speaker-detail": {USER},
    "claims:speaker-merge": {EDITOR, ADMIN},
    "claims:item-same-person": {EDITOR, ADMIN},
    "claims:search": {USER},
    # exports need the view permission of what they hold (every role has it)
    "claims:export-quotes": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:export-claims": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:export-quotes-jsonl": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:export-claims-jsonl": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:export-claimreviews": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:claimreview": {ANYONE},  # a published fact-check (only rated quotes have one)
    "claims:item-history": {FACT_CHECKER, EDITOR, ADMIN},
    "claims:count-list": {USER},
    "claims:count-detail": {USER},
    "claims:count-new": {EDITOR, ADMIN},
    "claims:count-rename": {EDITOR, ADMIN},
    "claims:count-edit": {EDITOR, ADMIN},
    "claims:count-propose": {EDITOR, ADMIN},
    "claims:observation-note": {EDITOR, ADMIN},
    "claims:count-merge": {EDITOR, ADMIN},
    "claims:count-export-csv": {USER},
    "claims:count-export-json": {USER},
    "claims:observation-decide": {EDITOR, ADMIN},
    "claims:feed-list": {EDITOR, ADMIN},
    "claims:feed-detail": {EDITOR, ADMIN},
    "claims:feed-pause": {EDITOR, ADMIN},
    "claims:feed-delete": {EDITOR, ADMIN},
    "claims:token-list": {USER},
    "claims:token-revoke": {USER},  # one's own tokens (an admin revokes others' in the admin)
    # The API: a token or a session acts as its user (401 instead of a redirect to log in).
    "api:openapi-json": {ANYONE},  # the schema describes the API and holds no data
    "api:api-root": {ANYONE},  # ninja's own route for /api/v1/ itself: always 404
    "api:list_articles": {FACT_CHECKER, EDITOR, ADMIN},
    "api:get_article": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_speakers": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_quotes": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_claims": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_decisions": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_counts": {FACT_CHECKER, EDITOR, ADMIN},
    "api:get_count": {FACT_CHECKER, EDITOR, ADMIN},
    "api:list_observations": {FACT_CHECKER, EDITOR, ADMIN},
    "api:ingest_article": {EDITOR, ADMIN},
}


def url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            names += url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def rule_for(name: str) -> set[str] | None:
    return next((who for key, who in ROUTES.items() if fnmatch(name, key)), None)


def test_every_route_of_the_urlconf_is_in_the_authorisation_table(record_cases):
    names = url_names()
    missing = [name for name in names if rule_for(name) is None]
    assert not missing, f"Routes missing from the authorisation table: {missing}"
    stale = [key for key in ROUTES if not any(fnmatch(name, key) for name in names)]
    assert not stale, f"Table entries matching no route: {stale}"
    record_cases("routes in the table", len(names))


# --- every mutating route x every role ------------------------------------------------------


@dataclass
class Mutation:
    """A POST to a route: how to build it, and how to tell that it took effect."""

    name: str
    build: Callable[[], tuple[str, dict, Callable[[], bool]]]


def _review():
    quote = QuoteFactory()
    url = reverse("claims:item-review", args=["quote", quote.pk])
    return (
        url,
        {"decision": "approved", "version": 1},
        lambda: Quote.objects.get(pk=quote.pk).status == "approved",
    )


def _edit():
    claim = NumericClaimFactory()
    data = {
        "version": 1,
        "start": claim.start,
        "end": claim.end,
        "value": "46",
        "lower": "46",
        "qualifier": ">=",
        "counted": "troops injured",
        "unit": "",
        "claimant_name": "",
    }
    url = reverse("claims:item-edit", args=["claim", claim.pk])
    return url, data, lambda: NumericClaim.objects.get(pk=claim.pk).counted == "troops injured"


def _add():
    article = ArticleFactory()
    start = article.body.index("officials")
    data = {
        "quote-start": start,
        "quote-end": start + len("officials said"),
        "quote-words": "officials said",
        "quote-content_hash": article.content_hash,
        "quote-kind": "indirect",
    }
    url = reverse("claims:article-add", args=[article.pk, "quote"])
    return url, data, lambda: Quote.objects.filter(article=article, added_by_hand=True).exists()


def _verify():
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    data = {"verdict": "unverifiable", "version": 1, "note": "no recording"}
    url = reverse("claims:quote-verify", args=[quote.pk])
    return url, data, lambda: Quote.objects.get(pk=quote.pk).verdict == "unverifiable"


def _bulk():
    quote = QuoteFactory()
    data = {"items": [f"quote-{quote.pk}"], "decision": "rejected"}
    return (
        reverse("claims:review-bulk"),
        data,
        lambda: Quote.objects.get(pk=quote.pk).status == "rejected",
    )


def _ingest():
    return (
        reverse("claims:article-new"),
        {"title": "New", "body": "A new text."},
        lambda: Article.objects.filter(title="New").exists(),
    )


def _extract():
    article = ArticleFactory()
    url = reverse("claims:article-extract", args=[article.pk])
    return url, {}, lambda: Article.objects.get(pk=article.pk).extraction_status == "queued"


def _revise():
    article = ArticleFactory()
    url = reverse("claims:article-revise", args=[article.pk])
    body = article.body + " A correction was appended."
    return (
        url,
        {"body": body, "content_hash": article.content_hash},
        lambda: Article.objects.get(pk=article.pk).body == body,
    )


def _merge():
    keep, gone = SpeakerFactory(), SpeakerFactory()
    url = reverse("claims:speaker-merge", args=[keep.pk])
    return (
        url,
        {"other": gone.name, "direction": "into_this"},
        lambda: not type(gone).objects.filter(pk=gone.pk).exists(),
    )


def _same_person():
    quote, other = QuoteFactory(), SpeakerFactory()
    gone = quote.speaker
    url = reverse("claims:item-same-person", args=["quote", quote.pk])
    return (
        url,
        {"other": f"#{other.pk}", "direction": "this_into", "confirm": "yes"},
        lambda: not type(gone).objects.filter(pk=gone.pk).exists(),
    )


def _count_new():
    return (
        reverse("claims:count-new"),
        {"name": "people missing", "only_grows": ""},
        lambda: TrackedCount.objects.filter(name="people missing").exists(),
    )


def _count_rename():
    count = TrackedCountFactory()
    url = reverse("claims:count-rename", args=[count.pk])
    return (
        url,
        {"name": "renamed count", "version": 1},
        lambda: TrackedCount.objects.get(pk=count.pk).name == "renamed count",
    )


def _count_edit():
    count = TrackedCountFactory()
    url = reverse("claims:count-edit", args=[count.pk])
    return (
        url,
        {"name": count.name, "places": "Iraq, Syria", "only_grows": "on", "version": 1},
        lambda: TrackedCount.objects.get(pk=count.pk).places == "Iraq, Syria",
    )


def _count_propose():
    claims = [
        NumericClaimFactory(counted="attacks", sentence=f"{n} attacks hit bases in Iraq.")
        for n in (38, 55)
    ]
    return (
        reverse("claims:count-propose"),
        {"name": "attacks in Iraq", "places": "Iraq", "claims": [c.pk for c in claims]},
        lambda: TrackedCount.objects.filter(name="attacks in Iraq").exists(),
    )


def _observation_note():
    observation = ObservationFactory()
    return (
        reverse("claims:observation-note", args=[observation.pk]),
        {"definition": "includes rocket attacks", "version": 1},
        lambda: Observation.objects.get(pk=observation.pk).definition == "includes rocket attacks",
    )


def _count_merge():
    gone, stays = TrackedCountFactory(), TrackedCountFactory()
    url = reverse("claims:count-merge", args=[gone.pk])
    return (
        url,
        {"into": stays.pk, "version": 1},
        lambda: TrackedCount.objects.get(pk=gone.pk).merged_into_id == stays.pk,
    )


def _decide():
    observation = ObservationFactory()
    url = reverse("claims:observation-decide", args=[observation.pk])
    return (
        url,
        {"state": "confirmed", "version": 1},
        lambda: Observation.objects.get(pk=observation.pk).state == "confirmed",
    )


def _token_new():
    return (
        reverse("claims:token-list"),
        {"name": "CMS import", "scope": "read"},
        lambda: ApiToken.objects.filter(name="CMS import").exists(),
    )


def _feed_new():
    return (
        reverse("claims:feed-list"),
        {"url": "https://news.example/rss.xml"},
        lambda: Feed.objects.filter(url="https://news.example/rss.xml").exists(),
    )


def _feed_pause():
    feed = Feed.objects.create(url="https://news.example/pause.xml")
    url = reverse("claims:feed-pause", args=[feed.pk])
    return url, {"paused": "1"}, lambda: Feed.objects.get(pk=feed.pk).paused


def _feed_delete():
    feed = Feed.objects.create(url="https://news.example/delete.xml")
    url = reverse("claims:feed-delete", args=[feed.pk])
    return url, {}, lambda: not Feed.objects.filter(pk=feed.pk).exists()


MUTATIONS = [
    Mutation("claims:feed-list", _feed_new),
    Mutation("claims:feed-pause", _feed_pause),
    Mutation("claims:feed-delete", _feed_delete),
    Mutation("claims:token-list", _token_new),
    Mutation("claims:item-review", _review),
    Mutation("claims:item-edit", _edit),
    Mutation("claims:article-add", _add),
    Mutation("claims:quote-verify", _verify),
    Mutation("claims:review-bulk", _bulk),
    Mutation("claims:article-new", _ingest),
    Mutation("claims:article-extract", _extract),
    Mutation("claims:article-revise", _revise),
    Mutation("claims:speaker-merge", _merge),
    Mutation("claims:item-same-person", _same_person),
    Mutation("claims:count-new", _count_new),
    Mutation("claims:count-rename", _count_rename),
    Mutation("claims:count-edit", _count_edit),
    Mutation("claims:count-propose", _count_propose),
    Mutation("claims:observation-note", _observation_note),
    Mutation("claims:count-merge", _count_merge),
    Mutation("claims:observation-decide", _decide),
]


def login_as(client: Client, role: str):
    if role == "anonymous":
        return None
    user = UserFactory(role=None if role == "deactivated" else role)
    if role == "deactivated":
        user.groups.add(
            *__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(
                name=EDITOR
            )
        )
    client.force_login(user)
    if role == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


def allowed(name: str, role: str) -> bool:
    who = rule_for(name)
    return ANYONE in who or (
        role not in ("anonymous", "deactivated") and (USER in who or role in who)
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_each_mutating_route_answers_each_role_as_the_table_says(
    client, mutation, role, record_cases
):
    url, data, took_effect = mutation.build()
    login_as(client, role)
    response = client.post(url, data)
    record_cases("mutating route x role", 1)
    if role in ("anonymous", "deactivated"):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert not took_effect()
    elif allowed(mutation.name, role):
        assert response.status_code in (200, 302), response.content[:300]
        assert took_effect()
    else:
        assert response.status_code == 403
        assert not took_effect()


def _reviewed(user):
    quote = QuoteFactory()
    if user is not None and user.has_perm("claims.review_quote"):
        services.review_item(quote, reviewer=user, decision="rejected")
    return quote


def _verified(user):
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    if user is not None and user.has_perm("claims.verify_quote"):
        services.record_verdict(quote, checker=user, verdict="unverifiable")
    return quote


@pytest.mark.parametrize(
    "route, decide", [("claims:review-undo", _reviewed), ("claims:verify-undo", _verified)]
)
def test_undo_answers_each_role_as_the_table_says(client, record_cases, route, decide):
    for role in ROLES:
        user = login_as(client, role)
        quote = decide(user)
        response = client.post(reverse(route))
        record_cases("mutating route x role", 1)
        undone = quote.decisions.filter(action="undo").exists()
        if role in ("anonymous", "deactivated"):
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        elif allowed(route, role):
            assert response.status_code == 302 and undone
        else:
            assert response.status_code == 403 and not undone
        client.logout()


def test_a_token_is_revoked_only_by_its_own_user(client, record_cases):
    for role in ROLES:
        owner = login_as(client, role)
        theirs = services.create_token(UserFactory(role=EDITOR), name="theirs", scope="read")[0]
        own = None
        if owner is not None and owner.is_active:
            own = services.create_token(owner, name="mine", scope="read")[0]
        for token in filter(None, (own, theirs)):
            response = client.post(reverse("claims:token-revoke", args=[token.pk]))
            record_cases("mutating route x role", 1)
            token.refresh_from_db()
            if role in ("anonymous", "deactivated"):
                assert response.status_code == 302 and response["Location"].startswith(
                    reverse("login")
                )
                assert token.revoked_at is None
            elif token is own:
                assert response.status_code == 302 and token.revoked_at is not None
            else:
                assert response.status_code == 404 and token.revoked_at is None
        client.logout()


# --- the API: the same table, answered with 401/403 instead of redirects ------------------


def api_caller(client: Client, role: str, scope: str = "read") -> dict[str, str]:
    """Headers of a token for a user of `role` (deactivated after making it); none for anonymous."""
    if role == "anonymous":
        return {}
    user = UserFactory(role=EDITOR if role == "deactivated" else role)
    secret = services.create_token(user, name="matrix", scope=scope)[1]
    if role == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("role", ROLES)
def test_each_api_read_answers_each_role_as_the_table_says(client, sample_urls, role, record_cases):
    headers = api_caller(client, role)
    for name in url_names():
        if not name.startswith("api:list_") and name != "api:get_article":
            continue
        response = client.get(reverse(name, args=sample_urls.get(name, [])), headers=headers)
        record_cases("API route x role", 1)
        if role in ("anonymous", "deactivated"):
            assert response.status_code == 401, (name, role)
        elif allowed(name, role):
            assert response.status_code == 200, (name, role, response.content[:200])
        else:
            assert response.status_code == 403, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_api_ingest_answers_each_role_as_the_table_says(client, role, record_cases):
    # an ingest-scoped token for roles that may ingest; for the others a read token (they cannot
    # make an ingest one) and then an ingest one their role was taken away from
    scope = "ingest" if role in (EDITOR, ADMIN, "deactivated") else "read"
    headers = api_caller(client, role, scope)
    body = {"title": f"By {role}", "text": f"A text sent by {role}."}
    response = client.post(
        reverse("api:ingest_article"), body, content_type="application/json", headers=headers
    )
    record_cases("API route x role", 1)
    stored = Article.objects.filter(title=f"By {role}").exists()
    if role in ("anonymous", "deactivated"):
        assert response.status_code == 401 and not stored
    elif allowed("api:ingest_article", role):
        assert response.status_code == 201 and stored
    else:
        assert response.status_code == 403 and not stored


# --- GET changes nothing; unsafe without CSRF is refused ------------------------------------


def snapshot() -> dict[str, tuple]:
    state = {}
    for model in apps.get_app_config("claims").get_models():
        rows = model.objects.order_by("pk").values_list(
            "pk",
            *[
                f.attname
                for f in model._meta.concrete_fields
                if f.attname in ("status", "version", "verdict", "updated_at")
            ],
        )
        state[model.__name__] = tuple(rows)
    return state


@pytest.fixture
def sample_urls():
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    claim = NumericClaimFactory(article=quote.article)
    article, speaker = quote.article, quote.speaker
    observation = ObservationFactory(claim=claim)
    count = observation.count
    return {
        "claims:count-detail": [count.pk],
        "claims:count-rename": [count.pk],
        "claims:count-edit": [count.pk],
        "claims:count-merge": [count.pk],
        "claims:count-export-csv": [count.pk],
        "claims:count-export-json": [count.pk],
        "claims:observation-decide": [observation.pk],
        "claims:observation-note": [observation.pk],
        "claims:article-detail": [article.pk],
        "claims:article-extract": [article.pk],
        "claims:article-revise": [article.pk],
        "claims:article-add": [article.pk, "quote"],
        "claims:item-review": ["quote", quote.pk],
        "claims:item-edit": ["claim", claim.pk],
        "claims:item-same-person": ["quote", quote.pk],
        "claims:quote-verify": [quote.pk],
        "claims:speaker-detail": [speaker.pk],
        "claims:speaker-merge": [speaker.pk],
        "claims:item-history": ["claim", claim.pk],
        "claims:token-revoke": [
            ApiToken.objects.create(user=UserFactory(), name="t", secret_hash="0" * 64).pk
        ],
        "api:get_article": [article.pk],
        "api:get_count": [count.pk],
        "claims:claimreview": [QuoteFactory(status=ReviewStatus.APPROVED, verdict="verified").pk],
        **dict.fromkeys(
            ("claims:feed-detail", "claims:feed-pause", "claims:feed-delete"),
            [Feed.objects.create(url="https://news.example/feed.xml").pk],
        ),
    }


def own_routes() -> list[str]:
    return [name for name in url_names() if not name.startswith("admin:")]


def test_no_get_request_changes_the_database(client, sample_urls, record_cases):
    client.force_login(UserFactory(role=ADMIN))
    before = snapshot()
    for name in own_routes():
        if name == "logout":
            continue
        response = client.get(reverse(name, args=sample_urls.get(name, [])))
        expected = (404,) if name == "api:api-root" else (200, 302, 405)
        assert response.status_code in expected, (name, response.status_code)
        record_cases("GET leaves the database unchanged", 1)
    for path in (
        "/admin/",
        "/admin/claims/quote/",
        "/admin/claims/numericclaim/",
        "/admin/claims/article/",
    ):
        assert client.get(path).status_code == 200
        record_cases("GET leaves the database unchanged", 1)
    assert snapshot() == before


def test_every_unsafe_request_without_a_csrf_token_is_refused(sample_urls, record_cases):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=ADMIN))
    before = snapshot()
    for name in own_routes():
        url = reverse(name, args=sample_urls.get(name, []))
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {})
            assert response.status_code in (403, 405), (name, method, response.status_code)
            record_cases("unsafe request without CSRF token", 1)
    assert snapshot() == before


def test_the_admin_shows_quotes_and_numbers_but_never_changes_them(client):
    """Every change to an item is a decision with history, which only the services write."""
    quote, claim = QuoteFactory(), NumericClaimFactory()
    client.force_login(UserFactory(role=ADMIN))
    for item, path in ((quote, "quote"), (claim, "numericclaim")):
        change = f"/admin/claims/{path}/{item.pk}/change/"
        page = client.get(change)
        assert page.status_code == 200 and b'name="_save"' not in page.content
        assert client.post(change, {"status": "approved"}).status_code == 403
        assert (
            client.post(f"/admin/claims/{path}/{item.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
        assert client.get(f"/admin/claims/{path}/add/").status_code == 403
        item.refresh_from_db()
        assert item.status == "extracted" and not item.decisions.exists()
