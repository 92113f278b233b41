"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
CIVIL = SHARED / "civil_comments_unlabelled" / "comments.jsonl"
CMV = SHARED / "reddit_cmv_ukp_adhominem" / "comments.jsonl"
RUMOUREVAL = SHARED / "rumoureval2019"
DEMO_MODEL = ROOT / "runs" / "demo" / "model"
SOURCES = {"cmv": CMV, "civil": CIVIL}


def real_comments(limit: int, source: str = "cmv") -> tuple[list[str], list[str | None], str]:
    """Comments with their context (parent comment, else the post title), as 'stance score' pairs
    them: CMV replies or civil comments from ../shared when present, else the bundled demo corpus
    repeated. Returns texts, contexts and a description of what was read."""
    path = SOURCES.get(source)
    if path is not None and path.exists():
        texts, contexts = [], []
        with open(path, encoding="utf-8") as handle:
            for _, line in zip(range(limit), handle):
                row = json.loads(line)
                texts.append(row["text"])
                contexts.append(row.get("parent_text") or row.get("article_title"))
        return texts, contexts, f"{path.parent.name} comments"
    from classifier.extract import extract_all

    dumps = ROOT / "data" / "demo" / "dumps"
    paths = [dumps / "disqus_export.xml", dumps / "wordpress_export.xml", *sorted((dumps / "reddit").glob("*.json")),
             *sorted((dumps / "blogger").glob("*.txt"))]
    comments = extract_all(paths).comments
    comments = (comments * (limit // len(comments) + 1))[:limit]
    return [c.text for c in comments], [c.context for c in comments], "demo corpus comments (repeated)"

