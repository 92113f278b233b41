"""Hostile arguments and inputs to the data commands, train and evaluate: a usage error or one located
error line, never a traceback."""

import json
import shutil

import pytest

from classifier.errors import InputError
from classifier.records import Comment
from tests.conftest import DEMO, demo_comments, input_error, stance, usage_error
from training.labeling.gold import read_gold


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "fine"}) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["extract", "import"])
@pytest.mark.parametrize("where,message", [
    (lambda tmp: tmp / "dump.jsonl" / "out.jsonl", "cannot write under {parent}: not a folder"),
    (lambda tmp: tmp / "a" / "dump.jsonl" / "b" / "out.jsonl", "cannot write under {tmp}/a/dump.jsonl: not a folder"),
    (lambda tmp: tmp / "folder.jsonl", "is a folder, not a file"),
    (lambda tmp: tmp / "out.txt", "output must end in .jsonl, .csv or .parquet"),
])
def test_bad_output_paths_are_refused_before_reading_input(tmp_path, command, where, message):
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "dump.jsonl").write_text("{}\n")
    (tmp_path / "a" / "dump.jsonl").write_text("{}\n")
    output = where(tmp_path)
    missing = tmp_path / "missing.jsonl"  # read first, it would be the error
    result = stance(command, missing, "-o", output)
    assert input_error(result) == f"{output}: " + message.format(parent=output.parent, tmp=tmp_path)


def test_output_under_proc_is_refused(dump):
    assert input_error(stance("extract", dump, "-o", "/proc/out.jsonl")).startswith("/proc/out.jsonl: cannot write")


def test_bad_rejects_path_is_refused_before_reading_input(tmp_path):
    result = stance("extract", tmp_path / "missing.jsonl", "-o", tmp_path / "out.jsonl",
                    "--rejects", tmp_path / "rejects.txt")
    assert input_error(result) == f"{tmp_path / 'rejects.txt'}: rejects must end in .jsonl, .csv or .parquet"


@pytest.mark.parametrize("command", ["extract", "import"])
def test_rejects_at_the_output_path_is_refused(dump, tmp_path, command):
    out = tmp_path / "out.jsonl"
    result = stance(command, dump, "-o", out, "--rejects", out, "--on-error", "skip")
    assert input_error(result) == f"{out}: the rejects file (--rejects) must differ from the output (-o)"


@pytest.mark.parametrize("command", ["extract", "import"])
@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_an_input_is_never_overwritten(dump, tmp_path, command, option):
    before = dump.read_text()
    paths = ["-o", tmp_path / "out.jsonl", option, dump] if option == "--rejects" else ["-o", dump]
    result = stance(command, dump, *paths, "--on-error", "skip")
    assert input_error(result) == f"{dump}: is an input; writing it ({option}) would destroy it"
    assert dump.read_text() == before


@pytest.mark.parametrize("command", ["extract", "import"])
def test_a_clean_rerun_removes_the_rejects_of_the_last_run(tmp_path, command):
    dump, out = tmp_path / "dump.jsonl", tmp_path / "out.jsonl"
    dump.write_text('{"id": "1", "text": "ok", "label": "other"}\n{"id": "2", "text": "", "label": "other"}\n',
                    encoding="utf-8")
    assert "rejected 1" in stance(command, dump, "-o", out, "--on-error", "skip").output
    assert (tmp_path / "out.rejects.jsonl").exists()
    dump.write_text('{"id": "1", "text": "ok", "label": "other"}\n', encoding="utf-8")
    assert "rejected 0" in stance(command, dump, "-o", out, "--on-error", "skip").output
    assert not (tmp_path / "out.rejects.jsonl").exists()


@pytest.mark.parametrize("command", ["extract", "import"])
def test_unknown_encoding_is_a_usage_error(dump, tmp_path, command):
    result = stance(command, dump, "-o", tmp_path / "out.jsonl", "--encoding", "klingon")
    assert "Invalid value for --encoding: unknown text encoding 'klingon'" in usage_error(result)
    assert not (tmp_path / "out.jsonl").exists()


def test_failed_extraction_leaves_no_output(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": "1", "text": "ok"}\n{"id": "2", "text": "bad \\ud800"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert "dump.jsonl:2:" in input_error(stance("extract", dump, "-o", out))
    assert not out.exists()
    result = stance("extract", dump, "-o", out, "--on-error", "skip")
    assert result.exit_code == 0 and "read 2, extracted 1, rejected 1" in result.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["1"]


def test_directory_as_input(tmp_path):
    assert input_error(stance("extract", tmp_path, "-o", tmp_path / "out.jsonl")) == (
        f"{tmp_path}: is a directory, not a dump file")


def test_label_method_is_a_choice(dump, tmp_path):
    result = stance("label", dump, "-o", tmp_path / "out.jsonl", "--method", "foo")
    assert "'foo' is not one of 'majority', 'label-model'" in usage_error(result)


# --- train and evaluate ---------------------------------------------------------------------------

def labelled_file(path, labels, **fields):
    rows = [{"id": str(i), "thread_id": f"t{i}", "text": f"comment {i}", "label": label, **fields}
            for i, label in enumerate(labels)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_train_names_the_file_and_line_of_an_unknown_label(tmp_path):
    good = labelled_file(tmp_path / "good.jsonl", ["supportive", "other"])
    bad = labelled_file(tmp_path / "bad.jsonl", ["other", "angry"])
    result = stance("train", good, bad, "-o", tmp_path / "model")
    assert input_error(result) == (f"{bad}:2: label 'angry' is not one of supportive, sceptical, "
                                   "troll_accusation, other")


@pytest.mark.parametrize("options", [["--dev-size", "1.5"], ["--dev-size", "0.5", "--test-size", "0.5"],
                                     ["--epochs", "0"], ["--batch-size", "0"], ["--layer-decay", "0"],
                                     ["--layer-decay", "1.5"], ["--time-budget", "0"]])
def test_train_refuses_impossible_sizes_up_front(tmp_path, options):
    good = labelled_file(tmp_path / "good.jsonl", ["supportive", "other"])
    assert "Invalid value" in usage_error(stance("train", good, "-o", tmp_path / "model", *options))


def test_train_says_when_no_thread_is_left_to_train_on(tmp_path):
    from training.args import TrainingArgs
    from training.data import thread_split
    from training.trainer import train

    held = [f"t{i}" for i in range(200) if thread_split(f"t{i}", 0.5, 0.45, 42) != "train"][:4]
    comments = [Comment(id=t, thread_id=t, text="a comment", label="other") for t in held]
    with pytest.raises(InputError, match="no thread left to train on after holding out 50% for dev and 45% for test"):
        train(comments, tmp_path / "model", TrainingArgs(dev_size=0.5, test_size=0.45))


@pytest.mark.slow
def test_evaluate_names_the_line_of_an_unknown_gold_label_and_refuses_a_bad_out_dir(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "model")
    gold = labelled_file(tmp_path / "gold.jsonl", ["other", "sceptical", "angry"])
    assert input_error(stance("evaluate", model, gold)) == (
        f"{gold}:3: label 'angry' is not one of supportive, sceptical, troll_accusation, other")
    (tmp_path / "afile").write_text("")
    good = labelled_file(tmp_path / "good.jsonl", ["other", "sceptical"])
    assert input_error(stance("evaluate", model, good, "--out-dir", tmp_path / "afile")) == (
        f"{tmp_path / 'afile'}: is a file, not a folder")


@pytest.mark.slow
def test_evaluate_without_any_context_fits_the_tfidf_baseline_on_the_text_alone(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "model")
    comments = demo_comments()
    gold = read_gold(DEMO / "gold.csv")
    rows = [{"id": c.id, "thread_id": c.thread_id, "text": c.text, "label": gold[c.id]} for c in comments]
    path = tmp_path / "no_context.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = stance("evaluate", model, path, "--out-dir", tmp_path / "eval")
    assert result.exit_code == 0, result.output
    assert "tfidf+lr" in result.output


# --- annotate --------------------------------------------------------------------------------------

def test_annotate_import_counts_the_tasks_it_skips(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([
        {"data": {"comment_id": "a"}, "annotations": [{"result": [{"from_name": "stance",
                                                                    "value": {"choices": ["other"]}}]}]},
        {"data": {"comment_id": "b"}, "annotations": []}]), encoding="utf-8")
    result = stance("annotate", "import", export, "-o", tmp_path / "gold.csv")
    assert result.exit_code == 0
    assert "read 2 tasks: 1 annotated comments" in result.output and "1 without an annotation, skipped: b" in result.output


def test_annotate_export_refuses_a_negative_limit_and_a_wrong_suffix(tmp_path):
    comments = labelled_file(tmp_path / "comments.jsonl", ["other", "sceptical"])
    assert "Invalid value for '--limit'" in usage_error(stance("annotate", "export", comments, "-o",
                                                               tmp_path / "t.json", "--limit", "-5"))
    assert input_error(stance("annotate", "export", comments, "-o", tmp_path / "tasks")) == (
        f"{tmp_path / 'tasks'}: tasks must end in .json")


@pytest.mark.parametrize("row, reason", [({"id": "1", "pass": "2"}, "a judgement needs id, pass and label"),
                                         ({"id": "1", "pass": "2", "label": "angry"}, "unknown label 'angry'")])
def test_annotate_agreement_names_the_line_of_a_bad_judgement(tmp_path, row, reason):
    path = tmp_path / "judgements.jsonl"
    path.write_text(json.dumps({"id": "1", "pass": "1", "label": "other"}) + "\n" + json.dumps(row) + "\n")
    assert input_error(stance("annotate", "agreement", path)).startswith(f"{path}:2: {reason}")


def test_label_warns_about_gold_ids_that_match_no_comment(tmp_path):
    comments = labelled_file(tmp_path / "comments.jsonl", ["other", "sceptical"])
    gold = tmp_path / "gold.csv"
    gold.write_text("id,label\n0,other\nghost,sceptical\n")
    result = stance("label", comments, "--gold", gold, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0
    assert "warning: 1 of 2 gold ids match no comment in the input (first: ghost)" in result.output


def test_extract_warns_about_repeated_ids_and_keeps_every_comment(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": i, "text": f"comment {n}"}) + "\n" for n, i in enumerate("aab")))
    result = stance("extract", dump, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0 and "extracted 3" in result.output
    assert "warning: 1 ids appear more than once (first: a)" in result.output


def test_import_column_options_win_over_the_preset(tmp_path):
    dump = tmp_path / "rumours.jsonl"
    dump.write_text(json.dumps({"id": "1", "text": "No way.", "sdqc": "comment", "mine": "deny",
                                "source_text": "A claim"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = stance("import", dump, "--preset", "rumoureval", "--label-col", "mine", "-o", out)
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["label"] == "sceptical" and row["article_title"] == "A claim"
