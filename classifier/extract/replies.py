"""Inferring who replies to whom in flat threads (Blogger) from addresses, quotes and names."""

from __future__ import annotations

import re

from classifier.records import Comment, Reject

GENERIC_AUTHORS = {"anonymous", "anon", "unknown", "guest"}
NICKNAMES = [
    {"robert", "bob", "rob", "bobby"}, {"william", "bill", "will", "billy"},
    {"richard", "dick", "rick", "rich"}, {"james", "jim", "jimmy"}, {"john", "jack", "johnny"},
    {"michael", "mike"}, {"thomas", "tom", "tommy"}, {"edward", "ed", "ted", "eddie"},
    {"elizabeth", "liz", "beth", "betty"}, {"margaret", "maggie", "peggy"}, {"joseph", "joe"},
    {"charles", "charlie", "chuck"}, {"daniel", "dan", "danny"}, {"anthony", "tony"},
    {"katherine", "kate", "kathy", "cathy"}, {"susan", "sue"}, {"patricia", "pat", "patty"},
]
ADDRESS = re.compile(r"^@?(?P<name>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?)\s*(?:\((?P<time>[^)]{1,20})\))?\s*(?:[,:]\s|[,:]?\s*$)")
WORD = re.compile(r"[a-z0-9']+")
STOPWORDS = set("the a an and or but of to in on at for is are was were be it this that with as by "
                "i you he she we they not no so if do does did have has had would will can".split())


def number_and_link(items: list[Comment | Reject], method: str = "export") -> list[Comment | Reject]:
    """Number a thread's comments and fill ``parent_text`` from explicit ``parent_id``s."""
    texts = {item.id: item.text for item in items if isinstance(item, Comment)}
    comments = [item for item in items if isinstance(item, Comment)]
    for position, comment in enumerate(comments, start=1):
        comment.position = position
        if comment.parent_id:
            comment.parent_text = texts.get(comment.parent_id)
            comment.parent_method = method
    return items


def infer_parents(comments: list[Comment]) -> None:
    """Set ``parent_id``/``parent_text``/``parent_method`` on comments of one flat thread.

    Tried in order: a quoted line of an earlier comment ("quote"), an opening
    salutation naming an earlier author ("address"), a mention of an earlier
    author's name ("name"). Comments with none of these stay top-level.
    """
    for index, comment in enumerate(comments):
        if comment.parent_id is not None:
            continue
        earlier = comments[:index]
        parent, found = _by_quote(comment, earlier), "quote"
        if parent is None:
            parent, found = _by_address(comment, earlier), "address"
        if parent is None:
            parent, found = _by_name(comment, earlier), "name"
        if parent is not None:
            comment.parent_id, comment.parent_text, comment.parent_method = parent.id, parent.text, found


def _normal(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _by_quote(comment: Comment, earlier: list[Comment]) -> Comment | None:
    for line in comment.text.split("\n"):
        quoted = _normal(line.strip().strip('"“”>\''))
        if len(quoted.split()) < 3 or quoted == _normal(comment.text):
            continue
        for candidate in earlier:
            if quoted in _normal(candidate.text):
                return candidate
    return None


def _name_tokens(author: str | None) -> set[str]:
    tokens = {t for t in WORD.findall((author or "").lower()) if len(t) > 1}
    for group in NICKNAMES:
        if tokens & group:
            tokens |= group
    return tokens


def _matches_author(name: str, author: str | None) -> bool:
    name, author_lower = name.lower().rstrip("."), (author or "").lower()
    if not author_lower:
        return False
    if author_lower.startswith(name) or name.startswith(author_lower):
        return True
    return bool(set(WORD.findall(name)) & _name_tokens(author))


def _overlap(a: str, b: str) -> float:
    wa = set(WORD.findall(a.lower())) - STOPWORDS
    wb = set(WORD.findall(b.lower())) - STOPWORDS
    return len(wa & wb) / (len(wa | wb) or 1)


def _best(comment: Comment, candidates: list[Comment], time: str | None = None) -> Comment | None:
    if time:
        key = time.replace(" ", "").lower()
        timed = [c for c in candidates if c.timestamp and key in c.timestamp.replace(" ", "").lower()]
        candidates = timed or candidates
    if not candidates:
        return None
    # Highest word overlap wins; on a tie, the most recent comment.
    return max(reversed(candidates), key=lambda c: _overlap(comment.text, c.text))


def _by_address(comment: Comment, earlier: list[Comment]) -> Comment | None:
    first_line = comment.text.split("\n", 1)[0].strip()
    match = ADDRESS.match(first_line)
    if not match:
        return None
    candidates = [c for c in earlier if c.author != comment.author and _matches_author(match["name"], c.author)]
    return _best(comment, candidates, match["time"])


def _by_name(comment: Comment, earlier: list[Comment]) -> Comment | None:
    mentioned = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,}\b", comment.text)}
    for candidate in reversed(earlier):
        if candidate.author == comment.author or (candidate.author or "").lower() in GENERIC_AUTHORS:
            continue
        if mentioned & _name_tokens(candidate.author):
            return candidate
    return None
