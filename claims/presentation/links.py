"""Links to items and speakers, from each route reversed once per process.

A page lists dozens of items with three or four links each; reversing every one of them took a
quarter of an article page's rendering. The pattern is reversed with a placeholder id and the
real id put in its place, so it is still the URLconf that decides every address.
"""

from functools import cache

from django.urls import get_script_prefix, reverse

_SLOT = "987654321987"


@cache
def _pattern(name: str, kind: str | None, prefix: str) -> str:
    return reverse(name, args=[kind, _SLOT] if kind else [_SLOT])


def link(name: str, pk: int, kind: str | None = None) -> str:
    """reverse(name, args=[kind, pk]) (or [pk] without a kind), at a string replace's cost."""
    return _pattern(name, kind, get_script_prefix()).replace(_SLOT, str(int(pk)), 1)
