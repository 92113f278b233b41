"""Thread-level views: stance mix, heat, first accusation, accusation chains."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from classifier.labels import UNCERTAIN, LabelScheme
from classifier.records import Comment


def by_thread(comments: Sequence[Comment]) -> dict[str, list[Comment]]:
    """Comments grouped by thread, in position order."""
    threads: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        threads[comment.thread_id].append(comment)
    return {t: sorted(cs, key=lambda c: c.position) for t, cs in threads.items()}


def accusation_chains(comments: Sequence[Comment], scheme: LabelScheme) -> list[list[Comment]]:
    """Maximal reply chains of two or more accusations (accusation -> counter-accusation -> ...).

    Accusations are the scheme's overriding labels (``troll_accusation`` by default). A chain stops
    where its parent ids loop back to a comment already in it.
    """
    by_id = {c.id: c for c in comments}
    accusing = {c.id for c in comments if c.label in scheme.overrides}
    has_accusing_child = {c.parent_id for c in comments if c.id in accusing and c.parent_id in accusing}
    chains = []
    for comment in comments:
        if comment.id not in accusing or comment.id in has_accusing_child:
            continue
        chain, seen = [comment], {comment.id}
        while chain[-1].parent_id in accusing and chain[-1].parent_id not in seen:
            chain.append(by_id[chain[-1].parent_id])
            seen.add(chain[-1].id)
        if len(chain) >= 2:
            chains.append(chain[::-1])
    return chains


def thread_table(comments: Sequence[Comment], scheme: LabelScheme) -> pd.DataFrame:
    """One row per thread: size, stance counts, heat, first accusation position, longest chain.

    Heat is the share of comments that are accusations (the scheme's overriding labels) or replies
    with the next label in its precedence (``sceptical`` by default: disputes).
    """
    accusations = set(scheme.overrides)
    dispute = next((label for label in scheme.precedence if label not in accusations), None)
    chains = accusation_chains(comments, scheme)
    longest: dict[str, int] = defaultdict(int)
    for chain in chains:
        longest[chain[0].thread_id] = max(longest[chain[0].thread_id], len(chain))
    rows = []
    for thread_id, thread in by_thread(comments).items():
        counts = {label: sum(c.label == label for c in thread) for label in [*scheme.labels, UNCERTAIN]}
        hot = sum(c.label in accusations or (c.label == dispute and c.parent_id is not None) for c in thread)
        first = next((c.position for c in thread if c.label in accusations), None)
        rows.append({"thread_id": thread_id, "title": thread[0].article_title or "", "comments": len(thread),
                     **counts, "heat": hot / len(thread), "first_accusation": first,
                     "longest_chain": longest[thread_id]})
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["first_accusation"] = table["first_accusation"].astype("Int64")
    if not table[UNCERTAIN].any():
        table = table.drop(columns=UNCERTAIN)
    return table.sort_values(["heat", "comments"], ascending=False).reset_index(drop=True)


def reply_depths(thread: Sequence[Comment]) -> dict[str, int]:
    """How deep each comment sits in its thread's reply tree (0 for top level).

    Where parent ids loop, the comment whose parent is already on the path counts as top level.
    """
    parents = {c.id: c.parent_id for c in thread}
    depths: dict[str, int] = {}
    for start in parents:
        path, on_path, current = [], set(), start
        while current in parents and current not in depths and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parents[current]
        depth = depths.get(current, -1)
        for comment_id in reversed(path):
            depth += 1
            depths[comment_id] = depth
    return depths
