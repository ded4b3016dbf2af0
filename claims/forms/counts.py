"""Forms of the count pages: a new count, renaming, merging, and deciding a suggestion."""

from django import forms

from claims.counts.proposals import MAX_FIGURES
from claims.forms.speakers import speakers_named
from claims.models import NumericClaim, Observation, Outlet, TrackedCount


class CountFieldsForm(forms.Form):
    """What a count is: the fields an editor fills in when creating it and edits later."""

    name = forms.CharField(
        max_length=300,
        label="What is counted",
        help_text="e.g. attacks on US forces in Iraq and Syria",
    )
    places = forms.CharField(
        max_length=300, required=False, label="Places", help_text="Comma-separated: Iraq, Syria"
    )
    window_start = forms.DateField(
        required=False,
        label="Counted since",
        help_text="The start of the window, e.g. 2023-10-17",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    only_grows = forms.BooleanField(
        required=False,
        initial=True,
        label="Only grows",
        help_text="Attacks and deaths only grow; people missing may go down.",
    )
    unit = forms.CharField(max_length=40, required=False)
    definition = forms.CharField(
        required=False, label="Definition note", widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, label="Preferred outlet"
    )
    preferred_speaker = forms.CharField(
        max_length=300,
        required=False,
        label="Preferred speaker",
        help_text="A speaker's name or alias, as listed (or leave empty).",
    )
    parent = forms.ModelChoiceField(
        queryset=TrackedCount.objects.live(),
        required=False,
        label="Part of",
        help_text="The number of the total this count is a part of (shown on its page).",
        widget=forms.NumberInput,  # a select of every count would not fit the page
    )

    def clean_preferred_speaker(self):
        name = self.cleaned_data["preferred_speaker"].strip()
        if not name:
            return None
        speaker = speakers_named(name).first()
        if speaker is None:
            raise forms.ValidationError(f"No speaker is called “{name}”.")
        return speaker

    def clean(self):
        data = super().clean()
        if data.get("preferred_outlet") and data.get("preferred_speaker"):
            raise forms.ValidationError("Choose one preferred source: an outlet or a speaker.")
        return data


class CountForm(CountFieldsForm):
    claim = forms.ModelChoiceField(
        queryset=NumericClaim.objects.all(), required=False, widget=forms.HiddenInput
    )


class EditCountForm(CountFieldsForm):
    """Every field of a count at once, checked against the version the editor started from."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False, label="Note")

    def __init__(self, *args, count: TrackedCount, **kwargs) -> None:
        kwargs.setdefault("initial", self.initial_for(count))
        kwargs.setdefault("auto_id", "edit-%s")  # beside the rename and merge forms
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = TrackedCount.objects.live().exclude(pk=count.pk)
        self.fields["parent"].help_text = "The number of the total this count is a part of."

    @staticmethod
    def initial_for(count: TrackedCount) -> dict:
        return {
            "name": count.name,
            "places": count.places,
            "window_start": count.window_start,
            "only_grows": count.only_grows,
            "unit": count.unit,
            "definition": count.definition,
            "preferred_outlet": count.preferred_outlet_id,
            "preferred_speaker": count.preferred_speaker.name if count.preferred_speaker else "",
            "parent": count.parent_id,
            "version": count.version,
        }

    def count_fields(self) -> dict:
        """The cleaned fields that belong to the count (not the version or the note)."""
        return {name: self.cleaned_data[name] for name in CountFieldsForm.base_fields}


class FigureChoiceField(forms.ModelMultipleChoiceField):
    """The numbers of a proposal: at most `MAX_FIGURES` ids, each a plain row id, checked
    before the database sees them (an id past the integer range would fail the lookup)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value):
        values = value or []
        if len(values) > MAX_FIGURES:
            raise forms.ValidationError(f"A proposal holds at most {MAX_FIGURES} figures.")
        for pk in map(str, values):
            if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
                raise forms.ValidationError(f"“{pk}” is not the number of a figure.")
        return super().clean(value)


class ProposedCountForm(forms.Form):
    """A proposed count as the counts page offers it: its name and places (both editable)
    and the figures that made the proposal, which become its suggestions."""

    name = forms.CharField(max_length=300, label="What is counted")
    places = forms.CharField(max_length=300, required=False, label="Places")
    claims = FigureChoiceField(queryset=NumericClaim.objects.all())


class RenameCountForm(forms.Form):
    name = forms.CharField(max_length=300, label="New name")
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False)


class MergeCountForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=TrackedCount.objects.live(),
        label="Merge this count into",
        help_text="The number of the count that stays (shown on its page).",
        widget=forms.NumberInput,
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, count: TrackedCount, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = TrackedCount.objects.live().exclude(pk=count.pk)


class DecideObservationForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (Observation.State.CONFIRMED, "Confirm"),
            (Observation.State.REJECTED, "Reject"),
        ]
    )
    version = forms.IntegerField(min_value=1)
    note = forms.CharField(max_length=2000, required=False)


class ObservationDefinitionForm(forms.Form):
    definition = forms.CharField(
        max_length=300,
        required=False,
        label="Definition note",
        help_text="How this source counts, where it differs from the count's definition.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
