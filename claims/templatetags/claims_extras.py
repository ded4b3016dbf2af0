"""Template filters of Claim Desk."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.text import Truncator

from claims.presentation import highlight, quoting
from claims.presentation.formatting import plain_number

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A stored number as written by people: {{ claim.value|plain }} shows 1400, not 1.4E+3."""
    return plain_number(value)


@register.filter
def fixed(value: float | None, places: int = 2) -> str:
    """A float to `places` decimals, "" for None: {{ item.confidence|fixed:2 }} shows 0.80.

    What floatformat:2 shows for these values, at a fraction of its cost (fifty cards a page).
    """
    if value is None:
        return ""
    # floatformat's rounding: the decimal written (repr), half up; f"{0.125:.2f}" gives 0.12
    exponent = Decimal(1).scaleb(-int(places))
    return str(Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP))


@register.filter(is_safe=True)
def clip(value, length: int) -> str:
    """truncatechars, with a fast way out for text that already fits (most of it).

    Django's Truncator walks every character of the text to count combining marks, which made up
    a twentieth of an article page's work; text of at most `length` code points never needs it.
    """
    text = str(value)
    if len(text) <= int(length):
        return text
    return Truncator(text).chars(int(length))


@register.filter
def parenthesised(value: str) -> str:
    """A role in one pair of parentheses: "(D-Mo.)" as stored stays "(D-Mo.)", not "((D-Mo.))"."""
    return quoting.in_parentheses(str(value))


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage ("83%"), "—" when there is nothing to divide."""
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def in_paragraph(item) -> str:
    """{{ item|in_paragraph }}: the paragraph around a quote or number, the item and its
    speaker's mention marked, selectable to set a span (`highlight.paragraph`)."""
    return highlight.paragraph(item)
