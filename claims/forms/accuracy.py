"""The accuracy page's choices: the period its time table counts by, and the kind it follows."""

from django import forms

from claims.accuracy import PERIODS
from claims.models import item_groups


def _kind_choices() -> list[tuple[str, str]]:
    return [("", "Every kind"), *((value, label) for value, label, _, _ in item_groups())]


class AccuracyForm(forms.Form):
    period = forms.ChoiceField(
        choices=[(name, name.capitalize()) for name in PERIODS], required=False, label="By"
    )
    kind = forms.ChoiceField(choices=_kind_choices, required=False, label="Kind")
