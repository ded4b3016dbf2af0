"""The trainable cue finder: `train_extractor`, and extraction with the model it saves.

One small model is trained per session on a few articles written here (seconds, not minutes);
the tests then use it through the commands an engineer runs and the service the worker runs.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims import extraction, services
from claims.extraction import training
from claims.extraction.training import model_tag
from claims.models import Quote, ReviewStatus
from claims.services.training import decisions_corpus, locate_cue
from tests.factories import ArticleFactory, QuoteFactory

# Verbs of attribution that the word lists do not hold, used in reported speech; a model
# trained on a few sentences with them learns that they introduce what someone holds.
NEW_CUES = ["reproached", "decried", "lambasted", "faulted"]
PEOPLE = [
    "Senator Grace Okafor",
    "Councilman Peter Lund",
    "Governor Dana Whitfield",
    "Rep. Miguel Soto",
    "Professor Lena Brandt",
    "Chairwoman Ruth Adeyemi",
]
TARGETS = [
    ("the agency", "of hiding the audit from the public"),
    ("the board", "for delaying the vote on the new budget"),
    ("his opponent", "of misleading voters about the tax plan"),
    ("the contractor", "of charging the state twice for the same work"),
    ("the minister", "for ignoring the warnings about the bridge"),
]
OTHER_VERBS = ["visited", "opened", "toured", "left"]
PLACES = ["the new school", "the harbor", "the factory in Dayton", "the city hall"]

# Not in the training texts: another person, another target, a verb the model saw.
UNSEEN = (
    "The council met on Tuesday night. Mayor Ana Ruiz reproached the council for wasting money "
    "on consultants. The meeting ended late."
)


def training_records() -> list[dict]:
    """Short articles in the evaluation format: each has a cue outside the word lists, a
    listed one, and a sentence with no attribution at all."""
    records = []
    combos = itertools.product(PEOPLE, NEW_CUES)
    for n, (person, cue) in enumerate(combos):
        target, charge = TARGETS[n % len(TARGETS)]
        place = PLACES[n % len(PLACES)]
        other = OTHER_VERBS[n % len(OTHER_VERBS)]
        first = f"{person} {other} {place} on Monday. "
        second = f"{person} {cue} {target} {charge}. "
        third = "The spokesman said the report would come out in May."
        text = first + second + third
        quotes = [
            _quote(text, second, cue, f"{target} {charge}"),
            _quote(text, third, "said", "the report would come out in May"),
        ]
        records.append({"id": f"t{n}", "text": text, "quotes_annotated": True, "quotes": quotes})
    return records


def _quote(text: str, sentence: str, cue: str, content: str) -> dict:
    base = text.index(sentence)
    cue_start = base + sentence.index(f" {cue} ") + 1
    start = base + sentence.index(content)
    return {
        "quote": content,
        "quote_start": start,
        "quote_end": start + len(content),
        "kind": "indirect",
        "cue": cue,
        "cue_start": cue_start,
        "cue_end": cue_start + len(cue),
    }


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def train(*args: str) -> str:
    out = io.StringIO()
    call_command("train_extractor", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def cue_model(tmp_path_factory) -> Path:
    """A cue finder trained by the command on the articles above, saved in a temporary dir."""
    work = tmp_path_factory.mktemp("cue-model")
    source = write_jsonl(work / "train.jsonl", training_records())
    out = work / "model"
    printed = train(
        "--from-jsonl", str(source), "--out", str(out), "--epochs", "25", "--eval-frequency", "20"
    )
    assert "saved to" in printed and "+cues-" in printed
    return out


@pytest.fixture(scope="session")
def cue_nlp(cue_model):
    return extraction.load_nlp(str(cue_model))


def test_the_rules_alone_miss_a_cue_outside_the_word_lists():
    found = extraction.extract(UNSEEN, nlp=extraction.load_nlp())
    assert not [q for q in found.quotes if "council of wasting" in q.text]
    assert extraction.extractor_version(extraction.load_nlp()) == extraction.EXTRACTOR_VERSION


def test_the_trained_model_finds_the_cue_and_the_rules_find_content_and_speaker(cue_nlp):
    found = extraction.extract(UNSEEN, nlp=cue_nlp)
    [quote] = [q for q in found.quotes if q.cue == "reproached"]
    assert quote.text == "the council for wasting money on consultants"
    assert quote.kind == "indirect"
    assert quote.speaker.endswith("Ana Ruiz")
    assert UNSEEN[quote.cue_span.start : quote.cue_span.end] == "reproached"


def test_the_model_keeps_the_parse_the_rules_read(cue_nlp):
    base = extraction.load_nlp()
    text = "“We will not back down,” Mayor Ana Ruiz said on Tuesday. At least 46 were hurt."
    with_model, alone = cue_nlp(text), base(text)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in with_model] == [
        (t.tag_, t.dep_, t.head.i, t.ent_type_) for t in alone
    ]
    assert (
        extraction.extract(text, nlp=cue_nlp).numbers == extraction.extract(text, nlp=base).numbers
    )


def test_training_changes_only_the_cue_finder_and_its_own_encoder(cue_nlp):
    base = extraction.load_nlp()
    for name in ("tok2vec", "tagger", "parser", "ner"):
        trained, original = cue_nlp.get_pipe(name).model, base.get_pipe(name).model
        assert trained.to_bytes() == original.to_bytes(), name  # the weights, frozen
    assert cue_nlp.pipe_names[-2:] == [training.ENCODER_COMPONENT, training.CUE_COMPONENT]
    # The encoder reads the base pipeline's parse: its tags and dependency labels.
    embed = cue_nlp.config["components"][training.ENCODER_COMPONENT]["model"]["embed"]
    assert {"TAG", "DEP"} <= set(embed["attrs"])


def test_the_extractor_version_names_the_model(cue_nlp):
    version = extraction.extractor_version(cue_nlp)
    assert version == f"{extraction.EXTRACTOR_VERSION}+cues-{model_tag(cue_nlp)}"
    assert len(version) <= 32  # the column's width


@pytest.mark.django_db
def test_extract_with_the_model_stores_the_quote_with_its_speaker(cue_model):
    article = ArticleFactory(body=UNSEEN)
    printed = io.StringIO()
    call_command("extract", "--article", str(article.pk), "--model", str(cue_model), stdout=printed)
    quote = article.quotes.get(cue="reproached")
    assert quote.text == "the council for wasting money on consultants"
    assert quote.speaker.name.endswith("Ana Ruiz")
    assert quote.extractor_version.startswith(f"{extraction.EXTRACTOR_VERSION}+cues-")
    article.refresh_from_db()
    assert article.extractor_version == quote.extractor_version


@pytest.mark.django_db
def test_the_setting_makes_the_background_extraction_use_the_model(cue_model, settings):
    settings.CLAIMS_EXTRACTION_MODEL = str(cue_model)
    article = ArticleFactory(body=UNSEEN)
    services.run_extraction(article.pk)
    assert article.quotes.filter(cue="reproached", speaker__name__endswith="Ana Ruiz").exists()


@pytest.mark.django_db
def test_re_extraction_with_a_model_never_changes_a_decided_item(cue_model, editor):
    body = UNSEEN + " “We will audit every contract,” Ruiz said."
    article = ArticleFactory(body=body)
    services.extract_claims(article, nlp=extraction.load_nlp())
    direct = article.quotes.get(kind=Quote.Kind.DIRECT)
    services.edit_item(direct, editor=editor, changes={"cue": "promised"})
    direct.refresh_from_db()
    before = {f.name: getattr(direct, f.name) for f in Quote._meta.concrete_fields}

    call_command(
        "extract", "--article", str(article.pk), "--model", str(cue_model), stdout=io.StringIO()
    )

    direct.refresh_from_db()
    assert {f.name: getattr(direct, f.name) for f in Quote._meta.concrete_fields} == before
    assert direct.extractor_version == extraction.EXTRACTOR_VERSION
    assert article.quotes.filter(cue="reproached").exists()


@pytest.mark.django_db
def test_decisions_become_cues_refused_cues_and_undecided_sentences():
    body = (
        "Ruiz accused the board of hiding the audit. Lund said the audit was late. "
        "Okafor noted that the vote was close."
    )
    article = ArticleFactory(body=body)
    QuoteFactory(
        article=article,
        text="the board of hiding the audit",
        cue="accused",
        status=ReviewStatus.APPROVED,
        added_by_hand=True,
    )
    QuoteFactory(
        article=article, text="the audit was late", cue="said", status=ReviewStatus.REJECTED
    )
    QuoteFactory(article=article, text="the vote was close", cue="noted")
    ArticleFactory()  # nothing decided: not a training text

    [text] = decisions_corpus()
    assert text.text == body and text.partial
    assert [body[s:e] for s, e in text.cues] == ["accused"]
    assert [body[s:e] for s, e in text.not_cues] == ["said"]
    assert [body[s:e] for s, e in text.unsure] == ["noted"]


def test_a_cue_is_located_next_to_its_quote_not_inside_it():
    body = "She said no. Later he said that nobody said anything."
    start = body.index("nobody")
    cue = body.index("he said that") + len("he ")
    assert locate_cue(body, "said", start, len(body) - 1) == (cue, cue + len("said"))
    assert locate_cue(body, "warned", start, len(body) - 1) is None


@pytest.mark.django_db
def test_train_from_decisions_saves_a_model(tmp_path, editor):
    for record in training_records()[:6]:
        article = ArticleFactory(body=record["text"])
        for gold in record["quotes"]:
            QuoteFactory(
                article=article,
                text=gold["quote"],
                cue=gold["cue"],
                kind="indirect",
                status=ReviewStatus.APPROVED,
            )
    out = tmp_path / "desk-model"
    printed = train("--from-decisions", "--out", str(out), "--epochs", "2", "--eval-frequency", "5")
    assert "training on 6 documents" in printed
    assert model_tag(extraction.load_nlp(str(out))) is not None


@pytest.mark.django_db
def test_train_from_decisions_with_nothing_decided_says_so(tmp_path):
    with pytest.raises(CommandError, match="nothing to learn from"):
        train("--from-decisions", "--out", str(tmp_path / "m"))


def test_a_missing_training_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing.jsonl"):
        train("--from-jsonl", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "m"))


def test_a_bad_json_line_is_named(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps(training_records()[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"docs.jsonl:2: not JSON"):
        train("--from-jsonl", str(source), "--out", str(tmp_path / "m"))


def test_cue_offsets_outside_the_text_are_named(tmp_path):
    record = training_records()[0]
    record["quotes"][0]["cue_end"] = len(record["text"]) + 5
    source = write_jsonl(tmp_path / "docs.jsonl", [record])
    with pytest.raises(CommandError, match=r"docs.jsonl:1: cue offsets"):
        train("--from-jsonl", str(source), "--out", str(tmp_path / "m"))


def test_training_never_replaces_a_directory_that_is_not_a_model(tmp_path):
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "todo.txt").write_text("keep me", encoding="utf-8")
    source = write_jsonl(tmp_path / "docs.jsonl", training_records()[:2])
    with pytest.raises(CommandError, match="is not a trained model"):
        train("--from-jsonl", str(source), "--out", str(keep))
    assert (keep / "todo.txt").read_text(encoding="utf-8") == "keep me"


def test_extract_with_a_directory_that_is_not_a_model_is_a_clear_error(tmp_path):
    source = write_jsonl(tmp_path / "docs.jsonl", [{"id": "a", "text": UNSEEN}])
    with pytest.raises(CommandError, match="is not a model directory"):
        call_command("extract", "--input-jsonl", str(source), "--model", str(tmp_path))
