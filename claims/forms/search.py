"""One search box: the site-wide search and the speaker list's name filter."""

from django import forms


class SearchForm(forms.Form):
    """`?q=`: what the user searched for, trimmed; empty when the form is invalid."""

    q = forms.CharField(required=False, max_length=200, label="Search quotes and claims")

    def __init__(self, *args, label: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["q"].label = label

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
