"""data/real: hand-labelled real comments, their judgements and the agreement between passes."""

import json
from collections import Counter
from dataclasses import fields
from pathlib import Path

from classifier.io import read_rows
from classifier.labels import LabelScheme
from classifier.records import Comment
from tests.conftest import SHARED, need
from training.annotation import agreement

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
POOLS = {"civil_comments_unlabelled", "createdebate_argmin2016", "reddit_cmv_ukp_adhominem", "reddit_goemotions",
         "reddit_hate_subs_counterspeech", "ukp_web_discourse_comments", "wikipedia_talk_context_toxicity",
         "wikipedia_talk_wikidetox"}


def rows(name: str) -> list[dict]:
    return [row for _, row in read_rows(REAL / name)]


def test_every_row_is_a_hand_labelled_comment_record():
    comments = rows("comments.jsonl")
    names = {f.name for f in fields(Comment)}
    assert len(comments) >= 3000
    for row in comments:
        assert set(row) <= names, set(row) - names
        comment = Comment.from_row(row)
        assert comment.text.strip() and comment.thread_id
        assert comment.label in LabelScheme().labels
        assert comment.label_source == "gold" and comment.annotator and comment.note
        assert comment.dataset in POOLS and comment.source.startswith(comment.dataset + "/comments.jsonl:")
    ids = [row["id"] for row in comments]
    assert len(set(ids)) == len(ids)
    labels = Counter(row["label"] for row in comments)
    assert labels["troll_accusation"] >= 300
    assert len({row["dataset"] for row in comments}) >= 5


def test_judgements_cover_every_comment_and_a_second_pass_of_15_percent():
    comments = {row["id"]: row for row in rows("comments.jsonl")}
    judgements = rows("annotations.jsonl")
    by_id: dict[str, dict[str, dict]] = {}
    for j in judgements:
        assert j["label"] in LabelScheme().labels and j["annotator"]
        by_id.setdefault(j["id"], {})[str(j["pass"])] = j
    assert set(by_id) == set(comments)
    second = [i for i, p in by_id.items() if "2" in p]
    assert len(second) >= max(450, 0.15 * len(comments))
    assert {comments[i]["dataset"] for i in second} == {row["dataset"] for row in comments.values()}
    for i, passes in by_id.items():
        assert passes["1"]["annotator"] != passes.get("2", {}).get("annotator")
        final = passes.get("adjudicated") or passes["1"]
        assert comments[i]["label"] == final["label"]
        if "2" in passes and passes["1"]["label"] != passes["2"]["label"]:
            assert "adjudicated" in passes, f"{i}: disagreement without adjudication"


def test_data_card_reports_the_agreement_recomputed_from_the_judgements():
    result = agreement(rows("annotations.jsonl"), LabelScheme().labels)
    card = (REAL / "README.md").read_text(encoding="utf-8")
    assert f"{result['kappa']:.3f}" in card
    assert f"{result['comments']:,}" in card


def test_no_pool_is_published_whole():
    pools = need(SHARED / "data")
    published = Counter(row["dataset"] for row in rows("comments.jsonl"))
    for pool, count in published.items():
        with (pools / pool / "comments.jsonl").open(encoding="utf-8") as handle:
            assert count < sum(1 for line in handle if line.strip()), pool
