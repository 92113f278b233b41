"""Reading and writing comment records as JSONL, CSV or Parquet (chosen by extension)."""

from __future__ import annotations

import codecs
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from classifier.errors import InputError, kind_of
from classifier.records import Comment

RECORD_SUFFIXES = (".jsonl", ".csv", ".parquet")

csv.field_size_limit(sys.maxsize)


def suffix_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".json", ".ndjson"):
        return ".jsonl"
    return suffix


def text_codec(encoding: str) -> str:
    """The codec for reading text in ``encoding``: UTF-8 also accepts a leading byte order mark."""
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


def read_rows(path: str | Path, encoding: str | None = None, fmt: str | None = None) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, row)`` for every row of a JSONL, CSV or Parquet file.

    Args:
        path: the file; its suffix gives the format unless ``fmt`` is given.
        encoding: the text encoding of JSONL and CSV files (a byte-order mark is allowed) that the
            user chose; None for files that must be UTF-8, such as records (an error then says to
            convert the file rather than to pass ``--encoding``).
        fmt: ``'jsonl'``, ``'csv'`` or ``'parquet'`` to override the suffix.

    Returns:
        An iterator of ``(line number, row dict)``. A malformed row raises :class:`InputError` naming
        the file and line (:func:`iter_rows` yields it instead, for skip modes).
    """
    for line, row in iter_rows(path, encoding, fmt):
        if isinstance(row, InputError):
            raise row
        yield line, row


def iter_rows(path: str | Path, encoding: str | None = None,
              fmt: str | None = None) -> Iterator[tuple[int, dict | InputError]]:
    """Like :func:`read_rows`, but a malformed row comes as an :class:`InputError` in its place
    and reading goes on; problems with the whole file (cannot open, cannot decode) still raise."""
    path = Path(path)
    suffix = f".{fmt}" if fmt else suffix_of(path)
    if suffix == ".parquet":
        yield from _read_parquet(path)
        return
    if suffix not in (".jsonl", ".csv"):
        raise InputError(path, f"cannot read records from {path.suffix or 'a file without suffix'}"
                         " (use .jsonl, .csv or .parquet)")
    try:
        handle = open(path, encoding=text_codec(encoding or "utf-8"), newline="")
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror}") from None
    with handle:
        try:
            if suffix == ".jsonl":
                for line, raw in enumerate(handle, start=1):
                    if raw.strip():
                        yield line, _parse_json_line(path, line, raw)
            else:
                yield from _csv_rows(path, handle)
        except UnicodeError as error:
            raise decode_error(path, encoding, error) from None


def _csv_rows(path: Path, handle) -> Iterator[tuple[int, dict | InputError]]:
    reader = csv.DictReader(handle, strict=True)  # strict: a quote never closed is an error, not the rest of the file
    try:
        reader.fieldnames  # the header first, so that a row's error is not put on line 1
    except csv.Error as error:
        raise InputError(path, f"malformed CSV header: {error}", 1) from None
    while True:
        read_up_to = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                yield read_up_to + 1, InputError(path, "malformed CSV: a quoted field opened on this line is never "
                                                       "closed, so the rest of the file could not be read",
                                                 read_up_to + 1)
            else:
                yield reader.line_num, InputError(path, f"malformed CSV: {error}", reader.line_num)
            continue
        if None in row:
            yield reader.line_num, InputError(path, "row has more fields than the header", reader.line_num)
        elif None in row.values():
            filled = sum(value is not None for value in row.values())
            yield reader.line_num, InputError(path, f"row has fewer fields than the header ({filled} of {len(row)})",
                                              reader.line_num)
        else:
            yield reader.line_num, row


def decode_error(path: Path, encoding: str | None, error: UnicodeError, line: int | None = None) -> InputError:
    """The error for a file that does not decode in ``encoding`` (UTF-8 when None, for files that
    must be UTF-8), naming the ``line`` of the first bytes that do not (found by reading the file
    again when not given) and what to do about it."""
    what = (f"not valid {encoding or 'UTF-8'} ({error.reason})" if isinstance(error, UnicodeDecodeError)
            else f"cannot decode as {encoding or 'UTF-8'} ({error})")  # e.g. UTF-16 without a byte order mark
    remedy = "pass --encoding" if encoding else "convert it to UTF-8"
    return InputError(path, f"{what}; {remedy}", line or undecodable_line(path, text_codec(encoding or "utf-8")))


def undecodable_line(path: Path, codec: str) -> int:
    """The line holding the first bytes that do not decode (found again, line by line: a text
    stream decodes ahead in blocks, so it cannot tell)."""
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                line += decoder.decode(raw).count("\n")
            except UnicodeError:  # undecodable bytes, or a UTF-16 stream without a byte order mark
                break
    return line


def _parse_json_line(path: Path, line: int, raw: str) -> dict | InputError:
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as error:
        return InputError(path, f"invalid JSON: {error.msg} column {error.colno}", line)
    except RecursionError:
        return InputError(path, "JSON nested too deeply to read", line)
    if not isinstance(row, dict):
        return InputError(path, f"expected a JSON object, found {kind_of(row)}", line)
    return row


def _read_parquet(path: Path) -> Iterator[tuple[int, dict]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a readable Parquet file: {error}") from None
    row_number = 0
    batches = parquet.iter_batches(batch_size=4096)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (OSError, ValueError) as error:  # pyarrow's errors derive from these
            reason = " ".join(str(error).split())
            raise InputError(path, f"damaged Parquet file, rows after {row_number} unreadable: {reason}",
                             row_number + 1) from None
        for row in batch.to_pylist():
            row_number += 1
            yield row_number, row


def read_records(path: str | Path, labels: Sequence[str] | None = None) -> Iterator[Comment]:
    """Stream :class:`Comment` records from a file that ``write_records`` wrote; with ``labels``, a
    record labelled with anything else is an error naming its line."""
    for line, row in read_rows(path):
        try:
            comment = Comment.from_row(row)
        except (TypeError, ValueError) as error:
            raise InputError(path, f"not a comment record: {error}", line) from None
        if comment.text is None:
            raise InputError(path, "not a comment record: its text is empty", line)
        if labels is not None and comment.label is not None and comment.label not in labels:
            raise InputError(path, f"label {comment.label!r} is not one of {', '.join(labels)}", line)
        yield comment


def read_all(paths: Iterable[str | Path]) -> list[Comment]:
    """All records of several files, in order."""
    return [comment for path in paths for comment in read_records(path)]


def read_yaml(path: str | Path, what: str):
    """The YAML document in ``path`` and its node tree (whose marks give line numbers; None for an
    empty file). An unreadable file, one that is not UTF-8 or not YAML is an error naming the file
    (and the line) and ``what`` it should be."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
        return yaml.safe_load(text), yaml.compose(text)
    except OSError as error:
        raise InputError(path, f"cannot read {what}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(path, f"not a text file (not valid UTF-8): a {what} is YAML") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, f"not valid YAML ({getattr(error, 'problem', None) or error})",
                         mark.line + 1 if mark else None) from None


def rejects_path(output: str | Path, rejects: str | Path | None = None) -> Path:
    """Where rejected items go: ``rejects`` if given, else OUT's stem with ``.rejects.jsonl``."""
    output = Path(output)
    return Path(rejects) if rejects else output.with_name(output.stem + ".rejects.jsonl")


def check_outputs(output: str | Path, rejects: str | Path | None = None,
                  inputs: Iterable[str | Path] = ()) -> tuple[Path, Path]:
    """The output and rejects paths, refused before any work when they cannot be written, would
    overwrite each other or one of ``inputs``; the rejects default to OUT with ``.rejects.jsonl``."""
    output = check_output(output)
    rejects = check_output(rejects_path(output, rejects), "rejects")
    if output.resolve() == rejects.resolve():
        raise InputError(rejects, "the rejects file (--rejects) must differ from the output (-o)")
    read = {Path(path).resolve() for path in inputs}
    for path, option in ((output, "-o"), (rejects, "--rejects")):
        if path.resolve() in read:
            raise InputError(path, f"is an input; writing it ({option}) would destroy it")
    return output, rejects


def metrics_json(data) -> str:
    """``data`` as indented JSON, numpy numbers as floats and every NaN (a figure that does not exist,
    such as the F1 of a label absent from the test comments) as null, which strict readers accept."""

    def finite(value):
        if isinstance(value, dict):
            return {key: finite(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [finite(item) for item in value]
        if hasattr(value, "item"):  # a numpy scalar
            value = value.item()
        return None if isinstance(value, float) and value != value else value

    return json.dumps(finite(data), indent=2, allow_nan=False)


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary sibling, flush it to disk, then rename it over ``path``."""
    path = Path(path)
    staging = _staging(path)
    with open(staging, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, path)


def _staging(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def check_output(path: str | Path, what: str = "output", suffixes: Sequence[str] = RECORD_SUFFIXES) -> Path:
    """Refuse, before any work, an output path with none of ``suffixes`` or that cannot be written."""
    path = Path(path)
    if suffix_of(path) not in suffixes and path.suffix.lower() not in suffixes:
        named = ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]
        raise InputError(path, f"{what} must end in {named}")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    return _check_writable(path, path.parent)


def check_folder(path: str | Path) -> Path:
    """Refuse, before any work, an output folder that is a file or cannot be created."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(path, "is a file, not a folder")
    return _check_writable(path, path)


def _check_writable(path: Path, folder: Path) -> Path:
    """Check that ``path`` can be written in ``folder``: its nearest existing ancestor is a folder
    that takes new files."""
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(path, f"cannot write under {folder}: not a folder")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise InputError(path, f"cannot write in {folder} ({error.strerror})") from None
    return path


def read_datasets(paths: Iterable[str | Path], labels: Sequence[str] | None = None) -> list[Comment]:
    """All records of several files; a record without a ``dataset`` takes its file's stem. With
    ``labels``, a record labelled with anything else is an error naming its file and line."""
    records = []
    for path in paths:
        for comment in read_records(path, labels):
            comment.dataset = comment.dataset or Path(path).stem
            records.append(comment)
    return records


class RowWriter:
    """Writes dict rows to JSONL, CSV or Parquet; a context manager. The file appears, complete,
    when the block ends without an error (it is written to a temporary sibling until then)."""

    def __init__(self, path: str | Path, columns: list[str] | None = None):
        self.path = check_output(path)
        self.suffix = suffix_of(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.staging = _staging(self.path)
        self.columns = columns
        self.count = 0
        self._handle = None
        self._csv = None
        self._parquet = None

    def __enter__(self) -> "RowWriter":
        if self.suffix != ".parquet":
            self._handle = open(self.staging, "w", encoding="utf-8", newline="")
        return self

    def write(self, rows: Iterable[dict]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.columns is None:
            self.columns = _columns_of(rows)
        self.count += len(rows)
        if self.suffix == ".jsonl":
            for row in rows:
                self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.suffix == ".csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self._handle, fieldnames=self.columns, extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerows({k: _flat_cell(v) for k, v in row.items()} for row in rows)
        else:
            self._write_parquet(rows)

    def _write_parquet(self, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(self.columns)
        table = pa.Table.from_pylist([{c: _flat_cell(row.get(c)) for c in self.columns} for row in rows],
                                     schema=schema)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.staging, schema)
        self._parquet.write_table(table)

    def __exit__(self, *exc) -> None:
        try:
            self._close(complete=exc[0] is None)
        except BaseException:
            self.staging.unlink(missing_ok=True)
            raise
        if exc[0] is None:
            os.replace(self.staging, self.path)
        else:
            self.staging.unlink(missing_ok=True)

    def _close(self, complete: bool) -> None:
        if complete and self.suffix == ".csv" and self._csv is None and self.columns:  # no rows: the header alone
            csv.DictWriter(self._handle, fieldnames=self.columns).writeheader()
        if self._handle:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        if self._parquet:
            self._parquet.close()
        elif self.suffix == ".parquet" and complete:
            _write_empty_parquet(self.staging, self.columns or [])


def _columns_of(rows: list[dict]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _flat_cell(value):
    """Nested values become JSON text in CSV and Parquet cells."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    def arrow_type(column: str):
        if column == "position":
            return pa.int64()
        if column == "confidence" or column.startswith("p_"):
            return pa.float64()
        return pa.string()

    return pa.schema([(c, arrow_type(c)) for c in columns])


def _write_empty_parquet(path: Path, columns: list[str]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(_arrow_schema(columns).empty_table(), path)


def record_columns(records: list[Comment]) -> list[str]:
    """Columns for a list of records: the record fields, then one per score label."""
    columns = [k for k in Comment.__dataclass_fields__ if k != "scores"]
    labels = {label: None for r in records for label in (r.scores or {})}
    return columns + [f"p_{label}" for label in labels]


def write_records(path: str | Path, records: Iterable[Comment]) -> int:
    """Write records to ``path`` (format by extension); returns how many were written."""
    records = list(records)
    with RowWriter(path, record_columns(records)) as writer:
        writer.write(r.to_row() for r in records)
    return writer.count


def write_rejects(path: str | Path, rejects: Iterable) -> int:
    """Write :class:`~classifier.records.Reject` items as JSONL (or CSV by extension); with none,
    remove the rejects file that an earlier run may have left at ``path``. Returns how many."""
    rejects = list(rejects)
    if not rejects:
        Path(path).unlink(missing_ok=True)
        return 0
    with RowWriter(path, ["source", "reason", "id", "text"]) as writer:
        writer.write(r.to_row() for r in rejects)
    return writer.count


def to_dataset(records: Iterable[Comment]):
    """A Hugging Face ``datasets.Dataset`` with one row per record (scores as p_ columns)."""
    import datasets

    records = list(records)
    columns = record_columns(records)
    return datasets.Dataset.from_list([{c: r.to_row().get(c) for c in columns} for r in records])


def from_dataset(dataset) -> list[Comment]:
    """Records back from a dataset made by :func:`to_dataset`."""
    return [Comment.from_row(row) for row in dataset]
