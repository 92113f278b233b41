"""Turning raw comment dumps into one stream of :class:`~classifier.records.Comment` records.

Each format module has a ``parse(path, options)`` generator yielding comments and
:class:`~classifier.records.Reject` items; :func:`extract` picks the format and
applies the checks shared by every format (empty or oversized comments).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from classifier.errors import InputError
from classifier.records import Comment, Reject

FORMATS = ("blogger", "disqus", "wxr", "reddit", "jsonl", "csv", "parquet")


@dataclass
class ColumnMap:
    """Which columns of a generic JSONL/CSV dump hold which comment fields."""

    text: str = "text"
    id: str = "id"
    parent: str = "parent_id"
    thread: str = "thread_id"
    author: str = "author"
    timestamp: str = "timestamp"
    title: str = "article_title"
    parent_text: str = "parent_text"
    label: str = "label"


@dataclass
class ExtractOptions:
    """How to read dumps: forced format, text encoding, column mapping, size limit."""

    format: str | None = None
    encoding: str = "utf-8"
    columns: ColumnMap = field(default_factory=ColumnMap)
    max_chars: int = 20_000

    def __post_init__(self):
        try:
            io.TextIOWrapper(io.BytesIO(), encoding=self.encoding)  # unknown codecs and non-text ones (rot13)
        except LookupError:
            raise ValueError(f"unknown text encoding {self.encoding!r}") from None
        if self.max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, not {self.max_chars}")


@dataclass
class Extraction:
    """What came out of a set of dumps: comments, rejects, and how many items were read."""

    comments: list[Comment] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def read(self) -> int:
        return len(self.comments) + len(self.rejects)

    def summary(self) -> str:
        return f"read {self.read}, extracted {len(self.comments)}, rejected {len(self.rejects)}"

    def duplicate_warning(self) -> str | None:
        """A warning when comment ids repeat (all are kept, but gold labels and reports join on id)."""
        counts = Counter(c.id for c in self.comments)
        repeated = [comment_id for comment_id, n in counts.items() if n > 1]
        if not repeated:
            return None
        return (f"warning: {len(repeated)} ids appear more than once (first: {', '.join(repeated[:3])}); all such "
                "comments are kept, but gold labels and reports join comments on id")


def detect_format(path: str | Path) -> str:
    """Guess a dump's format from its suffix and its first bytes or, for XML, its root element."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    if suffix in (".txt", ".html", ".htm"):
        return "blogger"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror}") from None
    if suffix == ".xml" or head.startswith("<"):
        root = _root_element(path)
        if root in XML_ROOTS:
            return XML_ROOTS[root]
        if root is None and ("<html" in head.lower() or "<!doctype html" in head.lower()):
            return "blogger"
        if root is None:
            from classifier.extract.xml import parse_xml

            parse_xml(path)  # raises the syntax error, located
        raise InputError(path, f"XML with root <{root or '?'}>, neither a Disqus nor a WordPress (WXR) export")
    if suffix == ".json" or head.startswith(("[", "{")):
        return "reddit"
    raise InputError(path, "cannot tell the dump's format; pass --format " + "|".join(FORMATS))


XML_ROOTS = {"disqus": "disqus", "rss": "wxr", "html": "blogger"}


def _root_element(path: Path) -> str | None:
    """The lower-case local name of an XML file's root element, past any declaration, doctype and
    comments; None if the file is not XML that far."""
    from lxml import etree

    try:
        for _, element in etree.iterparse(str(path), events=("start",), resolve_entities=False,
                                          no_network=True, huge_tree=True):
            return etree.QName(element).localname.lower()
    except etree.XMLSyntaxError:
        pass
    return None


def extract(path: str | Path, options: ExtractOptions | None = None) -> Iterator[Comment | Reject]:
    """Yield the comments (and rejects) of one dump, in thread order.

    Args:
        path: a Blogger page, Disqus or WordPress WXR export, Reddit JSON, or a JSONL/CSV/Parquet dump.
        options: forced format, encoding, column mapping and size limit; detected/defaults when None.

    Returns:
        An iterator of :class:`Comment` records and, for items that cannot become one, :class:`Reject`
        items naming the file:line and the reason. Raises :class:`InputError` for an unreadable file.
    """
    from classifier.extract import blogger, disqus, reddit, tabular, wxr

    options = options or ExtractOptions()
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a directory, not a dump file")
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a regular file")
    fmt = options.format or detect_format(path)
    parsers = {"blogger": blogger.parse, "disqus": disqus.parse, "wxr": wxr.parse,
               "reddit": reddit.parse, "jsonl": tabular.parse, "csv": tabular.parse,
               "parquet": tabular.parse}
    if fmt not in parsers:
        raise InputError(path, f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    for item in parsers[fmt](path, options):
        yield _checked(item, options.max_chars)


def _checked(item: Comment | Reject, max_chars: int) -> Comment | Reject:
    if isinstance(item, Reject):
        return replace(item, id=_escaped(item.id), text=_escaped(item.text))
    unencodable = next((f.name for f in fields(item) if not _encodable(getattr(item, f.name))), None)
    if unencodable:
        return Reject(item.source or "?", f"{unencodable} is not valid Unicode (it holds a lone surrogate, "
                                          "such as the JSON escape \\ud800 alone)", _escaped(item.id))
    if not (item.text or "").strip():
        return Reject(item.source or "?", "empty comment", item.id)
    if len(item.text) > max_chars:
        return Reject(item.source or "?", f"comment too long ({len(item.text)} characters, limit {max_chars})",
                      item.id, item.text[:200])
    return item


def _encodable(value) -> bool:
    """False for text that cannot be written as UTF-8 (lone surrogates from JSON escapes)."""
    if not isinstance(value, str) or value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(value: str | None) -> str | None:
    """Text safe to write, lone surrogates shown as escapes (for rejects, which keep what was read)."""
    return value if _encodable(value) else value.encode("utf-8", "backslashreplace").decode("utf-8")


def extract_all(paths: Iterable[str | Path], options: ExtractOptions | None = None,
                on_error: str = "fail") -> Extraction:
    """Extract several dumps.

    Args:
        paths: dump files, read in order.
        options: as for :func:`extract`.
        on_error: ``'fail'`` raises an :class:`InputError` at the first reject; ``'skip'`` collects them.

    Returns:
        An :class:`Extraction` with ``comments`` and ``rejects`` (every input item is in one of them).
    """
    result = Extraction()
    for path in paths:
        for item in extract(path, options):
            if isinstance(item, Comment):
                result.comments.append(item)
            elif on_error == "skip":
                result.rejects.append(item)
            else:
                raise reject_error(item)
    return result


def reject_error(reject: Reject) -> InputError:
    """The one-line error for a reject, located at its source."""
    where, _, line = reject.source.rpartition(":")
    if not where:
        return InputError(reject.source, reject.reason)
    return InputError(where, reject.reason, line)
