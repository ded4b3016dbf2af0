"""The verify desk's filters: which approved quotes a fact-checker walks through."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet

from claims.models import Quote, Speaker, SpeakerAlias, Verdict

UNCHECKED, ALL = "unchecked", "all"
VERDICT_FILTERS = [
    (UNCHECKED, "Not checked yet"),
    *[choice for choice in Verdict.choices if choice[0]],
    (ALL, "All"),
]


class VerifyFilterForm(forms.Form):
    """Article, speaker, words of the quote, verdict. Kept across every action of the desk
    (they travel in the query string), so a verdict leads to the next quote of the same kind.
    A value that does not parse is dropped with its error, never a 500."""

    verdict = forms.ChoiceField(
        choices=VERDICT_FILTERS, required=False, initial=UNCHECKED, label="Verdict"
    )
    article = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    speaker = forms.CharField(required=False, max_length=200, label="Speaker")
    q = forms.CharField(required=False, max_length=200, label="Words")

    FIELDS = ("verdict", "article", "speaker", "q")

    def __init__(self, data) -> None:
        super().__init__({name: data[name] for name in self.FIELDS if name in data})
        self.is_valid()  # fills cleaned_data with the fields that parsed

    def value(self, name: str):
        value = self.cleaned_data.get(name)
        if isinstance(value, str):
            value = " ".join(value.replace("\x00", "").split())  # PostgreSQL refuses NUL
        if name == "verdict":
            return value or UNCHECKED
        return value or None

    @property
    def chosen_verdict(self) -> str:
        return self.value("verdict")

    def apply(self, quotes: QuerySet[Quote]) -> QuerySet[Quote]:
        verdict = self.value("verdict")
        if verdict != ALL:
            quotes = quotes.filter(verdict="" if verdict == UNCHECKED else verdict)
        if self.value("article"):
            quotes = quotes.filter(article_id=self.value("article"))
        if self.value("speaker"):
            name = self.value("speaker")
            aliases = SpeakerAlias.objects.filter(name__icontains=name).values("speaker_id")
            named = Speaker.objects.filter(Q(name__icontains=name) | Q(pk__in=aliases))
            quotes = quotes.filter(speaker__in=named.values("pk"))
        if self.value("q"):
            quotes = quotes.filter(text__icontains=self.value("q"))
        return quotes

    def query(self) -> str:
        """The filters as a query string ("" for the defaults), for links and form actions."""
        pairs = {name: self.value(name) for name in self.FIELDS}
        if pairs["verdict"] == UNCHECKED:
            del pairs["verdict"]
        return urlencode({name: value for name, value in pairs.items() if value})


# One key per verdict on the desk, as the review queue has one per decision.
VERDICT_KEYS = {
    Verdict.VERIFIED: "v",
    Verdict.MISQUOTED: "m",
    Verdict.OUT_OF_CONTEXT: "o",
    Verdict.UNVERIFIABLE: "u",
}


def verdict_buttons() -> list[tuple[str, str, str]]:
    """(value, label, key) of each verdict, in the order the buttons show them: Verified first,
    so Enter in the evidence field records it."""
    return [(value, label, VERDICT_KEYS[value]) for value, label in Verdict.choices if value]
