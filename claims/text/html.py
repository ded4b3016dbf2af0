"""HTML pages to the plain text Claim Desk stores (trafilatura)."""

import trafilatura


def html_to_text(html: str) -> str:
    """The article text of an HTML page (trafilatura), one blank line between paragraphs."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def html_title(html: str) -> str:
    metadata = trafilatura.extract_metadata(html)
    return (metadata.title or "") if metadata else ""
