"""Cut an article body into runs of text, each with the items (quotes, numbers) covering it.

The page renders every run as it is, escaped, so a highlight is exactly the stored span:
offsets are Python string indices, and slicing happens here, never in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
