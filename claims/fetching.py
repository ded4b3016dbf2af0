"""Fetching a news page or a feed for ingest, without letting a URL probe the newsroom's network.

Our own HTTP client (httpx): a timeout, a size limit, a redirect limit, an honest User-Agent.
Every hop's host is resolved first and refused when any of its addresses is not public
(private, loopback, link-local, multicast, reserved); the connection then goes to the address
that was checked, so a second DNS answer cannot point it elsewhere. Text and metadata come from
trafilatura, the canonical URL from courlan.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urldefrag

import courlan
import httpx
import trafilatura
from django.conf import settings

USER_AGENT = "ClaimDesk/0.1 (newsroom fact-checking; fetches one article an editor asked for)"
# Pages that are articles are HTML; anything else gets a message saying what it is instead.
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Less text than this is a login wall, a cookie notice or a list of links, not an article.
MIN_ARTICLE_CHARS = 200
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


class FetchError(Exception):
    """The page could not be turned into an article; the message says why, for the editor.
    `status` is the HTTP status that answered, when one did."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    url: str  # canonical: the page's own canonical link when it gives one, normalised
    title: str
    text: str
    outlet: str
    domain: str
    published_on: date | None
    byline: str


def canonical(url: str) -> str:
    """One spelling per page: scheme and host lower-cased, tracking parameters (courlan) and the
    fragment dropped, so the same link pasted twice is one article.

    Not courlan's strict mode: it also drops parameters that name the page
    (`news.php?story=55` and `?story=56` would be one article, `?feed=rss2` no feed at all).
    """
    try:
        return urldefrag(courlan.normalize_url(url, strict=False)).url
    except ValueError:
        return url


# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, IPv4-compatible):
# Python counts them as global whatever the address inside, so the inside is checked too.
EMBEDDING_V4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address, and for IPv6 one whose embedded IPv4 address is too."""
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 6:
        inside = ip.ipv4_mapped or ip.sixtofour
        if inside is None and any(ip in net for net in EMBEDDING_V4):
            inside = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inside is not None and not _is_public(inside):
            return False
    return True


def _public_addresses(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The address {host!r} does not exist (no DNS answer).") from None
    addresses = [info[4][0] for info in found]
    if settings.CLAIMS_FETCH_ALLOW_PRIVATE:
        return addresses
    for address in addresses:
        if not _is_public(ipaddress.ip_address(address.split("%", 1)[0])):
            raise FetchError(
                f"{host} points to a private or local network address; Claim Desk fetches "
                "only public web pages."
            )
    return addresses


def _get(client: httpx.Client, url: httpx.URL, headers: dict[str, str]) -> httpx.Response:
    """One request to `url`, connected to an address checked by `_public_addresses`."""
    if url.scheme not in ("http", "https") or not url.host:
        raise FetchError("Only http and https links to a web page can be fetched.")
    port = url.port or (443 if url.scheme == "https" else 80)
    address = _public_addresses(url.host, port)[0]
    pinned = url.copy_with(host=address)
    request = client.build_request(
        "GET",
        pinned,
        headers={**headers, "Host": url.netloc.decode("ascii")},
        extensions={"sni_hostname": url.host},
    )
    return client.send(request, stream=True)


def _read_body(response: httpx.Response, what: str) -> bytes:
    """The body, refused past CLAIMS_FETCH_MAX_BYTES whatever Content-Length claims."""
    limit = settings.CLAIMS_FETCH_MAX_BYTES
    too_big = FetchError(f"The {what} is over the {limit:,}-byte limit.")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise too_big
    return bytes(body)


def _read_html(response: httpx.Response) -> str:
    if response.status_code >= 400:
        raise FetchError(
            f"The page answered {response.status_code} {response.reason_phrase}: there is no "
            "article to fetch there."
        )
    kind = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind not in HTML_TYPES:
        what = "a PDF" if kind == "application/pdf" else f"{kind or 'not a web page'}"
        raise FetchError(
            f"This link is {what}, not a web page: download it and upload its text instead."
        )
    body = _read_body(response, "page")
    return body.decode(response.encoding or "utf-8", errors="replace")


def _follow[T](
    url: str, read: Callable[[str, httpx.Response], T], headers: dict[str, str] | None = None
) -> T:
    """`read(final URL, response)` of `url`, following at most CLAIMS_FETCH_MAX_REDIRECTS, every
    hop to a checked public address; `headers` go with every request."""
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL:
        raise FetchError("That is not a link to a web page.") from None
    timeout = httpx.Timeout(settings.CLAIMS_FETCH_TIMEOUT)
    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    ) as client:
        for _ in range(settings.CLAIMS_FETCH_MAX_REDIRECTS + 1):
            try:
                response = _get(client, current, headers or {})
                try:
                    if response.is_redirect and "location" in response.headers:
                        current = current.join(response.headers["location"])
                        continue
                    return read(str(current), response)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise FetchError("The site took too long to answer.") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"The site could not be reached ({type(exc).__name__}).") from None
    raise FetchError(
        f"The link redirects more than {settings.CLAIMS_FETCH_MAX_REDIRECTS} times; "
        "paste the final address instead."
    )


def fetch_html(url: str) -> tuple[str, str]:
    """(final URL, HTML) of the page at `url`."""
    return _follow(url, lambda final, response: (final, _read_html(response)))


@dataclass(frozen=True, slots=True)
class FetchedFeed:
    url: str  # after redirects: relative links in the feed resolve against it
    status: int  # 200, or 304 when the validators sent say nothing changed
    content: bytes  # empty for 304
    content_type: str
    etag: str
    last_modified: str


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> FetchedFeed:
    """The feed at `url`, asked conditionally: with the ETag and Last-Modified of the last
    answer, an unchanged feed answers 304 and sends nothing."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    def read(final: str, response: httpx.Response) -> FetchedFeed:
        if response.status_code not in (200, 203, 304):
            raise FetchError(
                f"The feed answered {response.status_code} {response.reason_phrase}.",
                status=response.status_code,
            )
        changed = response.status_code != 304
        return FetchedFeed(
            url=final,
            status=response.status_code,
            content=_read_body(response, "feed") if changed else b"",
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag", etag)[:500],
            last_modified=response.headers.get("last-modified", last_modified)[:100],
        )

    return _follow(url, read, headers)


def fetch_article(url: str) -> FetchedArticle:
    """The article at `url`: its main text and metadata, or `FetchError` saying why not."""
    final_url, html = fetch_html(url)
    found = trafilatura.bare_extraction(
        html,
        url=final_url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    found = found.as_dict() if found is not None else {}
    title = " ".join((found.get("title") or "").split())
    paragraphs = [line.strip() for line in (found.get("text") or "").splitlines()]
    paragraphs = [line for line in paragraphs if line]
    if paragraphs and paragraphs[0] == title:  # the headline is the title, not the text
        paragraphs = paragraphs[1:]
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_ARTICLE_CHARS:
        raise FetchError(
            "No article text was found on this page: it may be a log-in wall, a cookie notice, "
            "a list of links or a page that builds its text with JavaScript."
        )
    domain = (found.get("hostname") or httpx.URL(final_url).host or "").removeprefix("www.")
    return FetchedArticle(
        url=canonical(found.get("url") or final_url),
        title=title,
        text=text,
        outlet=" ".join((found.get("sitename") or domain).split()),
        domain=domain,
        published_on=_date(found.get("date")),
        byline=" ".join((found.get("author") or "").split()),
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
