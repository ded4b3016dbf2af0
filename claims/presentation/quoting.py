"""How quoted words and short descriptions are written back to people: marks and parentheses
added once, never twice, and long text cut between words."""

# Marks a quotation opens and closes with, straight and typographic, as the extractor finds
# them (claims.extraction.quotes.marks); a direct quote's span usually includes them.
OPENING_MARKS = frozenset("“\"«„‘'`‹")
CLOSING_MARKS = frozenset("”\"»“’'›")
# What may follow the closing mark inside a span: "…step,” said" ends on the comma's mark, but
# a span cut after the sentence keeps a full stop behind the mark.
_TRAILING = ".,;:!?"
ELLIPSIS = "…"


def in_quotation_marks(text: str) -> bool:
    """Whether `text` already opens and closes with quotation marks, so adding a pair (a <q>
    element, “…” around it) would show two."""
    text = text.strip()
    closing = text.rstrip(_TRAILING)
    return len(closing) >= 2 and text[0] in OPENING_MARKS and closing[-1] in CLOSING_MARKS


def quoted(text: str, limit: int) -> str:
    """`text` shortened to `limit` (`shorten`), in typographic quotation marks unless it
    carries its own."""
    short = shorten(text, limit)
    return short if in_quotation_marks(text) else f"“{short}”"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis.

    Cutting at a fixed count ends a notice in the middle of a word ("Approved: “We will take
    every necess”"); here the last whole word that fits is kept. A single word longer than the
    limit is cut inside it, as nothing better fits.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    cut = text[: room + 1]
    space = cut.rfind(" ")
    kept = cut[:space] if space > 0 else text[:room]
    return kept.rstrip(" ,;:.-–—") + ELLIPSIS


def in_parentheses(text: str) -> str:
    """`text` in one pair of parentheses: "(D-Mo.)" stays as it is, "D-Mo." gets them."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return f"({text})" if text else ""
