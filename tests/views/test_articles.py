"""Dashboard, article list, ingest and the article page with its highlights."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article, Outlet, ReviewStatus
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW = reverse("claims:article-new")


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_the_dashboard_counts_what_awaits_review_and_my_decisions(client, editor):
    quote = QuoteFactory()
    QuoteFactory(article=quote.article, kind="indirect")
    NumericClaimFactory(status=ReviewStatus.APPROVED)
    client.force_login(editor)
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 200
    assert response.context["quote_counts"]["Awaiting review"] == 2
    assert response.context["claim_counts"]["Approved"] == 1
    [waiting] = response.context["waiting"]
    assert waiting.pending_quotes == 2


def test_pages_send_anonymous_users_to_log_in(client):
    article = ArticleFactory()
    for url in (
        reverse("claims:dashboard"),
        reverse("claims:article-list"),
        NEW,
        reverse("claims:article-detail", args=[article.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_filters_by_title_and_progress(client, editor):
    wanted = ArticleFactory(title="Blinken in Baghdad")
    QuoteFactory(article=wanted)
    ArticleFactory(title="Something else")
    client.force_login(editor)
    response = client.get(reverse("claims:article-list"), {"q": "baghdad", "progress": "pending"})
    assert [a.pk for a in response.context["page"]] == [wanted.pk]
    fragment = client.get(
        reverse("claims:article-list"), {"q": "else"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in fragment.content and b"Something else" in fragment.content


@pytest.mark.parametrize("url_name", ["claims:dashboard", "claims:article-list"])
def test_list_pages_cost_the_same_queries_with_more_articles(client, editor, url_name):
    from claims import services

    def grow(n: int) -> None:
        for quote in QuoteFactory.create_batch(n):
            QuoteFactory(article=quote.article, kind="indirect")
            services.review_item(quote, reviewer=editor, decision="approved")  # "my decisions"

    client.force_login(editor)
    grow(2)
    few = count_queries(client, reverse(url_name))
    grow(8)
    assert count_queries(client, reverse(url_name)) == few


def test_pasting_an_article_stores_it_and_queues_extraction(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, {"title": "T", "body": "“Yes,” she said.", "outlet": "The Paper"}
        )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:article-detail", args=[article.pk])
    assert (article.body, article.outlet.name, article.ingest_method) == (
        "“Yes,” she said.",
        "The Paper",
        "paste",
    )
    assert article.extraction_status == Article.ExtractionStatus.QUEUED


def test_an_uploaded_html_page_becomes_clean_text_and_gets_its_title(client, editor):
    html = (
        "<html><head><title>Fighting in the north</title></head><body><nav>Menu</nav><article>"
        "<p>The minister said on Monday that at least 46 soldiers had been injured in the attacks "
        "on the bases, according to officials who spoke to reporters.</p>"
        "<p>“We will respond,” she said. The statement followed a week of strikes.</p>"
        "</article><script>alert(1)</script></body></html>"
    )
    client.force_login(editor)
    upload = SimpleUploadedFile("page.html", html.encode(), content_type="text/html")
    response = client.post(NEW, {"upload": upload})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Fighting in the north"
    assert "at least 46 soldiers" in article.body and "alert(1)" not in article.body
    assert article.ingest_method == "upload_html"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf.txt", b"%PDF-1.7 binary", b"not text"),
        ("img.txt", b"\x89PNG\r\n\x1a\n", b"not text"),
        ("bad.txt", b"caf\xe9 au lait", b"not valid UTF-8"),
        ("doc.docx", b"text", b"Upload a .txt or .html"),
        ("nul.txt", b"a\x00b", b"not text"),
    ],
)
def test_a_bad_upload_is_refused_with_the_form_and_nothing_stored(
    client, editor, name, content, message
):
    client.force_login(editor)
    response = client.post(NEW, {"title": "T", "upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content
    assert not Article.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_an_upload_over_the_limit_gets_413(client, editor):
    client.force_login(editor)
    response = client.post(NEW, {"title": "T", "upload": SimpleUploadedFile("big.txt", b"x" * 500)})
    assert response.status_code == 413
    assert not Article.objects.exists()


def test_the_same_text_twice_links_to_the_stored_article(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(NEW, {"title": "Again", "body": article.body})
    assert response.status_code == 400
    assert reverse("claims:article-detail", args=[article.pk]).encode() in response.content
    assert Article.objects.count() == 1


def test_a_refused_ingest_leaves_no_new_outlet_behind(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(NEW, {"title": "Again", "body": article.body, "outlet": "Brand New"})
    assert response.status_code == 400
    assert not Outlet.objects.filter(name="Brand New").exists()


def test_a_fact_checker_cannot_ingest(client, fact_checker):
    client.force_login(fact_checker)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"title": "T", "body": "text"}).status_code == 403
    assert not Article.objects.exists()


def test_the_article_page_highlights_each_item_exactly_and_escapes_the_text(client, editor):
    article = ArticleFactory(body='He said "<script>alert(1)</script> is 5 km away" today.')
    quote = QuoteFactory(article=article, text='"<script>alert(1)</script> is 5 km away"')
    claim = NumericClaimFactory(article=article, text="5", value=5, lower=None, qualifier="=")
    client.force_login(editor)
    response = client.get(reverse("claims:article-detail", args=[article.pk]))
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'id="card-quote-{quote.pk}"' in html and f'id="card-claim-{claim.pk}"' in html
    assert (
        f'href="#card-claim-{claim.pk}"' in html
    )  # the number inside the quote selects the number
    runs = response.context["runs"]
    assert "".join(run.text for run in runs) == article.body


def test_the_article_page_costs_the_same_queries_with_more_items(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    QuoteFactory(article=article)
    url = reverse("claims:article-detail", args=[article.pk])
    few = count_queries(client, url)
    NumericClaimFactory(article=article)
    QuoteFactory(article=article, kind="indirect")
    assert count_queries(client, url) == few


def test_extraction_progress_polls_until_done_then_refreshes(client, editor):
    article = ArticleFactory(extraction_status=Article.ExtractionStatus.RUNNING)
    client.force_login(editor)
    url = reverse("claims:article-detail", args=[article.pk])
    headers = {"HX-Request": "true", "HX-Target": "extraction-status"}
    running = client.get(url, {"poll": 1}, headers=headers)
    assert b'hx-trigger="every 2s"' in running.content and b"<html" not in running.content
    Article.objects.filter(pk=article.pk).update(extraction_status=Article.ExtractionStatus.DONE)
    done = client.get(url, {"poll": 1}, headers=headers)
    assert done["HX-Refresh"] == "true"


def test_re_extract_is_post_only_and_for_editors(client, editor, fact_checker):
    article = ArticleFactory()
    url = reverse("claims:article-extract", args=[article.pk])
    client.force_login(fact_checker)
    assert client.post(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.QUEUED


def test_a_deactivated_user_is_out_at_the_next_request(client):
    user = UserFactory(role="editor")
    client.force_login(user)
    assert client.get(reverse("claims:dashboard")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("claims:dashboard")).status_code == 302
