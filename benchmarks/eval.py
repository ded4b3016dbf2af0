"""Score the extraction against the shared evaluation data and print the scorer's tables.

    .venv/bin/python benchmarks/eval.py [--eval-dir DIR] [--predictions-dir DIR]

Runs ``extract_many`` over dev.jsonl and seed.jsonl, writes the predictions to a temporary
directory (or --predictions-dir) and scores them: dev with default rules, dev with
``--kinds direct,mixed``, and seed with ``--speaker-rule name``. The data is not ours to ship,
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

from claims.extraction import extract_many, extraction_to_json, load_nlp  # noqa: E402


def eval_dir() -> Path:
    """Where the evaluation data lives: $CLAIMS_EVAL_DIR, else ../shared/eval."""
    default = (REPO / ".." / "shared" / "eval").resolve()
    return Path(os.environ.get("CLAIMS_EVAL_DIR", default))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def predict(docs: list[dict], out: Path) -> float:
    """Write one prediction line per document to `out`; returns seconds taken."""
    nlp = load_nlp()
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        found = extract_many((d["text"] for d in docs), nlp=nlp)
        for doc, extraction in zip(docs, found, strict=True):
            f.write(
                json.dumps(extraction_to_json(doc["id"], extraction), ensure_ascii=False) + "\n"
            )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--eval-dir", type=Path, default=None, help="directory with dev.jsonl, seed.jsonl, score.py"
    )
    parser.add_argument("--predictions-dir", type=Path, default=None, help="keep predictions here")
    args = parser.parse_args(argv)
    directory = args.eval_dir or eval_dir()
    needed = [directory / name for name in ("dev.jsonl", "seed.jsonl", "score.py")]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        print(f"eval data missing: {', '.join(missing)} (set CLAIMS_EVAL_DIR)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(directory))
    import score  # the scorer ships with the data, not with us

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.predictions_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        runs = [
            ("dev.jsonl", "dev (all kinds)", {}),
            ("dev.jsonl", "dev --kinds direct,mixed", {"kinds": ["direct", "mixed"]}),
            ("seed.jsonl", "seed --speaker-rule name", {"speaker_rule": "name"}),
        ]
        predicted: dict[str, Path] = {}
        for name in ("dev.jsonl", "seed.jsonl"):
            pred = out_dir / f"pred-{name}"
            seconds = predict(read_jsonl(directory / name), pred)
            predicted[name] = pred
            print(f"predicted {name} in {seconds:.1f}s -> {pred}")
        for name, title, options in runs:
            result = score.score(str(directory / name), str(predicted[name]), **options)
            print(f"\n== {title}")
            print(score.format_table(result))
            print(json.dumps(score.summary_line(result), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
