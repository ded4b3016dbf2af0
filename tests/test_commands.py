"""Management commands: extract (files or stored articles) and the demo seed."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims.models import Article, Quote

SENTENCES = [
    {"id": "a", "text": "“We will not back down,” Mayor Ana Ruiz said on Tuesday."},
    {"id": "b", "text": "At least 46 workers were injured, officials said."},
]


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def test_extract_prints_one_json_line_per_document_without_a_database(tmp_path):
    # No django_db mark: any query would fail this test.
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in SENTENCES) + "\n", encoding="utf-8")
    lines = [json.loads(line) for line in run("--input-jsonl", str(source), "--jsonl").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    [quote] = lines[0]["quotes"]
    text = SENTENCES[0]["text"]
    assert text[quote["quote_start"] : quote["quote_end"]] == quote["quote"]
    assert quote["speaker"].endswith("Ana Ruiz")
    assert set(quote) >= {
        "quote",
        "quote_start",
        "quote_end",
        "speaker",
        "speaker_start",
        "speaker_end",
        "kind",
        "cue",
    }
    [number] = lines[1]["numbers"]
    assert (number["value"], number["qualifier"]) == (46, ">=")
    assert set(number) >= {
        "text",
        "start",
        "end",
        "value",
        "lower",
        "upper",
        "qualifier",
        "counted",
        "unit",
        "claimant",
    }


def test_extract_reads_plain_text_files_named_by_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(SENTENCES[1]["text"], encoding="utf-8")
    [line] = [json.loads(x) for x in run(str(path)).splitlines()]
    assert line["id"] == "story.txt" and line["numbers"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json}\n", "docs.jsonl:1: not JSON"),
        ('{"id": 1}\n', 'string "text"'),
        ("[1, 2]\n", "expected an object"),
    ],
)
def test_a_bad_input_line_is_a_clear_error_naming_the_line(tmp_path, content, message):
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps(SENTENCES[0]) + "\n" + content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("1:", "2:")):
        run("--input-jsonl", str(source))


def test_extract_needs_exactly_one_kind_of_input(tmp_path):
    with pytest.raises(CommandError):
        run()


@pytest.mark.django_db
def test_extract_on_stored_articles_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    article = Article.objects.get()
    first = run("--article", str(article.pk))
    count = Quote.objects.count()
    second = run("--article", str(article.pk))
    assert count > 10
    assert Quote.objects.count() == count
    assert "0 new quotes, 0 new numbers" in second and "0 new quotes" not in first


@pytest.mark.django_db
def test_extract_names_a_missing_article():
    with pytest.raises(CommandError, match="No article with id 999"):
        run("--article", "999")


@pytest.mark.django_db
def test_seed_demo_twice_creates_each_user_and_the_sample_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Article.objects.count() == 1
    assert set(User.objects.values_list("username", flat=True)) == {
        "admin",
        "editor",
        "factchecker",
    }
    assert User.objects.get(username="editor").check_password("editor-demo-pass")
    assert "exists  article" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_on_a_production_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
