"""Every input goes through a form: these turn requests into clean values for the services."""

import re
from decimal import Decimal

import trafilatura
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy

from claims.formatting import plain_number
from claims.models import (
    ITEM_KINDS,
    Article,
    NumericClaim,
    Outlet,
    Quote,
    ReviewStatus,
    Verdict,
    normalize_alias,
)

UPLOAD_SUFFIXES = (".txt", ".text", ".htm", ".html")
ITEM_KEY = re.compile(rf"^({'|'.join(ITEM_KINDS)})-(\d{{1,18}})$")  # an item's `key`
# Bytes that start common binary formats: such a file is refused, whatever its name says.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
MAX_NUMBER = Decimal(10) ** 23
# A name with nothing left once invisible characters and edge punctuation go ("...", "—", "\u200b").
NO_NAME = "This name has no letters or digits, so it cannot name anyone."
# A text input that offers known speakers as you type (the datalist is filled by htmx).
SPEAKER_PICKER = {
    "list": "speaker-options",
    "autocomplete": "off",
    "hx-get": reverse_lazy("claims:speaker-autocomplete"),
    "hx-trigger": "input changed delay:250ms",
    "hx-target": "#speaker-options",
    "hx-swap": "innerHTML",
}


def html_to_text(html: str) -> str:
    """The article text of an HTML page (trafilatura), one blank line between paragraphs."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def html_title(html: str) -> str:
    metadata = trafilatura.extract_metadata(html)
    return (metadata.title or "") if metadata else ""


class ArticleRevisionForm(forms.Form):
    """A corrected text for a stored article, checked against the text the editor started from."""

    body = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        label="Article text",
        help_text="Quotes and numbers already decided must keep their words; the rest may change.",
    )
    content_hash = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "The form is damaged; reload the page and make your change again.",
            "required": "The form is damaged; reload the page and make your change again.",
        },
    )


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=500, required=False, help_text="Taken from an uploaded HTML page when empty."
    )
    url = forms.URLField(
        max_length=2000,
        required=False,
        assume_scheme="https",
        label="URL",
        help_text="Give only the URL to fetch the article from its page.",
    )
    outlet = forms.CharField(max_length=200, required=False, help_text="Publication name")
    published_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )
    byline = forms.CharField(max_length=500, required=False)
    body = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        label="Article text",
        help_text="Paste the text, or upload a file below.",
    )
    upload = forms.FileField(
        required=False,
        label="Or upload a .txt or .html file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {limit:,}.", code="too_large"
            )
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError("Upload a .txt or .html file.", code="suffix")
        raw = upload.read()
        if raw.startswith(BINARY_MAGIC) or b"\x00" in raw:
            raise forms.ValidationError(
                "This file is not text (it looks like a PDF, image or archive).", code="binary"
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                f"The file is not valid UTF-8 (byte {exc.start}).", code="encoding"
            ) from None
        is_html = upload.name.lower().endswith((".htm", ".html"))
        return {"text": text, "is_html": is_html}

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        body = data.get("body") or ""
        if upload and body.strip():
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if upload:
            text = upload["text"]
            if upload["is_html"]:
                data["method"] = Article.IngestMethod.UPLOAD_HTML
                data["body"] = html_to_text(text)
                if not data["body"]:
                    self.add_error("upload", "No article text was found in this HTML page.")
                if not data.get("title"):
                    data["title"] = html_title(text)
            else:
                data["method"] = Article.IngestMethod.UPLOAD_TEXT
                data["body"] = text
        elif not body.strip() and data.get("url"):
            data["method"] = Article.IngestMethod.URL  # fetched; the page gives the title
            return data
        else:
            data["method"] = Article.IngestMethod.PASTE
            if not body.strip():
                self.add_error("body", "Paste the article text, upload a file, or give its URL.")
        if "\x00" in (data.get("body") or ""):
            self.add_error("body", "The text contains NUL bytes; it is not plain text.")
        if not (data.get("title") or "").strip() and not self.has_error("body"):
            self.add_error("title", "Give the article a title.")
        return data


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
        return data

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
    field_order = ["speaker_name", "kind", "cue", "start", "end", "note"]
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    speaker_name = forms.CharField(
        max_length=200,
        required=False,
        label="Speaker",
        help_text="Pick a known speaker or type a new name; empty means unattributed.",
        widget=forms.TextInput(attrs=SPEAKER_PICKER),
    )
    cue = forms.CharField(max_length=200, required=False, label="Cue verb")


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


class BulkReviewForm(forms.Form):
    items = forms.CharField(widget=forms.MultipleHiddenInput)
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.APPROVED, "Approve"), (ReviewStatus.REJECTED, "Reject")]
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self._keys = data.getlist("items") if data is not None else []

    def clean_items(self) -> list[tuple[str, int]]:
        keys = []
        for key in self._keys[:500]:
            match = ITEM_KEY.match(key)
            if not match:
                raise forms.ValidationError(f"“{key[:40]}” is not an item.")
            keys.append((match[1], int(match[2])))
        if not keys:
            raise forms.ValidationError("Select at least one item.")
        return keys


class ArticleFilterForm(forms.Form):
    PROGRESS = [
        ("", "Any progress"),
        ("pending", "Awaiting review"),
        ("reviewed", "Fully reviewed"),
        ("failed", "Extraction failed"),
    ]
    q = forms.CharField(required=False, max_length=200, label="Search titles")
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), required=False, empty_label="Any outlet"
    )
    published_from = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    published_to = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    progress = forms.ChoiceField(required=False, choices=PROGRESS)

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        """`articles` narrowed to what the valid form asks for (progress needs the review
        counts of `Article.objects.with_review_counts()`)."""
        data = self.cleaned_data
        if data["q"]:
            articles = articles.filter(title__icontains=data["q"])
        if data["outlet"]:
            articles = articles.filter(outlet=data["outlet"])
        if data["published_from"]:
            articles = articles.filter(published_on__gte=data["published_from"])
        if data["published_to"]:
            articles = articles.filter(published_on__lte=data["published_to"])
        if data["progress"] == "pending":
            articles = articles.filter(Q(pending_quotes__gt=0) | Q(pending_claims__gt=0))
        elif data["progress"] == "reviewed":
            articles = articles.filter(
                pending_quotes=0, pending_claims=0, extraction_status=Article.ExtractionStatus.DONE
            )
        elif data["progress"] == "failed":
            articles = articles.filter(extraction_status=Article.ExtractionStatus.FAILED)
        return articles
