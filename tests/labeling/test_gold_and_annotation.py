import json

import pytest

from classifier.errors import InputError
from classifier.labels import LabelScheme, parse_mapping, parse_weights
from classifier.records import Comment
from training.annotation import agreement, labeling_config, read_annotations, to_tasks
from training.labeling.gold import RUMOUREVAL_MAP, apply_mapping, read_gold


def test_read_gold_names_bad_lines(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("id,label\na,sceptical\nb,furious\n")
    with pytest.raises(InputError, match=r"gold.csv:3: unknown label 'furious'"):
        read_gold(path)


def test_read_gold_refuses_an_id_labelled_two_ways(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("id,label\na,sceptical\nb,other\na,sceptical\na,supportive\n")
    with pytest.raises(InputError, match=r"gold.csv:5: id a is labelled 'sceptical' on line 2 and 'supportive' here"):
        read_gold(path)


def test_mapping_and_unknown_labels_become_rejects():
    comments = [Comment(id=str(i), thread_id="t", text="x", label=raw, source=f"f.jsonl:{i}")
                for i, raw in enumerate(["support", "deny", "query", "comment", "rumour", None])]
    kept, rejected = apply_mapping(comments, RUMOUREVAL_MAP, LabelScheme())
    assert [c.label for c in kept] == ["supportive", "sceptical", "sceptical", "other"]
    assert {c.label_source for c in kept} == {"import"}
    assert [(r.id, r.reason) for r in rejected] == [
        ("4", "unknown label 'rumour' (not in --map or the label scheme)"), ("5", "no label")]
    assert parse_mapping("support=supportive, deny=sceptical") == {"support": "supportive", "deny": "sceptical"}
    with pytest.raises(ValueError, match="bad mapping entry"):
        parse_mapping("support")
    assert parse_weights(["civil=0.5", "cmv=2"]) == {"civil": 0.5, "cmv": 2.0}
    with pytest.raises(ValueError, match="could not convert"):
        parse_weights(["civil=lots"])


def test_label_studio_round_trip(tmp_path):
    comments = [
        Comment(id="a", thread_id="t", text="Sure.", parent_text="It opens in May.", label="sceptical",
                label_source="rules:majority", confidence=0.9),
        Comment(id="b", thread_id="t", text="Who knows", article_title="Bridge", label="other",
                label_source="rules:fallback"),
    ]
    tasks = to_tasks(comments)
    assert [t["data"]["comment_id"] for t in tasks] == ["b", "a"]  # most uncertain first
    assert tasks[1]["data"]["context"] == "It opens in May."
    assert tasks[1]["predictions"][0]["result"][0]["value"] == {"choices": ["sceptical"]}
    assert '<Choice value="troll_accusation"/>' in labeling_config(LabelScheme())

    # Label Studio's JSON export: tasks with annotations; the cancelled one is ignored.
    exported = [
        {**tasks[0], "id": 1, "annotations": [
            {"id": 10, "was_cancelled": False, "result": [
                {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": ["supportive"]}}]},
            {"id": 11, "was_cancelled": True, "result": [
                {"from_name": "stance", "to_name": "text", "type": "choices", "value": {"choices": ["other"]}}]}]},
        {**tasks[1], "id": 2, "annotations": []},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    labels, unannotated = read_annotations(path)
    assert labels == {"b": "supportive"} and unannotated == [tasks[1]["data"]["comment_id"]]

    minimal = tmp_path / "export_min.json"
    minimal.write_text(json.dumps([{"id": 1, "comment_id": "a", "text": "Sure.", "stance": "troll_accusation"}]))
    assert read_annotations(minimal) == ({"a": "troll_accusation"}, [])


@pytest.mark.parametrize("task, reason", [
    ({"data": "a"}, r"task 0: not a JSON object with a 'data' object"),
    ({"data": {"comment_id": "a"}, "annotations": "other"}, r"task 0 \(a\): 'annotations' is not a list of objects"),
    ({"data": {"comment_id": "a"}, "annotations": [{"result": "other"}]},
     r"task 0 \(a\): an annotation's 'result' is not a list of objects"),
    ({"comment_id": "a", "stance": ["other", "sceptical"]}, r"task 0 \(a\): expected one choice, found"),
])
def test_a_task_not_shaped_as_label_studio_writes_it_is_named(tmp_path, task, reason):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]))
    with pytest.raises(InputError, match=reason):
        read_annotations(path)


def test_a_choice_given_as_a_string_is_the_whole_label(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"data": {"comment_id": "a"}, "annotations": [
        {"result": [{"from_name": "stance", "value": {"choices": "other"}}]}]}]))
    assert read_annotations(path) == ({"a": "other"}, [])


def test_annotation_with_unknown_choice_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"data": {"comment_id": "a"}, "annotations": [
        {"result": [{"from_name": "stance", "value": {"choices": ["angry"]}}]}]}]))
    with pytest.raises(InputError, match=r"task 0 \(a\): unknown label 'angry'"):
        read_annotations(path)


def test_agreement_between_two_passes():
    first = ["supportive", "sceptical", "troll_accusation", "other", "sceptical", "other"]
    second = ["supportive", "supportive", "troll_accusation", "other", "sceptical", "sceptical"]
    rows = [{"id": str(i), "pass": "1", "label": x} for i, x in enumerate(first)]
    rows += [{"id": str(i), "pass": 2, "label": y} for i, y in enumerate(second)]
    rows += [{"id": "9", "pass": "1", "label": "other"}, {"id": "0", "pass": "adjudicated", "label": "other"}]
    result = agreement(rows, LabelScheme().labels)
    assert result["comments"] == 6 and abs(result["observed"] - 4 / 6) < 1e-9
    assert result["per_label"]["troll_accusation"] == 1.0
    assert 0 < result["kappa"] < 1
    assert result["disagreements"] == {"sceptical -> supportive": 1, "other -> sceptical": 1}
    identical = agreement([dict(r, **{"pass": "2"}) for r in rows[:6]] + rows[:6], LabelScheme().labels)
    assert identical["kappa"] == 1.0
