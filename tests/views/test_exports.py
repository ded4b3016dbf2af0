"""Exports: CSV with the columns a spreadsheet needs, numbers as written; JSON Lines with the
same fields; the filters of the pages that link to them."""

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import ReviewStatus
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    OutletFactory,
    QuoteFactory,
    SpeakerFactory,
    UserFactory,
)

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


# --- JSON Lines, filters, and what each export says it holds --------------------------------


def jsonl(response) -> tuple[dict, list[dict]]:
    """(the first line, the rows) of a JSON Lines export."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    head, *records = [json.loads(line) for line in lines]
    return head, records


def test_the_jsonl_exports_carry_the_csv_fields_with_json_types(client, fact_checker):
    article = ArticleFactory(body="Officials said “Nous résisterons” and at least 46.5 more.")
    quote = QuoteFactory(article=article, text="Nous résisterons", speaker=None)
    NumericClaimFactory(article=article, text="at least 46.5", value="46.5", lower="46.5")
    client.force_login(fact_checker)
    head, [row] = jsonl(client.get(reverse("claims:export-quotes-jsonl")))
    assert head["export"] == "quotes" and head["filters"] == {}
    assert head["generated_at"].startswith(str(timezone.now().year))
    csv_header = list(rows(client.get(reverse("claims:export-quotes")))[0])
    assert head["fields"] == csv_header == list(row)
    assert (row["id"], row["quote"], row["speaker"]) == (quote.pk, "Nous résisterons", None)
    _, [claim] = jsonl(client.get(reverse("claims:export-claims-jsonl")))
    assert (claim["value"], claim["lower"], claim["upper"]) == ("46.5", "46.5", None)
    assert claim["qualifier"] == "at least"


def test_an_export_names_its_filters_in_a_header_the_file_name_and_the_first_line(
    client, fact_checker
):
    wanted = QuoteFactory(status=ReviewStatus.APPROVED)
    QuoteFactory(article=wanted.article, text="every necessary", status=ReviewStatus.EDITED)
    QuoteFactory(status=ReviewStatus.APPROVED)  # another article
    client.force_login(fact_checker)
    query = f"status=approved&status=edited&article={wanted.article_id}"
    response = client.get(reverse("claims:export-quotes") + "?" + query)
    assert response["X-Claims-Filters"] == query
    assert (
        f"-quotes-status-approved-edited-article-{wanted.article_id}-"
        in (response["Content-Disposition"])
    )
    assert len(rows(response)) == 2
    head, records = jsonl(client.get(reverse("claims:export-quotes-jsonl") + "?" + query))
    assert head["filters"] == {"status": ["approved", "edited"], "article": wanted.article_id}
    assert {r["article_id"] for r in records} == {wanted.article_id} and len(records) == 2


def test_exports_filter_by_speaker_verdict_search_words_and_the_article_lists_filters(
    client, fact_checker, editor
):
    speaker = SpeakerFactory()
    outlet = OutletFactory(name="Harbour Post")
    article = ArticleFactory(title="Harbour strike", outlet=outlet, published_on="2023-11-06")
    said = QuoteFactory(article=article, speaker=speaker, status=ReviewStatus.APPROVED)
    services.record_verdict(said, checker=fact_checker, verdict="misquoted")
    QuoteFactory(speaker=speaker)  # elsewhere, unchecked
    claim = NumericClaimFactory(article=article, claimant=speaker)
    NumericClaimFactory()
    client.force_login(editor)

    def ids(name, **query):
        _, records = jsonl(client.get(reverse(f"claims:export-{name}-jsonl"), query))
        return {r["id"] for r in records}

    assert ids("quotes", speaker=speaker.pk, verdict="misquoted") == {said.pk}
    assert len(ids("quotes", speaker=speaker.pk, verdict="unchecked")) == 1
    assert ids("claims", speaker=speaker.pk) == {claim.pk}
    assert ids("claims", q="personnel injured") >= {claim.pk}
    assert ids("quotes", title="harbour", outlet=outlet.pk) == {said.pk}
    assert ids("claims", published_from="2023-11-01", published_to="2023-11-30") == {claim.pk}
    assert ids("claims", progress="failed") == set()
    assert ids("claims", status="", article="", q="") == ids("claims")  # empty: no filter


@pytest.mark.parametrize(
    ("name", "query", "reason"),
    [
        ("quotes", "stauts=approved", "Unknown filter 'stauts'"),
        ("quotes", "status=maybe", "status:"),
        ("claims", "verdict=verified", "Unknown filter 'verdict'"),
        ("quotes", "article=12abc", "article:"),
        ("quotes", "article=99999999999999999999", "article:"),
        ("quotes", "published_from=2023-13-45", "published_from:"),
        ("quotes", "article=1&article=2", "Give this filter once"),
        ("claims", "q=" + "x" * 201, "q:"),
        ("claims", "q=a%00b", "q:"),
        ("claimreviews", "status=approved", "Unknown filter 'status'"),
    ],
)
def test_an_invalid_filter_is_a_400_that_says_why(client, fact_checker, name, query, reason):
    client.force_login(fact_checker)
    route = "claims:export-claimreviews" if name == "claimreviews" else f"claims:export-{name}"
    response = client.get(f"{reverse(route)}?{query}")
    assert response.status_code == 400
    assert reason in response.content.decode()


def roleless():
    """A user who may log in but holds no role."""
    user = UserFactory()
    user.save()  # the factory saves the password only along with a role
    return user


def test_exports_need_a_role_that_may_see_what_they_hold(client):
    client.force_login(roleless())
    for name in ("quotes", "claims", "quotes-jsonl", "claims-jsonl", "claimreviews"):
        assert client.get(reverse(f"claims:export-{name}")).status_code == 403


# --- links on the pages ----------------------------------------------------------------------


def export_urls(page: str) -> list[str]:
    return re.findall(r'href="(/export/[^"]+)" download', html.unescape(page))


def test_each_listing_page_links_its_own_filters_to_both_formats(
    client, fact_checker, editor, settings
):
    settings.CLAIMS_EXPORT_RATE = "1000/m"
    quote = QuoteFactory(status=ReviewStatus.APPROVED)
    client.force_login(editor)
    article_list = client.get(reverse("claims:article-list"), {"q": "Article", "progress": ""})
    assert export_urls(article_list.text) == [
        "/export/quotes.csv?title=Article",
        "/export/quotes.jsonl?title=Article",
        "/export/claims.csv?title=Article",
        "/export/claims.jsonl?title=Article",
    ]
    pages = {
        reverse("claims:article-detail", args=[quote.article_id]): f"article={quote.article_id}",
        reverse("claims:speaker-detail", args=[quote.speaker_id]): f"speaker={quote.speaker_id}",
        reverse("claims:search") + "?q=necessary+step": "q=necessary+step",
        reverse("claims:review-queue") + f"?view=list&article={quote.article_id}": (
            f"status=extracted&article={quote.article_id}"
        ),
    }
    for url, query in pages.items():
        links = export_urls(client.get(url).text)
        assert len(links) == 4 and all(link.endswith("?" + query) for link in links), url
        for link in links:  # every link the pages give out is an export that works
            assert client.get(link).status_code == 200, link
    client.force_login(fact_checker)
    verify = export_urls(client.get(reverse("claims:verify-queue"), {"verdict": "all"}).text)
    assert verify[:2] == [
        "/export/quotes.csv?status=approved&status=edited&verdict=all",
        "/export/quotes.jsonl?status=approved&status=edited&verdict=all",
    ]
    assert verify[2] == "/export/claimreviews.jsonl"
    _, records = jsonl(client.get(verify[1]))
    assert [r["id"] for r in records] == [quote.pk]


def test_the_htmx_fragment_of_a_filtered_list_carries_the_new_filters(client, editor):
    ArticleFactory(title="Harbour strike")
    client.force_login(editor)
    response = client.get(
        reverse("claims:article-list"), {"q": "harbour"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content
    assert "/export/quotes.csv?title=harbour" in export_urls(response.text)


def test_a_user_who_may_not_export_sees_no_export_link(client):
    article = ArticleFactory()
    client.force_login(roleless())
    assert export_urls(client.get(reverse("claims:article-detail", args=[article.pk])).text) == []
