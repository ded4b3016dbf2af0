"""Ingesting through the API: text or URL, through the same services as the form."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from claims import roles
from claims.models import ApiToken, Article
from tests.api.conftest import bearer, make_token
from tests.factories import ArticleFactory
from tests.test_fetching import fetching_allowed, news_site  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles"
TEXT = "Over 38 attacks have taken place, officials said on Monday."


def post(client, data, headers):
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_an_article_sent_as_text_is_stored_as_its_user_and_queued(client, ingester, editor):
    data = {"title": "Attacks", "text": TEXT, "outlet": "The Daily Test", "byline": "J. R."}
    response = post(client, {**data, "published_on": "2023-11-06"}, ingester)
    assert response.status_code == 201, response.content
    row = response.json()
    article = Article.objects.get(pk=row["id"])
    assert (article.title, article.body, article.byline) == ("Attacks", TEXT, "J. R.")
    assert article.outlet.name == "The Daily Test" and str(article.published_on) == "2023-11-06"
    assert article.ingested_by == editor and article.ingest_method == "api"
    assert article.extraction_status == "queued" and row["body"] == TEXT


def test_an_article_sent_as_a_url_is_fetched(client, ingester, news_site, fetching_allowed):  # noqa: F811
    response = post(client, {"url": f"{news_site}/short-link"}, ingester)
    assert response.status_code == 201, response.content
    article = Article.objects.get(pk=response.json()["id"])
    assert article.title == "Attacks on US forces rise"
    assert article.url == f"{news_site}/news/attacks" and article.ingest_method == "url"


def test_a_page_that_is_not_an_article_is_a_422_and_stores_nothing(
    client,
    ingester,
    news_site,  # noqa: F811
    fetching_allowed,  # noqa: F811
):
    for path in ("/login", "/report.pdf", "/missing"):
        response = post(client, {"url": f"{news_site}{path}"}, ingester)
        assert response.status_code == 422, path
        assert isinstance(response.json()["detail"], str)
    assert not Article.objects.exists()


def test_the_same_text_or_url_twice_is_a_409_naming_the_article_already_stored(client, ingester):
    stored = ArticleFactory(url="https://news.example/story")
    response = post(client, {"title": "Again", "text": stored.body}, ingester)
    assert response.status_code == 409
    assert response.json()["existing_id"] == stored.pk
    response = post(client, {"url": "https://news.example/story?utm_source=x"}, ingester)
    assert response.status_code == 409 and response.json()["existing_id"] == stored.pk
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "No text"},
        {"text": TEXT},  # a text needs a title
        {"title": "t", "text": "   "},
        {"title": "t", "text": "nul \x00 byte"},
        {"title": "t", "text": "lone \ud800 surrogate"},
        {"title": "t\x00", "text": TEXT},
        {"url": "javascript:alert(1)"},
        {"url": "not a url"},
        {"title": "t", "text": TEXT, "published_on": "yesterday"},
        {"title": "t", "text": 42},
        {"title": "x" * 501, "text": TEXT},
    ],
)
def test_bad_input_is_a_4xx_json_answer_and_stores_nothing(client, ingester, data):
    response = post(client, data, ingester)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_a_body_that_is_not_json_is_a_400(client, ingester):
    response = client.post(URL, b"{not json", content_type="application/json", headers=ingester)
    assert response.status_code == 400 and not Article.objects.exists()


def test_a_read_token_cannot_ingest(client, editor):
    response = post(client, {"title": "t", "text": TEXT}, bearer(make_token(editor)))
    assert response.status_code == 403 and "ingest scope" in response.json()["detail"]
    assert not Article.objects.exists()


def test_a_fact_checker_cannot_ingest_even_with_an_ingest_token_made_as_an_editor(client, editor):
    headers = bearer(make_token(editor, ApiToken.Scope.INGEST))
    editor.groups.set([Group.objects.get(name=roles.FACT_CHECKER)])  # the role is taken away
    response = post(client, {"title": "t", "text": TEXT}, headers)
    assert response.status_code == 403 and not Article.objects.exists()


def test_a_logged_in_browser_ingests_with_its_csrf_token_and_not_without(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(URL, {"title": "t", "text": TEXT}, content_type="application/json")
    assert response.status_code == 403 and not Article.objects.exists()
    browser.get("/tokens/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        URL,
        {"title": "t", "text": TEXT},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201 and Article.objects.count() == 1


def test_a_token_needs_no_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    headers = bearer(make_token(editor, ApiToken.Scope.INGEST))
    assert post(client, {"title": "t", "text": TEXT}, headers).status_code == 201


def test_api_ingest_shares_the_per_user_ingest_limit_with_the_form(client, editor, settings):
    settings.CLAIMS_EXTRACT_RATE = "2/m"
    headers = bearer(make_token(editor, ApiToken.Scope.INGEST))
    client.force_login(editor)
    assert client.post("/articles/new/", {"title": "a", "body": "First text."}).status_code == 302
    assert post(client, {"title": "b", "text": "Second text."}, headers).status_code == 201
    response = post(client, {"title": "c", "text": "Third text."}, headers)
    assert response.status_code == 429 and int(response["Retry-After"]) == 60
    assert Article.objects.count() == 2
