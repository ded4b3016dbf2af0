"""Forms of the speaker pages: finding speakers, and merging two of them."""

import re

from django import forms
from django.db.models import Q

from claims.models import Speaker, SpeakerAlias, normalize_alias

# A name with nothing left once invisible characters and edge punctuation go ("...", "—", "\u200b").
NO_NAME = "This name has no letters or digits, so it cannot name anyone."


def speakers_named(name: str):
    """Speakers whose canonical name or an alias is `name` once both are normalised."""
    key = normalize_alias(name)
    return Speaker.objects.filter(
        Q(normalized=key)
        | Q(pk__in=SpeakerAlias.objects.filter(normalized=key).values("speaker_id"))
    )


class SpeakerMergeForm(forms.Form):
    """Pick another speaker by name (or `#id`) and which of the two survives."""

    INTO_THIS = "into_this"
    THIS_INTO = "this_into"

    other = forms.CharField(
        label="Other speaker",
        max_length=300,
        help_text="Their name or an alias, as listed; #id picks by number.",
    )
    direction = forms.ChoiceField(
        choices=[
            (INTO_THIS, "Merge the other speaker into this one (this one stays)"),
            (THIS_INTO, "Merge this speaker into the other (the other stays)"),
        ],
        initial=INTO_THIS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, speaker: Speaker, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.speaker = speaker

    def clean_other(self) -> Speaker:
        value = self.cleaned_data["other"].strip()
        if re.fullmatch(r"#[0-9]{1,18}", value):
            found = list(Speaker.objects.filter(pk=int(value[1:])))
        elif not normalize_alias(value):
            raise forms.ValidationError(NO_NAME)
        else:
            found = list(speakers_named(value)[:2])
        if not found:
            raise forms.ValidationError(f"No speaker is called “{value}”.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Several speakers are called “{value}”; give the number instead, e.g. "
                f"#{found[0].pk}."
            )
        if found[0].pk == self.speaker.pk:
            raise forms.ValidationError("A speaker cannot be merged into itself.")
        return found[0]

    def source_and_target(self) -> tuple[Speaker, Speaker]:
        """(source, into) for `services.merge_speakers`, once the form is valid."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["direction"] == self.INTO_THIS:
            return other, self.speaker
        return self.speaker, other
