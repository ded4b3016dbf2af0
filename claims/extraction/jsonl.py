"""The JSONL line the ``extract`` command writes and the evaluation scorer reads."""

from __future__ import annotations

from typing import Any

from .types import Extraction


def extraction_to_json(doc_id: str, extraction: Extraction) -> dict[str, Any]:
    """One JSON-ready dict for `extraction` of the document `doc_id`."""
    quotes = [
        {
            "quote": q.text,
            "quote_start": q.span.start,
            "quote_end": q.span.end,
            "speaker": q.speaker,
            "speaker_start": q.speaker_span.start if q.speaker_span else None,
            "speaker_end": q.speaker_span.end if q.speaker_span else None,
            "kind": q.kind,
            "cue": q.cue,
        }
        for q in extraction.quotes
    ]
    numbers = []
    for n in extraction.numbers:
        row: dict[str, Any] = {
            "text": n.text,
            "start": n.span.start,
            "end": n.span.end,
            "value": n.value,
            "lower": n.lower,
            "upper": n.upper,
            "qualifier": n.qualifier,
            "counted": n.counted,
            "unit": n.unit,
            "claimant": n.claimant,
        }
        if n.value is None and n.lower is not None and n.upper is not None:
            row["value_range"] = [n.lower, n.upper]
        numbers.append(row)
    return {"id": doc_id, "quotes": quotes, "numbers": numbers}
