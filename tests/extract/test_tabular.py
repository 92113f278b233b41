import json

import pytest

from classifier.errors import InputError
from classifier.extract import ColumnMap, ExtractOptions, extract, extract_all
from classifier.io import write_records
from classifier.records import Comment
from tests.conftest import CIVIL, FIXTURES, need

MAPPED = ExtractOptions(columns=ColumnMap(text="body", id="comment_id", parent="reply_to",
                                          thread="story", author="user"))


def test_csv_with_column_mapping_fills_parent_text_and_rejects_empty():
    result = extract_all([FIXTURES / "comments.csv"], MAPPED, on_error="skip")
    assert [(c.id, c.thread_id, c.parent_id, c.author) for c in result.comments] == [
        ("a1", "s1", None, "ann"), ("a2", "s1", "a1", "bo"), ("b1", "s2", None, "dee")]
    assert result.comments[1].parent_text == "The mayor is right, the park needs lights."
    assert [c.position for c in result.comments] == [1, 2, 1]
    assert [(r.id, r.reason, r.source.rsplit(":", 1)[1]) for r in result.rejects] == [("a3", "empty comment", "4")]


def test_empty_comment_fails_with_file_and_line_by_default():
    with pytest.raises(InputError, match=r"comments.csv:4: empty comment"):
        extract_all([FIXTURES / "comments.csv"], MAPPED)


def test_missing_text_column_names_file_line_and_columns():
    with pytest.raises(InputError, match=r"comments.csv:2: no 'text' column .*comment_id, body"):
        extract_all([FIXTURES / "comments.csv"])


def test_rows_without_ids_or_threads_get_stable_ones(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": "first"}) + "\n\n" + json.dumps({"text": "second"}) + "\n")
    comments = list(extract(dump))
    assert [(c.id, c.thread_id) for c in comments] == [("dump:1", "dump:1"), ("dump:3", "dump:3")]


def test_own_records_round_trip_through_extract(tmp_path):
    record = Comment(id="x", thread_id="t", text="hi", label="other", label_source="gold",
                     scores={"other": 0.9, "sceptical": 0.1}, position=3)
    path = tmp_path / "records.parquet"
    write_records(path, [record])
    [back] = extract(path)
    assert back.label == "other" and back.scores == {"other": 0.9, "sceptical": 0.1}
    assert back.position == 3 and back.source == f"{path}:1"  # a record without a source gets where it was read


def test_huge_comment_is_rejected(tmp_path):
    dump = tmp_path / "big.jsonl"
    dump.write_text(json.dumps({"id": "big", "text": "word " * 10_000}) + "\n")
    result = extract_all([dump], ExtractOptions(max_chars=1000), on_error="skip")
    assert result.comments == [] and "too long" in result.rejects[0].reason


def test_civil_comments_extract_completely():
    comments = list(extract(need(CIVIL)))
    with open(CIVIL, encoding="utf-8") as handle:
        assert len(comments) == sum(1 for _ in handle)
    assert all(c.id.startswith("civil-") and c.thread_id == c.id for c in comments)


def test_a_number_in_a_mapped_text_column_is_rejected_under_the_column_name_of_the_dump(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"body": "fine", "headline": 2024, "stance": "other"}) + "\n"
                    + json.dumps({"body": "fine", "headline": "Lights", "stance": 3}) + "\n")
    options = ExtractOptions(columns=ColumnMap(text="body", title="headline", label="stance"))
    result = extract_all([dump], options, on_error="skip")
    assert [r.reason for r in result.rejects] == ["'headline' is a number, not text", "'stance' is a number, not text"]
