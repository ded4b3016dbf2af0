"""Score the extraction against the shared evaluation data and print the scorer's tables.

    .venv/bin/python benchmarks/eval.py [--eval-dir DIR] [--predictions-dir DIR] [--model DIR]
                                        [--gold-cues]

Runs ``extract_many`` over dev.jsonl and seed.jsonl, writes the predictions to a temporary
directory (or --predictions-dir) and scores them: dev with default rules, dev with
``--kinds direct,mixed``, and seed with ``--speaker-rule name``. With ``--model DIR`` (a
pipeline made by ``manage.py train_extractor``) it scores the rules alone and the rules with
the trained cue finder, and ends with the two side by side. ``--gold-cues`` adds a run in
which the annotated cues of each document stand where a cue finder's would: they reach the
rules exactly as a model's cues do (a cue the word lists already handle is read by the rules),
so the run measures how well the content and speaker rules cut around a right cue, the
ceiling a perfect cue finder could reach with them. The data is not ours to ship,
so it is read from ``CLAIMS_EVAL_DIR`` (default: ``../shared/eval`` beside the repository).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from claims.extraction import (  # noqa: E402
    DEFAULT_MODEL,
    extract_many,
    extraction_to_json,
    extractor_version,
    load_nlp,
)
from claims.extraction.pipeline import DISABLED_COMPONENTS  # noqa: E402
from claims.extraction.quotes.learned import CUE_KEY  # noqa: E402

# The figures compared side by side with --model: (run title, summary key).
SIDE_BY_SIDE = (
    ("dev (all kinds)", "quote_p"),
    ("dev (all kinds)", "quote_r"),
    ("dev (all kinds)", "quote_f1"),
    ("dev --kinds direct,mixed", "quote_f1"),
    ("dev (all kinds)", "attribution_f1"),
    ("dev (all kinds)", "number_f1"),
    ("dev (all kinds)", "number_counted_acc"),
    ("seed --speaker-rule name", "attribution_f1"),
)


def eval_dir() -> Path:
    """Where the evaluation data lives: $CLAIMS_EVAL_DIR, else ../shared/eval."""
    default = (REPO / ".." / "shared" / "eval").resolve()
    return Path(os.environ.get("CLAIMS_EVAL_DIR", default))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# Annotated cue offsets by document text, read by the "gold_cues" component.
_GOLD_CUES: dict[str, list[tuple[int, int]]] = {}
GOLD_CUES = "gold cues"


@Language.component("gold_cues")
def _mark_gold_cues(doc: Doc) -> Doc:
    """Put the annotated cues of the document where a trained cue finder puts its cues. The
    document is found by its text, so a text parsed in chunks or with control characters
    blanked gets no cues (none of the dev texts is)."""
    spans = (doc.char_span(s, e, alignment_mode="expand") for s, e in _GOLD_CUES.get(doc.text, ()))
    doc.spans[CUE_KEY] = [span for span in spans if span is not None]
    return doc


def gold_cue_nlp(docs: list[dict]) -> Language:
    """The default pipeline, loaded apart from the cached one, marking the cues of `docs`."""
    for d in docs:
        _GOLD_CUES[d["text"]] = [
            (q["cue_start"], q["cue_end"])
            for q in d.get("quotes", [])
            if q.get("cue_start") is not None and q["cue_end"] > q["cue_start"]
        ]
    nlp = spacy.load(DEFAULT_MODEL, exclude=list(DISABLED_COMPONENTS))
    nlp.add_pipe("gold_cues", last=True)
    return nlp


def pipeline(model: str, docs: list[dict]) -> Language:
    return gold_cue_nlp(docs) if model == GOLD_CUES else load_nlp(model)


def predict(docs: list[dict], out: Path, model: str = DEFAULT_MODEL) -> float:
    """Write one prediction line per document to `out`; returns seconds taken."""
    nlp = pipeline(model, docs)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        found = extract_many((d["text"] for d in docs), nlp=nlp)
        for doc, extraction in zip(docs, found, strict=True):
            f.write(
                json.dumps(extraction_to_json(doc["id"], extraction), ensure_ascii=False) + "\n"
            )
    return time.perf_counter() - started


def run(score, directory: Path, out_dir: Path, model: str) -> dict:
    """Predict and score dev and seed with the pipeline `model`; returns each run's summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    label = "rules + annotated cues" if model == GOLD_CUES else extractor_version(load_nlp(model))
    print(f"\n#### {label} ({model})")
    runs = [
        ("dev.jsonl", "dev (all kinds)", {}),
        ("dev.jsonl", "dev --kinds direct,mixed", {"kinds": ["direct", "mixed"]}),
        ("seed.jsonl", "seed --speaker-rule name", {"speaker_rule": "name"}),
    ]
    predicted: dict[str, Path] = {}
    for name in ("dev.jsonl", "seed.jsonl"):
        pred = out_dir / f"pred-{name}"
        seconds = predict(read_jsonl(directory / name), pred, model)
        predicted[name] = pred
        print(f"predicted {name} in {seconds:.1f}s -> {pred}")
    summaries: dict[str, dict] = {}
    for name, title, options in runs:
        result = score.score(str(directory / name), str(predicted[name]), **options)
        print(f"\n== {title}")
        print(score.format_table(result))
        summary = score.summary_line(result)
        print(json.dumps(summary, sort_keys=True))
        summaries[title] = summary
    return summaries


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--eval-dir", type=Path, default=None, help="directory with dev.jsonl, seed.jsonl, score.py"
    )
    parser.add_argument("--predictions-dir", type=Path, default=None, help="keep predictions here")
    parser.add_argument(
        "--model", type=Path, default=None, help="a trained pipeline to score beside the rules"
    )
    parser.add_argument(
        "--gold-cues",
        action="store_true",
        help="also score the rules fed the annotated cues in place of a model's",
    )
    args = parser.parse_args(argv)
    directory = args.eval_dir or eval_dir()
    needed = [directory / name for name in ("dev.jsonl", "seed.jsonl", "score.py")]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        print(f"eval data missing: {', '.join(missing)} (set CLAIMS_EVAL_DIR)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(directory))
    import score  # the scorer ships with the data, not with us

    models = [DEFAULT_MODEL] + ([str(args.model.resolve())] if args.model else [])
    if args.gold_cues:
        models.append(GOLD_CUES)
    summaries: list[dict[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.predictions_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for n, model in enumerate(models):
            summaries.append(run(score, directory, out_dir / f"run{n}", model))
    if len(summaries) > 1:
        print("\n== side by side")
        heads = ["rules alone"] + ["rules + model"] * bool(args.model)
        heads += ["rules + gold cues"] * args.gold_cues
        print(f"{'':<46}" + "".join(f"{h:>19}" for h in heads))
        for title, key in SIDE_BY_SIDE:
            values = (_fmt(summary[title].get(key)) for summary in summaries)
            print(f"{title + ': ' + key:<46}" + "".join(f"{v:>19}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
