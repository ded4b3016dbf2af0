"""Error paths: a request the server cannot or will not read gets a clear 4xx page, never a 500;
the error pages themselves cannot fail; and expected refusals log one line, not a traceback."""

import logging
import re
import wsgiref.util

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from claims.models import Article
from claims.views import errors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
NEW_ARTICLE = reverse("claims:article-new")
FORM = "application/x-www-form-urlencoded"


def csrf_client(user=None) -> tuple[Client, str]:
    """A client that passes the CSRF check the way a browser does: cookie plus form token."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    page = client.get(LOGIN).text
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def ingest_as_editor(fields: str, content_type: str):
    """POST `fields` (URL-encoded, after a valid CSRF token) to the ingest page as an editor."""
    client, token = csrf_client(UserFactory(role="editor"))
    body = f"csrfmiddlewaretoken={token}&{fields}".encode()
    return client.generic("POST", NEW_ARTICLE, body, content_type=content_type)


def multipart(fields: dict[str, str], boundary: str = "b0undary") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


# (a) A form's charset. URL-encoded form data is UTF-8 by definition (the WHATWG URL standard
# gives application/x-www-form-urlencoded no charset parameter), our pages are served as UTF-8,
# so browsers submit UTF-8. UTF-8 under any name Python knows for it is read as UTF-8; any
# other charset, real or not, is refused: reading the body as Latin-1 or UTF-16 would store
# text nobody typed, and guessing past an unknown name would too.
UTF8_NAMES = ["utf-8", "UTF-8", "utf8", "UTF8", "utf_8", "U8", '"utf-8', 'utf-8"']
OTHER_CHARSETS = [
    "latin-1",
    "iso-8859-1",
    "windows-1252",
    "utf-16",
    "utf-32",
    "bogus-xyz",
    "rot13",
    "base64",
    "idna",
    "",
]


@pytest.mark.parametrize("charset", UTF8_NAMES)
def test_a_form_naming_utf8_in_any_spelling_is_read_as_utf8(charset):
    fields = "title=Caf%C3%A9&body=Caf%C3%A9+said+so."
    response = ingest_as_editor(fields, f"{FORM}; charset={charset}")
    assert response.status_code == 302
    assert Article.objects.get().title == "Café"


@pytest.mark.parametrize("charset", OTHER_CHARSETS)
@pytest.mark.parametrize("route", ["login", "article-new", "multipart article-new"])
def test_a_form_in_another_charset_gets_a_clear_400_on_any_page(charset, route):
    editor = UserFactory(role="editor")
    client, token = csrf_client(None if route == "login" else editor)
    fields = {"csrfmiddlewaretoken": token, "title": "T", "body": "Text."}
    if route == "login":
        url, content_type = LOGIN, FORM
        body = f"csrfmiddlewaretoken={token}&username={editor.username}&password=x".encode()
    elif route == "article-new":
        url, content_type, body = NEW_ARTICLE, FORM, "&".join(f"{k}={v}" for k, v in fields.items())
    else:
        url, body = NEW_ARTICLE, multipart(fields)
        content_type = "multipart/form-data; boundary=b0undary"
    response = client.generic("POST", url, body, content_type=f"{content_type}; charset={charset}")
    assert response.status_code == 400, response.content[:300]
    assert b"<h1>Bad request</h1>" in response.content
    assert b"UTF-8" in response.content
    assert not Article.objects.exists()


def wsgi_get(path: str, query: str, content_type: str) -> tuple[str, bytes]:
    """A request through the WSGI application the server runs (the test client builds its own
    request object, so it cannot show what happens while the request is built)."""
    from newsroom.wsgi import application

    environ = {"PATH_INFO": path, "QUERY_STRING": query, "CONTENT_TYPE": content_type}
    wsgiref.util.setup_testing_defaults(environ)
    started = []
    body = b"".join(application(environ, lambda status, headers: started.append(status)))
    return started[0], body


@pytest.mark.parametrize("charset", OTHER_CHARSETS)
def test_a_query_string_with_another_charset_gets_a_clear_400_from_the_server(charset):
    status, body = wsgi_get(reverse("claims:search"), "q=caf%C3%A9", f"{FORM}; charset={charset}")
    assert status.startswith("400"), status
    assert b"<h1>Bad request</h1>" in body and b"UTF-8" in body


@pytest.mark.parametrize("charset", UTF8_NAMES)
def test_a_query_string_naming_utf8_is_served(charset):
    status, _ = wsgi_get(reverse("claims:search"), "q=caf%C3%A9", f"{FORM}; charset={charset}")
    assert status.startswith("302")  # to the log-in page: the search is for logged-in users


# (b) Every body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413 with the readable page: just over or far
# over, URL-encoded or multipart (a text field or a file), logged in or not, on every route.
LIMIT = 1000


def oversized(kind: str, size: int) -> tuple[bytes, str]:
    if kind == "urlencoded":
        return b"title=T&body=" + b"x" * size, FORM
    if kind == "multipart field":
        return multipart(
            {"title": "T", "body": "x" * size}
        ), "multipart/form-data; boundary=b0undary"
    content = "x" * size
    body = (
        '--b0undary\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{content}\r\n--b0undary--\r\n"
    )
    return body.encode(), "multipart/form-data; boundary=b0undary"


@pytest.mark.parametrize("kind", ["urlencoded", "multipart field", "multipart file"])
@pytest.mark.parametrize("size", [LIMIT - 150, LIMIT + 1, LIMIT * 70, LIMIT * 1000])
@pytest.mark.parametrize("route", [NEW_ARTICLE, LOGIN, "/admin/login/", "/no-such-page/"])
def test_every_body_over_the_limit_gets_413_with_the_readable_page(settings, kind, size, route):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    client = Client()
    client.force_login(UserFactory(role="editor"))
    body, content_type = oversized(kind, size)
    response = client.generic("POST", route, body, content_type=content_type)
    if len(body) <= LIMIT:
        assert response.status_code != 413
        return
    assert response.status_code == 413, (len(body), response.status_code)
    assert b"<h1>Too large</h1>" in response.content and b"Nothing was stored" in response.content
    assert not Article.objects.exists()


@pytest.mark.parametrize("length", ["-1", "-99999999", "abc", "1e9", "", " 12", "0x10"])
def test_a_nonsense_content_length_is_not_a_500(length):
    client = Client()
    client.force_login(UserFactory(role="editor"))
    response = client.generic(
        "POST", NEW_ARTICLE, b"title=T&body=Text.", content_type=FORM, CONTENT_LENGTH=length
    )
    assert response.status_code < 500


def test_an_absurd_content_length_is_413_before_anything_is_read():
    client = Client()
    client.force_login(UserFactory(role="editor"))
    response = client.generic(
        "POST", NEW_ARTICLE, b"title=T", content_type=FORM, CONTENT_LENGTH="9" * 40
    )
    assert response.status_code == 413


ODD_CONTENT_TYPES = [
    "text/plain",
    "application/json",
    "application/x-www-form-urlencoded; charset",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=" + "b" * 5000,
    "multipart/mixed; boundary=b0undary",
    "application/x-www-form-urlencoded\x00",
    ";;;",
]


@pytest.mark.parametrize("content_type", ODD_CONTENT_TYPES)
def test_odd_content_types_are_refused_without_a_500(content_type):
    response = ingest_as_editor("title=T&body=Text.", content_type)
    assert 400 <= response.status_code < 500, response.status_code
    assert not Article.objects.exists()


def test_a_multipart_part_naming_an_odd_charset_is_not_a_500():
    editor = UserFactory(role="editor")
    client, token = csrf_client(editor)
    body = multipart({"csrfmiddlewaretoken": token})[: -len("--b0undary--\r\n")] + (
        b'--b0undary\r\nContent-Disposition: form-data; name="title"\r\n'
        b"Content-Type: text/plain; charset=bogus-xyz\r\n\r\nT\r\n"
        b'--b0undary\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n'
        b"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!not base64!!\r\n--b0undary--\r\n"
    )
    response = client.generic(
        "POST", NEW_ARTICLE, body, content_type="multipart/form-data; boundary=b0undary"
    )
    assert response.status_code < 500


# The error views themselves: called directly with a request whose body cannot be read, and
# with static files that cannot be resolved (a production deploy before collectstatic).
HANDLERS = [
    ("bad_request", BadRequest("no"), 400),
    ("permission_denied", PermissionDenied("no"), 403),
    ("page_not_found", Http404("no"), 404),
]


@pytest.fixture(params=["working static files", "no static manifest"])
def static_files(request, settings):
    if request.param == "no static manifest":
        settings.STORAGES = settings.STORAGES | {
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            }
        }
        settings.STATIC_ROOT = "/nonexistent-static-root"
    return request.param


def unreadable_request():
    request = RequestFactory().post("/", b"a=b", content_type=f"{FORM}; charset=latin-1")
    request.user = UserFactory.build()
    return request


@pytest.mark.parametrize(("handler", "exception", "status"), HANDLERS)
def test_the_error_views_answer_even_when_the_request_and_static_files_are_broken(
    handler, exception, status, static_files
):
    response = getattr(errors, handler)(unreadable_request(), exception)
    assert response.status_code == status
    assert b"Claim Desk" in response.content


def test_the_500_view_answers_even_when_the_request_and_static_files_are_broken(static_files):
    response = errors.server_error(unreadable_request())
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_the_project_uses_these_error_views():
    from newsroom import urls

    assert urls.handler400 is errors.bad_request
    assert urls.handler403 is errors.permission_denied
    assert urls.handler404 is errors.page_not_found
    assert urls.handler500 is errors.server_error


# (c) Expected refusals log one line; unexpected errors keep their traceback.
def server_log(caplog) -> str:
    """What the server's console handler prints for the records of the request."""
    console = logging.getHandlerByName("console")
    return "\n".join(console.format(record) for record in caplog.records)


def expected_refusals(client, settings) -> dict[str, int]:
    settings.CLAIMS_EXPORT_RATE = "1/m"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    fact_checker = UserFactory(role="fact-checker")
    checker = Client()
    checker.force_login(fact_checker)
    editor, token = csrf_client(UserFactory(role="editor"))
    article_404 = reverse("claims:article-detail", args=[999999])
    return {
        "bad charset": editor.generic(
            "POST", NEW_ARTICLE, b"a=b", content_type=f"{FORM}; charset=latin-1"
        ).status_code,
        "broken multipart": editor.generic(
            "POST", NEW_ARTICLE, b"x", content_type="multipart/form-data"
        ).status_code,
        "csrf": Client(enforce_csrf_checks=True).post(LOGIN, {"username": "x"}).status_code,
        "permission": checker.post(NEW_ARTICLE, {"title": "T", "body": "x"}).status_code,
        "not found": checker.get(article_404).status_code,
        "method": checker.put(reverse("claims:export-quotes")).status_code,
        "too large": editor.post(NEW_ARTICLE, {"body": "x" * 2 * LIMIT}).status_code,
        "rate limit": [checker.get(reverse("claims:export-quotes")).status_code for _ in "ab"][-1],
        "bad host": Client(HTTP_HOST="evil.example").get(LOGIN).status_code,
    }


def test_expected_refusals_log_one_line_and_no_traceback(client, settings, caplog):
    caplog.set_level(logging.INFO)
    codes = expected_refusals(client, settings)
    assert codes == {
        "bad charset": 400,
        "broken multipart": 400,
        "csrf": 403,
        "permission": 403,
        "not found": 404,
        "method": 405,
        "too large": 413,
        "rate limit": 429,
        "bad host": 400,
    }
    log = server_log(caplog)
    assert "Traceback" not in log, log
    assert "Forbidden (CSRF" in log and "Not Found" in log  # still logged, in one line each


def test_an_unexpected_error_still_logs_its_traceback(settings, caplog, monkeypatch):
    from claims.views import articles

    def broken(*args, **kwargs):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(articles, "Paginator", broken)
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(role="editor"))
    response = client.get(reverse("claims:article-list"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    log = server_log(caplog)
    assert "Traceback" in log and "something nobody expected" in log
