"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
CIVIL = SHARED / "civil_comments_unlabelled" / "comments.jsonl"
RUMOUREVAL = SHARED / "rumoureval2019"
DEMO_MODEL = ROOT / "runs" / "demo" / "model"


def civil_texts(limit: int, source: str = "civil") -> list[str]:
    """Real comments from ../shared when present (``source='civil'``), else the bundled demo corpus."""
    if source == "civil" and CIVIL.exists():
        with open(CIVIL, encoding="utf-8") as handle:
            return [json.loads(line)["text"] for _, line in zip(range(limit), handle)]
    from classifier.extract import extract_all

    dumps = ROOT / "data" / "demo" / "dumps"
    paths = [dumps / "disqus_export.xml", dumps / "wordpress_export.xml", *sorted((dumps / "reddit").glob("*.json"))]
    texts = [c.text for c in extract_all(paths).comments]
    return (texts * (limit // len(texts) + 1))[:limit]
