"""Reddit JSON: a post's ``[post listing, comment listing]`` with nested ``replies``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from classifier.errors import InputError, not_text
from classifier.extract.replies import number_and_link
from classifier.extract.source import json_id, read_text
from classifier.records import Comment, Reject
from classifier.text import clean_text

GONE = {"[deleted]", "[removed]"}


def parse(path: Path, options) -> Iterator[Comment | Reject]:
    """Yield every comment of a Reddit thread dump, depth first, parents from ``parent_id``."""
    text = read_text(path, options.encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"invalid JSON: {error.msg} column {error.colno}", error.lineno) from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to read") from None
    post, comments = _listings(path, data)
    thread_id = json_id(post.get("id")) or path.stem
    title = clean_text(_string(post.get("title"))) or None
    body = clean_text(_string(post.get("selftext"))) or _string(post.get("url")) or None
    items: list[Comment | Reject] = []
    for where, kind, node in _walk(comments, "$[1]" if isinstance(data, list) else "$"):
        items.append(_item(f"{path}:{where}", kind, node, thread_id, title, body))
    yield from number_and_link(items)


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _field(data, key):
    """``data[key]`` when ``data`` is a JSON object that has it, else None."""
    return data.get(key) if isinstance(data, dict) else None


def _listings(path: Path, data) -> tuple[dict, dict]:
    """The post's data and the comment listing, from either dump shape."""
    if isinstance(data, list) and len(data) == 2:
        post_listing, comments = _listing(path, data[0], "$[0]"), _listing(path, data[1], "$[1]")
        children = post_listing["data"]["children"]
        post = _field(children[0], "data") if children else None
        return (post if isinstance(post, dict) else {}), comments
    if isinstance(data, dict):
        return {}, _listing(path, data, "$")
    raise InputError(path, "not a Reddit thread: expected [post listing, comment listing] or a Listing", 1)


def _listing(path: Path, value, where: str) -> dict:
    """``value`` if it is a Reddit Listing (``kind`` "Listing" and a list in ``data.children``)."""
    if _field(value, "kind") != "Listing" or not isinstance(_field(_field(value, "data"), "children"), list):
        raise InputError(path, f'not a Reddit thread: {where} is not a Listing ({{"kind": "Listing", "data": '
                               '{"children": [...]}})', 1)
    return value


def _walk(listing, where: str):
    """Yield ``(json path, kind, data)`` for every child, replies right after their parent.

    Depth first with a stack of its own, so that replies may nest as deep as the JSON does.
    """
    stack = [_children(listing, where)]
    while stack:
        here, node = next(stack[-1], (None, None))
        if here is None:
            stack.pop()
        elif isinstance(node, dict) and isinstance(node.get("data"), dict):
            yield here, node.get("kind"), node["data"]
            stack.append(_children(node["data"].get("replies"), here + ".data.replies"))
        else:
            yield here, "invalid", {}


def _children(listing, where: str):
    children = _field(_field(listing, "data"), "children")
    for index, node in enumerate(children if isinstance(children, list) else []):
        yield f"{where}.data.children[{index}]", node


def _item(source, kind, data, thread_id, title, body) -> Comment | Reject:
    comment_id = json_id(data.get("id"))
    if kind == "more":
        return Reject(source, f"'more' stub: {data.get('count', '?')} replies not loaded in this dump", comment_id)
    if kind != "t1":
        return Reject(source, f"not a comment (kind {kind!r})", comment_id)
    text, author = data.get("body"), data.get("author")
    reason = not_text("body", text) or not_text("author", author)
    if reason:
        return Reject(source, reason, comment_id)
    text = text or ""
    if text.strip() in GONE:
        return Reject(source, f"comment body is {text.strip()}", comment_id)
    parent = _string(data.get("parent_id"))
    return Comment(
        id=comment_id or source, thread_id=thread_id, text=clean_text(text),
        parent_id=parent[3:] if parent.startswith("t1_") else None,
        author=None if author in GONE else author,
        timestamp=_iso(data.get("created_utc")), article_title=title, article_text=body, source=source,
    )


def _iso(created) -> str | None:
    if not isinstance(created, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(created, tz=timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return None
