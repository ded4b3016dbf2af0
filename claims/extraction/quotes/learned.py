"""Cues marked by a trained cue finder (see ``claims.extraction.training``), read from the Doc.

Without a trained model the Doc has no such spans and extraction is the rules alone.
"""

from __future__ import annotations

from spacy.tokens import Doc

# The span group the cue finder writes; spaCy's spancat keeps its scores in the group's attrs.
CUE_KEY = "cues"


def learned_cues(doc: Doc) -> dict[int, float]:
    """Token index -> score of each cue word the trained cue finder marked in `doc`."""
    if CUE_KEY not in doc.spans:
        return {}
    group = doc.spans[CUE_KEY]
    scores = group.attrs.get("scores")
    found: dict[int, float] = {}
    for n, span in enumerate(group):
        score = float(scores[n].max()) if scores is not None and len(scores) > n else 1.0
        found[span.root.i] = max(score, found.get(span.root.i, 0.0))
    return found
