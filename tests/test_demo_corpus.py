"""The bundled demo corpus is complete, varied and consistent with its gold labels."""

import csv
from collections import Counter

from classifier.extract import detect_format
from tests.conftest import DEMO, demo_comments, demo_dumps


def test_corpus_size_formats_and_gold_coverage():
    comments = demo_comments()
    with open(DEMO / "gold.csv", encoding="utf-8") as handle:
        gold = {row["id"]: row["label"] for row in csv.DictReader(handle)}
    assert len(comments) >= 600
    assert len({c.thread_id for c in comments}) >= 30
    assert len({detect_format(p) for p in demo_dumps()}) >= 3
    assert {c.id for c in comments} == set(gold)
    counts = Counter(gold.values())
    assert set(counts) == {"supportive", "sceptical", "troll_accusation", "other"}
    assert min(counts.values()) >= 0.05 * len(gold)


def test_blogger_reply_inference_is_precise():
    truth = {}
    thread = None
    for line in (DEMO / "corpus.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("=="):
            thread = line[2:].split("|")[0].strip()
        elif line.startswith("c"):
            cid, parent = (p.strip() for p in line.split("|")[:2])
            truth[f"{thread}-{cid}"] = None if parent == "-" else f"{thread}-{parent}"
    flat = [c for c in demo_comments() if c.source.split(":")[0].endswith(".txt")]
    inferred = [c for c in flat if c.parent_id]
    correct = sum(truth[c.id] == c.parent_id for c in inferred)
    assert len(inferred) >= 20 and correct / len(inferred) >= 0.9
