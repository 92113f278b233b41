"""Safe XML parsing shared by the Disqus and WordPress readers."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from classifier.errors import InputError
from classifier.io import text_codec, undecodable_line


def parse_xml(path: Path, encoding: str = "utf-8"):
    """Parse an XML file without resolving entities or touching the network. The file's own
    declaration gives its encoding unless ``encoding`` names another than UTF-8 (``--encoding``)."""
    import codecs
    import io

    forced = None if codecs.lookup(encoding).name == "utf-8" else encoding
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False,
                             encoding="utf-8" if forced else None)
    try:
        source = io.BytesIO(Path(path).read_bytes().decode(forced).encode("utf-8")) if forced else str(path)
        return etree.parse(source, parser).getroot()
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise InputError(path, f"malformed XML: {error.msg}", line) from None
    except (UnicodeError, OSError) as error:
        if isinstance(error, UnicodeError) or "encoding" in str(error):  # bytes it cannot decode
            raise InputError(path, f"not valid {forced or 'UTF-8'} (pass --encoding, or declare it in <?xml ... "
                                   "encoding=...?>)", undecodable_line(path, text_codec(forced or "utf-8"))) from None
        raise InputError(path, f"cannot read: {error}") from None


def local(tag) -> str:
    """A tag's name without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def child(node, name: str):
    """The first child whose local name is ``name``, or None."""
    for element in node:
        if local(element.tag) == name:
            return element
    return None


def child_text(node, name: str) -> str | None:
    element = child(node, name)
    if element is None or element.text is None:
        return None
    return element.text.strip()


def attribute(node, name: str) -> str | None:
    """An attribute by local name, whatever its namespace."""
    if node is None:
        return None
    for key, value in node.attrib.items():
        if local(key) == name:
            return value
    return None
