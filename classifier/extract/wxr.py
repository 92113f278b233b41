"""WordPress WXR exports: RSS ``<item>`` posts with ``<wp:comment>`` children."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from classifier.errors import InputError
from classifier.extract.xml import child, child_text, local, parse_xml
from classifier.extract.replies import number_and_link
from classifier.records import Comment, Reject
from classifier.text import clean_text

NOT_COMMENTS = {"pingback", "trackback"}
NOT_APPROVED = {"0": "held for moderation", "spam": "marked as spam", "trash": "in the trash"}


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield the comments of every post in a WXR file, with ``wp:comment_parent`` as parent."""
    root = parse_xml(path, options.encoding)
    channel = child(root, "channel")
    if local(root.tag) != "rss" or channel is None:
        raise InputError(path, f"expected a WordPress <rss><channel> export, found <{local(root.tag)}>",
                         root.sourceline)
    for item in channel:
        if local(item.tag) == "item":
            yield from _post(path, item)


def _post(path: Path, item) -> Iterator[Comment | Reject]:
    thread_id = child_text(item, "post_id") or child_text(item, "link") or f"item{item.sourceline}"
    title = clean_text(child_text(item, "title")) or None
    body = clean_text(child_text(item, "encoded")) or None
    items: list[Comment | Reject] = []
    for node in item:
        if local(node.tag) != "comment":
            continue
        comment_id = child_text(node, "comment_id") or f"line{node.sourceline}"
        source = f"{path}:{node.sourceline}"
        kind = child_text(node, "comment_type") or "comment"
        approved = child_text(node, "comment_approved") or "1"
        if kind in NOT_COMMENTS:
            items.append(Reject(source, f"{kind}, not a reader comment", comment_id))
            continue
        if approved in NOT_APPROVED:
            items.append(Reject(source, f"comment {NOT_APPROVED[approved]}", comment_id))
            continue
        parent = child_text(node, "comment_parent")
        comment = Comment(
            id=comment_id, thread_id=thread_id, text=clean_text(child_text(node, "comment_content")),
            parent_id=None if parent in (None, "", "0") else parent,
            author=child_text(node, "comment_author"),
            timestamp=child_text(node, "comment_date_gmt") or child_text(node, "comment_date"),
            article_title=title, article_text=body, source=source,
        )
        items.append(comment)
    yield from number_and_link(items)
