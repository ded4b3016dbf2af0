"""An editor starts a proposed count from the counts page, confirms one of its figures on the
timeline, and corrects the count's fields in the edit form, without leaving the browser."""

import datetime

from claims import services
from claims.models import Article, CountDecision, Observation, TrackedCount
from tests.browser import BROWSER_TEST, expect

pytestmark = BROWSER_TEST

FIRST = "Over 38 attacks have taken place against US facilities in Iraq and Syria, officials said."
SECOND = "There have been 55 attacks on US forces in Iraq and Syria, the Pentagon said."


def stored(editor, run_queued_tasks, title, body, outlet, day) -> Article:
    article = services.ingest_article(
        title=title, body=body, method="paste", user=editor, outlet_name=outlet, published_on=day
    )
    run_queued_tasks()
    return article


def test_an_editor_starts_a_proposed_count_and_edits_it(open_page, editor, run_queued_tasks):
    first = stored(
        editor, run_queued_tasks, "Attacks on bases", FIRST, "AP", datetime.date(2023, 11, 6)
    )
    second = stored(
        editor, run_queued_tasks, "55 attacks", SECOND, "Reuters", datetime.date(2023, 11, 14)
    )
    over_38 = first.numeric_claims.get(text__contains="38")
    fifty_five = second.numeric_claims.get(text__contains="55")

    page = open_page(editor)
    page.goto("/counts/")
    proposal = page.locator("#count-proposals .proposal").first
    expect(proposal).to_contain_text("Over 38")
    expect(proposal).to_contain_text("55")
    proposal.get_by_label("What is counted").fill("attacks on US forces")
    proposal.get_by_role("button", name="Start this count").click()
    page.wait_for_url("**/counts/*/")
    count = TrackedCount.objects.get(name="attacks on US forces")
    states = set(count.observations.values_list("claim_id", "state"))
    assert {(over_38.pk, "suggested"), (fifty_five.pk, "suggested")} <= states

    row = page.locator(f"#observation-{count.observations.get(claim=fifty_five).pk}")
    row.get_by_role("button", name="Confirm").click()
    expect(page.locator("#count-timeline .notice")).to_contain_text("Confirmed")
    assert count.observations.get(claim=fifty_five).state == Observation.State.CONFIRMED

    page.locator("#count-edit summary").click()
    page.get_by_label("Counted since").fill("2023-10-17")
    page.locator("#edit-unit").fill("attacks")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#count-head")).to_contain_text("since 17 October 2023")
    expect(page.locator(".count-history")).to_contain_text("window start")
    count.refresh_from_db()
    assert count.window_start == datetime.date(2023, 10, 17) and count.unit == "attacks"
    assert CountDecision.objects.filter(count=count, action="edit").count() == 1
