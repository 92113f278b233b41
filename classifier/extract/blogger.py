"""Saved Blogger pages (text or HTML): the article, then "N comments:" and "Name said..." blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from classifier.extract.replies import infer_parents
from classifier.extract.source import read_text
from classifier.records import Comment, Reject
from classifier.text import clean_text, html_to_text

COUNT_HEADER = re.compile(r"^\s*(\d+|No)\s+comments?\s*:?\s*$", re.IGNORECASE)
AUTHOR_LINE = re.compile(r"^\s*(?P<author>\S.{0,79}?)\s+said\s*(?:\.\.\.|…|:)\s*$")
TIMESTAMP_LINE = re.compile(
    r"^\s*(?:\w+,\s+)?(?:\w+\s+\d{1,2},\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})?(?:\s+at)?\s*"
    r"\d{1,2}:\d{2}\s*(?:[AP]M)?\s*$", re.IGNORECASE)
DATE_LINE = re.compile(r"^\s*(?:\w+day,\s+)?\w+\s+\d{1,2},\s+\d{4}\s*$")
WIDGET_LINES = {"delete", "reply", "replies", "reply delete", "link"}
FOOTER = re.compile(r"^\s*(Post a Comment|Newer Post|Older Post|Subscribe to:.*|Home)\s*$")


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield the comments of one saved Blogger page."""
    raw = read_text(path, options.encoding)
    title = None
    if path.suffix.lower() in (".html", ".htm") or raw.lstrip().lower().startswith(("<!doctype", "<html")):
        title = _html_title(raw)
        raw = html_to_text(raw)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = next((i for i, line in enumerate(lines) if COUNT_HEADER.match(line)), None)
    if header is None:
        return
    article_lines = [line.strip() for line in lines[:header] if line.strip()]
    title, article_text = _article(article_lines, title)
    thread_id = path.stem
    comments = list(_comments(lines, header, path, thread_id, title, article_text))
    infer_parents(comments)
    yield from comments
    expected = COUNT_HEADER.match(lines[header]).group(1)
    expected = 0 if expected.lower() == "no" else int(expected)
    if expected != len(comments):
        yield Reject(f"{path}:{header + 1}",
                     f"header says {expected} comments but {len(comments)} were found")


def _html_title(markup: str) -> str | None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    node = soup.select_one(".post-title") or soup.find("title")
    return clean_text(node.get_text()) if node else None


def _article(lines: list[str], title: str | None) -> tuple[str | None, str | None]:
    body = [line for line in lines if not DATE_LINE.match(line)]
    if title is None and body:
        title = body[0]
    if title in body:
        body = body[body.index(title) + 1:]
    return title, clean_text("\n".join(body)) or None


def _comments(lines, header, path, thread_id, title, article_text) -> Iterator[Comment]:
    starts = [i for i in range(header + 1, len(lines)) if AUTHOR_LINE.match(lines[i])]
    for position, start in enumerate(starts, start=1):
        end = starts[position] if position < len(starts) else len(lines)
        body = [line.strip() for line in lines[start + 1:end]]
        if position == len(starts):
            footer = next((i for i, line in enumerate(body) if FOOTER.match(line)), len(body))
            body = body[:footer]
        while body and (not body[-1] or body[-1].lower() in WIDGET_LINES):
            body.pop()
        timestamp = None
        if body and TIMESTAMP_LINE.match(body[-1]):
            timestamp = body.pop()
        yield Comment(
            id=f"{thread_id}-c{position}",
            thread_id=thread_id,
            position=position,
            text=clean_text("\n".join(body)),
            author=AUTHOR_LINE.match(lines[start]).group("author").strip(),
            timestamp=timestamp,
            article_title=title,
            article_text=article_text,
            source=f"{path}:{start + 1}",
        )
