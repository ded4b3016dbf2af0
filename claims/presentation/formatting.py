"""How numbers are written back to people: the way an editor would type them."""

from decimal import Decimal


def plain_number(value: Decimal | None) -> str:
    """1400.000000 as "1400", 0.250000 as "0.25", None as "".

    `Decimal.normalize()` alone writes round numbers in exponent form ("1.4E+3").
    """
    return "" if value is None else format(value.normalize(), "f")
