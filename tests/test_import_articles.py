"""`manage.py import_articles FILE`: real JSON Lines and CSV files through call_command, URL rows
fetched from a local HTTP server, reruns, an interrupted run resumed, files that cannot be read."""

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from claims.models import Article, ImportRun
from claims.services import imports
from tests.local_server import respond, serving

pytestmark = pytest.mark.django_db

BODY = (
    "Over 38 attacks have taken place against US facilities in Iraq and Syria since 17 "
    "October, seeing at least 46 personnel injured, the Pentagon said on Monday about {}. "
    "Officials said most of the injuries were minor and that all of the personnel had returned "
    "to duty, while the drones and rockets had caused little damage to the bases themselves."
)


class Pages(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/news/"):
            slug = self.path.removeprefix("/news/")
            status, body = (
                200,
                (
                    f"<html><head><title>Fetched {slug}</title></head><body><article>"
                    f"<h1>Fetched {slug}</h1><p>{BODY.format(slug)}</p></article></body></html>"
                ),
            )
        else:
            status, body = 404, "<p>Not found</p>"
        respond(self, status, "text/html; charset=utf-8", body)


@pytest.fixture(scope="module")
def pages():
    with serving(Pages) as base:
        yield base


@pytest.fixture
def fetching_allowed(settings):
    settings.CLAIMS_FETCH_ALLOW_PRIVATE = True


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_articles", str(path), *args, stdout=out)
    return out.getvalue()


def jsonl_file(tmp_path: Path, pages: str) -> Path:
    lines = [
        json.dumps({"title": "First", "text": BODY.format("one"), "outlet": "The Daily Test",
                    "published": "2023-11-06", "byline": "Jane Reporter"}),
        json.dumps({"text": "Untitled opening line\n\n" + BODY.format("two")}),
        json.dumps({"url": f"{pages}/news/three", "outlet": "Wire"}),
        json.dumps({"title": "Copy of first", "text": BODY.format("one")}),
        "{not json",
        json.dumps({"title": "Nothing here"}),
        json.dumps({"title": "Bad date", "text": BODY.format("four"), "published": "6/11/23"}),
        json.dumps(["a", "list"]),
        json.dumps({"url": f"{pages}/gone"}),
        "",
        json.dumps({"title": "Bad link", "text": BODY.format("five"), "url": "javascript:x"}),
    ]  # fmt: skip
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_jsonl_file_goes_in_with_a_summary_of_new_duplicate_and_rejected_rows(
    tmp_path, pages, fetching_allowed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run(jsonl_file(tmp_path, pages))
    assert "articles.jsonl: 3 new, 1 duplicate, 6 rejected." in out
    assert "row 5: not valid JSON" in out
    assert "row 6: The row has neither text nor url." in out
    assert "row 7: The published date '6/11/23' is not a date (YYYY-MM-DD)." in out
    assert "row 8: not a JSON object" in out
    assert "row 9: The page answered 404" in out
    assert "row 11: The url 'javascript:x' is not an http or https link." in out

    first = Article.objects.get(title="First")
    assert first.outlet.name == "The Daily Test" and str(first.published_on) == "2023-11-06"
    assert first.byline == "Jane Reporter" and first.ingest_method == "import"
    assert Article.objects.filter(title="Untitled opening line").exists()
    fetched = Article.objects.get(title="Fetched three")
    assert fetched.url == f"{pages}/news/three" and fetched.outlet.name == "Wire"
    # Extraction is queued for the worker, not run inline.
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"queued"}
    assert DBTaskResult.objects.filter(task_path__endswith="extract_article").count() == 3
    assert not Article.objects.filter(title__in=["Bad date", "Bad link", "Copy of first"]).exists()


def test_running_it_again_adds_nothing(tmp_path, pages, fetching_allowed):
    path = jsonl_file(tmp_path, pages)
    run(path)
    before = Article.objects.count()
    again = run(path)
    assert "was imported completely" in again and "3 new, 1 duplicate, 6 rejected" in again
    restarted = run(path, "--restart")
    assert "0 new, 4 duplicate, 6 rejected." in restarted
    assert Article.objects.count() == before == 3


def test_an_interrupted_import_resumes_after_the_last_row_it_finished(
    tmp_path, pages, fetching_allowed, monkeypatch
):
    path = jsonl_file(tmp_path, pages)
    real = imports.import_row
    calls = []

    def interrupted(row):
        calls.append(row.number)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C, or the machine going down, mid-file
        return real(row)

    monkeypatch.setattr(imports, "import_row", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(path)
    progress = ImportRun.objects.get()
    assert progress.rows_done == 2 and progress.finished_at is None
    assert Article.objects.count() == 2

    monkeypatch.setattr(imports, "import_row", real)
    out = run(path)
    assert "Resuming articles.jsonl at row 3 of 10" in out
    assert "1 new, 1 duplicate, 6 rejected." in out  # this run: rows 3 to the end
    assert "the whole file: 3 new, 1 duplicate, 6 rejected" in out
    assert Article.objects.count() == 3
    assert Article.objects.filter(title="First").count() == 1


def test_a_csv_file_with_multi_line_texts_and_other_column_names_goes_in(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Headline,Body,Outlet,Date,Author\n"
        f'"Two paragraphs","{BODY.format("a")}\n\n'
        'Second ""quoted"" paragraph.",Desk,2023-11-07,Ann\n'
        "\n"
        "No text,,Desk,,\n"
        f"Too many,{BODY.format('b').replace(',', '')},Desk,2023-11-07,Ann,extra\n"
        f"Plain,{BODY.format('c').replace(',', '')},Desk,,\n",
        encoding="utf-8",
    )
    out = run(path)
    assert "export.csv: 2 new, 0 duplicate, 2 rejected." in out
    assert "row 2: The row has neither text nor url." in out
    assert "row 3: 6 cells for 5 columns" in out
    article = Article.objects.get(title="Two paragraphs")
    assert article.body.endswith('Second "quoted" paragraph.') and article.byline == "Ann"
    assert str(article.published_on) == "2023-11-07" and article.outlet.name == "Desk"


def test_a_text_holding_a_line_separator_stays_one_row(tmp_path):
    path = tmp_path / "separators.jsonl"
    text = BODY.format("x") + "\u2028Next line.\u0085And another."
    path.write_text(json.dumps({"title": "Sep", "text": text}, ensure_ascii=False) + "\r\n")
    assert "1 new, 0 duplicate, 0 rejected." in run(path)
    assert Article.objects.get(title="Sep").body == text


def test_a_row_over_the_length_limit_is_rejected_and_the_rest_go_in(tmp_path, settings):
    settings.CLAIMS_MAX_ARTICLE_CHARS = 1000
    path = tmp_path / "long.jsonl"
    rows = [{"title": "Long", "text": "word " * 400}, {"title": "Short", "text": BODY.format("s")}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = run(path)
    assert "1 new, 0 duplicate, 1 rejected." in out and "the limit is 1,000" in out
    assert list(Article.objects.values_list("title", flat=True)) == ["Short"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "title,text\nCaf\xe9,Un texte\n".encode("latin-1"), "is not UTF-8 text"),
        ("columns.csv", b"headline,body_text\nA,B\n", "has no 'text' or 'url' column"),
        ("empty.csv", b"", "is empty"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_is_an_error_and_stores_nothing(
    tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Article.objects.exists() and not ImportRun.objects.exists()


def test_a_missing_file_exits_non_zero_with_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Cannot read" in result.stderr and "No such file" in result.stderr
