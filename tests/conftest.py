"""Shared test helpers: fixture paths and the optional ../shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "003_b1ead22bcb1bfe36.txt"
RUMOUREVAL = SHARED / "data" / "rumoureval2019"
CIVIL = SHARED / "data" / "civil_comments_unlabelled" / "comments.jsonl"
DEMO = ROOT / "data" / "demo"


def need(path: Path) -> Path:
    """Skip the test with a clear reason when optional shared material is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not present (it lives in ../shared, outside the repo)")
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def demo_dumps() -> list[Path]:
    """The bundled demo corpus's dump files, in a fixed order."""
    dumps = DEMO / "dumps"
    return [dumps / "disqus_export.xml", dumps / "wordpress_export.xml",
            *sorted((dumps / "reddit").glob("*.json")), *sorted((dumps / "blogger").glob("*.txt"))]


def demo_comments():
    from classifier.extract import extract_all

    return extract_all(demo_dumps()).comments
