"""Generic JSONL, CSV and Parquet dumps, with a column mapping; also reads our own records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from classifier.errors import InputError, not_text
from classifier.extract.source import json_id
from classifier.io import iter_rows
from classifier.records import TEXT_FIELDS, Comment, Reject
from classifier.text import clean_text


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield one comment per row. Rows without an id get ``<file stem>:<line>``.

    A row without a thread column forms a thread of its own. ``parent_text`` is
    filled from earlier rows of the file when the dump has parent ids but no texts.
    Malformed rows, rows without the text column and values that are not text are rejects.
    """
    columns = options.columns
    positions: dict[str, int] = defaultdict(int)
    texts: dict[str, str] | None = None
    for line, row in iter_rows(path, options.encoding, options.format):
        source = f"{path}:{line}"
        if isinstance(row, InputError):
            yield Reject(source, row.message)
            continue
        if columns.text not in row:
            yield Reject(source, f"no {columns.text!r} column (choose one with --text-col; "
                                 f"columns are {', '.join(map(str, row))})", json_id(row.get(columns.id)))
            continue
        if texts is None:
            texts = {} if columns.parent in row and columns.parent_text not in row else False
        record = _record(row, columns, path, line, source)
        if isinstance(record, Reject):
            yield record
            continue
        if record.position == 0:
            positions[record.thread_id] += 1
            record.position = positions[record.thread_id]
        if texts is not False:
            texts[record.id] = record.text
            if record.parent_id and record.parent_text is None:
                record.parent_text = texts.get(record.parent_id)
        if record.parent_id and not record.parent_method:
            record.parent_method = "export"
        yield record


MAPPED = (("id", "id"), ("parent_id", "parent"), ("thread_id", "thread"), ("author", "author"),
          ("timestamp", "timestamp"), ("article_title", "title"), ("parent_text", "parent_text"),
          ("label", "label"), ("text", "text"))  # (record field, ColumnMap attribute)
CHECKED = {f.name for f in fields(Comment)} - {"position", "confidence", "scores"}  # read as text


def _record(row: dict, columns, path: Path, line: int, source: str) -> Comment | Reject:
    mapped, names = dict(row), {}
    for field, attribute in MAPPED:
        column = getattr(columns, attribute)
        if column != field:
            mapped.pop(field, None)
        if column in row:
            mapped[field], names[field] = row[column], column
    for field in CHECKED & mapped.keys():
        reason = not_text(names.get(field, field), mapped[field], numbers=field not in TEXT_FIELDS)
        if reason:
            return Reject(source, reason, json_id(mapped.get("id")))
    mapped["text"] = clean_text(mapped["text"])
    if mapped.get("id") in (None, ""):
        mapped["id"] = f"{path.stem}:{line}"
    if mapped.get("thread_id") in (None, ""):
        mapped["thread_id"] = mapped["id"]
    mapped["source"] = mapped.get("source") or source
    try:
        return Comment.from_row(mapped)
    except (TypeError, ValueError) as error:
        return Reject(source, f"cannot read row: {error}", str(mapped["id"]))
