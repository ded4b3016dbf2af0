"""Score the extraction against the shared evaluation data and print the scorer's tables.

    .venv/bin/python benchmarks/eval.py [--eval-dir DIR] [--predictions-dir DIR] [--model DIR]

Runs ``extract_many`` over dev.jsonl and seed.jsonl, writes the predictions to a temporary
directory (or --predictions-dir) and scores them: dev with default rules, dev with
``--kinds direct,mixed``, and seed with ``--speaker-rule name``. With ``--model DIR`` (a
pipeline made by ``manage.py train_extractor``) it scores the rules alone and the rules with
the trained cue finder, and ends with the two side by side. The data is not ours to ship,
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

from claims.extraction import (  # noqa: E402
    DEFAULT_MODEL,
    extract_many,
    extraction_to_json,
    extractor_version,
    load_nlp,
)

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


def predict(docs: list[dict], out: Path, model: str = DEFAULT_MODEL) -> float:
    """Write one prediction line per document to `out`; returns seconds taken."""
    nlp = load_nlp(model)
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
    print(f"\n#### {extractor_version(load_nlp(model))} ({model})")
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
    summaries: list[dict[str, dict]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.predictions_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for n, model in enumerate(models):
            summaries.append(run(score, directory, out_dir / f"run{n}", model))
    if len(summaries) > 1:
        print("\n== side by side")
        print(f"{'':<46}{'rules alone':>14}{'rules + model':>16}")
        for title, key in SIDE_BY_SIDE:
            alone, learned = (_fmt(summary[title].get(key)) for summary in summaries)
            print(f"{title + ': ' + key:<46}{alone:>14}{learned:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
