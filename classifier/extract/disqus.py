"""Disqus XML exports: ``<thread dsq:id>`` elements, then ``<post>`` elements pointing at them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from classifier.errors import InputError
from classifier.extract.xml import attribute, child, child_text, local, parse_xml
from classifier.extract.replies import number_and_link
from classifier.records import Comment, Reject
from classifier.text import clean_text


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield the posts of a Disqus export, grouped by thread, with parents resolved."""
    root = parse_xml(path, options.encoding)
    if local(root.tag) != "disqus":
        raise InputError(path, f"expected a <disqus> export, found <{local(root.tag)}>", root.sourceline)
    threads: dict[str, dict] = {}
    posts: dict[str, list] = defaultdict(list)
    for node in root:
        name = local(node.tag)
        if name == "thread":
            threads[attribute(node, "id") or ""] = {
                "title": clean_text(child_text(node, "title")) or None,
                "text": clean_text(child_text(node, "message")) or None,
                "link": child_text(node, "link"),
            }
        elif name == "post":
            posts[attribute(child(node, "thread"), "id") or ""].append(node)
    for thread_id, nodes in posts.items():
        yield from _thread(path, thread_id, threads.get(thread_id, {}), nodes)


def _thread(path: Path, thread_id: str, thread: dict, nodes) -> Iterator[Comment | Reject]:
    items = []
    for node in nodes:
        post_id = attribute(node, "id") or child_text(node, "id") or f"line{node.sourceline}"
        source = f"{path}:{node.sourceline}"
        if child_text(node, "isDeleted") == "true" or child_text(node, "isSpam") == "true":
            kind = "deleted" if child_text(node, "isDeleted") == "true" else "spam"
            items.append(Reject(source, f"post marked as {kind} in the export", post_id))
            continue
        author = child(node, "author")
        name = None if author is None else (child_text(author, "name") or child_text(author, "username"))
        comment = Comment(
            id=post_id, thread_id=thread_id, text=clean_text(child_text(node, "message")),
            parent_id=attribute(child(node, "parent"), "id"), author=name,
            timestamp=child_text(node, "createdAt"), article_title=thread.get("title"),
            article_text=thread.get("text"), source=source,
        )
        items.append(comment)
    yield from number_and_link(items)
