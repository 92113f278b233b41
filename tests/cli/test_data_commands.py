"""extract, label, import and annotate from the command line."""

import json

from typer.testing import CliRunner

from classifier.cli import app
from tests.conftest import DEMO, FIXTURES, RUMOUREVAL, demo_dumps, need

runner = CliRunner()


def stance(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_has_help():
    for command in ["extract", "label", "import", "annotate", "train", "evaluate", "score", "export", "experiment"]:
        result = stance(command, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_extract_skip_writes_rejects_and_counts(tmp_path):
    out = tmp_path / "out.csv"
    result = stance("extract", FIXTURES / "reddit.json", FIXTURES / "disqus.xml", "-o", out, "--on-error", "skip")
    assert result.exit_code == 0, result.output
    assert "read 7, extracted 4, rejected 3" in result.output
    rejects = (tmp_path / "out.rejects.jsonl").read_text().splitlines()
    assert len(rejects) == 3 and all(json.loads(r)["reason"] for r in rejects)


def test_bad_input_is_one_line_without_traceback(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n')
    proc = subprocess.run([sys.executable, "-m", "classifier", "extract", str(bad), "-o", str(tmp_path / "x.jsonl")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith(f"error: {bad}:2: invalid JSON: Expecting value column 1")
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_label_with_gold_and_report(tmp_path):
    records, labelled = tmp_path / "demo.jsonl", tmp_path / "labelled.parquet"
    assert stance("extract", *demo_dumps(), "-o", records).exit_code == 0
    result = stance("label", records, "--gold", DEMO / "gold.csv", "-o", labelled, "--report")
    assert result.exit_code == 0, result.output
    assert "lf_veiled_accusation" in result.output and "accuracy" in result.output
    assert "rules (majority) against 605 gold labels" in result.output


def test_annotate_export_then_import(tmp_path):
    records, tasks = tmp_path / "demo.jsonl", tmp_path / "ls" / "tasks.json"
    stance("extract", FIXTURES / "disqus.xml", "-o", records, "--on-error", "skip")
    stance("label", records, "-o", records)
    assert stance("annotate", "export", records, "-o", tasks).exit_code == 0
    exported = json.loads(tasks.read_text())
    for task in exported:
        task["annotations"] = [{"result": [{"from_name": "stance", "to_name": "text", "type": "choices",
                                            "value": {"choices": ["supportive"]}}]}]
    tasks.write_text(json.dumps(exported))
    gold = tmp_path / "gold.csv"
    assert stance("annotate", "import", tasks, "-o", gold).exit_code == 0
    assert gold.read_text().splitlines()[1:] == ["9001,supportive,annotation", "9002,supportive,annotation"]


def test_import_rumoureval_with_mapping(tmp_path):
    dev = need(RUMOUREVAL / "dev.jsonl")
    out = tmp_path / "dev.jsonl"
    result = stance("import", dev, "--map", "support=supportive,deny=sceptical,query=sceptical,comment=other",
                    "--label-col", "sdqc", "--title-col", "source_text", "-o", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 1464
    assert {r["label"] for r in rows} == {"supportive", "sceptical", "other"}
    assert all(r["article_title"] for r in rows)


def test_import_unknown_label_fails_with_line(tmp_path):
    dump = tmp_path / "labelled.jsonl"
    dump.write_text('{"id": "1", "text": "a", "label": "support"}\n{"id": "2", "text": "b", "label": "meh"}\n')
    result = stance("import", dump, "--map", "support=supportive", "-o", tmp_path / "out.jsonl")
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception) and f"{dump}:2: unknown label 'meh'" in str(result.exception)


def test_import_with_a_bad_mapping_is_a_usage_error(tmp_path):
    dump = tmp_path / "labelled.jsonl"
    dump.write_text('{"id": "1", "text": "a", "label": "support"}\n')
    for mapping, message in (("support", "bad mapping entry"), ("support=angry", "unknown --map target 'angry'")):
        result = stance("import", dump, "--map", mapping, "-o", tmp_path / "out.jsonl")
        assert result.exit_code == 2 and message in result.output
