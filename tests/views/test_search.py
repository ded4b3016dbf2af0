import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import search as finder
from claims.models import NumericClaim, Quote
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, SpeakerFactory

HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script>"


def quote_saying(text: str, **kwargs) -> Quote:
    article = ArticleFactory(body=f"Officials said: {text} (end)")
    return QuoteFactory(article=article, text=text, **kwargs)


def claim_about(sentence: str, number: str, counted: str = "", **kwargs) -> NumericClaim:
    article = ArticleFactory(body=f"Intro. {sentence} Outro.")
    start = article.body.index(number)
    sentence_start = article.body.index(sentence)
    return NumericClaimFactory(
        article=article,
        text=number,
        counted=counted,
        sentence=sentence,
        sentence_start=sentence_start,
        sentence_end=sentence_start + len(sentence),
        start=start,
        end=start + len(number),
        **kwargs,
    )


def search(client, q: str, **kwargs):
    return client.get(reverse("claims:search"), {"q": q}, **kwargs)


# --- highlighting, no database ----------------------------------------------------------------


def test_a_headline_is_escaped_before_its_matches_are_marked():
    headline = f"{XSS} and \ue000budget\ue001 & \ue000<b>\ue001"

    html = finder.highlight_headline(headline)

    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; and <mark>budget</mark> &amp; <mark>&lt;b&gt;</mark>"
    )


def test_a_stray_sentinel_in_article_text_never_becomes_markup():
    assert finder.highlight_headline("a \ue000 b \ue001\ue001 c") == "a <mark> b </mark> c"
    assert finder.highlight_headline("x \ue001 y") == "x  y"


def test_the_sqlite_highlight_marks_each_query_word_ignoring_case():
    html = finder.highlight('Budget cuts & "the budget" <b>', "BUDGET amp")

    assert html == "<mark>Budget</mark> cuts &amp; &quot;the <mark>budget</mark>&quot; &lt;b&gt;"


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_query_shows_only_the_form(client, fact_checker):
    quote_saying("the budget will balance")
    client.force_login(fact_checker)

    response = search(client, "  ")

    assert response.status_code == 200
    assert b'id="search-q"' in response.content
    assert b"result-quote" not in response.content
    assert "quotes" not in response.context


@pytest.mark.django_db
def test_search_finds_a_quote_by_a_word_it_says(client, editor):
    wanted = quote_saying("the budget will balance next year")
    quote_saying("nothing to see here")
    client.force_login(editor)

    response = search(client, "budget")

    assert [q.pk for q in response.context["quotes"]] == [wanted.pk]
    assert b"<mark>budget</mark>" in response.content
    assert reverse("claims:article-detail", args=[wanted.article_id]) in response.content.decode()


@pytest.mark.django_db
def test_search_finds_a_quote_by_its_speakers_name(client, editor):
    blinken = SpeakerFactory(name="Antony Blinken")
    wanted = quote_saying("we will respond", speaker=blinken)
    quote_saying("we will respond too")
    client.force_login(editor)

    response = search(client, "Blinken")

    assert [q.pk for q in response.context["quotes"]] == [wanted.pk]
    assert b"Antony Blinken" in response.content


@pytest.mark.django_db
def test_search_finds_a_number_by_what_is_counted_and_by_its_claimant(client, editor):
    austin = SpeakerFactory(name="Lloyd Austin")
    by_counted = claim_about("At least 46 personnel were hurt.", "At least 46", "personnel")
    by_claimant = claim_about("Some 900 troops went.", "900", "troops", claimant=austin)
    client.force_login(editor)

    counted = search(client, "personnel")
    claimant = search(client, "Austin")

    assert [c.pk for c in counted.context["claims"]] == [by_counted.pk]
    assert [c.pk for c in claimant.context["claims"]] == [by_claimant.pk]
    assert b"Some <mark>900</mark>" not in claimant.content  # only query words are marked
    assert b"Lloyd Austin" in claimant.content


@pytest.mark.django_db
def test_a_stored_script_in_a_quote_appears_escaped_in_results(client, editor):
    quote_saying(f"budget {XSS}")
    client.force_login(editor)

    response = search(client, "budget")

    assert response.context["quotes"].paginator.count == 1
    assert b"&lt;script&gt;" in response.content
    assert b"<script>alert" not in response.content


@pytest.mark.django_db
def test_a_query_that_looks_like_markup_is_escaped_too(client, editor):
    quote_saying("script budget")
    client.force_login(editor)

    response = search(client, XSS)

    assert b"<script>alert" not in response.content


@pytest.mark.django_db
def test_results_are_paginated_by_twenty_five(client, editor):
    for n in range(27):
        quote_saying(f"budget line {n}")
    client.force_login(editor)

    first = search(client, "budget")
    second = client.get(reverse("claims:search"), {"q": "budget", "quotes_page": 2})

    assert len(first.context["quotes"]) == 25
    assert len(second.context["quotes"]) == 2
    assert b"quotes_page=2" in first.content


@pytest.mark.django_db
def test_an_htmx_search_gets_only_the_results(client, editor):
    quote_saying("the budget will balance")
    client.force_login(editor)

    response = search(client, "budget", headers=HTMX)

    assert b"<html" not in response.content
    assert response.content.strip().startswith(b'<div id="search-results"')
    assert b"<mark>budget</mark>" in response.content


@pytest.mark.django_db
def test_search_costs_the_same_queries_for_three_times_the_matches(client, editor):
    speaker = SpeakerFactory(name="Budget Office")
    for n in range(3):
        quote_saying(f"budget item {n}", speaker=speaker)
        claim_about(f"The budget is {n + 100} dollars.", f"{n + 100}", "dollars", claimant=speaker)
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert search(client, "budget").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for n in range(6):
        quote_saying(f"budget more {n}", speaker=SpeakerFactory())
        claim_about(f"The budget is {n + 200} euros.", f"{n + 200}", "euros")

    assert queries() == few


@pytest.mark.django_db
def test_search_sends_an_anonymous_user_to_log_in(client):
    response = search(client, "budget")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_search_refuses_a_post(client, editor):
    client.force_login(editor)

    assert client.post(reverse("claims:search"), {"q": "x"}).status_code == 405


# --- PostgreSQL full text ---------------------------------------------------------------------


def test_postgres_ranks_the_closer_match_first(client, editor, on_postgres):
    passing = quote_saying("the budget was mentioned once among many other words about roads")
    focused = quote_saying("budget deficit, budget cuts, budget again")
    client.force_login(editor)

    response = search(client, "budget")

    assert [q.pk for q in response.context["quotes"]] == [focused.pk, passing.pk]


def test_postgres_matches_word_forms_and_websearch_syntax(client, editor, on_postgres):
    attacks = quote_saying("the attacks continued overnight")
    quote_saying("the attacks on the budget continued")
    client.force_login(editor)

    response = search(client, "attack -budget")

    assert [q.pk for q in response.context["quotes"]] == [attacks.pk]
    assert b"<mark>attacks</mark>" in response.content


def test_postgres_headline_marks_matches_and_escapes_the_rest(client, editor, on_postgres):
    quote_saying(f"budget {XSS} & more")
    client.force_login(editor)

    response = search(client, "budget")

    assert b"<mark>budget</mark> &lt;script&gt;" in response.content
    assert b"&amp; more" in response.content
    assert b"<script>alert" not in response.content


def test_postgres_search_uses_the_gin_index(editor, on_postgres):
    quote_saying("the budget will balance")
    claim_about("The budget is 300 dollars.", "300", "dollars")
    results = finder.search("budget")
    plans = {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for name, found in (("quotes", results.quotes), ("claims", results.claims)):
            sql, params = found.ids(25)[:25].query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans[name] = "\n".join(row[0] for row in cursor.fetchall())

    assert results.quotes.ranked
    assert "claims_quote_text_fts" in plans["quotes"]
    assert "claims_numericclaim_fts" in plans["claims"]


def test_postgres_ranks_few_matches_and_lists_many_newest_first(
    client, editor, on_postgres, monkeypatch
):
    oldest_but_best = quote_saying("budget budget budget budget")
    older = quote_saying("the budget came up once among many other words")
    newer = quote_saying("the budget came up once among many other words too")
    newest = quote_saying("budget budget, said the minister")
    client.force_login(editor)

    ranked = search(client, "budget")
    monkeypatch.setattr(finder, "RANK_LIMIT", 3)
    many = search(client, "budget")

    assert [q.pk for q in ranked.context["quotes"]][0] == oldest_but_best.pk
    assert b"Best matches first." in ranked.content
    assert [q.pk for q in many.context["quotes"]] == [
        newest.pk,
        newer.pk,
        older.pk,
        oldest_but_best.pk,
    ]
    assert b"Many matches: newest first." in many.content


@pytest.mark.django_db
def test_past_the_count_cap_the_page_says_more_than_and_pages_stay_newest_first(
    client, editor, monkeypatch
):
    monkeypatch.setattr(finder, "RANK_LIMIT", 1)
    monkeypatch.setattr(finder, "COUNT_CAP", 3)
    monkeypatch.setattr(finder, "WALK_ROWS", 2)  # page 1 walks the primary key, page 2 does not
    quotes = [quote_saying(f"budget line {n}") for n in range(5)]
    client.force_login(editor)

    response = search(client, "budget")
    found = finder.search("budget").quotes
    pages = [[q.pk for q in found.page(n, per_page=2)] for n in (1, 2)]

    assert "(more than 3)" in response.content.decode()  # 5,000 in production
    assert found.total == 4 and found.more_than_counted
    newest_first = [q.pk for q in reversed(quotes)]
    assert pages == [newest_first[0:2], newest_first[2:4]]  # past the cap: narrow the query


@pytest.mark.django_db
def test_a_query_too_long_or_with_nul_bytes_is_refused_with_a_message(client, editor):
    quote_saying("the budget will balance")
    client.force_login(editor)

    long = search(client, "budget " * 40)
    nul = search(client, "bud\x00get")

    for response in (long, nul):
        assert response.status_code == 200
        assert "quotes" not in response.context
        assert b'role="alert"' in response.content
