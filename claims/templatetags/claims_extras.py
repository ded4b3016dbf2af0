"""Template filters of Claim Desk."""

from decimal import Decimal

from django import template

from claims.formatting import plain_number

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A stored number as written by people: {{ claim.value|plain }} shows 1400, not 1.4E+3."""
    return plain_number(value)
