"""scripts/build_real_data.py: data/real assembled from the annotators' label files, one round at a time."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from classifier.io import read_all

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_real_data.py"
spec = importlib.util.spec_from_file_location("build_real_data", SCRIPT)
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def a_round(root: Path, ids: list[str], labels: dict[str, str], second: dict[str, str] | None = None) -> list[str]:
    """A pool of 50 comments, a round that read ``ids`` (session 1 first, session 2 second), its arguments."""
    pool = [{"id": f"c{n}", "thread_id": f"t{n}", "text": f"comment {n}"} for n in range(50)]
    write_lines(root / "pools" / "news" / "comments.jsonl", pool)
    selected = [dict(pool[int(i[1:])], pool="news", line=int(i[1:]) + 1) for i in ids]
    write_lines(root / "selected.jsonl", selected)
    (root / "ids").mkdir()
    (root / "ids" / "a01.ids").write_text("\n".join(ids) + "\n", encoding="utf-8")
    write_lines(root / "labels" / "s01.A01.jsonl",
                [{"id": i, "label": labels[i], "annotator": "A01", "note": "read"} for i in ids])
    if second:
        (root / "ids" / "a02.ids").write_text("", encoding="utf-8")
        write_lines(root / "labels" / "s02.A02.jsonl",
                    [{"id": i, "label": label, "annotator": "A02", "note": "again"} for i, label in second.items()])
    return [str(root / "selected.jsonl"), str(root / "labels"), str(root / "out"),
            "--first-pass", str(root / "ids"), "--pools", str(root / "pools")]


def run(monkeypatch, argv: list[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["build_real_data.py", *argv])
    build.main()


def test_a_round_extends_an_earlier_data_real_and_keeps_its_judgements(tmp_path, monkeypatch):
    run(monkeypatch, a_round(tmp_path / "r1", ["c0", "c1"], {"c0": "sceptical", "c1": "other"},
                             second={"c0": "sceptical"}))
    earlier = tmp_path / "r1" / "out"
    argv = a_round(tmp_path / "r2", ["c2", "c3"], {"c2": "supportive", "c3": "troll_accusation"})
    run(monkeypatch, [*argv, "--extend", str(earlier)])
    comments = {c.id: c.label for c in read_all([tmp_path / "r2" / "out" / "comments.jsonl"])}
    assert comments == {"c0": "sceptical", "c1": "other", "c2": "supportive", "c3": "troll_accusation"}
    judgements = [json.loads(line) for line in (tmp_path / "r2" / "out" / "annotations.jsonl").open()]
    assert [(j["id"], j["pass"], j["annotator"]) for j in judgements] == [
        ("c0", "1", "A01"), ("c0", "2", "A02"), ("c1", "1", "A01"), ("c2", "1", "A01"), ("c3", "1", "A01")]


def test_a_round_refuses_comments_the_earlier_data_real_already_holds(tmp_path, monkeypatch):
    run(monkeypatch, a_round(tmp_path / "r1", ["c0"], {"c0": "sceptical"}))
    argv = a_round(tmp_path / "r2", ["c0", "c4"], {"c0": "other", "c4": "other"})
    with pytest.raises(SystemExit, match="1 comments are already in"):
        run(monkeypatch, [*argv, "--extend", str(tmp_path / "r1" / "out")])


def test_an_unsettled_disagreement_stops_the_build(tmp_path, monkeypatch):
    argv = a_round(tmp_path, ["c0"], {"c0": "sceptical"}, second={"c0": "supportive"})
    with pytest.raises(SystemExit, match="1 disagreements are not adjudicated"):
        run(monkeypatch, argv)
