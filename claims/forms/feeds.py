"""Registering a feed and pausing one."""

from django import forms


class FeedForm(forms.Form):
    url = forms.URLField(
        label="Feed address",
        max_length=2000,
        assume_scheme="https",
        help_text="The RSS or Atom feed's own address, e.g. https://example.com/world/rss.xml",
    )


class FeedPauseForm(forms.Form):
    paused = forms.TypedChoiceField(
        choices=[("1", "pause"), ("0", "resume")], coerce=lambda value: value == "1"
    )
