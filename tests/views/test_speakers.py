import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import NumericClaim, Quote, Speaker, SpeakerAlias, normalize_alias
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script>"


def alias(speaker: Speaker, name: str) -> SpeakerAlias:
    return SpeakerAlias.objects.create(speaker=speaker, name=name, normalized=normalize_alias(name))


def quote_saying(text: str, **kwargs) -> Quote:
    article = kwargs.pop("article", None) or ArticleFactory(body=f"Officials said: {text} (end)")
    return QuoteFactory(article=article, text=text, **kwargs)


def speaker_with_items(name: str | None = None, quotes: int = 1, claims: int = 1) -> Speaker:
    speaker = SpeakerFactory(**({"name": name} if name else {}))
    QuoteFactory.create_batch(quotes, speaker=speaker)
    NumericClaimFactory.create_batch(claims, claimant=speaker)
    return speaker


def queries_for(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_every_speaker_with_counts_of_quotes_and_numbers(client, fact_checker):
    speaker_with_items("Antony Blinken", quotes=2, claims=3)
    SpeakerFactory(name="Zelda Quiet")
    client.force_login(fact_checker)

    response = client.get(reverse("claims:speaker-list"))

    assert response.status_code == 200
    rows = {s.name: (s.quote_count, s.claim_count) for s in response.context["page"]}
    assert rows == {"Antony Blinken": (2, 3), "Zelda Quiet": (0, 0)}
    assert b"<html" in response.content


def test_the_list_is_ordered_by_name_and_paginated_by_fifty(client, editor):
    for n in range(52):
        SpeakerFactory(name=f"Speaker {n:03}")
    client.force_login(editor)

    first = client.get(reverse("claims:speaker-list"))
    second = client.get(reverse("claims:speaker-list"), {"page": 2})

    assert [s.name for s in first.context["page"]][:2] == ["Speaker 000", "Speaker 001"]
    assert len(first.context["page"]) == 50
    assert [s.name for s in second.context["page"]] == ["Speaker 050", "Speaker 051"]


def test_the_list_finds_a_speaker_by_an_alias(client, editor):
    blinken = SpeakerFactory(name="Antony Blinken")
    alias(blinken, "Secretary of State Blinken")
    SpeakerFactory(name="Lloyd Austin")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-list"), {"q": "secretary of"})

    assert [s.name for s in response.context["page"]] == ["Antony Blinken"]
    assert b"Secretary of State Blinken" in response.content


def test_an_htmx_search_gets_only_the_speaker_table(client, editor):
    SpeakerFactory(name="Antony Blinken")
    SpeakerFactory(name="Lloyd Austin")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-list"), {"q": "austin"}, headers=HTMX)

    assert b"<html" not in response.content
    assert response.content.strip().startswith(b'<div id="speaker-table">')
    assert b"Lloyd Austin" in response.content
    assert b"Antony Blinken" not in response.content
    assert "HX-Request" in response["Vary"]


def test_the_list_costs_the_same_queries_for_three_times_the_speakers(client, editor):
    for n in range(3):
        alias(speaker_with_items(quotes=2, claims=1), f"first {n}")
    client.force_login(editor)
    few = queries_for(client, reverse("claims:speaker-list"))
    for n in range(6):
        speaker = speaker_with_items(quotes=2, claims=2)
        alias(speaker, f"alias {n}")

    many = queries_for(client, reverse("claims:speaker-list"))

    assert Speaker.objects.count() == 9
    assert many == few


def test_the_list_sends_an_anonymous_user_to_log_in(client):
    response = client.get(reverse("claims:speaker-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_refuses_a_post(client, editor):
    client.force_login(editor)

    assert client.post(reverse("claims:speaker-list")).status_code == 405


# --- autocomplete -----------------------------------------------------------------------------


def test_autocomplete_offers_names_matching_name_or_alias_starting_ones_first(client, editor):
    SpeakerFactory(name="Ban Ki-moon")
    SpeakerFactory(name="Kirby, John")
    alias(SpeakerFactory(name="Lloyd Austin"), "the Kiwi")
    SpeakerFactory(name="Nobody Else")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"q": "ki"})

    assert response.status_code == 200
    assert b"<html" not in response.content
    values = [line for line in response.content.decode().split("\n") if "<option" in line]
    assert [v.split('"')[1] for v in values] == ["Kirby, John", "Ban Ki-moon", "Lloyd Austin"]


def test_autocomplete_offers_at_most_twenty(client, editor):
    for n in range(25):
        SpeakerFactory(name=f"Smith {n:02}")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"q": "smith"})

    assert response.content.count(b"<option") == 20


def test_autocomplete_reads_an_input_that_sends_its_own_name(client, editor):
    SpeakerFactory(name="Antony Blinken")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"speaker": "blink"})

    assert b'<option value="Antony Blinken">' in response.content


def test_autocomplete_escapes_names(client, editor):
    SpeakerFactory(name=f"Mallory {XSS}")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"q": "mallory"})

    assert b"&lt;script&gt;" in response.content
    assert b"<script>alert" not in response.content


def test_autocomplete_with_an_empty_query_offers_nothing(client, editor):
    SpeakerFactory(name="Antony Blinken")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"q": " "})

    assert response.status_code == 200
    assert b"<option" not in response.content


def test_autocomplete_costs_one_query_however_many_match(client, editor):
    for n in range(3):
        SpeakerFactory(name=f"Jones {n}")
    client.force_login(editor)
    few = queries_for(client, reverse("claims:speaker-autocomplete"), data={"q": "jones"})
    for n in range(3, 12):
        SpeakerFactory(name=f"Jones {n}")

    assert queries_for(client, reverse("claims:speaker-autocomplete"), data={"q": "jones"}) == few


def test_autocomplete_sends_an_anonymous_user_to_log_in(client):
    response = client.get(reverse("claims:speaker-autocomplete"), {"q": "a"})

    assert response.status_code == 302


def test_autocomplete_refuses_a_post(client, editor):
    client.force_login(editor)

    assert client.post(reverse("claims:speaker-autocomplete")).status_code == 405


# --- one speaker ------------------------------------------------------------------------------


def test_a_speaker_page_shows_quotes_and_numbers_across_articles_newest_first(client, fact_checker):
    speaker = SpeakerFactory(name="Antony Blinken", role="Secretary of State", organisation="DoS")
    alias(speaker, "Blinken")
    old = quote_saying("an old promise", speaker=speaker, article=None)
    old.article.published_on = datetime.date(2020, 1, 1)
    old.article.save()
    new = quote_saying("a new promise", speaker=speaker)
    new.article.published_on = datetime.date(2024, 5, 6)
    new.article.title = "Fresh news"
    new.article.save()
    NumericClaimFactory(claimant=speaker, counted="personnel injured")
    QuoteFactory(text="We will take every necessary step")  # someone else's
    client.force_login(fact_checker)

    response = client.get(reverse("claims:speaker-detail", args=[speaker.pk]))

    assert response.status_code == 200
    assert [q.text for q in response.context["quotes"]] == ["a new promise", "an old promise"]
    assert len(response.context["claims"]) == 1
    body = response.content.decode()
    assert "Secretary of State" in body and "DoS" in body and "Blinken" in body
    assert reverse("claims:article-detail", args=[new.article_id]) in body
    assert "6 May 2024" in body
    assert "personnel injured" in body


def test_a_speaker_page_escapes_what_the_speaker_said(client, editor):
    quote = quote_saying(XSS)
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-detail", args=[quote.speaker_id]))

    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"<script>alert" not in response.content


def test_an_editor_sees_the_merge_form_and_a_fact_checker_does_not(client, editor, fact_checker):
    speaker = SpeakerFactory()
    url = reverse("claims:speaker-detail", args=[speaker.pk])

    client.force_login(editor)
    assert b'id="merge-form"' in client.get(url).content
    client.force_login(fact_checker)
    assert b'id="merge-form"' not in client.get(url).content


def test_paging_the_quotes_with_htmx_gets_only_the_quotes(client, editor):
    speaker = speaker_with_items(quotes=2, claims=1)
    client.force_login(editor)

    response = client.get(
        reverse("claims:speaker-detail", args=[speaker.pk]),
        {"quotes_page": 1},
        headers={**HTMX, "HX-Target": "speaker-quotes"},
    )

    assert b"<html" not in response.content
    assert response.content.strip().startswith(b'<section id="speaker-quotes"')
    assert b"speaker-claims" not in response.content


def test_a_speaker_page_costs_the_same_queries_for_three_times_the_quotes(client, editor):
    speaker = speaker_with_items(quotes=3, claims=3)
    alias(speaker, "Nickname")
    client.force_login(editor)
    url = reverse("claims:speaker-detail", args=[speaker.pk])
    few = queries_for(client, url)
    QuoteFactory.create_batch(6, speaker=speaker)
    NumericClaimFactory.create_batch(6, claimant=speaker)
    alias(speaker, "Other nickname")

    many = queries_for(client, url)

    assert speaker.quotes.count() == 9
    assert many == few


def test_an_unknown_speaker_is_not_found(client, editor):
    client.force_login(editor)

    assert client.get(reverse("claims:speaker-detail", args=[999999])).status_code == 404


def test_a_speaker_page_sends_an_anonymous_user_to_log_in(client):
    speaker = SpeakerFactory()

    response = client.get(reverse("claims:speaker-detail", args=[speaker.pk]))

    assert response.status_code == 302


def test_a_speaker_page_refuses_a_post(client, editor):
    speaker = SpeakerFactory()
    client.force_login(editor)

    assert client.post(reverse("claims:speaker-detail", args=[speaker.pk])).status_code == 405


# --- merging ----------------------------------------------------------------------------------


def merge(client, speaker: Speaker, other: str, direction: str = "into_this", **kwargs):
    return client.post(
        reverse("claims:speaker-merge", args=[speaker.pk]),
        {"other": other, "direction": direction},
        **kwargs,
    )


def test_an_editor_merges_another_speaker_into_this_one(client, editor):
    keep = speaker_with_items("Antony Blinken", quotes=1, claims=1)
    gone = speaker_with_items("Tony Blinken", quotes=2, claims=1)
    gone.role = "Secretary of State"
    gone.save()
    alias(gone, "Blinken")
    client.force_login(editor)

    response = merge(client, keep, "Tony Blinken")

    assert response.status_code == 302
    assert response["Location"] == reverse("claims:speaker-detail", args=[keep.pk])
    assert not Speaker.objects.filter(pk=gone.pk).exists()
    assert Quote.objects.filter(speaker=keep).count() == 3
    assert NumericClaim.objects.filter(claimant=keep).count() == 2
    assert set(keep.aliases.values_list("name", flat=True)) == {
        "Antony Blinken",
        "Tony Blinken",
        "Blinken",
    }
    keep.refresh_from_db()
    assert keep.role == "Secretary of State"
    page = client.get(response["Location"])
    assert "merged into" in page.content.decode()


def test_an_editor_merges_this_speaker_into_another_chosen_by_alias(client, editor):
    this = speaker_with_items("A. Blinken", quotes=1, claims=0)
    other = SpeakerFactory(name="Antony Blinken")
    alias(other, "Secretary Blinken")
    client.force_login(editor)

    response = merge(client, this, "secretary  blinken", direction="this_into")

    assert response["Location"] == reverse("claims:speaker-detail", args=[other.pk])
    assert not Speaker.objects.filter(pk=this.pk).exists()
    assert other.quotes.count() == 1
    assert other.aliases.filter(name="A. Blinken").exists()


def test_an_htmx_merge_redirects_the_browser_to_the_survivor(client, editor):
    keep, gone = SpeakerFactory(), SpeakerFactory()
    client.force_login(editor)

    response = merge(client, keep, f"#{gone.pk}", headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("claims:speaker-detail", args=[keep.pk])
    assert not Speaker.objects.filter(pk=gone.pk).exists()


def test_merging_a_speaker_into_itself_is_refused_and_the_form_says_why(client, editor):
    speaker = speaker_with_items("Antony Blinken")
    client.force_login(editor)

    response = merge(client, speaker, "Antony Blinken")

    assert response.status_code == 400
    assert b"<html" in response.content
    assert "cannot be merged into itself" in response.content.decode()
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    assert speaker.quotes.count() == 1


def test_merging_with_an_unknown_speaker_is_refused_in_the_htmx_fragment(client, editor):
    speaker = SpeakerFactory()
    client.force_login(editor)

    response = merge(client, speaker, "Nobody At All", headers=HTMX)

    assert response.status_code == 400  # as every form error, swapped in place by htmx
    assert b"<html" not in response.content
    assert response.content.strip().startswith(b'<section id="merge-form"')
    assert "No speaker is called “Nobody At All”" in response.content.decode()
    assert Speaker.objects.count() == 1


def test_a_name_two_speakers_share_must_be_picked_by_number(client, editor):
    speaker = SpeakerFactory()
    # One speaker per normalised name in each table; across them (one's name without its
    # alias row, another's alias) only the services keep it so, and the form still copes.
    twins = [
        Speaker.objects.create(name="John Smith", normalized="john smith", role="MP"),
        SpeakerFactory(name="J. Smith", role="CEO"),
    ]
    alias(twins[1], "John Smith")
    client.force_login(editor)

    response = merge(client, speaker, "John Smith")

    assert response.status_code == 400
    assert "give the number instead" in response.content.decode()
    assert Speaker.objects.filter(pk__in=[t.pk for t in twins]).count() == 2


def test_a_fact_checker_cannot_merge_speakers(client, fact_checker):
    keep = speaker_with_items()
    gone = speaker_with_items()
    client.force_login(fact_checker)

    response = merge(client, keep, f"#{gone.pk}")

    assert response.status_code == 403
    assert Speaker.objects.filter(pk=gone.pk).exists()
    assert gone.quotes.count() == 1
    assert keep.quotes.count() == 1


def test_merging_sends_an_anonymous_user_to_log_in(client):
    keep, gone = SpeakerFactory(), SpeakerFactory()

    response = merge(client, keep, f"#{gone.pk}")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Speaker.objects.count() == 2


def test_merging_refuses_a_get(client, editor):
    speaker = SpeakerFactory()
    client.force_login(editor)

    assert client.get(reverse("claims:speaker-merge", args=[speaker.pk])).status_code == 405


def test_a_merge_costs_the_same_queries_for_three_times_the_quotes(client, editor):
    client.force_login(editor)

    def merge_queries(quotes: int) -> int:
        keep, gone = SpeakerFactory(), speaker_with_items(quotes=quotes, claims=quotes)
        for n in range(quotes):
            alias(gone, f"{gone.name} alias {n}")
        with CaptureQueriesContext(connection) as ctx:
            assert merge(client, keep, f"#{gone.pk}").status_code == 302
        assert keep.quotes.count() == quotes
        return len(ctx.captured_queries)

    assert merge_queries(2) == merge_queries(6)


def test_autocomplete_ignores_nul_bytes(client, editor):
    SpeakerFactory(name="Antony Blinken")
    client.force_login(editor)

    response = client.get(reverse("claims:speaker-autocomplete"), {"q": "Blin\x00ken"})

    assert response.status_code == 200
    assert b'<option value="Antony Blinken">' in response.content
