"""Generic JSONL, CSV and Parquet dumps, with a column mapping; also reads our own records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from classifier.errors import InputError
from classifier.io import read_rows
from classifier.records import Comment, Reject
from classifier.text import clean_text


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield one comment per row. Rows without an id get ``<file stem>:<line>``.

    A row without a thread column forms a thread of its own. ``parent_text`` is
    filled from earlier rows of the file when the dump has parent ids but no texts.
    """
    columns = options.columns
    positions: dict[str, int] = defaultdict(int)
    texts: dict[str, str] | None = None
    for line, row in read_rows(path, options.encoding, options.format):
        source = f"{path}:{line}"
        if columns.text not in row:
            raise InputError(path, f"no {columns.text!r} column (choose one with --text-col; "
                                   f"columns are {', '.join(map(str, row))})", line)
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


def _record(row: dict, columns, path: Path, line: int, source: str) -> Comment | Reject:
    text = row.get(columns.text)
    mapped = dict(row)
    for field, column in (("id", columns.id), ("parent_id", columns.parent), ("thread_id", columns.thread),
                          ("author", columns.author), ("timestamp", columns.timestamp),
                          ("article_title", columns.title), ("parent_text", columns.parent_text),
                          ("label", columns.label)):
        if column != field:
            mapped.pop(field, None)
        if column in row:
            mapped[field] = row[column]
    mapped["text"] = clean_text(text if isinstance(text, str) else ("" if text is None else str(text)))
    mapped.setdefault("id", None)
    if mapped["id"] in (None, ""):
        mapped["id"] = f"{path.stem}:{line}"
    if mapped.get("thread_id") in (None, ""):
        mapped["thread_id"] = mapped["id"]
    mapped["source"] = mapped.get("source") or source
    try:
        return Comment.from_row(mapped)
    except (TypeError, ValueError) as error:
        return Reject(source, f"cannot read row: {error}", str(mapped["id"]))
