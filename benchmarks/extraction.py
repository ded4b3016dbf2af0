"""How much the finders cost on top of spaCy's own parse.

    .venv/bin/python benchmarks/extraction.py [--json] [--rounds N] [--limit N]

Over the dev texts, in one process: words per second of a bare ``nlp.pipe`` (same model, same
components) and of ``extract_many``, alternating the two for several rounds so that noise from
other work on the machine hits both; the best round of each is kept. ``ratio`` is
extract/raw (1.0 means the finders are free). Peak RSS is the process maximum.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claims.extraction import extract_many, load_nlp  # noqa: E402


def eval_dir() -> Path:
    default = (REPO / ".." / "shared" / "eval").resolve()
    return Path(os.environ.get("CLAIMS_EVAL_DIR", default))


def load_texts(limit: int | None) -> list[str]:
    path = eval_dir() / "dev.jsonl"
    if not path.is_file():
        raise SystemExit(f"eval data missing: {path} (set CLAIMS_EVAL_DIR)")
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return texts[:limit] if limit else texts


def time_raw(nlp, texts: list[str]) -> float:  # noqa: ANN001 - spaCy Language
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def time_extract(nlp, texts: list[str]) -> float:  # noqa: ANN001 - spaCy Language
    started = time.perf_counter()
    for _ in extract_many(texts, nlp=nlp, batch_size=16):
        pass
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    args = parser.parse_args(argv)

    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    time_raw(nlp, texts[:20])  # warm up both paths once
    time_extract(nlp, texts[:20])
    raw_times, extract_times = [], []
    for n in range(args.rounds):
        if n % 2 == 0:
            raw_times.append(time_raw(nlp, texts))
            extract_times.append(time_extract(nlp, texts))
        else:
            extract_times.append(time_extract(nlp, texts))
            raw_times.append(time_raw(nlp, texts))
    raw = words / min(raw_times)
    extract = words / min(extract_times)
    result = {
        "raw_words_per_s": round(raw, 1),
        "extract_words_per_s": round(extract, 1),
        "ratio": round(extract / raw, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"texts: {len(texts)}, words: {words}, rounds: {args.rounds}")
    print(f"components: {nlp.pipe_names}")
    rows = [
        ("bare nlp.pipe", result["raw_words_per_s"], raw_times),
        ("extract_many", result["extract_words_per_s"], extract_times),
    ]
    for name, rate, times in rows:
        seconds = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name:<20} {rate:>10.1f} words/s  (seconds per round: {seconds})")
    print(f"{'ratio extract/raw':<20} {result['ratio']:>10.3f}  (target >= 0.85)")
    print(f"{'peak RSS':<20} {result['peak_rss_mb']:>10.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
