"""What a new user tripped over on the desk: quotation marks and parentheses shown twice, notices
cut mid-word, error messages shown twice, no site icon on some pages, no way to add an article
from the dashboard."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from claims.forms import EDIT_FORMS
from claims.models import ReviewStatus
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "review-card"}
MARKED = "“We will take every necessary step,”"
MARKED_BODY = f"{MARKED} Antony Blinken said on Monday. Officials said it would be hard."


def test_a_quote_in_its_own_quotation_marks_gets_no_second_pair_in_search_and_speaker_pages(
    client, editor
):
    article = ArticleFactory(body=MARKED_BODY)
    marked = QuoteFactory(article=article, text=MARKED)
    plain = QuoteFactory(article=article, text="it would be hard", speaker=marked.speaker)
    client.force_login(editor)
    for url in (
        reverse("claims:search") + "?q=necessary",
        marked.speaker.get_absolute_url(),
        marked.history_url,
    ):
        html = client.get(url).text
        assert "“We will take every" in html and "step,”" in html, url
        # the span's own marks are shown, and no <q> adds a second pair around them
        assert not re.search(r"<q[^>]*>\s*(<[^>]+>\s*)*“We will", html), url
    speaker_page = client.get(marked.speaker.get_absolute_url()).text
    assert re.search(r"<q>it would be hard</q>", speaker_page)  # no marks of its own: gets them
    assert plain.text in speaker_page


@pytest.mark.parametrize("action", ["approved", "undone"])
def test_the_decision_notice_cuts_a_long_quote_between_words(client, editor, action):
    words = (
        "The ministry said that the programme of reconstruction would continue through the "
        "winter and into the following spring despite the shortages"
    )
    article = ArticleFactory(body=f'"{words}," the minister said.')
    quote = QuoteFactory(article=article, text=words)
    client.force_login(editor)
    response = client.post(
        reverse("claims:item-review", args=["quote", quote.pk]),
        {"decision": "approved", "version": 1},
        headers=HTMX,
    )
    if action == "undone":
        response = client.post(reverse("claims:review-undo"), headers=HTMX)
    notice = re.search(r'<p class="notice" role="status">(.*?)</p>', response.text, re.S)[1]
    shown = re.search(r"“(.*?)…”", notice)[1]
    assert words.startswith(shown) and words[len(shown)] == " ", notice  # a whole word, then …
    assert len(shown) <= 80


def test_a_role_written_in_parentheses_is_shown_in_one_pair(client, editor):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Jane Doe", role="(D-Mo.)"))
    other = QuoteFactory(speaker=SpeakerFactory(name="John Roe", role="Secretary of State"))
    client.force_login(editor)
    card = client.get(reverse("claims:review-queue"), {"item": quote.key}).text
    assert "(D-Mo.)" in card and "((D-Mo.)" not in card and "(D-Mo.))" not in card
    card = client.get(reverse("claims:review-queue"), {"item": other.key}).text
    assert "(Secretary of State)" in card


def test_the_edit_form_shows_each_error_once(client, editor):
    claim = NumericClaimFactory()
    client.force_login(editor)
    initial = EDIT_FORMS["claim"].for_item(claim).initial  # the form as the editor opens it
    data = {**{k: "" if v is None else v for k, v in initial.items()}, "value": "10", "lower": "20"}
    for headers in (HTMX, {}):
        response = client.post(
            reverse("claims:item-edit", args=["claim", claim.pk]), data, headers=headers
        )
        assert response.status_code == 400
        assert response.text.count("The lower bound is above the value.") == 1
    stale = {**data, "version": "x", "lower": "5"}
    response = client.post(reverse("claims:item-edit", args=["claim", claim.pk]), stale)
    assert response.text.count("The form is out of date") == 1
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.EXTRACTED


def icon_links(html: str) -> list[str]:
    return re.findall(r'<link rel="icon" href="([^"]+)"', html)


def test_every_kind_of_page_links_the_site_icon_and_favicon_ico_leads_to_it(
    client, fact_checker, admin_user
):
    icon = static("claims/favicon.svg")
    assert finders.find("claims/favicon.svg")
    client.force_login(fact_checker)
    pages = {
        "dashboard": client.get(reverse("claims:dashboard")),
        "403": client.get(reverse("claims:review-queue")),
        "404": client.get(reverse("claims:article-detail", args=[999999])),
    }
    client.force_login(admin_user)
    pages["admin index"] = client.get("/admin/")
    pages["admin list"] = client.get("/admin/claims/quote/")
    client.logout()
    pages["admin log-in"] = client.get("/admin/login/")
    statuses = {name: response.status_code for name, response in pages.items()}
    assert statuses == {
        "dashboard": 200,
        "403": 403,
        "404": 404,
        "admin index": 200,
        "admin list": 200,
        "admin log-in": 200,
    }
    for name, response in pages.items():
        assert icon_links(response.text) == [icon], name
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icon
    assert client.post("/favicon.ico").status_code in (403, 405)


def test_the_dashboard_offers_adding_an_article_to_those_who_may(client, editor, fact_checker):
    new = reverse("claims:article-new")
    client.force_login(editor)
    page = client.get(reverse("claims:dashboard")).text
    assert re.search(rf'<a class="button" href="{new}">Add an article</a>', page)
    client.force_login(fact_checker)
    assert new not in client.get(reverse("claims:dashboard")).text
