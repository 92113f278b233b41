"""Turning raw comment markup into clean text."""

from __future__ import annotations

import html
import re
import unicodedata
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_TAGS = ("p", "div", "br", "li", "blockquote", "dd", "dt", "h1", "h2", "h3", "h4", "tr")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # control characters other than whitespace


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment, with a line break for every block element."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text()


def clean_text(raw: str | None) -> str:
    """Unescape entities, strip markup and control characters, normalise whitespace and Unicode (NFC).

    Paragraphs are kept as single line breaks; runs of spaces become one space.
    """
    if not raw:
        return ""
    text = html_to_text(raw) if _TAG.search(raw) else raw
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", _CONTROLS.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
