"""Articles by URL: fetched from a local HTTP server in the test, through the new-article form.

Nothing here touches the internet. The server runs on 127.0.0.1, which Claim Desk refuses by
default (the URL field must not reach private addresses), so the tests that fetch from it allow
private addresses, and the ones about that refusal switch it back off.
"""

import ipaddress
import socket
from http.server import BaseHTTPRequestHandler

import pytest
from django.urls import reverse

from claims import fetching
from claims.models import Article, Outlet
from tests.local_server import serving

pytestmark = pytest.mark.django_db
NEW = reverse("claims:article-new")

PARAGRAPHS = [
    "Over 38 attacks have taken place against US facilities in Iraq and Syria since 17 "
    "October, seeing at least 46 personnel injured, the Pentagon said on Monday.",
    "“We will take every necessary step to protect our forces,” Secretary of State Antony "
    "Blinken told reporters in Tokyo, adding that the United States did not seek a wider war.",
    "Officials said most of the injuries were minor and that all of the personnel had returned "
    "to duty, while the drones and rockets had caused little damage to the bases themselves.",
]
ARTICLE = f"""<!doctype html><html><head>
<title>Attacks on US forces rise | The Daily Test</title>
<link rel="canonical" href="{{base}}/news/attacks?utm_source=feed">
<meta property="og:site_name" content="The Daily Test">
<meta property="og:title" content="Attacks on US forces rise">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2023-11-06T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Attacks on US forces rise</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<footer>Copyright The Daily Test</footer></body></html>"""
LOGIN_WALL = "<html><head><title>Sign in</title></head><body><p>Please log in.</p></body></html>"


class NewsHandler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.headers['Host']}"
        routes = {
            "/news/attacks": (200, "text/html; charset=utf-8", ARTICLE.replace("{base}", base)),
            "/login": (200, "text/html", LOGIN_WALL),
            "/report.pdf": (200, "application/pdf", "%PDF-1.7 not a page"),
            "/big": (200, "text/html", "<html><body><p>" + "word " * 40_000 + "</p></body></html>"),
        }
        if self.path.startswith("/news/attacks"):
            self.path = "/news/attacks"
        if self.path == "/short-link":
            return self._redirect("/news/attacks?utm_medium=social")
        if self.path.startswith("/loop"):
            return self._redirect(f"/loop{len(self.path)}")
        status, kind, body = routes.get(self.path, (404, "text/html", "<p>Not found</p>"))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def news_site():
    with serving(NewsHandler) as base:
        yield base


@pytest.fixture
def fetching_allowed(settings):
    settings.CLAIMS_FETCH_ALLOW_PRIVATE = True
    settings.CLAIMS_FETCH_MAX_BYTES = 100_000
    return settings


def test_a_pasted_link_becomes_an_article_with_its_metadata(
    client, editor, news_site, fetching_allowed
):
    client.force_login(editor)
    response = client.post(NEW, {"url": f"{news_site}/short-link"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.ingest_method == Article.IngestMethod.URL
    assert article.title == "Attacks on US forces rise"
    assert article.url == f"{news_site}/news/attacks"  # canonical link, tracking dropped
    assert article.outlet.name == "The Daily Test" and article.outlet.domain == "127.0.0.1"
    assert str(article.published_on) == "2023-11-06" and article.byline == "Jane Reporter"
    assert "Over 38 attacks" in article.body and "Home" not in article.body
    assert article.body.count("\n\n") == len(PARAGRAPHS) - 1
    assert NewsHandler.user_agents[-1] == fetching.USER_AGENT


def test_the_same_link_twice_is_one_article(client, editor, news_site, fetching_allowed):
    client.force_login(editor)
    assert client.post(NEW, {"url": f"{news_site}/news/attacks"}).status_code == 302
    fetched = len(NewsHandler.user_agents)
    again = client.post(NEW, {"url": f"{news_site}/news/attacks?utm_source=newsletter#top"})
    assert again.status_code == 400 and "already stored" in again.content.decode()
    assert len(NewsHandler.user_agents) == fetched  # known by its canonical URL: not fetched
    via_redirect = client.post(NEW, {"url": f"{news_site}/short-link"})
    assert via_redirect.status_code == 400 and "already stored" in via_redirect.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "answered 404"),
        ("/report.pdf", "is a PDF, not a web page"),
        ("/login", "No article text was found"),
        ("/big", "byte limit"),
        ("/loop", "redirects more than 5 times"),
    ],
)
def test_a_page_that_is_not_an_article_gets_a_clear_message(
    client, editor, news_site, fetching_allowed, path, message
):
    client.force_login(editor)
    response = client.post(NEW, {"url": news_site + path})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists() and not Outlet.objects.exists()


def test_the_url_field_cannot_reach_the_newsrooms_own_network(client, editor, news_site):
    client.force_login(editor)
    for url in (f"{news_site}/news/attacks", "http://localhost:9/", "http://[::1]/"):
        response = client.post(NEW, {"url": url})
        assert response.status_code == 400, url
        assert "private or local network address" in response.content.decode(), url
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",  # the cloud metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:5",  # NAT64 of 10.0.0.5
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    ],
)
def test_a_host_that_resolves_to_a_private_address_is_refused(monkeypatch, address):
    """The check runs on what DNS answers, not on how the host is spelled."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    answer = [(family, socket.SOCK_STREAM, 6, "", (address, 80))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answer)
    with pytest.raises(fetching.FetchError, match="private or local"):
        fetching.fetch_html("http://news.example/story")


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822"])
def test_a_public_address_passes_the_check(address):
    assert fetching._is_public(ipaddress.ip_address(address))


def test_a_host_with_one_public_and_one_private_address_is_refused(monkeypatch):
    answer = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answer)
    with pytest.raises(fetching.FetchError, match="private or local"):
        fetching.fetch_html("http://news.example/story")


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "gopher://x/"])
def test_only_web_links_are_fetched(url):
    with pytest.raises(fetching.FetchError):
        fetching.fetch_html(url)
