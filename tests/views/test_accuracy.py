"""The accuracy page: what became of the extractor's proposals, read from real decisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Article, Decision, Quote
from tests.factories import ArticleFactory, NumericClaimFactory, QuoteFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("claims:accuracy")
BODY = (
    '"We will take every necessary step," Antony Blinken said. He said they would talk, and '
    'that "talks are over" for now. Over 38 attacks took place, and at least 46 personnel '
    "were injured; 12 more were missing. Officials said the talks failed."
)


def article(version: str, *, month: int = 11) -> Article:
    """An article extractor `version` read, ingested on the 10th of `month` 2026."""
    made = ArticleFactory(body=f"{BODY} ({version})", extractor_version=version)
    ingested = timezone.make_aware(datetime.datetime(2026, month, 10, 9))
    Article.objects.filter(pk=made.pk).update(created_at=ingested)  # auto_now_add otherwise
    return made


def quote(on: Article, text: str, kind: str = Quote.Kind.DIRECT, **fields) -> Quote:
    return QuoteFactory(article=on, text=text, kind=kind, extractor_version="v1", **fields)


def number(on: Article, text: str, **fields):
    return NumericClaimFactory(article=on, text=text, extractor_version="v1", **fields)


@pytest.fixture
def decided(editor):
    """Proposals of extractor v1 decided every way, through the services, and one of v2."""
    november = article("v1")
    approve = lambda item: services.review_item(item, reviewer=editor, decision="approved")  # noqa: E731
    approve(quote(november, "We will take every necessary step"))
    edited = quote(november, "they would talk", kind=Quote.Kind.INDIRECT)
    services.edit_item(edited, editor=editor, changes={"speaker": "Jo Other"})
    reclassified = quote(november, "talks are over", kind=Quote.Kind.MIXED)
    services.edit_item(reclassified, editor=editor, changes={"kind": Quote.Kind.DIRECT})
    rejected = quote(november, "the talks failed", kind=Quote.Kind.INDIRECT)
    services.review_item(rejected, reviewer=editor, decision="rejected")
    approve(number(november, "Over 38", value=38, lower=38, qualifier=">"))
    corrected = number(november, "at least 46")
    services.edit_item(corrected, editor=editor, changes={"value": 47, "lower": 47})
    undone = number(november, "12", value=12, lower=None, qualifier="=")
    services.edit_item(undone, editor=editor, changes={"counted": "personnel missing"})
    services.undo_decision(Decision.objects.get(claim=undone), actor=editor)  # pending again
    # the machine's misses, added by hand: they count for the version that read the article
    # (as the article page creates them: approved, no extractor version)
    QuoteFactory(
        article=november,
        text="Officials said",
        kind=Quote.Kind.INDIRECT,
        added_by_hand=True,
        status="approved",
    )
    december = article("v2", month=12)
    later = QuoteFactory(article=december, text="they would talk", extractor_version="v2")
    approve(later)
    return {"november": november, "december": december}


def tallies(response) -> dict:
    report = response.context["report"]
    return {
        version: {label: tally for label, tally in cells}
        for version, cells, _total in report.version_rows()
    }


def test_each_proposal_is_counted_once_by_its_outcome_version_and_proposed_kind(
    client, editor, decided
):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    v1 = tallies(response)["v1"]
    direct, mixed = v1["Quote: Direct"], v1["Quote: Partial (inside reported speech)"]
    indirect, numbers = v1["Quote: Indirect"], v1["Number"]
    assert (direct.approved, direct.edited, direct.rejected, direct.pending) == (1, 0, 0, 0)
    # reclassified from mixed to direct: still the extractor's mixed proposal, kind corrected
    assert (mixed.approved, mixed.edited, mixed.fields) == (0, 1, {"kind": 1})
    assert (indirect.edited, indirect.rejected, indirect.added) == (1, 1, 1)
    assert indirect.fields == {"speaker": 1}
    assert (numbers.approved, numbers.edited, numbers.pending) == (1, 1, 1)
    assert numbers.fields == {"value": 1, "bounds": 1}  # the undone edit's field is not counted
    assert (indirect.precision, indirect.exact, indirect.recall) == (0.5, 0.0, 0.5)
    assert (numbers.precision, numbers.exact, numbers.recall) == (1.0, 0.5, 1.0)
    v2 = tallies(response)["v2"]
    assert list(v2) == ["Quote: Direct"] and v2["Quote: Direct"].approved == 1
    html = response.text
    assert "Extractor v1" in html and "Extractor v2" in html
    assert "value 1, bounds 1" in html and "speaker 1" in html


def test_over_time_counts_by_month_or_week_of_ingestion_for_one_kind_or_all(
    client, editor, decided
):
    client.force_login(editor)
    by_month = client.get(URL).context["report"].by_period
    assert [(start.month, tally.proposals, tally.added) for start, tally in by_month] == [
        (12, 1, 0),
        (11, 7, 1),
    ]
    numbers = client.get(URL, {"kind": "claim", "period": "week"})
    [(start, tally)] = numbers.context["report"].by_period
    assert start.date() == datetime.date(2026, 11, 9)  # the Monday of the week of the 10th
    assert (tally.approved, tally.edited, tally.pending, tally.added) == (1, 1, 1, 0)
    fragment = client.get(URL, {"period": "week"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="accuracy-over-time"')


def test_the_page_costs_the_same_queries_with_more_decisions(
    client, editor, decided, django_assert_num_queries
):
    client.force_login(editor)
    client.get(URL)  # session and permission caches warm
    with django_assert_num_queries(11) as first:
        client.get(URL)
    more = article("v3")
    for text in ("We will take every necessary step", "they would talk", "talks are over"):
        services.review_item(quote(more, text), reviewer=editor, decision="rejected")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL)


@pytest.mark.parametrize("params", [{"period": "year"}, {"kind": "poem"}])
def test_a_nonsense_choice_is_a_400(client, editor, params):
    client.force_login(editor)
    response = client.get(URL, params)
    assert response.status_code == 400 and 'class="errorlist"' in response.text


def test_only_editors_and_admins_read_it(client, fact_checker, admin_user):
    assert client.get(URL).status_code == 302
    client.force_login(fact_checker)
    assert client.get(URL).status_code == 403
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code in (403, 405)
    client.force_login(UserFactory(role="editor"))
    assert client.get(reverse("claims:dashboard")).text.count(URL) == 1
