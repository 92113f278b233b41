"""Safe XML parsing shared by the Disqus and WordPress readers."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from classifier.errors import InputError


def parse_xml(path: Path):
    """Parse an XML file without resolving entities or touching the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise InputError(path, f"malformed XML: {error.msg}", line) from None
    except OSError as error:
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
