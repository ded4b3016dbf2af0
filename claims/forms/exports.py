"""What an export may be narrowed to: the filters of the pages that link to one, under the
names those pages use, so a page's export link carries its own query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from claims import search
from claims.forms.articles import ArticleFilterForm
from claims.models import Article, ReviewStatus, Verdict

MAX_ID = 2**63 - 1
UNCHECKED, ANY_VERDICT = "unchecked", "all"
# The article list's own search box is `q` there; here `q` is the search page's, so the list's
# export link sends its title search as `title`.
ARTICLE_FILTERS = {"title": "q", "outlet": "outlet", "published_from": "published_from"}
ARTICLE_FILTERS |= {"published_to": "published_to", "progress": "progress"}


class ExportFilterForm(forms.Form):
    """Validates every parameter of an export's query string; an unknown one is an error
    rather than silently ignored (a mistyped `stauts=approved` would export everything)."""

    status = forms.MultipleChoiceField(
        required=False, choices=ReviewStatus.choices, help_text="Review status; repeatable"
    )
    article = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    speaker = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Speaker (or claimant) id"
    )
    verdict = forms.ChoiceField(
        required=False,
        choices=[(UNCHECKED, "Not checked yet"), *Verdict.choices[1:], (ANY_VERDICT, "Any")],
    )
    q = forms.CharField(required=False, max_length=200, help_text="As the search page reads it")
    title = forms.CharField(required=False, max_length=200, help_text="Part of article titles")
    outlet = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    published_from = forms.DateField(required=False)
    published_to = forms.DateField(required=False)
    progress = forms.ChoiceField(required=False, choices=ArticleFilterForm.PROGRESS)

    def __init__(self, data: QueryDict, *, allowed: frozenset[str]) -> None:
        data = data.copy()
        if "status" in data:  # `status=` means no status filter, as an empty value does elsewhere
            data.setlist("status", [value for value in data.getlist("status") if value])
        super().__init__(data)
        self.allowed = allowed
        self.unknown = sorted(set(data) - allowed)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.unknown:
            names = ", ".join(sorted(self.allowed))
            raise forms.ValidationError(
                f"Unknown filter {', '.join(map(repr, self.unknown))}; this export takes: {names}."
            )
        for name, value in self.data.lists():
            if name != "status" and len(value) > 1:
                self.add_error(name, "Give this filter once.")
        return cleaned

    def reasons(self) -> str:
        """The errors in one line, each with the parameter it concerns."""
        parts = [" ".join(self.non_field_errors())]
        for name, errors in self.errors.items():
            if name != forms.forms.NON_FIELD_ERRORS:
                parts.append(f"{name}: {' '.join(errors)}")
        return " ".join(part for part in parts if part)

    def applied(self) -> dict[str, Any]:
        """The filters in force, as JSON values, in the order of the fields (what the export
        says it was filtered by)."""
        applied = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", []) or (name == "verdict" and value == ANY_VERDICT):
                continue
            applied[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return applied

    def filter(self, rows: QuerySet, *, person_field: str, found: str) -> QuerySet:
        """`rows` (quotes or numeric claims) narrowed to the valid filters; `person_field` is
        who an item is attributed to, `found` the matches of `search.Results` for its kind."""
        data = self.cleaned_data
        if data["status"]:
            rows = rows.filter(status__in=data["status"])
        if data["article"]:
            rows = rows.filter(article_id=data["article"])
        if data["speaker"]:
            rows = rows.filter(**{f"{person_field}_id": data["speaker"]})
        if data["verdict"] and data["verdict"] != ANY_VERDICT:
            rows = rows.filter(verdict="" if data["verdict"] == UNCHECKED else data["verdict"])
        if data["q"].strip():
            matching = getattr(search.search(data["q"]), found).matching
            rows = rows.filter(pk__in=matching.values("pk"))
        articles = self._articles()
        if articles is not None:
            rows = rows.filter(article__in=articles.values("pk"))
        return rows

    def _articles(self) -> QuerySet[Article] | None:
        """The articles the article list's filters pick, or None when none is given."""
        given = {
            page_name: self.cleaned_data[name]
            for name, page_name in ARTICLE_FILTERS.items()
            if self.cleaned_data[name] not in (None, "")
        }
        if not given:
            return None
        articles = Article.objects.with_review_counts()
        if "outlet" in given:
            articles = articles.filter(outlet_id=given.pop("outlet"))
        form = ArticleFilterForm(given)
        form.is_valid()  # every value was validated above, under the same rules
        return form.filter(articles)
