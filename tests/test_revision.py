"""Offsets through a text revision: untouched spans keep their exact words at their new place."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.text import revision


def moved(old: str, new: str, start: int, end: int) -> tuple[bool, int, int]:
    found = revision.changes(old, new)
    return (
        revision.touched(found, start, end),
        revision.map_start(found, start),
        revision.map_end(found, end),
    )


def test_a_changed_number_is_one_change_at_its_place():
    found = revision.changes("Over 38 attacks, he said.", "Over 40 attacks, he said.")
    assert [(c.old_start, c.old_end, c.new_start, c.new_end) for c in found] == [(5, 7, 5, 7)]


def test_text_inserted_before_a_span_moves_it_and_text_after_does_not():
    old = 'He said "we will act" today.'
    start, end = old.index('"'), old.rindex('"') + 1
    new = "On Monday, " + old.replace("today", "late on Monday")
    touched, new_start, new_end = moved(old, new, start, end)
    assert not touched
    assert new[new_start:new_end] == old[start:end]


def test_insertions_on_the_edges_of_a_span_leave_its_words_alone():
    old = "abc SPAN def"
    start, end = 4, 8
    new = "abc XSPANY def"
    touched, new_start, new_end = moved(old, new, start, end)
    assert not touched
    assert new[new_start:new_end] == "SPAN"


def test_a_change_inside_a_span_is_reported():
    old = "He said we will take every step."
    start, end = old.index("we"), old.index(".")
    touched, _, _ = moved(old, old.replace("every", "each"), start, end)
    assert touched


def test_a_deleted_span_edge_is_reported():
    old = "one two three four"
    touched, _, _ = moved(old, "one two thr four", 8, 13)
    assert touched


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    before=st.text(max_size=60),
    span=st.text(min_size=1, max_size=30),
    after=st.text(max_size=60),
    new_before=st.text(max_size=60),
    new_after=st.text(max_size=60),
)
def test_any_rewrite_around_a_span_keeps_its_words_at_the_mapped_offsets(
    before, span, after, new_before, new_after
):
    """Whatever happens outside the span: either its words are found exactly where the offsets
    now point, or the change is reported as touching it (never a silent wrong slice)."""
    old = before + span + after
    new = new_before + span + new_after
    start, end = len(before), len(before) + len(span)
    touched, new_start, new_end = moved(old, new, start, end)
    if not touched:
        assert new[new_start:new_end] == span
    assert 0 <= new_start <= new_end <= len(new)
