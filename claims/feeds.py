"""Reading an RSS or Atom feed that `claims.fetching.fetch_feed` brought in (feedparser).

feedparser never fetches anything here: it is handed the bytes our own fetcher read, wrapped in
a stream (given a string, it would open it as a URL or a file name).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

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


def _date(value) -> date | None:
    """feedparser's struct_time (UTC) as a date, or None when the feed gave none."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).date()
    except (TypeError, ValueError):
        return None
