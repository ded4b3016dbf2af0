"""An editor registers a feed in the browser and watches its first poll arrive on its page."""

from claims import services
from claims.models import Article, Feed
from tests.browser import BROWSER_TEST, expect
from tests.local_server import serving
from tests.test_feeds import SITE, Handler

pytestmark = BROWSER_TEST


def test_an_editor_registers_a_feed_and_sees_what_its_first_poll_took(
    open_page, editor, run_queued_tasks, settings
):
    settings.CLAIMS_FETCH_ALLOW_PRIVATE = True  # the feed's site runs on 127.0.0.1 here
    SITE.__init__()
    with serving(Handler) as site:
        page = open_page(editor)
        page.goto("/")
        page.get_by_role("link", name="Feeds").click()
        page.get_by_label("Feed address").fill(f"{site}/rss.xml")
        page.get_by_role("button", name="Register feed").click()

        page.wait_for_url("**/feeds/*/")
        feed = Feed.objects.get()
        status = page.locator("#feed-status")
        expect(status).to_contain_text("waiting for its first poll")
        expect(status).to_have_attribute("hx-trigger", "every 10s")

        services.poll_due_feeds.call()  # the scheduler's tick; the worker runs the poll job
        run_queued_tasks(page)

        # The page refreshes itself until the first poll is in.
        expect(status).to_contain_text("polled every", timeout=15_000)
        expect(status).not_to_have_attribute("hx-trigger", "every 10s")
        expect(status).to_contain_text("Articles taken2")
        rows = page.locator("#feed-items tbody tr")
        expect(rows).to_have_count(3)
        expect(page.locator("#feed-items")).to_contain_text("answered 404")
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("The Daily Test: World")
        page.get_by_role("link", name="Headline one").click()
        page.wait_for_url("**/articles/*/")
        assert Article.objects.filter(ingest_method="feed").count() == 2
        assert feed.items.filter(status="taken").count() == 2
