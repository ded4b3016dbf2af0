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

    @property
    def innermost(self) -> Quote | NumericClaim | None:
        """The shortest covering item: what a click on this run selects."""
        return min(self.items, key=lambda item: item.end - item.start) if self.items else None


def runs(body: str, items: list[Quote | NumericClaim]) -> list[Run]:
    cuts = {0, len(body)}
    for item in items:
        cuts.update((item.start, item.end))
    bounds = sorted(cut for cut in cuts if 0 <= cut <= len(body))
    by_start: dict[int, list] = {}
    for item in items:
        by_start.setdefault(item.start, []).append(item)
    result = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        covering = [item for item in items if item.start <= low and high <= item.end]
        result.append(Run(body[low:high], covering, by_start.get(low, [])))
    return result


def _run_html(run: Run) -> SafeString:
    anchors = format_html_join(
        "", '<span id="span-{}" class="anchor"></span>', [(item.key,) for item in run.starts]
    )
    inner = run.innermost
    if inner is None:
        return format_html("{}{}", anchors, run.text)
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
        run.text,
    )


def render(runs: list[Run]) -> SafeString:
    """The body as HTML: every run escaped, each covered run a link to its innermost item's card.

    Built here rather than in a template loop: an article has hundreds of runs, and this is the
    page's hottest markup.
    """
    return SafeString("".join(_run_html(run) for run in runs))
