"""Quotes: direct (in quotation marks), mixed (partly quoted) and indirect (reported speech).

Two sources meet here. Cue-driven: a reporting verb ("said", "told", "according to") and the
clause it governs (its ``ccomp``) give reported speech, whose content may contain quoted words.
Region-driven: a stretch in quotation marks that no reporting verb governs is attributed from
the words around it ("... ," he said), from the other half of a split quote, or from the person
the paragraph is about. Both produce drafts; speakers are resolved afterwards in document order,
so that "he" means the person most recently talked about.

The package follows those sources: marks.py finds the quotation marks, cues.py the reporting
verbs and their speakers, reported.py the cue-driven drafts, direct.py the region-driven ones,
and finder.py resolves speakers and returns the candidates.
"""

from .finder import find_quotes
from .marks import Region, find_regions

__all__ = ["Region", "find_quotes", "find_regions"]
