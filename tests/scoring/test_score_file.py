import json
import os
import signal
import subprocess
import sys
import time

import pytest

from classifier.errors import InputError
from classifier.io import read_rows
from classifier.predict import StanceClassifier
from tests.conftest import FIXTURES, demo_comments, demo_dumps

LABELS = ["supportive", "sceptical", "troll_accusation", "other"]


def test_predict_api(tiny_model):
    clf = StanceClassifier.load(tiny_model, runtime="torch")
    predictions = clf.predict(["Says the troll.", "Great news"], parents=["How is the weather, Ivan?", None])
    assert clf.predict([]) == [] and clf.score([]) == []
    [alone] = clf.predict("Says the troll.", "How is the weather, Ivan?")  # one comment, not one per character
    assert alone.label == predictions[0].label
    assert all(abs(alone.scores[l] - predictions[0].scores[l]) < 1e-5 for l in LABELS)
    assert len(predictions) == 2 and {p.label for p in predictions} <= set(LABELS)
    assert all(abs(sum(p.scores.values()) - 1) < 1e-5 for p in predictions)
    with pytest.raises(ValueError, match="differ in length"):
        clf.predict(["a", "b"], parents=["x"])


def test_length_sorting_does_not_change_results(tiny_model):
    texts = ["short", "a much longer comment " * 10, "medium length comment here", "x"]
    batched = StanceClassifier.load(tiny_model, runtime="torch", batch_size=2).predict_proba(texts)
    single = StanceClassifier.load(tiny_model, runtime="torch", batch_size=1).predict_proba(texts)
    assert abs(batched - single).max() < 1e-5


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_every_comment_scored_or_rejected(tiny_model, tmp_path, suffix):
    clf = StanceClassifier.load(tiny_model, runtime="torch")
    out = tmp_path / f"scores{suffix}"
    inputs = [FIXTURES / "reddit.json", FIXTURES / "disqus.xml", *demo_dumps()[:2]]
    summary = clf.score_file(inputs, out, chunk_size=50, threshold=0.6, on_error="skip", progress=False)
    rows = [row for _, row in read_rows(out)]
    rejects = [row for _, row in read_rows(tmp_path / "scores.rejects.jsonl")]
    assert summary.read == summary.scored + summary.rejected == len(rows) + len(rejects)
    assert summary.rejected == 3 and len(rows) == summary.scored > 300
    for row in rows:  # the label is the most probable one, or 'uncertain' exactly below the threshold
        probabilities = {label: float(row[f"p_{label}"]) for label in LABELS}
        assert abs(sum(probabilities.values()) - 1) < 1e-4
        assert float(row["confidence"]) == pytest.approx(max(probabilities.values()))
        expected = max(probabilities, key=probabilities.get) if float(row["confidence"]) >= 0.6 else "uncertain"
        assert row["label"] == expected
    assert rows[0]["model"].startswith("tiny-stance@") and rows[0]["thread_id"]
    assert not (tmp_path / "scores.jsonl.parts").exists()


def test_parts_from_another_run_are_refused(tiny_model, tmp_path):
    clf = StanceClassifier.load(tiny_model, runtime="torch")
    out = tmp_path / "scores.jsonl"
    parts = tmp_path / "scores.jsonl.parts"
    parts.mkdir()
    (parts / "manifest.json").write_text(json.dumps({"inputs": [], "model": "other"}))
    with pytest.raises(InputError, match="left by an unfinished run with other settings"):
        clf.score_file([FIXTURES / "disqus.xml"], out, progress=False)


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_output(tiny_model, tmp_path):
    dump = tmp_path / "dump.jsonl"
    comments = demo_comments()
    rows = [json.dumps({"id": f"c{i}", "thread_id": f"t{i // 20}", "text": comments[i % len(comments)].text,
                        "parent_text": comments[i % len(comments)].context}) for i in range(3000)]
    dump.write_text("\n".join(rows[:1500] + ['{"id": "empty", "text": ""}'] + rows[1500:]) + "\n")
    command = [sys.executable, "-m", "classifier", "score", str(tiny_model), str(dump), "--chunk-size", "100",
               "--no-progress", "--batch-size", "8", "--threads", "1", "--on-error", "skip"]
    reference = tmp_path / "reference.jsonl"
    subprocess.run(command + ["-o", str(reference)], check=True, capture_output=True)

    out = tmp_path / "resumed.jsonl"
    process = subprocess.Popen(command + ["-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parts = tmp_path / "resumed.jsonl.parts"
    deadline = time.time() + 120
    while len(list(parts.glob("scores-*.jsonl"))) < 3 and time.time() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list(parts.glob("scores-*.jsonl")))
    assert 3 <= finished < 30 and not out.exists()

    resumed = subprocess.run(command + ["-o", str(out)], check=True, capture_output=True, text=True)
    assert f"resumed after {finished * 100}" in resumed.stdout
    first = [row for _, row in read_rows(reference)]
    second = [row for _, row in read_rows(out)]
    assert [r["id"] for r in second] == [r["id"] for r in first]
    assert len({r["id"] for r in second}) == len(second) == 3000
    assert [r["label"] for r in second] == [r["label"] for r in first]
    rejects = [row for _, row in read_rows(tmp_path / "resumed.rejects.jsonl")]
    assert [(r["id"], r["reason"]) for r in rejects] == [("empty", "empty comment")]
