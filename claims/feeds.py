"""Reading an RSS or Atom feed that `claims.fetching.fetch_feed` brought in (feedparser).

feedparser never fetches anything here: it is handed the bytes our own fetcher read, wrapped in
a stream (given a string, it would open it as a URL or a file name).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser

from claims import fetching


class FeedError(Exception):
    """The answer is not a feed we can read; the message says why, for the editor."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str  # absolute, as the feed links it (not yet canonical); empty when it links nowhere
    key: str  # what identifies the entry: its link, else its id or title
    title: str
    published_on: date | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]


def parse_feed(fetched: fetching.FetchedFeed) -> ParsedFeed:
    """The feed's title and its entries that link to a web page, in the feed's order."""
    parsed = feedparser.parse(
        io.BytesIO(fetched.content),
        response_headers={
            "content-type": fetched.content_type or "application/xml",
            "content-location": fetched.url,
        },
    )
    if not parsed.version:
        if parsed.bozo and not parsed.entries:
            named = _feeds_named_by(fetched)
            if named:
                raise FeedError(
                    "This address is a web page, not a feed; the page names its feed"
                    f"{'s' if len(named) > 1 else ''}: {', '.join(named[:3])}. Register that "
                    "address instead."
                )
            reason = type(parsed.get("bozo_exception")).__name__
            raise FeedError(
                f"This address does not answer with an RSS or Atom feed ({reason}); if it is the "
                "site's home page, register the feed the page links to instead."
            )
        if not parsed.entries:
            raise FeedError("This address answers with something that is not an RSS or Atom feed.")
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        title = " ".join((entry.get("title") or "").split())[:500]
        key = link or (entry.get("id") or "").strip() or title
        if not key:
            continue  # nothing to tell it apart by, nor to fetch
        entries.append(
            FeedEntry(
                url=link,
                key=key[:2000],
                title=title,
                published_on=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    title = " ".join((parsed.feed.get("title") or "").split())[:500]
    return ParsedFeed(title=title, entries=entries)


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


class _FeedLinks(HTMLParser):
    """The feeds a web page names in its head: <link rel="alternate" type="...rss+xml">."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base, self.found = base, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: (value or "") for name, value in attrs}
        rel = given.get("rel", "").lower().split()
        if tag == "link" and "alternate" in rel and given.get("type", "").lower() in FEED_TYPES:
            url = urljoin(self.base, given.get("href", "").strip())
            if url.startswith(("http://", "https://")) and url not in self.found:
                self.found.append(url)


def _feeds_named_by(fetched: fetching.FetchedFeed) -> list[str]:
    parser = _FeedLinks(fetched.url)
    parser.feed(fetched.content.decode("utf-8", errors="replace"))
    parser.close()
    return parser.found


def _date(value) -> date | None:
    """feedparser's struct_time (UTC) as a date, or None when the feed gave none."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).date()
    except (TypeError, ValueError):
        return None
