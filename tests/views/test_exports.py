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
