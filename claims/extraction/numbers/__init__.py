"""Numeric claims: counts, money, percentages and measures, with their bounds and what they count.

One left-to-right walk over the tokens reads every number (values.py). Dates, times, years,
ordinals, ages, tallies and identifiers ("S&P 500", "Model 3") are dropped by the rules in
exclusions.py; qualifiers before or after a number ("at least", "or more") become bounds
(finder.py); what each remaining number counts is decided by the rules in counted.py.
"""

from .counted import COUNTED
from .exclusions import EXCLUSIONS
from .finder import find_numbers

__all__ = ["COUNTED", "EXCLUSIONS", "find_numbers"]
