"""Cut an article body into runs of text, each with the items (quotes, numbers) covering it.

The page renders every run as it is, escaped, so a highlight is exactly the stored span:
offsets are Python string indices, and slicing happens here, never in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import NumericClaim, Quote


@dataclass
class Run:
    text: str
    items: list[Quote | NumericClaim] = field(default_factory=list)
    starts: list[Quote | NumericClaim] = field(default_factory=list)  # items whose span begins here
    # items whose person mention (a quote's speaker, as named in the text) covers this run
    mentions: list[Quote | NumericClaim] = field(default_factory=list)

    @property
    def innermost(self) -> Quote | NumericClaim | None:
        """The shortest covering item: what a click on this run selects."""
        return min(self.items, key=lambda item: item.end - item.start) if self.items else None


def runs(body: str, items: list[Quote | NumericClaim]) -> list[Run]:
    cuts = {0, len(body)}
    mentioned = [(item, item.person_mention) for item in items if item.person_mention]
    for item in items:
        cuts.update((item.start, item.end))
    for _item, mention in mentioned:
        cuts.update(mention)
    bounds = sorted(cut for cut in cuts if 0 <= cut <= len(body))
    by_start: dict[int, list] = {}
    for item in items:
        by_start.setdefault(item.start, []).append(item)
    result = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        covering = [item for item in items if item.start <= low and high <= item.end]
        naming = [item for item, (start, end) in mentioned if start <= low and high <= end]
        result.append(Run(body[low:high], covering, by_start.get(low, []), naming))
    return result


def _mention_html(text: str, items: list[Quote | NumericClaim]) -> SafeString:
    """`text` marked as naming the person of `items` (their speaker, as the text names them)."""
    if not items:
        return format_html("{}", text)
    names = ", ".join(sorted({item.person.name for item in items if item.person is not None}))
    title = f"Speaker named here: {names}" if names else "Speaker named here"
    return format_html('<span class="mention" title="{}">{}</span>', title, text)


def _run_html(run: Run) -> SafeString:
    anchors = format_html_join(
        "", '<span id="span-{}" class="anchor"></span>', [(item.key,) for item in run.starts]
    )
    inner = run.innermost
    text = _mention_html(run.text, run.mentions)
    if inner is None:
        return format_html("{}{}", anchors, text)
    number = (
        " hl-number" if any(item.item_type == NumericClaim.item_type for item in run.items) else ""
    )
    return format_html(
        '{}<a href="#card-{}" class="hl status-{}{}" title="{}: {}">{}</a>',
        anchors,
        inner.key,
        inner.status,
        number,
        inner.label,
        inner.get_status_display(),
        text,
    )


def render(runs: list[Run]) -> SafeString:
    """The body as HTML: every run escaped, each covered run a link to its innermost item's card.

    Built here rather than in a template loop: an article has hundreds of runs, and this is the
    page's hottest markup.
    """
    return SafeString("".join(_run_html(run) for run in runs))


def paragraph(item: Quote | NumericClaim) -> SafeString:
    """The paragraph around `item` as a card shows it: the item marked, the person's mention
    too, and the offset of its first character, so words selected in it map to the text."""
    body = item.article.body
    low, high = item.context_bounds()
    mention = item.person_mention
    cuts = {low, high, item.start, item.end, *(mention or ())}
    bounds = sorted(cut for cut in cuts if low <= cut <= high)
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        named = mention is not None and mention[0] <= start and end <= mention[1]
        text = _mention_html(body[start:end], [item] if named else [])
        if item.start <= start and end <= item.end:
            text = format_html('<mark class="hl status-{}">{}</mark>', item.status, text)
        parts.append(text)
    return format_html(
        '<blockquote class="context" data-text-offset="{}">{}</blockquote>',
        low,
        SafeString("".join(parts)),
    )
