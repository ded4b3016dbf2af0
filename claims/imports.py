"""Reading a bulk import file (JSON Lines or CSV, one article a row) into rows; no writes here.

A file that cannot be read at all (not UTF-8, no usable columns) raises `UnreadableFile`; a row
that cannot be read is returned with its problem, so the rest of the file still goes in.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import PurePath

# The columns (CSV) or keys (JSON) a row may have, and the other names they go by in exports.
COLUMNS = ("text", "url", "title", "outlet", "published", "byline")
ALIASES = {
    "body": "text",
    "link": "url",
    "headline": "title",
    "published_on": "published",
    "date": "published",
    "author": "byline",
}
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Article texts are longer than the csv module's default field limit (128 KiB); the article
# length limit is enforced per row, with a message, when the row is stored.
CSV_FIELD_LIMIT = 64 * 1024 * 1024


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based: the line of a JSON Lines file, the record after a CSV's header
    fields: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # why the row could not be read; empty when it could


def read_rows(data: bytes, *, name: str, fmt: str = "") -> list[Row]:
    """Every row of the file `name` (its bytes `data`), in order. `fmt` is "jsonl" or "csv";
    empty, the file name's suffix decides, and failing that its first character."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{name} is not UTF-8 text (byte {exc.start:,} cannot be read); save it as UTF-8."
        ) from None
    if not fmt:
        suffix = PurePath(name).suffix.lower()
        if suffix in JSONL_SUFFIXES:
            fmt = "jsonl"
        elif suffix == ".csv":
            fmt = "csv"
        else:
            fmt = "jsonl" if text.lstrip().startswith("{") else "csv"
    return _jsonl_rows(text) if fmt == "jsonl" else _csv_rows(text, name)


def _column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    return ALIASES.get(key, key)


def _jsonl_rows(text: str) -> list[Row]:
    rows = []
    # Lines end at \n (and \r\n) only: str.splitlines() would also cut at U+2028 and the like,
    # which JSON strings may hold as they are.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(Row(number, problem=f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(value, dict):
            rows.append(Row(number, problem="not a JSON object with text or url"))
            continue
        fields, problem = {}, ""
        for key, item in value.items():
            column = _column(str(key))
            if column not in COLUMNS:
                continue
            if isinstance(item, (dict, list)):
                problem = f"{key!r} must be a string, not a JSON {type(item).__name__}"
            elif item is not None:
                fields[column] = item if isinstance(item, str) else json.dumps(item)
        rows.append(Row(number, fields) if not problem else Row(number, problem=problem))
    return rows


def _csv_rows(text: str, name: str) -> list[Row]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile(f"{name} is empty.") from None
    except csv.Error as exc:
        raise UnreadableFile(f"{name} is not a CSV file ({exc}).") from None
    columns = [_column(cell) for cell in header]
    if "text" not in columns and "url" not in columns:
        found = ", ".join(repr(cell) for cell in header[:10]) or "none"
        raise UnreadableFile(
            f"{name} has no 'text' or 'url' column (its first line names {found}); the columns "
            f"are {', '.join(COLUMNS)}."
        )
    rows = []
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(Row(number, problem=f"not valid CSV ({exc})"))
            continue
        if not any(cell.strip() for cell in cells):
            number -= 1  # blank lines are not rows
            continue
        if len(cells) > len(columns):
            rows.append(Row(number, problem=f"{len(cells)} cells for {len(columns)} columns"))
            continue
        fields = {c: v for c, v in zip(columns, cells, strict=False) if c in COLUMNS and v}
        rows.append(Row(number, fields))
    return rows
