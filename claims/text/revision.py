"""Where offsets into an article's old text land in its revised text.

The two texts are compared with diff-match-patch (character level, bounded by its timeout; a
diff that gives up early only reports larger changes, never smaller ones). A span no change
touches keeps its exact text at its new place; a span a change touches is reported, so the
caller decides what happens to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

DIFF_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Change:
    """Old text [old_start, old_end) became new text [new_start, new_end)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def changes(old: str, new: str) -> list[Change]:
    """The changed regions from `old` to `new`, in text order; adjacent edits merged."""
    differ = diff_match_patch()
    differ.Diff_Timeout = DIFF_TIMEOUT_S
    result: list[Change] = []
    at_old = at_new = 0
    pending: Change | None = None
    for op, text in differ.diff_main(old, new, checklines=False):
        size = len(text)
        if op == diff_match_patch.DIFF_EQUAL:
            if pending is not None:
                result.append(pending)
                pending = None
            at_old += size
            at_new += size
            continue
        if pending is None:
            pending = Change(at_old, at_old, at_new, at_new)
        if op == diff_match_patch.DIFF_DELETE:
            at_old += size
        else:
            at_new += size
        pending = Change(pending.old_start, at_old, pending.new_start, at_new)
    if pending is not None:
        result.append(pending)
    return result


def touches(change: Change, start: int, end: int) -> bool:
    """Whether `change` alters the text of [start, end): an insertion on the edge does not."""
    if change.old_start == change.old_end:  # a pure insertion
        return start < change.old_start < end
    return change.old_start < end and start < change.old_end


def touched(found: list[Change], start: int, end: int) -> bool:
    return any(touches(change, start, end) for change in found)


def _map(found: list[Change], position: int, *, at_end: bool) -> int:
    shift = 0
    for change in found:
        # A change wholly before the position shifts it; at a span's end, an insertion exactly
        # there comes after the span, and at its start, before it.
        if change.old_end < position or (
            change.old_end == position and (not at_end or change.old_start < position)
        ):
            shift = change.new_end - change.old_end
        elif change.old_start < position:  # inside a changed region: to its new edge
            return change.new_end if at_end else change.new_start
        else:
            break
    return position + shift


def map_start(found: list[Change], position: int) -> int:
    """Where a span starting at `position` starts now (text inserted right before it precedes it;
    a start inside a changed region moves to the region's new start)."""
    return _map(found, position, at_end=False)


def map_end(found: list[Change], position: int) -> int:
    """Where a span ending at `position` ends now (text inserted right after it follows it;
    an end inside a changed region moves to the region's new end)."""
    return _map(found, position, at_end=True)
