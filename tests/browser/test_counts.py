"""An editor follows a count across articles: starts it from one article's "Over 38 attacks",
confirms a second article's "55 attacks" with one key, sees both on the timeline with their
sources, and a third article's "30 attacks" a week later comes up flagged as a regression."""

import datetime

from claims import services
from claims.models import Article, NumericClaim, Observation, TrackedCount
from tests.browser import BROWSER_TEST, expect

pytestmark = BROWSER_TEST

FIRST = (
    "Over 38 attacks have taken place against US facilities in Iraq and Syria, the Pentagon "
    "said on Monday, seeing at least 46 personnel injured."
)
SECOND = "There have been 55 attacks on US forces in Iraq and Syria, the Pentagon said."
THIRD = "The Pentagon said 30 attacks had taken place against US forces in Iraq and Syria."


def stored(editor, run_queued_tasks, title, body, outlet, day) -> Article:
    article = services.ingest_article(
        title=title,
        body=body,
        method="paste",
        user=editor,
        outlet_name=outlet,
        published_on=day,
    )
    run_queued_tasks()
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    return article


def number(article: Article, text: str) -> NumericClaim:
    return article.numeric_claims.get(text__contains=text)


def test_an_editor_follows_a_count_across_three_articles(open_page, editor, run_queued_tasks):
    first = stored(
        editor, run_queued_tasks, "Attacks on US bases", FIRST, "AP", datetime.date(2023, 11, 6)
    )
    second = stored(
        editor,
        run_queued_tasks,
        "55 attacks so far",
        SECOND,
        "Reuters",
        datetime.date(2023, 11, 14),
    )
    over_38, fifty_five = number(first, "38"), number(second, "55")

    page = open_page(editor)
    page.goto(f"/articles/{first.pk}/")
    card = page.locator(f"#card-claim-{over_38.pk}")
    card.get_by_role("link", name="Start a count from this number").click()
    page.wait_for_url("**/counts/new/?claim=*")
    page.get_by_label("What is counted").fill("attacks on US forces")
    page.get_by_label("Places").fill("Iraq, Syria")
    page.get_by_role("button", name="Create the count").click()
    page.wait_for_url("**/counts/*/")
    count = TrackedCount.objects.get(name="attacks on US forces")
    assert count.observations.get(claim=over_38).state == Observation.State.CONFIRMED
    assert count.observations.get(claim=fifty_five).state == Observation.State.SUGGESTED

    # The second article's card offers the count; one key confirms it.
    page.goto(f"/review/?item=claim-{fifty_five.pk}")
    review_card = page.locator("#review-card")
    expect(review_card).to_contain_text("Part of attacks on US forces")
    expect(review_card).to_contain_text("Over 38 on 6 Nov → 55 on 14 Nov")
    review_card.focus()
    page.keyboard.press("c")
    expect(review_card.locator(".notice")).to_contain_text("Confirmed")
    assert count.observations.get(claim=fifty_five).state == Observation.State.CONFIRMED

    # The timeline shows both figures with their sources.
    page.goto(f"/counts/{count.pk}/")
    expect(page.locator("#count-chart .marker")).to_have_count(2)
    table = page.locator("#count-table")
    expect(
        table.locator(f"#observation-{count.observations.get(claim=over_38).pk}")
    ).to_contain_text("AP")
    expect(
        table.locator(f"#observation-{count.observations.get(claim=fifty_five).pk}")
    ).to_contain_text("Reuters")
    expect(page.locator(".best-figure")).to_contain_text("55")

    # A week later a third article says 30: its card carries the regression flag.
    third = stored(
        editor,
        run_queued_tasks,
        "30 attacks, Pentagon says",
        THIRD,
        "Reuters",
        datetime.date(2023, 11, 21),
    )
    thirty = number(third, "30")
    assert count.observations.get(claim=thirty).state == Observation.State.SUGGESTED
    page.goto(f"/review/?item=claim-{thirty.pk}")
    flag = page.locator("#review-card .flag-regression")
    expect(flag).to_contain_text("only grows")
    page.goto(f"/articles/{third.pk}/")
    expect(page.locator(f"#card-claim-{thirty.pk} .flag-regression")).to_be_visible()
