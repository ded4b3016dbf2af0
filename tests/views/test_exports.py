"""CSV exports: one row per item with the columns a spreadsheet needs, numbers as written."""

import csv
import io

import pytest
from django.urls import reverse

from claims.models import ReviewStatus
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="claimdesk-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_claims_export_writes_numbers_as_people_do(client, fact_checker):
    article = ArticleFactory(body="Officials said killing 1,400 people and at least 46.5 more.")
    NumericClaimFactory(article=article, text="1,400", value=1400, lower=1400, qualifier="=")
    NumericClaimFactory(article=article, text="at least 46.5", value="46.5", lower="46.5")
    client.force_login(fact_checker)
    exported = rows(client.get(reverse("claims:export-claims")))
    assert [(r["text"], r["value"], r["lower"], r["upper"]) for r in exported] == [
        ("1,400", "1400", "1400", ""),
        ("at least 46.5", "46.5", "46.5", ""),
    ]
    assert exported[0]["article_title"] == article.title


def test_the_quotes_export_filters_by_status_and_article(client, fact_checker):
    approved = QuoteFactory(status=ReviewStatus.APPROVED)
    QuoteFactory()  # pending, another article
    client.force_login(fact_checker)
    url = reverse("claims:export-quotes")
    assert len(rows(client.get(url))) == 2
    [row] = rows(client.get(url, {"status": "approved"}))
    assert (row["id"], row["speaker"], row["quote"]) == (
        str(approved.pk),
        approved.speaker.name,
        approved.text,
    )
    assert len(rows(client.get(url, {"article": approved.article_id}))) == 1


def test_cards_write_a_round_number_plainly(client, editor):
    article = ArticleFactory(body="The strikes killed 1,400 people, officials said.")
    NumericClaimFactory(
        article=article,
        text="1,400",
        value=1400,
        lower=1400,
        upper=1400,
        qualifier="=",
        confidence=0.8,
    )
    client.force_login(editor)
    page = client.get(reverse("claims:article-detail", args=[article.pk])).text
    assert "<dt>Value</dt><dd>1400" in page
    assert "E+" not in page
    assert "<dt>Confidence</dt><dd>0.80</dd>" in page


# A cell a spreadsheet could run as a formula, and how the export must write it. OWASP's list
# (=, +, -, @, tab, carriage return) plus | and % (DDE), after any leading whitespace or
# invisible character, and the full-width forms some spreadsheets read as the ASCII ones.
HOSTILE_CELLS = [
    ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
    ("+1+cmd", "'+1+cmd"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("|calc", "'|calc"),
    ("%0A=1", "'%0A=1"),
    (" =1+1", "' =1+1"),
    ("   @SUM(A1)", "'   @SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("\t plain", "'\t plain"),
    ("\u00a0=1+1", "'\u00a0=1+1"),
    ("\u3000+1", "'\u3000+1"),
    ("\u200b=1+1", "'\u200b=1+1"),
    ("\ufeff=1+1", "'\ufeff=1+1"),
    ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
    ("\uff0b1", "'\uff0b1"),
    ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
    # what stays as it is: ordinary text, and numbers a spreadsheet should read as numbers
    ("We will = not", "We will = not"),
    ("  leading spaces", "  leading spaces"),
    ("-12.5", "-12.5"),
    ("1,400", "1,400"),
]


@pytest.mark.parametrize(("written", "exported"), HOSTILE_CELLS, ids=repr)
def test_the_export_neutralises_every_cell_a_spreadsheet_would_run(
    client, fact_checker, written, exported
):
    article = ArticleFactory(title=written, body=f"Before. {written} After.")
    QuoteFactory(article=article, text=written, cue=written, speaker=None)
    NumericClaimFactory(article=article, text=written, counted=written, unit="")
    client.force_login(fact_checker)
    [quote] = rows(client.get(reverse("claims:export-quotes")))
    [claim] = rows(client.get(reverse("claims:export-claims")))
    assert (quote["article_title"], quote["quote"], quote["cue"]) == (exported,) * 3
    assert (claim["article_title"], claim["text"], claim["counted"]) == (exported,) * 3


@pytest.mark.parametrize(
    ("qualifier", "words"),
    [
        ("=", "exactly"),
        ("~", "about"),
        (">", "more than"),
        (">=", "at least"),
        ("<", "less than"),
        ("<=", "at most"),
        ("range", "between"),
    ],
)
def test_the_claims_export_writes_the_qualifier_in_words(client, fact_checker, qualifier, words):
    bounds = {"lower": 40, "upper": 50} if qualifier == "range" else {"lower": 46, "upper": 46}
    if qualifier in ("<", "<="):
        bounds = {"lower": None, "upper": 46}
    elif qualifier in (">", ">=", "~"):
        bounds = {"lower": 46, "upper": None}
    NumericClaimFactory(qualifier=qualifier, value=46 if qualifier != "range" else None, **bounds)
    client.force_login(fact_checker)
    [claim] = rows(client.get(reverse("claims:export-claims")))
    assert claim["qualifier"] == words
