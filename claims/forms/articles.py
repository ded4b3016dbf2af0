"""Articles coming in (paste, upload, URL), corrected, and filtered in the list."""

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet

from claims.models import Article, Outlet
from claims.text.html import html_title, html_to_text

UPLOAD_SUFFIXES = (".txt", ".text", ".htm", ".html")
# Bytes that start common binary formats: such a file is refused, whatever its name says.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


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
