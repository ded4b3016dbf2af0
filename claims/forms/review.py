"""Decisions on quotes and numbers: review, edit (one form per item kind), bulk, verdict."""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse_lazy

from claims.forms.speakers import NO_NAME
from claims.models import (
    ITEM_KINDS,
    NumericClaim,
    Quote,
    ReviewStatus,
    Verdict,
    item_groups,
    normalize_alias,
)
from claims.presentation.formatting import plain_number
from claims.presentation.quoting import shorten
from claims.queue import Selection
from claims.text.names import is_a_name, not_a_name_message

ITEM_KEY = re.compile(rf"^({'|'.join(ITEM_KINDS)})-(\d{{1,18}})$")  # an item's `key`
MAX_NUMBER = Decimal(10) ** 23
# A text input that offers known speakers as you type (the datalist is filled by htmx).
SPEAKER_PICKER = {
    "list": "speaker-options",
    "autocomplete": "off",
    "hx-get": reverse_lazy("claims:speaker-autocomplete"),
    "hx-trigger": "input changed delay:250ms",
    "hx-target": "#speaker-options",
    "hx-swap": "innerHTML",
}


class VersionedForm(forms.Form):
    """The version of the item the user saw: a decision on a stale version is a conflict."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False, widget=forms.TextInput)


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.APPROVED, "Approve"), (ReviewStatus.REJECTED, "Reject")]
    )


class _ItemEditForm(VersionedForm):
    """An editor's correction of one kind of item: `model` says which, `person_name` is the
    form field naming its speaker or claimant, the others are the model's fields."""

    model: type[Quote] | type[NumericClaim]
    person_name: str
    start = forms.IntegerField(min_value=0, max_value=10**9)
    end = forms.IntegerField(min_value=1, max_value=10**9)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start >= end:
            self.add_error("end", "The end must come after the start.")
        person = data.get(self.person_name)
        if person and not normalize_alias(person):
            self.add_error(self.person_name, NO_NAME)
        elif person and not is_a_name(normalize_alias(person)):
            self.add_error(self.person_name, not_a_name_message(person.strip()))
        if self.model.person_span is not None:
            low_name, high_name = self.model.person_span
            low, high = data.get(low_name), data.get(high_name)
            if (low is None) != (high is None) and low_name not in self.errors:
                self.add_error(high_name, "Give both ends of the speaker's mention, or neither.")
            elif low is not None and high is not None and low >= high:
                self.add_error(high_name, "The mention's end must come after its start.")
        return data

    @property
    def span_fields(self) -> tuple[str, ...]:
        """The offsets an editor sets by selecting words; typing them is the fallback."""
        return ("start", "end", *(self.model.person_span or ()))

    @classmethod
    def for_item(cls, item: Quote | NumericClaim) -> "_ItemEditForm":
        """The form filled with `item` as it stands."""
        initial = {"version": item.version}
        for name in item.editable_fields:
            value = getattr(item, name)
            if name == item.person_field:
                initial[cls.person_name] = value.name if value is not None else ""
            else:
                initial[name] = plain_number(value) if isinstance(value, Decimal) else value
        return cls(initial=initial)

    def changes(self, item: Quote | NumericClaim) -> dict:
        """What the valid form changes on `item`; a new person is given by name, for the
        service to find or create in the same transaction as the edit."""
        data = self.cleaned_data
        changes = {
            name: data[name]
            for name in item.editable_fields
            if name != item.person_field and data[name] != getattr(item, name)
        }
        name = " ".join(data[self.person_name].split())
        if name != (item.person.name if item.person is not None else ""):
            changes[item.person_field] = name
        return changes


class QuoteEditForm(_ItemEditForm):
    model = Quote
    person_name = "speaker_name"
    field_order = ["speaker_name", "kind", "cue", "start", "end", "speaker_start", "speaker_end"]
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    speaker_name = forms.CharField(
        max_length=200,
        required=False,
        label="Speaker",
        help_text="Pick a known speaker or type a new name; empty means unattributed.",
        widget=forms.TextInput(attrs=SPEAKER_PICKER),
    )
    cue = forms.CharField(max_length=200, required=False, label="Cue verb")
    speaker_start = forms.IntegerField(
        min_value=0, max_value=10**9, required=False, label="Speaker's mention: start"
    )
    speaker_end = forms.IntegerField(
        min_value=1, max_value=10**9, required=False, label="Speaker's mention: end"
    )


def _number_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=30,
        decimal_places=6,
        validators=[MaxValueValidator(MAX_NUMBER)],
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ClaimEditForm(_ItemEditForm):
    model = NumericClaim
    person_name = "claimant_name"
    field_order = [
        "value",
        "qualifier",
        "lower",
        "upper",
        "counted",
        "unit",
        "claimant_name",
        "start",
        "end",
        "note",
    ]
    value = _number_field("Value")
    lower = _number_field("Lower bound")
    upper = _number_field("Upper bound")
    qualifier = forms.ChoiceField(choices=NumericClaim.Qualifier.choices)
    counted = forms.CharField(max_length=300, required=False, label="What is counted")
    unit = forms.CharField(max_length=40, required=False)
    claimant_name = forms.CharField(
        max_length=200,
        required=False,
        label="Claimant",
        help_text="Empty means the outlet's own voice.",
        widget=forms.TextInput(attrs=SPEAKER_PICKER),
    )

    def clean(self):
        data = super().clean()
        value, lower, upper = data.get("value"), data.get("lower"), data.get("upper")
        qualifier = data.get("qualifier")
        if value is None and lower is None and upper is None and not self.errors:
            raise forms.ValidationError("Give a value or a bound.")
        if lower is not None and upper is not None and lower > upper:
            self.add_error("upper", "The upper bound is below the lower bound.")
        if value is not None and lower is not None and value < lower:
            self.add_error("lower", "The lower bound is above the value.")
        if value is not None and upper is not None and value > upper:
            self.add_error("upper", "The upper bound is below the value.")
        if qualifier in (">", ">=") and lower is None:
            self.add_error("lower", "“More than” and “at least” need a lower bound.")
        if qualifier in ("<", "<=") and upper is None:
            self.add_error("upper", "“Less than” and “at most” need an upper bound.")
        if qualifier == "range" and (lower is None or upper is None):
            self.add_error("qualifier", "A range needs both bounds.")
        return data


EDIT_FORMS: dict[str, type[_ItemEditForm]] = {
    form.model.item_type: form for form in (QuoteEditForm, ClaimEditForm)
}


class _AddFields(forms.Form):
    """What adding an item by hand needs besides the kind's fields: the words selected and the
    text they were selected in; there is no version yet."""

    version = None
    do_not_call_in_templates = True  # templates read the class's `key` and `model` too
    words = forms.CharField(
        strip=False,
        max_length=20_000,
        label="The words, exactly as in the text",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    content_hash = forms.CharField(max_length=64, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False, widget=forms.TextInput)

    def fields_to_set(self) -> dict:
        """The kind's fields for `services.add_item`; the person by name, found or created there."""
        data = self.cleaned_data
        model = self.model  # set by the edit form this is mixed into
        fields = {
            name: data[name]
            for name in model.editable_fields
            if name not in ("start", "end", model.person_field)
        }
        return {**fields, model.person_field: data[self.person_name]}


class QuoteAddForm(_AddFields, QuoteEditForm):
    key = "q"  # the key that opens this form on the article page


class ClaimAddForm(_AddFields, ClaimEditForm):
    key = "n"


ADD_FORMS: dict[str, type[QuoteAddForm] | type[ClaimAddForm]] = {
    form.model.item_type: form for form in (QuoteAddForm, ClaimAddForm)
}


class VerdictForm(VersionedForm):
    verdict = forms.ChoiceField(choices=[c for c in Verdict.choices if c[0]])
    evidence_url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", label="Evidence URL"
    )
    note = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == Verdict.VERIFIED and not data.get("evidence_url"):
            self.add_error(
                "evidence_url", "A verified quote needs the evidence it was checked against."
            )
        return data


BULK_LIMIT = 500  # items in one bulk decision, and in one preview of it
# An item's key with the version the editor saw ("quote-12@3"); without it, no version check.
SEEN_KEY = re.compile(rf"^({'|'.join(ITEM_KINDS)})-(\d{{1,18}})(?:@(\d{{1,10}}))?$")


class BulkReviewForm(forms.Form):
    items = forms.CharField(widget=forms.MultipleHiddenInput)
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.APPROVED, "Approve"), (ReviewStatus.REJECTED, "Reject")]
    )
    note = forms.CharField(max_length=2000, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self._keys = data.getlist("items") if data is not None else []
        self.versions: dict[tuple[str, int], int] = {}  # the version each item was seen at

    def clean_items(self) -> list[tuple[str, int]]:
        keys = []
        for key in self._keys[:BULK_LIMIT]:
            match = SEEN_KEY.match(key)
            if not match:
                raise forms.ValidationError(f"“{key[:40]}” is not an item.")
            keys.append((match[1], int(match[2])))
            if match[3] is not None:
                self.versions[keys[-1]] = int(match[3])
        if not keys:
            raise forms.ValidationError("Select at least one item.")
        return keys


def _kind_choices() -> list[tuple[str, str]]:
    choices = [("", "Any kind")]
    for model in ITEM_KINDS.values():
        if model.subkinds():
            choices.append((model.item_type, f"{model.label}: any kind"))
    return choices + [(value, label) for value, label, _, _ in item_groups()]


class SelectionForm(forms.Form):
    """The review list's filters, which a bulk decision then takes: kind, confidence, speaker."""

    article = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(required=False, choices=_kind_choices)
    min_confidence = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=2,
        label="Confidence at least",
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    speaker = forms.CharField(
        required=False, max_length=200, label="Speaker or claimant", help_text="Part of the name"
    )

    def selection(self) -> Selection:
        data = self.cleaned_data
        low = data["min_confidence"]
        return Selection(
            article_id=data["article"],
            kind=data["kind"],
            min_confidence=float(low) if low is not None else None,
            speaker=" ".join(data["speaker"].split()),
        )

    def describe(self, article_title: str = "") -> str:
        """The selection in words, for the preview's title and the decisions' note."""
        data = self.cleaned_data
        parts = [dict(_kind_choices())[data["kind"]] if data["kind"] else "every kind"]
        if data["article"]:
            title = f" “{shorten(article_title, 60)}”" if article_title else ""
            parts.append(f"article {data['article']}{title}")
        if data["min_confidence"] is not None:
            parts.append(f"confidence at least {data['min_confidence']}")
        if data["speaker"]:
            parts.append(f"speaker or claimant “{data['speaker']}”")
        return ", ".join(parts)
