"""Claim Desk's template filters give what Django's own would, where they stand in for them."""

import unicodedata

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat, truncatechars
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from claims.templatetags.claims_extras import clip, fixed


@given(st.text(max_size=30), st.integers(min_value=1, max_value=25))
def test_clip_is_truncatechars(text, length):
    # Text that fits comes back exactly as stored; Django's Truncator NFC-normalises it on the
    # way (a CJK compatibility ideograph becomes its canonical twin), which a fact-checker
    # comparing wording does not want.
    assert unicodedata.normalize("NFC", clip(text, length)) == truncatechars(text, length)


@pytest.mark.parametrize(
    "text",
    ["a" * 10, "a" * 11, "e\u0301" * 8, "👍🏽" * 6, "قال الوزير إن 38 هجوما وقع"],
)
def test_clip_at_the_edges(text):
    assert clip(text, 10) == truncatechars(text, 10)


def test_clip_escapes_like_truncatechars():
    template = Template("{{ text|clip:40 }} {{ safe|clip:40 }}")
    page = template.render(Context({"text": "<b>x</b>", "safe": mark_safe("<i>y</i>")}))
    assert page == "&lt;b&gt;x&lt;/b&gt; <i>y</i>"


# below 1e-100 floatformat gives the number back unformatted (its guard against huge exponents);
# fixed shows 0.00, which is what a confidence that small means
@given(st.floats(min_value=0, max_value=1).filter(lambda v: v == 0 or v > 1e-100))
def test_fixed_is_floatformat_2(value):
    assert fixed(value, 2) == floatformat(value, 2)


@pytest.mark.parametrize("value", [0.125, 0.805, 0.0, 1.0])
def test_fixed_rounds_half_up_like_floatformat(value):
    assert fixed(value, 2) == floatformat(value, 2)
    assert fixed(None) == ""
